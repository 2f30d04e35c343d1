package com.kyeol.platform.gitops;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tests' side of {@link com.kyeol.platform.k8s.Kustomize} (the real {@code kubectl kustomize}, kubectl 1.32+ with
 * kustomize v5.5+: a prerequisite of the test command): a render that fails fails the test, and variants of the GitOps
 * tree to render. Each directory is rendered once per test JVM; every test class shares the result.
 */
final class Kustomize {

    /** The one line a test fails with where kubectl is missing: the GitOps tree would otherwise go unchecked. */
    static final String MISSING_KUBECTL = "kubectl is not installed (not on PATH): it is a prerequisite of the test command "
            + "(kubectl 1.32+ with kustomize v5.5+, see the README's prerequisites); the tests render gitops/ with `kubectl kustomize`";

    static final Path GITOPS = Path.of("gitops");

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

    /**
     * The objects {@code kubectl kustomize directory} prints, in its order (rendered once per test JVM by
     * {@link com.kyeol.platform.k8s.Kustomize}); the render fails the test when kubectl does.
     */
    static List<Map<String, Object>> render(Path directory) {
        try {
            return com.kyeol.platform.k8s.Kustomize.render(directory);
        } catch (com.kyeol.platform.k8s.Kustomize.RenderException e) {
            throw failure(e);
        }
    }

    /** Runs {@code kubectl kustomize directory} (no cache): for renders that are expected to fail. */
    static com.kyeol.platform.k8s.Kustomize.Run run(Path directory) {
        try {
            return com.kyeol.platform.k8s.Kustomize.run(directory);
        } catch (com.kyeol.platform.k8s.Kustomize.RenderException e) {
            throw failure(e);
        }
    }

    private static AssertionError failure(com.kyeol.platform.k8s.Kustomize.RenderException e) {
        return new AssertionError(e.kubectlMissing() ? MISSING_KUBECTL : e.getMessage(), e);
    }

    static String name(Map<String, Object> object) {
        return String.valueOf(((Map<?, ?>) object.get("metadata")).get("name"));
    }
}
