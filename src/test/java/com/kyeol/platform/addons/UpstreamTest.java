package com.kyeol.platform.addons;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the shared upstream folder is found, in a plain clone and in a git worktree, and the skip where it is not. */
class UpstreamTest {

    @Test
    void aWorktreeFindsTheFolderNextToItsMainCheckout(@TempDir Path root) throws IOException {
        Path main = Files.createDirectories(root.resolve("main"));
        Path gitDir = Files.createDirectories(main.resolve(".git/worktrees/feature"));
        Files.writeString(gitDir.resolve("commondir"), "../..\n");
        Path worktree = Files.createDirectories(root.resolve("wt/feature"));
        Files.writeString(worktree.resolve(".git"), "gitdir: " + gitDir + "\n");
        assertEquals(Optional.of(main), Upstream.mainCheckout(worktree));
        assertEquals(Optional.empty(), Upstream.mainCheckout(main), "a main checkout has a .git directory, not a file");
    }

    @Test
    void theFirstExistingCandidateWinsAndNoneSkipsNamingEveryPath(@TempDir Path root) throws IOException {
        Path absent = root.resolve("nowhere/shared/upstream");
        Path present = Files.createDirectories(root.resolve("shared/upstream"));
        assertEquals(present, Upstream.require(List.of(absent, present)));
        var skipped = assertThrows(TestAbortedException.class, () -> Upstream.require(List.of(absent, root.resolve("also/absent"))));
        assertTrue(skipped.getMessage().contains(absent.toString()) && skipped.getMessage().contains(root.resolve("also/absent").toString()),
                skipped.getMessage());
    }

    @Test
    void mavenPointsTheTestsAtTheFolderNextToTheRepository() {
        String property = System.getProperty(Upstream.PROPERTY);
        assertTrue(property != null && property.replace('\\', '/').endsWith("/../shared/upstream"), "set by the pom: " + property);
        assertTrue(Upstream.candidates().contains(Path.of(property).toAbsolutePath().normalize()));
    }
}
