package com.kyeol.platform.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The policy pack's own tests ({@code policy/with-node npm run test:built}: node's test runner over the compiled
 * {@code bin/test/*.test.js}), run as one process beside the Java tests: {@link StartPolicyPackTestsEarly} starts it
 * when a test run includes {@code PolicyPackTest}, which waits for it and fails with its failures. Node then uses the
 * core the JVM leaves idle, instead of running before the Java tests.
 */
public final class PolicyPackTests {

    /** Where the whole output goes (the assertion message carries the failures only). */
    public static final Path LOG = Path.of("target", "policy-tests.log");
    private static Process process;

    private PolicyPackTests() {
    }

    /** Starts the run once per JVM (a no-op when it is already running or done). */
    public static synchronized void start() {
        if (process != null) {
            return;
        }
        try {
            Files.createDirectories(LOG.getParent());
            process = new ProcessBuilder("bash", "with-node", "npm", "run", "--silent", "test:built")
                    .directory(Path.of("policy").toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(LOG.toAbsolutePath().toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the policy pack's tests in policy/: " + e.getMessage(), e);
        }
    }

    /** The exit code and output of the run, waiting for it (started here when nobody did). */
    public static Result await(long minutes) throws IOException, InterruptedException {
        start();
        Process p;
        synchronized (PolicyPackTests.class) {
            p = process;
        }
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, "timed out after " + minutes + " minutes\n" + Files.readString(LOG, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(LOG, StandardCharsets.UTF_8));
    }

    public record Result(int exitCode, String output) {
    }
}
