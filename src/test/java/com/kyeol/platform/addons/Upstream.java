package com.kyeol.platform.addons;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The shared folder of upstream files the tests compare the program against (chart {@code values.yaml} defaults, the
 * load balancer controller's IAM policy), kept outside the repository because copies of other projects' files are not
 * committed: {@code ../shared/upstream} next to the repository (its README says where each file comes from).
 *
 * <p>Where it is looked for, first existing folder wins: the environment variable {@value #ENV}; the system property
 * {@value #PROPERTY} (Maven sets it to {@code ${project.basedir}/../shared/upstream}; override with
 * {@code -Dkyeol.upstream=DIR}); {@code <repository>/../shared/upstream}; and for a git worktree, the same next to the
 * repository's main checkout. When none exists (a clone without the shared folder) the tests that need it are skipped
 * with a message naming every path tried.
 */
public final class Upstream {

    public static final String ENV = "KYEOL_UPSTREAM";
    public static final String PROPERTY = "kyeol.upstream";

    private Upstream() {
    }

    /** The candidate folders, in the order they are tried. */
    public static List<Path> candidates() {
        Set<Path> out = new LinkedHashSet<>();
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            out.add(Path.of(env));
        }
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            out.add(Path.of(property));
        }
        Path repo = Path.of("").toAbsolutePath();
        out.add(repo.resolve("../shared/upstream"));
        mainCheckout(repo).ifPresent(main -> out.add(main.resolve("../shared/upstream")));
        return out.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    /** The folder, if one of the candidates exists. */
    public static Optional<Path> folder() {
        return candidates().stream().filter(Files::isDirectory).findFirst();
    }

    /** The folder; skips the calling test (JUnit assumption) when it is absent, naming every path tried. */
    public static Path require() {
        return require(candidates());
    }

    static Path require(List<Path> candidates) {
        Optional<Path> folder = candidates.stream().filter(Files::isDirectory).findFirst();
        Assumptions.assumeTrue(folder.isPresent(), () -> "skipped: the shared upstream folder is absent (tried "
                + candidates.stream().map(Path::toString).collect(Collectors.joining(", "))
                + "); it holds the upstream files this test compares the program against");
        return folder.orElseThrow();
    }

    /**
     * A file of the folder, e.g. {@code charts/argo-cd-10.1.1/values.yaml}: skips when the folder is absent, fails
     * when the folder is there without that file (the comparison must not silently not happen).
     */
    public static Path file(String relative) {
        Path file = require().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("no upstream file " + file + ": ask for it (shared/upstream/README.md lists what is there and where it comes from)");
        }
        return file;
    }

    /**
     * For a git worktree ({@code .git} is a file {@code gitdir: <main>/.git/worktrees/<name>}), the main checkout:
     * the parent of the common git directory named by that directory's {@code commondir}.
     */
    static Optional<Path> mainCheckout(Path repo) {
        Path dotGit = repo.resolve(".git");
        if (!Files.isRegularFile(dotGit)) {
            return Optional.empty();
        }
        try {
            String line = Files.readString(dotGit).strip();
            if (!line.startsWith("gitdir:")) {
                return Optional.empty();
            }
            Path gitDir = repo.resolve(line.substring("gitdir:".length()).strip()).normalize();
            Path commondir = gitDir.resolve("commondir");
            Path common = Files.isRegularFile(commondir)
                    ? gitDir.resolve(Files.readString(commondir).strip()).normalize()
                    : gitDir.getParent() == null ? null : gitDir.getParent().getParent();
            return common == null || common.getParent() == null ? Optional.empty() : Optional.of(common.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file of the folder, relative paths in a stable order. */
    public static List<Path> files(Path folder) {
        try (var walk = Files.walk(folder)) {
            List<Path> out = new ArrayList<>(walk.filter(Files::isRegularFile).map(folder::relativize).sorted().toList());
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
