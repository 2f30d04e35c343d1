package com.kyeol.platform.cost;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The objects a Kustomize directory renders to, through the real tool ({@code kubectl kustomize DIR}, what ArgoCD
 * runs), once per directory and process.
 */
final class Kustomize {

    /** The directory could not be rendered (kubectl missing, a broken kustomization): why, in one line. */
    static final class RenderException extends Exception {
        RenderException(String message) {
            super(message);
        }
    }

    private static final Map<Path, List<Map<String, Object>>> CACHE = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    static List<Map<String, Object>> render(Path dir) throws RenderException {
        Path key = dir.toAbsolutePath().normalize();
        List<Map<String, Object>> cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        List<Map<String, Object>> objects = run(key);
        CACHE.put(key, objects);
        return objects;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> run(Path dir) throws RenderException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new RenderException("kubectl is not installed (`kubectl kustomize` renders the GitOps tree)");
        }
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new RenderException("kubectl kustomize " + dir + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new RenderException("kubectl kustomize " + dir + " failed: " + err.strip().lines().findFirst().orElse(""));
            }
            List<Map<String, Object>> objects = new ArrayList<>();
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(out)) {
                if (doc instanceof Map<?, ?> map) {
                    objects.add((Map<String, Object>) map);
                }
            }
            return List.copyOf(objects);
        } catch (IOException e) {
            throw new RenderException("kubectl kustomize " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderException("interrupted while rendering " + dir);
        }
    }
}
