package com.kyeol.platform.k8s;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The objects a Kustomize directory renders to, through the real tool ({@code kubectl kustomize DIR}, what ArgoCD
 * runs): the cost estimate's Ingresses and the tests' GitOps checks both render through here, once per directory and
 * process.
 */
public final class Kustomize {

    /** The directory could not be rendered (kubectl missing, a broken kustomization): why, in one line. */
    public static final class RenderException extends Exception {
        private final boolean kubectlMissing;

        public RenderException(String message) {
            this(message, false);
        }

        RenderException(String message, boolean kubectlMissing) {
            super(message);
            this.kubectlMissing = kubectlMissing;
        }

        /** True when kubectl itself could not be started (not on PATH). */
        public boolean kubectlMissing() {
            return kubectlMissing;
        }
    }

    /** What one {@code kubectl kustomize} run printed. */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    private static final Map<Path, List<Map<String, Object>>> CACHE = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The objects {@code dir} renders to, in kubectl's order; rendered once per process. */
    public static List<Map<String, Object>> render(Path dir) throws RenderException {
        Path key = dir.toAbsolutePath().normalize();
        List<Map<String, Object>> cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        Run run = run(key);
        if (run.exitCode() != 0) {
            throw new RenderException("kubectl kustomize " + key + " failed: " + run.stderr().strip().lines().findFirst().orElse(""));
        }
        List<Map<String, Object>> objects = parse(run.stdout());
        CACHE.put(key, objects);
        return objects;
    }

    /** Runs {@code kubectl kustomize dir} (no cache): its exit code and output, also when it fails. */
    public static Run run(Path dir) throws RenderException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
        } catch (IOException e) {
            throw new RenderException("kubectl is not installed (`kubectl kustomize` renders the GitOps tree)", true);
        }
        try {
            process.getOutputStream().close();
            // stderr is read beside stdout: a full stderr pipe would otherwise stall kubectl.
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new RenderException("kubectl kustomize " + dir + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), out, err.join());
        } catch (IOException | UncheckedIOException e) {
            throw new RenderException("kubectl kustomize " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderException("interrupted while rendering " + dir);
        }
    }

    /** The objects of a multi-document YAML stream (kubectl kustomize's output). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (doc instanceof Map<?, ?> map) {
                objects.add((Map<String, Object>) map);
            }
        }
        return List.copyOf(objects);
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
