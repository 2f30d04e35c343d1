package com.kyeol.platform.gitops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/argocd-password-hash with a stand-in htpasswd: the password goes in on stdin, only a bcrypt hash comes out. */
class ArgoCdPasswordHashScriptTest {

    private static final String PASSWORD = "correct-horse-battery";
    private static final String HASH = "$2y$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234";

    private record Run(int code, String out, String err) {
    }

    private static Run run(Path bin, String stdin) throws Exception {
        var process = new ProcessBuilder("bash", Path.of("bin/argocd-password-hash").toAbsolutePath().toString());
        process.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = process.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Path fakeHtpasswd(Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tool = bin.resolve("htpasswd");
        // Records its arguments and stdin, answers like `htpasswd -niBC 10 ""` does.
        Files.writeString(tool, "#!/bin/bash\necho \"$*\" > " + dir.resolve("args") + "\ncat > " + dir.resolve("stdin")
                + "\nprintf ':%s\\n' '" + HASH + "'\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void printsABcryptHashTheHubAcceptsAndNeverThePassword(@TempDir Path dir) throws Exception {
        Path bin = fakeHtpasswd(dir);
        Run r = run(bin, PASSWORD + "\n");
        assertEquals(0, r.code(), r.err());
        assertEquals("$2a$" + HASH.substring(4) + "\n", r.out());
        assertTrue(r.out().trim().matches("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}"), "the format the settings loader checks");
        assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD));
        assertFalse(Files.readString(dir.resolve("args")).contains(PASSWORD), "never on a command line");
        assertEquals(PASSWORD + "\n", Files.readString(dir.resolve("stdin")));
    }

    @Test
    void refusesShortPasswordsAndSaysWhatToInstall(@TempDir Path dir) throws Exception {
        Run shortOne = run(fakeHtpasswd(dir), "short\n");
        assertEquals(2, shortOne.code());
        assertTrue(shortOne.err().contains("12 characters or more"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Run none = run(empty, PASSWORD + "\n");
        if (List.of("argocd", "htpasswd").stream().noneMatch(t -> Files.isExecutable(Path.of("/usr/bin", t)))) {
            assertEquals(1, none.code(), none.err());
            assertTrue(none.err().contains("htpasswd"), none.err());
        }
    }
}
