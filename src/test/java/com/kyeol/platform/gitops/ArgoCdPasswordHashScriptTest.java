package com.kyeol.platform.gitops;

import com.kyeol.platform.config.InvalidSettingsException;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.support.TestStacks;
import com.kyeol.platform.tools.ArgoCdPasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/argocd-password-hash run for real, on the JVM and the classpath of the tests (no htpasswd, no Python, no argocd
 * CLI on its PATH): the password goes in on stdin, only a bcrypt hash ArgoCD and the settings loader accept comes out.
 */
class ArgoCdPasswordHashScriptTest {

    private static final String PASSWORD = "correct-horse-battery";

    private record Run(int code, String out, String err, String javaArguments) {
    }

    /** The script with a PATH of bash's basics and a `java` that records its arguments, then runs the real one. */
    private static Run run(Path dir, String stdin, String... args) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path javaShim = bin.resolve("java");
        Files.writeString(javaShim, "#!/bin/bash\necho \"$*\" >> " + dir.resolve("java-args") + "\nexec "
                + Path.of(System.getProperty("java.home"), "bin", "java") + " \"$@\"\n");
        Files.setPosixFilePermissions(javaShim, PosixFilePermissions.fromString("rwxr-xr-x"));
        var command = new java.util.ArrayList<>(java.util.List.of("bash", Path.of("bin/argocd-password-hash").toAbsolutePath().toString()));
        command.addAll(java.util.List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        builder.environment().put("KYEOL_CLASSPATH", System.getProperty("java.class.path"));
        Process p = builder.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Path log = dir.resolve("java-args");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8), Files.exists(log) ? Files.readString(log) : "");
    }

    @Test
    void printsABcryptHashArgoCdAndTheHubAcceptAndNeverThePassword(@TempDir Path dir) throws Exception {
        Run r = run(dir, PASSWORD + "\n");
        assertEquals(0, r.code(), r.err());
        String hash = r.out().strip();
        assertTrue(hash.matches("\\$2a\\$10\\$[./A-Za-z0-9]{53}"), "what `argocd account bcrypt` prints: " + hash);
        assertTrue(ArgoCdPasswordHash.verify(PASSWORD, hash));
        assertFalse(ArgoCdPasswordHash.verify(PASSWORD + "x", hash));
        assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD));
        assertFalse(r.javaArguments().isEmpty(), "ran on the JVM");
        assertFalse(r.javaArguments().contains(PASSWORD), "never on a command line");
        // The hub's settings take it as the encrypted admin password (in a real run: the one-time setup's values in place
        // of the stack file's placeholders).
        var real = com.kyeol.platform.support.TestSecrets.bootstrapped(TestStacks.rawConfig("mgmt"));
        var mgmt = TestStacks.withSecret(real, "kyeol-platform:argocdAdminPasswordBcrypt", hash);
        assertTrue(SettingsLoader.load(mgmt, TestStacks.project().siblingsOf("mgmt")).hub().isPresent());
        var truncated = TestStacks.withSecret(real, "kyeol-platform:argocdAdminPasswordBcrypt",
                hash.substring(0, hash.length() - 1));
        assertThrows(InvalidSettingsException.class, () -> SettingsLoader.load(truncated, TestStacks.project().siblingsOf("mgmt")));
    }

    @Test
    void aSaltedHashEveryTime(@TempDir Path dir) {
        String a = ArgoCdPasswordHash.hash(PASSWORD.getBytes(StandardCharsets.UTF_8));
        String b = ArgoCdPasswordHash.hash(PASSWORD.getBytes(StandardCharsets.UTF_8));
        assertFalse(a.equals(b), "a random salt per hash");
        assertTrue(ArgoCdPasswordHash.verify(PASSWORD, a) && ArgoCdPasswordHash.verify(PASSWORD, b));
    }

    /** OpenBSD's own bcrypt test vectors: the library reads hashes other implementations made (Go's among them). */
    @Test
    void agreesWithOtherBcryptImplementations() {
        assertTrue(ArgoCdPasswordHash.verify("", "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s."));
        assertTrue(ArgoCdPasswordHash.verify("abc", "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"));
        assertFalse(ArgoCdPasswordHash.verify("abd", "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"));
    }

    @Test
    void refusesShortAndOverlongPasswordsAndArguments(@TempDir Path dir) throws Exception {
        Run shortOne = run(dir, "short\n");
        assertEquals(2, shortOne.code());
        assertEquals("bin/argocd-password-hash: use 12 characters or more\n", shortOne.err());
        assertEquals("", shortOne.out());
        var err = new ByteArrayOutputStream();
        assertEquals(2, ArgoCdPasswordHash.run("x".repeat(73), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("at most 72 bytes"));
        Run argument = run(dir, "", PASSWORD);
        assertEquals(2, argument.code());
        assertTrue(argument.err().contains("takes no arguments"), argument.err());
        Run help = run(dir, "", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("pulumi config set --secret kyeol-platform:argocdAdminPasswordBcrypt"), help.out());
    }
}
