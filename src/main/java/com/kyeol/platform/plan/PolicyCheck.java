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
 * Runs the CrossGuard pack over an offline plan through {@code policy/check-plan --json} (the same
 * policies {@code pulumi preview --policy-pack policy} enforces) and attaches its findings to the plan. The pack's
 * configuration is derived by the checker from the plan's {@code tier} output and its stack name.
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

    public Plan check(Plan plan) {
        String unavailable = unavailableReason();
        if (unavailable != null) {
            return plan.withPolicyResult(List.of(), unavailable);
        }
        Path json = null;
        try {
            json = Files.createTempFile("kyeol-plan-" + plan.stack() + "-", ".json");
            Files.writeString(json, PlanPrinter.json(plan), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder("bash", script.toString(), json.toString(), "--json")
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new PlanRunner.PlanFailedException("policy/check-plan did not finish within 120 s", null);
            }
            int code = process.exitValue();
            if (code == 2) {
                throw new InvalidSettingsException(List.of(err.strip()));
            }
            if (code != 0 && code != 3) {
                throw new PlanRunner.PlanFailedException("policy/check-plan exited " + code + ": " + err.strip(), null);
            }
            Findings findings = new Gson().fromJson(out, Findings.class);
            List<Plan.Violation> violations = findings == null || findings.violations == null ? List.of() : findings.violations;
            long mandatory = violations.stream().filter(Plan.Violation::mandatory).count();
            String verdict = mandatory > 0 ? FAILED.replace("N", String.valueOf(mandatory))
                    : violations.isEmpty() ? PASSED : PASSED_WITH_ADVISORIES.replace("N", String.valueOf(violations.size()));
            return plan.withPolicyResult(violations, verdict);
        } catch (IOException | JsonSyntaxException e) {
            throw new PlanRunner.PlanFailedException("policy/check-plan could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanRunner.PlanFailedException("interrupted while checking policies", e);
        } finally {
            if (json != null) {
                try {
                    Files.deleteIfExists(json);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    private static final class Findings {
        List<Plan.Violation> violations;
    }
}
