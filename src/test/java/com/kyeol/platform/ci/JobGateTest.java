package com.kyeol.platform.ci;

import com.kyeol.platform.support.TestPlans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.PlanAssertions.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The runners' job gates as the hub's plan deploys them (the ConfigMap's script), run with bash against the variables
 * and event payloads GitHub gives a job: what each scale set accepts, and everything it must refuse, by name.
 */
class JobGateTest {

    private static final String REPO = "kyeol/kyeol-platform";
    @TempDir
    static Path dir;
    private static Path preview;
    private static Path deploy;

    @BeforeAll
    static void scriptsFromThePlan() throws IOException {
        preview = dir.resolve("preview.sh");
        deploy = dir.resolve("deploy.sh");
        Files.writeString(preview, script(RunnerScaleSets.PREVIEW));
        Files.writeString(deploy, script(RunnerScaleSets.DEPLOY));
    }

    private static String script(String set) {
        var configMap = named(TestPlans.of("mgmt"), "kubernetes:core/v1:ConfigMap", "mgmt-" + set + "-job-gate");
        return (String) map(configMap.inputs().get("data")).get(JobGate.FILE);
    }

    /** Runs a gate like the runner does ({@code bash -e <file>}) with only GitHub's variables; the exit code and output. */
    private static Map.Entry<Integer, String> run(Path script, String event, String workflow, String ref, String headRepository)
            throws Exception {
        assumeTrue(new ProcessBuilder("jq", "--version").start().waitFor(10, TimeUnit.SECONDS),
                "skipped: jq is not installed here (the runner image has it; GitHub's ubuntu runners have it)");
        Path payload = dir.resolve("event-" + System.nanoTime() + ".json");
        Files.writeString(payload, headRepository == null ? "{}"
                : "{\"pull_request\": {\"head\": {\"repo\": {\"full_name\": \"" + headRepository + "\"}}}}");
        var pb = new ProcessBuilder("bash", "-e", script.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path);
        env.put("GITHUB_REPOSITORY", REPO);
        env.put("GITHUB_EVENT_NAME", event);
        env.put("GITHUB_EVENT_PATH", payload.toString());
        env.put("GITHUB_WORKFLOW_REF", REPO + "/.github/workflows/" + workflow);
        env.put("GITHUB_REF", ref);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return Map.entry(p.exitValue(), out);
    }

    private static void accepts(Path script, String event, String workflow, String ref, String head) throws Exception {
        var result = run(script, event, workflow, ref, head);
        assertEquals(0, result.getKey(), result.getValue());
    }

    private static void refuses(Path script, String why, String event, String workflow, String ref, String head) throws Exception {
        var result = run(script, event, workflow, ref, head);
        assertTrue(result.getKey() != 0, "accepted: " + result.getValue());
        assertTrue(result.getValue().contains("::error::") && result.getValue().contains(why), result.getValue());
    }

    @Test
    void previewRunnersTakeTheRepositorysOwnPullRequestsAndTheDriftCheck() throws Exception {
        accepts(preview, "pull_request", "pull-request.yml@refs/pull/7/merge", "refs/pull/7/merge", REPO);
        accepts(preview, "schedule", "drift.yml@refs/heads/main", "refs/heads/main", null);
        accepts(preview, "workflow_dispatch", "drift.yml@refs/heads/main", "refs/heads/main", null);
    }

    @Test
    void previewRunnersRefuseForksOtherWorkflowsAndOtherEvents() throws Exception {
        refuses(preview, "a pull request from someone/kyeol-platform", "pull_request", "pull-request.yml@refs/pull/7/merge",
                "refs/pull/7/merge", "someone/kyeol-platform");
        refuses(preview, "a pull request from an unknown repository", "pull_request", "pull-request.yml@refs/pull/7/merge",
                "refs/pull/7/merge", null);
        refuses(preview, "event pull_request_target", "pull_request_target", "pull-request.yml@refs/heads/main", "refs/heads/main", REPO);
        refuses(preview, "workflow " + REPO + "/.github/workflows/deploy.yml", "push", "deploy.yml@refs/heads/main", "refs/heads/main", null);
        refuses(preview, "workflow " + REPO + "/.github/workflows/mine.yml", "pull_request", "mine.yml@refs/pull/7/merge",
                "refs/pull/7/merge", REPO);
        refuses(preview, "event push", "push", "drift.yml@refs/heads/main", "refs/heads/main", null);
    }

    @Test
    void deployRunnersTakeOnlyTheDeployWorkflowOfTheDeployBranch() throws Exception {
        accepts(deploy, "push", "deploy.yml@refs/heads/main", "refs/heads/main", null);
        accepts(deploy, "workflow_dispatch", "deploy.yml@refs/heads/main", "refs/heads/main", null);
        refuses(deploy, "ref refs/heads/feature", "workflow_dispatch", "deploy.yml@refs/heads/feature", "refs/heads/feature", null);
        refuses(deploy, "ref refs/heads/main of " + REPO + "/.github/workflows/deploy.yml@refs/heads/feature", "push",
                "deploy.yml@refs/heads/feature", "refs/heads/main", null);
        refuses(deploy, "workflow " + REPO + "/.github/workflows/pull-request.yml", "pull_request",
                "pull-request.yml@refs/pull/7/merge", "refs/pull/7/merge", REPO);
        refuses(deploy, "event pull_request", "pull_request", "deploy.yml@refs/heads/main", "refs/heads/main", REPO);
        refuses(deploy, "event schedule", "schedule", "deploy.yml@refs/heads/main", "refs/heads/main", null);
    }

    @Test
    void anotherRepositorysJobIsRefused() throws Exception {
        Path other = dir.resolve("other.sh");
        Files.writeString(other, new JobGate("x", "someone/else", List.of("deploy.yml"), List.of("push"), Optional.empty()).script());
        refuses(other, "repository " + REPO, "push", "deploy.yml@refs/heads/main", "refs/heads/main", null);
    }

    @Test
    void aGateCannotAdmitPullRequestTargetOrUnquotableNames() {
        assertThrows(IllegalArgumentException.class,
                () -> new JobGate("x", REPO, List.of("a.yml"), List.of("pull_request_target"), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new JobGate("x", "kyeol/$(reboot)", List.of("a.yml"), List.of("push"), Optional.empty()).script());
    }

    @Test
    void theRunnersRunTheGateOfTheirOwnScaleSet() {
        for (String set : List.of(RunnerScaleSets.PREVIEW, RunnerScaleSets.DEPLOY)) {
            var release = named(TestPlans.of("mgmt"), "kubernetes:helm.sh/v3:Release", "mgmt-" + set);
            Map<String, Object> spec = map(map(map(release.inputs().get("values")).get("template")).get("spec"));
            Map<String, Object> runner = map(list(spec.get("containers")).get(0));
            Map<String, Object> env = new HashMap<>();
            list(runner.get("env")).forEach(e -> env.put((String) map(e).get("name"), map(e).get("value")));
            assertEquals(JobGate.DIRECTORY + "/" + JobGate.FILE, env.get(JobGate.HOOK_VARIABLE), set);
            Map<String, Object> mount = map(list(runner.get("volumeMounts")).get(0));
            assertEquals(JobGate.DIRECTORY, mount.get("mountPath"));
            assertEquals(true, mount.get("readOnly"), "a job cannot rewrite the gate of the next one either");
            Map<String, Object> volume = map(list(spec.get("volumes")).get(0));
            assertEquals(mount.get("name"), volume.get("name"));
            var configMap = named(TestPlans.of("mgmt"), "kubernetes:core/v1:ConfigMap", "mgmt-" + set + "-job-gate");
            assertEquals(map(volume.get("configMap")).get("name"), map(configMap.inputs().get("metadata")).get("name"));
            assertEquals(release.inputs().get("namespace"), map(configMap.inputs().get("metadata")).get("namespace"));
            assertTrue(release.dependsOn().contains(configMap.urn()));
            assertTrue(script(set).contains("Job gate of the " + set + " runners"));
        }
    }
}
