package com.kyeol.platform.gitops;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a Kustomize directory with the real tool, {@code kubectl kustomize} (kubectl 1.32+, kustomize v5.5+: a
 * prerequisite of the test command), exactly what ArgoCD's Kustomize renders before it applies. Each directory is
 * rendered once per test JVM; every test class shares the result.
 */
final class Kustomize {

    /** The one line a test fails with where kubectl is missing: the GitOps tree would otherwise go unchecked. */
    static final String MISSING_KUBECTL = "kubectl is not installed (not on PATH): it is a prerequisite of the test command "
            + "(kubectl 1.32+ with kustomize v5.5+, see the README's prerequisites); the tests render gitops/ with `kubectl kustomize`";

    static final Path GITOPS = Path.of("gitops");

    private static final Map<Path, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /**
     * A copy of {@code gitops/} under {@code temp} with an extra overlay {@code variants/<name>} on top of
     * {@code overlays/<stack>} (Kustomize refuses bases given by absolute path); returns the variant's directory.
     */
    static Path variant(Path temp, String stack, String name, String... kustomizationLines) {
        Path copy = temp.resolve("gitops");
        try {
            if (!Files.isDirectory(copy)) {
                try (var files = Files.walk(GITOPS)) {
                    for (Path from : files.toList()) {
                        Path to = copy.resolve(GITOPS.relativize(from).toString());
                        if (Files.isDirectory(from)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(from, to);
                        }
                    }
                }
            }
            Path dir = Files.createDirectories(copy.resolve("variants").resolve(name));
            List<String> lines = new ArrayList<>(List.of("resources:", "  - ../../overlays/" + stack));
            lines.addAll(List.of(kustomizationLines));
            Files.writeString(dir.resolve("kustomization.yaml"), String.join("\n", lines) + "\n");
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What one {@code kubectl kustomize} run printed. */
    record Run(int exitCode, String stdout, String stderr) {
    }

    /** The objects {@code kubectl kustomize directory} prints, in its order; the render fails the test when kubectl does. */
    static List<Map<String, Object>> render(Path directory) {
        return RENDERED.computeIfAbsent(directory.toAbsolutePath().normalize(), dir -> {
            Run run = run(dir);
            if (run.exitCode() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + run.exitCode() + "): " + run.stderr().strip());
            }
            return List.copyOf(parse(run.stdout()));
        });
    }

    /** Runs {@code kubectl kustomize directory} (no cache): for renders that are expected to fail. */
    static Run run(Path directory) {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", directory.toString()).start();
        } catch (IOException e) {
            throw new AssertionError(MISSING_KUBECTL, e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + directory + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new AssertionError("kubectl kustomize " + directory + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running kubectl kustomize " + directory, e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (doc != null) {
                objects.add((Map<String, Object>) doc);
            }
        }
        return objects;
    }

    static String name(Map<String, Object> object) {
        return String.valueOf(((Map<?, ?>) object.get("metadata")).get("name"));
    }
}
