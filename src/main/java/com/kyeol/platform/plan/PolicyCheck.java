package com.kyeol.platform.plan;

import com.google.gson.Gson;
import com.google.gson.JsonSyntaxException;
import com.kyeol.platform.config.InvalidSettingsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CrossGuard pack over offline plans through {@code policy/check-plan --json} (the same
 * policies {@code pulumi preview --policy-pack policy} enforces) and attaches its findings to each plan. The pack's
 * configuration is derived by the checker from each plan's {@code tier} output and its stack name.
 */
public final class PolicyCheck {

    /** Every verdict a plan's {@code policyCheck} can hold (N stands for a count); docs/offline-plan.md lists them. */
    public static final String PASSED = "passed";
    public static final String PASSED_WITH_ADVISORIES = "passed with N advisory finding(s)";
    public static final String FAILED = "failed: N mandatory violation(s)";
    public static final String SKIPPED_BY_OPTION = "skipped: --no-policy";
    public static final String NOT_INSTALLED = "skipped: the policy pack is not installed (run `policy/with-node npm ci` in policy/)";
    public static final String NO_CHECKER = "skipped: <path>/policy/check-plan does not exist";
    public static final List<String> VERDICTS = List.of(PASSED, PASSED_WITH_ADVISORIES, FAILED, SKIPPED_BY_OPTION, NOT_INSTALLED,
            NO_CHECKER, PlanRunner.NOT_RUN);

    private final Path script;

    public PolicyCheck(Path projectDir) {
        this.script = projectDir.resolve("policy").resolve("check-plan");
    }

    /** Why the check cannot run here, or null when it can. */
    public String unavailableReason() {
        Path policy = script.getParent();
        if (!Files.isRegularFile(script)) {
            return NO_CHECKER.replace("<path>/policy/check-plan", script.toString());
        }
        if (!Files.isDirectory(policy.resolve("node_modules")) && !Files.isDirectory(policy.resolve("bin"))) {
            return NOT_INSTALLED;
        }
        return null;
    }

    /** One plan checked now (the tests' way); bin/plan uses {@link #start()} to overlap the checker's start with planning. */
    public Plan check(Plan plan) {
        return start().check(List.of(plan)).get(0);
    }

    /**
     * Starts {@code policy/check-plan - --json} now, so that Node loads the pack while the JVM plans; {@link Session#check}
     * then hands it every plan at once (an array) and reads the findings of each. Close the session if no check follows.
     */
    public Session start() {
        String unavailable = unavailableReason();
        if (unavailable != null) {
            return new Session(null, unavailable);
        }
        try {
            Process process = new ProcessBuilder("bash", script.toString(), "-", "--json").start();
            return new Session(process, null);
        } catch (IOException e) {
            throw new PlanRunner.PlanFailedException("policy/check-plan could not be run: " + e.getMessage(), e);
        }
    }

    /** A started checker, waiting for the plans on its standard input. */
    public static final class Session implements AutoCloseable {

        private final Process process;
        private final String unavailable;

        private Session(Process process, String unavailable) {
            this.process = process;
            this.unavailable = unavailable;
        }

        /** {@code plans} with their findings and verdicts, in the same order. */
        public List<Plan> check(List<Plan> plans) {
            if (process == null) {
                return plans.stream().map(p -> p.withPolicyResult(List.of(), unavailable)).toList();
            }
            try {
                // A reader for stderr, so that a chatty build of the checker can never block it.
                var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
                try (var in = process.getOutputStream()) {
                    in.write(PlanPrinter.json(plans).getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the checker exited early; its exit code and stderr say why
                }
                String out = read(process.getInputStream());
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new PlanRunner.PlanFailedException("policy/check-plan did not finish within 120 s", null);
                }
                String err = stderr.join();
                int code = process.exitValue();
                if (code == 2) {
                    throw new InvalidSettingsException(List.of(err.strip()));
                }
                if (code != 0 && code != 3) {
                    throw new PlanRunner.PlanFailedException("policy/check-plan exited " + code + ": " + err.strip(), null);
                }
                Findings[] findings = new Gson().fromJson(out, Findings[].class);
                if (findings == null || findings.length != plans.size()) {
                    throw new PlanRunner.PlanFailedException("policy/check-plan answered for " + (findings == null ? 0 : findings.length)
                            + " plans, not " + plans.size(), null);
                }
                List<Plan> checked = new java.util.ArrayList<>();
                for (int i = 0; i < plans.size(); i++) {
                    checked.add(withFindings(plans.get(i), findings[i]));
                }
                return checked;
            } catch (JsonSyntaxException e) {
                throw new PlanRunner.PlanFailedException("policy/check-plan printed no findings: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlanRunner.PlanFailedException("interrupted while checking policies", e);
            }
        }

        private static Plan withFindings(Plan plan, Findings findings) {
            if (!plan.stack().equals(findings.stack)) {
                throw new PlanRunner.PlanFailedException("policy/check-plan answered for stack " + findings.stack + " in the place of "
                        + plan.stack(), null);
            }
            List<Plan.Violation> violations = findings.violations == null ? List.of() : findings.violations;
            long mandatory = violations.stream().filter(Plan.Violation::mandatory).count();
            String verdict = mandatory > 0 ? FAILED.replace("N", String.valueOf(mandatory))
                    : violations.isEmpty() ? PASSED : PASSED_WITH_ADVISORIES.replace("N", String.valueOf(violations.size()));
            return plan.withPolicyResult(violations, verdict);
        }

        private static String read(java.io.InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        /** Stops a checker that got no plans (planning failed). */
        @Override
        public void close() {
            if (process != null && process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
            }
        }
    }

    private static final class Findings {
        String stack;
        List<Plan.Violation> violations;
    }
}
