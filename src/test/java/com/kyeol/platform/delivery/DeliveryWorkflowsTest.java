package com.kyeol.platform.delivery;

import com.kyeol.platform.ci.GithubActionsComponent;
import com.kyeol.platform.ci.RunnerScaleSets;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.delivery.Workflows.Workflow;
import com.kyeol.platform.support.TestStacks;
import com.kyeol.platform.tools.StackList;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.kyeol.platform.delivery.Workflows.action;
import static com.kyeol.platform.delivery.Workflows.calledWorkflow;
import static com.kyeol.platform.delivery.Workflows.named;
import static com.kyeol.platform.delivery.Workflows.steps;
import static com.kyeol.platform.delivery.Workflows.stepsUsing;
import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.YamlFiles.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The delivery workflows: every stack file is previewed on pull requests, deployed in promotion order from
 * main and checked for drift every night; the Pulumi runs use the policy pack with the stack's derived
 * configuration; the storefront image is built per environment with that environment's hostname. The
 * matrices come from {@code bin/stacks} at run time (stacks.yml), so a new {@code Pulumi.<stack>.yaml} needs no
 * workflow edit: these tests check that each matrix is that list, and that the list is every stack file.
 */
class DeliveryWorkflowsTest {

    private static final String STACK_WORKFLOW = "pulumi-stack.yml";

    private static Set<String> stackFiles() {
        return new TreeSet<>(TestStacks.stacks());
    }

    /** The outputs bin/stacks --github-output gives the workflows for this repository's stack files. */
    private static Map<String, String> stackOutputs() {
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        for (String line : StackList.githubOutputs(StackList.entries(TestStacks.project()))) {
            outputs.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        return outputs;
    }

    private static List<String> names(String json) {
        return list(new com.google.gson.Gson().fromJson(json, List.class)).stream().map(String::valueOf).toList();
    }

    /** The job's needs as a list. */
    private static List<String> needsOf(Map<String, Object> job) {
        Object needs = job.get("needs");
        return needs == null ? List.of() : needs instanceof String n ? List.of(n) : list(needs).stream().map(String::valueOf).toList();
    }

    /** The job gets its matrix from the stacks job's {@code output} (stacks.yml, which runs bin/stacks). */
    private static void assertMatrixFromStacks(Workflow wf, Map<String, Object> job, String key, String output) {
        assertEquals("${{ fromJSON(needs.stacks.outputs." + output + ") }}", at(job, "strategy.matrix." + key), wf.file());
        assertTrue(needsOf(job).contains("stacks"), wf.file() + " needs the stacks job");
        assertEquals("stacks.yml", calledWorkflow(wf.job("stacks")), wf.file());
    }

    @Test
    void theStacksWorkflowListsEveryStackFileFromBinStacks() {
        Workflow stacks = named("stacks.yml");
        assertTrue(stacks.reusableOnly());
        Map<String, Object> job = stacks.job("list");
        List<String> runs = steps(job).stream().map(st -> String.valueOf(st.get("run"))).toList();
        assertTrue(runs.contains("bin/stacks --github-output | tee -a \"$GITHUB_OUTPUT\""), runs::toString);
        assertTrue(runs.stream().anyMatch(r -> r.startsWith("mvn -B") && r.contains("package")), "bin/stacks needs the jar");
        Map<String, String> outputs = stackOutputs();
        for (String name : outputs.keySet()) {
            assertEquals("${{ jobs.list.outputs." + name + " }}", at(stacks.trigger("workflow_call"), "outputs." + name + ".value"));
            assertEquals("${{ steps.list.outputs." + name + " }}", map(job.get("outputs")).get(name));
        }
        assertEquals(stackFiles(), new TreeSet<>(names(outputs.get("stacks"))), "bin/stacks lists every Pulumi.<stack>.yaml");
    }

    // ---- pull requests ----

    @Test
    void pullRequestsRunTheTestsAndOfflinePlansFirst() {
        Workflow pr = named("pull-request.yml");
        assertTrue(pr.triggers().contains("pull_request"));
        assertEquals("verify.yml", calledWorkflow(pr.job("verify")));
        assertTrue(needsOf(pr.job("preview")).contains("verify"));
    }

    @Test
    void everyStackFileIsPreviewedOnPullRequestsAndCommented() {
        Workflow pr = named("pull-request.yml");
        Map<String, Object> preview = pr.job("preview");
        assertMatrixFromStacks(pr, preview, "stack", "stacks");
        assertEquals(STACK_WORKFLOW, calledWorkflow(preview));
        Map<String, Object> with = map(preview.get("with"));
        assertEquals("${{ matrix.stack }}", with.get("stack"));
        assertEquals("preview", with.get("command"));
        assertEquals(true, with.get("comment-on-pr"));
        assertEquals(false, at(preview, "strategy.fail-fast"), "one stack's failure must not hide the others' previews");
    }

    @Test
    void verifyRunsTheReadmeTestCommandWithJava17AndTheEnginesNodeAndPublishesThePlans() throws Exception {
        Map<String, Object> job = named("verify.yml").job("verify");
        assertEquals("17", at(stepsUsing(job, "actions/setup-java").get(0), "with.java-version"));
        assertEquals(String.valueOf(ToolchainTest.requiredNodeMajor()), at(stepsUsing(job, "actions/setup-node").get(0), "with.node-version"));
        List<String> runs = steps(job).stream().map(s -> String.valueOf(s.get("run"))).toList();
        assertTrue(Files.readString(Path.of("README.md")).contains("mvn -B verify"), "the README's test command");
        assertTrue(runs.stream().anyMatch(r -> r.startsWith("mvn -B") && r.contains(" verify")), runs::toString);
        String plan = runs.stream().filter(r -> r.contains("bin/plan all --out plans")).findFirst()
                .orElseThrow(() -> new AssertionError("no bin/plan all --out plans in " + runs));
        assertTrue(plan.contains("$GITHUB_STEP_SUMMARY"), "the readable summary goes to the run page");
        assertEquals("plans/", at(stepsUsing(job, "actions/upload-artifact").get(0), "with.path"));
    }

    // ---- the one Pulumi job every workflow calls ----

    @Test
    void thePulumiJobBuildsTheJarAssumesARoleAndRunsWithThePolicyPack() {
        Workflow stack = named(STACK_WORKFLOW);
        assertTrue(stack.reusableOnly());
        Map<String, Object> job = stack.job("pulumi");
        assertEquals("${{ inputs.environment }}", job.get("environment"));
        List<Map<String, Object>> steps = steps(job);
        int build = indexOf(steps, s -> "mvn -B -ntp -DskipTests package".equals(s.get("run")));
        int policyInstall = indexOf(steps, s -> String.valueOf(s.get("run")).startsWith("npm ci --prefix policy"));
        int credentials = indexOf(steps, s -> action(s).equals(Workflows.AWS_CREDENTIALS));
        int pulumi = indexOf(steps, s -> action(s).equals(Workflows.PULUMI));
        assertTrue(build >= 0 && policyInstall >= 0 && credentials >= 0 && build < pulumi && policyInstall < pulumi
                && credentials < pulumi, "build, policy pack and credentials before pulumi: " + steps);

        Map<String, Object> aws = map(steps.get(credentials).get("with"));
        assertTrue(String.valueOf(aws.get("role-to-assume")).contains("vars.AWS_"), "the role comes from a repository variable");
        assertFalse(aws.containsKey("aws-access-key-id") || aws.containsKey("aws-secret-access-key"), "OIDC, no static keys");

        Map<String, Object> with = map(steps.get(pulumi).get("with"));
        assertEquals("${{ inputs.command }}", with.get("command"));
        assertEquals("${{ inputs.stack }}", with.get("stack-name"));
        assertEquals("policy", with.get("policyPacks"));
        assertEquals("${{ runner.temp }}/policy-pack-config.json", with.get("policyPackConfigs"));
        assertEquals("${{ vars.PULUMI_BACKEND_URL }}", with.get("cloud-url"));
        assertEquals("${{ inputs.refresh }}", with.get("refresh"));
        assertEquals("${{ inputs.expect-no-changes }}", with.get("expect-no-changes"));
        assertEquals("${{ inputs.comment-on-pr }}", with.get("comment-on-pr"));
        assertTrue(String.valueOf(with.get("pulumi-version")).matches("\\d+\\.\\d+\\.\\d+"), "a pinned Pulumi CLI");
    }

    @Test
    void everyStackHasThePolicyConfigTheWorkflowsDerive() {
        for (String stack : stackFiles()) {
            String tier = TestStacks.settings(stack).tier().configValue();
            assertTrue(Files.isRegularFile(Path.of("policy", "config", tier + ".json")), "policy/config/" + tier + ".json for " + stack);
        }
        List<String> runs = steps(named(STACK_WORKFLOW).job("pulumi")).stream().map(st -> String.valueOf(st.get("run"))).toList();
        assertTrue(runs.stream().anyMatch(r -> r.contains("bin/stacks --json") && r.contains(
                "policy/check-plan --print-config --stack \"$STACK\" --tier \"$tier\" > \"$RUNNER_TEMP/policy-pack-config.json\"")), runs::toString);
        assertTrue(Files.isRegularFile(Path.of("policy", "package-lock.json")), "npm ci and the npm cache need it");
    }

    // ---- main: promotion ----

    private static Set<String> transitiveNeeds(Workflow wf, String job) {
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(needsOf(wf.job(job)));
        while (!queue.isEmpty()) {
            String next = queue.pop();
            if (seen.add(next)) {
                queue.addAll(needsOf(wf.job(next)));
            }
        }
        return seen;
    }

    /** One deploy job per promotion stage, in order, each `pulumi up` of that stage's stacks in their own environments. */
    @Test
    void mainDeploysEveryStackInPromotionOrderEachInItsOwnEnvironment() {
        Workflow deploy = named("deploy.yml");
        assertEquals(List.of("main"), at(deploy.trigger("push"), "branches"));
        for (int i = 0; i < StackList.STAGES.size(); i++) {
            String stage = StackList.STAGES.get(i);
            Map<String, Object> job = deploy.job(stage);
            assertMatrixFromStacks(deploy, job, "stack", stage);
            assertEquals(STACK_WORKFLOW, calledWorkflow(job), stage);
            assertEquals("up", at(job, "with.command"));
            assertEquals("${{ matrix.stack }}", at(job, "with.stack"));
            assertEquals("${{ matrix.stack }}", at(job, "with.environment"), stage + ": each stack in its own GitHub environment");
            assertEquals("${{ !cancelled() && !failure() && needs.stacks.outputs." + stage + " != '[]' }}", job.get("if"),
                    stage + " runs after a skipped (empty) stage, never after a failed one");
            Set<String> before = transitiveNeeds(deploy, stage);
            assertTrue(before.contains("verify"), stage + " waits for the tests");
            for (int j = 0; j < StackList.STAGES.size(); j++) {
                assertEquals(j < i, before.contains(StackList.STAGES.get(j)), stage + " after " + StackList.STAGES.get(j) + ": " + (j < i));
            }
        }
        assertEquals(Set.of("verify", "stacks"), new TreeSet<>(deploy.jobs().keySet()).stream()
                .filter(j -> !StackList.STAGES.contains(j)).collect(java.util.stream.Collectors.toSet()), "no other jobs");
    }

    /** The stages bin/stacks gives put every stack file in exactly one stage: the hub first, workloads by tier. */
    @Test
    void everyStackFileIsInExactlyOneStageHubFirstThenByTier() {
        Map<String, String> outputs = stackOutputs();
        Map<String, String> stageOf = new HashMap<>();
        for (String stage : StackList.STAGES) {
            for (String stack : names(outputs.get(stage))) {
                assertFalse(stageOf.containsKey(stack), stack + " in two stages");
                stageOf.put(stack, stage);
            }
        }
        assertEquals(stackFiles(), new TreeSet<>(stageOf.keySet()), "every Pulumi.<stack>.yaml is deployed");
        for (String stack : stackFiles()) {
            StackSettings settings = TestStacks.settings(stack);
            assertEquals(settings.role() == Role.HUB ? "hub" : settings.tier().configValue(), stageOf.get(stack), stack);
        }
    }

    // ---- nightly drift detection ----

    @Test
    void everyStackFileIsCheckedForDriftEveryNightAndDriftFailsLoudly() {
        Workflow drift = named("drift.yml");
        assertFalse(list(drift.trigger("schedule")).isEmpty(), "a schedule");
        String cron = String.valueOf(map(list(drift.trigger("schedule")).get(0)).get("cron"));
        assertEquals(5, cron.trim().split("\\s+").length, cron);
        Map<String, Object> job = drift.job("drift");
        assertMatrixFromStacks(drift, job, "stack", "stacks");
        assertEquals(STACK_WORKFLOW, calledWorkflow(job));
        assertEquals("preview", at(job, "with.command"));
        assertEquals(true, at(job, "with.refresh"));
        assertEquals(true, at(job, "with.expect-no-changes"));
        Map<String, Object> report = drift.job("report");
        assertEquals("drift", report.get("needs"));
        assertEquals("failure()", report.get("if"));
        assertTrue(steps(report).stream().anyMatch(s -> String.valueOf(s.get("run")).contains("gh issue create")));
    }

    // ---- the storefront image ----

    @Test
    void theStorefrontImageIsBuiltWithTheEnvironmentsPublicUrlsAndPushedToTheHubsEcrUnderAnImmutableTag() {
        Workflow image = named("storefront-image.yml");
        assertTrue(image.reusableOnly());
        assertEquals("storefront", at(image.trigger("workflow_call"), "inputs.ecr-repository.default"));
        Map<String, Object> job = image.job("build");
        assertEquals(1, stepsUsing(job, "aws-actions/amazon-ecr-login").size());
        assertEquals(1, stepsUsing(job, Workflows.AWS_CREDENTIALS).size());
        Map<String, Object> build = map(stepsUsing(job, "docker/build-push-action").get(0).get("with"));
        assertEquals(true, build.get("push"));
        assertEquals(".", build.get("context"), "the checked-out storefront, not this repository");
        String args = String.valueOf(build.get("build-args"));
        assertTrue(args.contains("NEXT_PUBLIC_SALEOR_API_URL=https://${{ inputs.service-hostname }}/graphql/"), args);
        assertTrue(args.contains("NEXT_PUBLIC_STOREFRONT_URL=https://${{ inputs.service-hostname }}"), args);
        Map<String, Object> name = steps(job).stream().filter(s -> "image".equals(s.get("id"))).findFirst().orElseThrow();
        assertEquals("${{ inputs.environment }}-${{ steps.source.outputs.sha }}", at(name, "env.TAG"), "tag = environment + source commit");
        assertEquals("${{ steps.image.outputs.image }}", build.get("tags"));
        assertTrue(String.valueOf(map(steps(job).stream().filter(s -> "source".equals(s.get("id"))).findFirst().orElseThrow())
                .get("run")).contains("git rev-parse HEAD"));
    }

    @Test
    void storefrontImagesAreBuiltForEveryWorkloadStackWithItsServiceHostname() {
        Workflow storefront = named("storefront.yml");
        Map<String, Object> job = storefront.job("image");
        assertEquals("storefront-image.yml", calledWorkflow(job));
        assertMatrixFromStacks(storefront, job, "include", "storefront");
        Map<String, String> built = new HashMap<>();
        list(new com.google.gson.Gson().fromJson(stackOutputs().get("storefront"), List.class)).forEach(e -> built.put(
                String.valueOf(map(e).get("environment")), String.valueOf(map(e).get("service-hostname"))));
        Map<String, String> expected = new HashMap<>();
        for (String stack : stackFiles()) {
            TestStacks.settings(stack).domain().serviceHostname().ifPresent(host -> expected.put(stack, host));
        }
        assertFalse(expected.isEmpty());
        assertEquals(expected, built, "one image per workload stack, with the stack file's service hostname");
        assertEquals("${{ matrix.environment }}", at(job, "with.environment"));
        assertEquals("${{ matrix.service-hostname }}", at(job, "with.service-hostname"));
    }

    // ---- the hub's self-hosted runners ----

    private static final Set<String> SCALE_SETS = Set.of(RunnerScaleSets.PREVIEW, RunnerScaleSets.DEPLOY);
    /** Jobs that talk to AWS but not on a hub runner, and why. */
    private static final Map<String, String> GITHUB_HOSTED = Map.of(
            "storefront-image.yml job build", "builds a container image: that needs a Docker daemon, i.e. a privileged pod, which the "
                    + "hub's restricted runner namespaces refuse; it talks only to ECR's public API, with the image-push role");

    @Test
    void everyJobThatTalksToAwsOrAClusterRunsOnAHubScaleSet() {
        var workflows = Workflows.all();
        assertEquals(List.of(), Workflows.selfHostedProblems(workflows, SCALE_SETS, GITHUB_HOSTED));
        List<Workflows.Work> checked = Workflows.work(workflows).stream().filter(Workflows.Work::talksToAwsOrACluster).toList();
        assertTrue(checked.stream().filter(w -> SCALE_SETS.contains(w.runsOn())).count() >= 3, "previews, drift and deploys were checked");
        GITHUB_HOSTED.keySet().forEach(job -> assertTrue(checked.stream().anyMatch(w -> (w.file() + " job " + w.jobId()).equals(job)),
                job + " is exempt but talks to AWS no more: drop the exemption"));
    }

    @Test
    void noPullRequestFromAForkReachesASelfHostedRunner() {
        var workflows = Workflows.all();
        assertEquals(List.of(), Workflows.forkProblems(workflows, SCALE_SETS));
        assertTrue(Workflows.work(workflows).stream().anyMatch(w -> w.caller().startsWith("pull-request.yml")
                && w.runsOn().equals(RunnerScaleSets.PREVIEW) && w.guardsForks()), "the pull request's previews run on the hub, guarded");
    }

    @Test
    void previewsUseTheReadOnlyIdentityOnPreviewRunnersAndDeploysTheDeployIdentityInTheirEnvironments() {
        var calls = Workflows.work(Workflows.all()).stream().filter(w -> w.file().equals(STACK_WORKFLOW)).toList();
        assertTrue(calls.size() >= 3, calls::toString);
        for (Workflows.Work w : calls) {
            String command = w.inputs().get("command");
            String role = Workflows.resolve(at(stepsUsing(w.job(), Workflows.AWS_CREDENTIALS).get(0), "with.role-to-assume"), w.inputs());
            String environment = Workflows.resolve(w.job().get("environment"), w.inputs());
            switch (command) {
                case "up" -> {
                    assertEquals(RunnerScaleSets.DEPLOY, w.runsOn(), w.where());
                    assertEquals("vars.AWS_DEPLOY_ROLE_ARN", role, w.where());
                    assertEquals(w.inputs().get("stack"), environment, w.where() + ": the deploy role trusts only environment:<stack>");
                }
                case "preview" -> {
                    assertEquals(RunnerScaleSets.PREVIEW, w.runsOn(), w.where());
                    assertEquals("vars.AWS_PREVIEW_ROLE_ARN", role, w.where());
                    boolean pullRequest = Workflows.all().get(w.caller().substring(0, w.caller().indexOf(' '))).triggers().contains("pull_request");
                    assertEquals(pullRequest ? GithubActionsComponent.PREVIEW_ENVIRONMENT : "", environment,
                            w.where() + ": a pull request's preview in the environment the preview role trusts; the drift check with main's token");
                }
                default -> throw new AssertionError(w.where() + ": command " + command);
            }
        }
    }

    /** The hub's CI roles by the repository variable that names them (docs/ci-runners.md, one-time setup). */
    private static final Map<String, String> CI_ROLES = Map.of(
            "vars.AWS_DEPLOY_ROLE_ARN", "ci-deploy", "vars.AWS_PREVIEW_ROLE_ARN", "ci-preview", "vars.ECR_PUSH_ROLE_ARN", "ci-image-push");

    /**
     * GitHub creates any environment a job names, unprotected, so a role trusted for {@code environment:*} is a role any
     * workflow edit can assume. Each CI role of the hub's plan trusts exactly the environments the workflows assume it
     * in (matrices expanded through bin/stacks), and the deploy branch only where a job assumes it in none.
     */
    @Test
    void eachCiRoleTrustsExactlyTheEnvironmentsTheWorkflowsAssumeItIn() {
        String hub = TestStacks.stacks().stream().filter(st -> TestStacks.settings(st).role() == Role.HUB).findFirst().orElseThrow();
        String repo = "repo:" + TestStacks.settings(hub).hub().orElseThrow().githubRepository() + ":";
        Map<String, Set<String>> used = new HashMap<>();
        for (Workflows.Work w : Workflows.work(Workflows.all())) {
            for (Map<String, Object> step : stepsUsing(w.job(), Workflows.AWS_CREDENTIALS)) {
                String variable = Workflows.resolve(at(step, "with.role-to-assume"), w.inputs());
                String role = CI_ROLES.get(variable);
                assertTrue(role != null, w.where() + ": assumes " + variable + ", which is none of the hub's CI roles");
                Set<String> subjects = used.computeIfAbsent(role, k -> new TreeSet<>());
                Object environment = w.job().get("environment");
                if (environment == null || Workflows.resolve(environment, w.inputs()).isEmpty()) {
                    subjects.add(repo + "ref:refs/heads/main");
                } else {
                    environments(w, Workflows.resolve(environment, w.inputs())).forEach(e -> subjects.add(repo + "environment:" + e));
                }
            }
        }
        assertEquals(new TreeSet<>(CI_ROLES.values()), used.keySet(), "every CI role is used by a workflow");
        var plan = com.kyeol.platform.support.TestPlans.of(hub);
        used.forEach((role, subjects) -> {
            var trust = new com.google.gson.Gson().fromJson(String.valueOf(com.kyeol.platform.support.PlanAssertions
                    .named(plan, "aws:iam/role:Role", hub + "-" + role).inputs().get("assumeRolePolicy")), Map.class);
            Map<?, ?> condition = map(map(list(trust.get("Statement")).get(0)).get("Condition"));
            assertEquals(Set.of("StringEquals"), condition.keySet(), role + ": exact subjects, no pattern");
            assertEquals(subjects, new TreeSet<>(list(map(condition.get("StringEquals")).get("token.actions.githubusercontent.com:sub"))
                    .stream().map(String::valueOf).toList()), role + ": trusts exactly the subjects of the jobs that assume it");
        });
        assertTrue(used.get("ci-deploy").containsAll(stackFiles().stream().map(st -> repo + "environment:" + st).toList()),
                "every stack file deploys in its own environment: " + used.get("ci-deploy"));
    }

    /** The environments a job names: a literal, or {@code ${{ matrix.stack }}} of its caller's bin/stacks matrix. */
    private static List<String> environments(Workflows.Work w, String environment) {
        if (!environment.contains("${{")) {
            return List.of(environment);
        }
        assertEquals("${{ matrix.stack }}", environment, w.where());
        String[] caller = w.caller().split(" job ");
        String matrix = String.valueOf(at(named(caller[0]).job(caller[1]), "strategy.matrix.stack"));
        var output = java.util.regex.Pattern.compile("\\$\\{\\{ fromJSON\\(needs\\.stacks\\.outputs\\.(\\w+)\\) }}").matcher(matrix);
        assertTrue(output.matches(), w.where() + ": matrix " + matrix);
        return names(stackOutputs().get(output.group(1)));
    }

    @Test
    void eachScaleSetRunsExactlyTheWorkflowsItsJobGateAccepts() {
        Map<String, Set<String>> workflowsOn = new HashMap<>();
        Workflows.work(Workflows.all()).stream().filter(w -> w.job().containsKey("runs-on") && SCALE_SETS.contains(w.runsOn()))
                .forEach(w -> workflowsOn.computeIfAbsent(w.runsOn(), k -> new TreeSet<>()).add(w.caller().substring(0, w.caller().indexOf(' '))));
        assertEquals(new TreeSet<>(RunnerScaleSets.PREVIEW_WORKFLOWS), workflowsOn.get(RunnerScaleSets.PREVIEW));
        assertEquals(new TreeSet<>(RunnerScaleSets.DEPLOY_WORKFLOWS), workflowsOn.get(RunnerScaleSets.DEPLOY));
    }

    @Test
    void theToolsTheRunnerImageLacksAreVerifiedBeforeTheyRun() {
        Map<String, Object> job = named(STACK_WORKFLOW).job("pulumi");
        List<Map<String, Object>> steps = steps(job);
        int tools = indexOf(steps, st -> String.valueOf(st.get("name")).startsWith("Tools the runner image lacks"));
        int build = indexOf(steps, st -> "mvn -B -ntp -DskipTests package".equals(st.get("run")));
        int pulumi = indexOf(steps, st -> action(st).equals(Workflows.PULUMI));
        assertTrue(tools >= 0 && tools < build && tools < pulumi, "Maven and the AWS CLI are there before mvn and pulumi run");
        Map<String, Object> env = map(steps.get(tools).get("env"));
        assertTrue(String.valueOf(env.get("MAVEN_VERSION")).matches("\\d+\\.\\d+\\.\\d+"), "a pinned Maven");
        assertTrue(String.valueOf(env.get("MAVEN_SHA512")).matches("[0-9a-f]{128}"), "its SHA-512");
        assertEquals("FB5DB77FD5C118B80511ADA8A6310ACC4672475C", env.get("AWS_CLI_KEY"), "the AWS CLI team's key, by full fingerprint");
        String run = String.valueOf(steps.get(tools).get("run"));
        assertTrue(run.indexOf("sha512sum -c") < run.indexOf("tar -xzf"), "Maven's checksum before unpacking");
        assertTrue(run.indexOf("gpg --batch --verify") > 0 && run.indexOf("gpg --batch --verify") < run.indexOf("aws/install"),
                "the CLI's signature before installing");
        assertTrue(run.contains("if ! command -v mvn") && run.contains("if ! command -v aws"), "GitHub's own runners have both: nothing to do");
    }

    @Test
    void theRunnerRulesCatchAHostedPulumiJobAnUnguardedForkAndPullRequestTarget() {
        String pulumi = Workflows.PULUMI + "@" + "b".repeat(40);
        Map<String, Object> onRunner = Map.of("runs-on", "${{ inputs.command == 'up' && 'kyeol-deploy' || 'kyeol-preview' }}",
                "steps", List.of(Map.of("uses", pulumi)));
        Map<String, Workflow> bad = Map.of(
                "hosted.yml", new Workflow("hosted.yml", "", Map.of("on", Map.of("push", Map.of()), "jobs", Map.of(
                        "up", Map.of("runs-on", "ubuntu-24.04", "steps", List.of(Map.of("uses", pulumi))),
                        "kube", Map.of("runs-on", "ubuntu-24.04", "steps", List.of(Map.of("run", "set -e\n  kubectl get pods"))),
                        "prose", Map.of("runs-on", "ubuntu-24.04", "steps", List.of(Map.of("run", "echo \"pulumi preview failed\"")))))),
                "pr.yml", new Workflow("pr.yml", "", Map.of("on", Map.of("pull_request", Map.of()), "jobs", Map.of(
                        "preview", Map.of("uses", "./.github/workflows/called.yml", "with", Map.of("command", "preview"))))),
                "called.yml", new Workflow("called.yml", "", Map.of("on", Map.of("workflow_call", Map.of("inputs",
                        Map.of("command", Map.of("type", "string")))), "jobs", Map.of("run", onRunner))),
                "target.yml", new Workflow("target.yml", "", Map.of("on", Map.of("pull_request_target", Map.of()), "jobs", Map.of())));
        List<String> hosted = new ArrayList<>(Workflows.selfHostedProblems(bad, SCALE_SETS, Map.of()));
        java.util.Collections.sort(hosted);
        assertEquals(List.of("hosted.yml job kube: talks to AWS or a cluster but runs on ubuntu-24.04, not on one of [kyeol-deploy, kyeol-preview]",
                "hosted.yml job up: talks to AWS or a cluster but runs on ubuntu-24.04, not on one of [kyeol-deploy, kyeol-preview]"),
                hosted, "a kubectl line is a cluster call; a message that mentions pulumi is not");
        List<String> forks = Workflows.forkProblems(bad, SCALE_SETS);
        assertEquals(2, forks.size(), forks::toString);
        assertTrue(forks.stream().anyMatch(p -> p.startsWith("pr.yml job preview -> called.yml job run: runs on kyeol-preview for pull requests without the fork guard")),
                forks::toString);
        assertTrue(forks.stream().anyMatch(p -> p.startsWith("target.yml: runs on pull_request_target")), forks::toString);
        assertEquals("kyeol-deploy", Workflows.resolve(onRunner.get("runs-on"), Map.of("command", "up")));
        assertEquals("vars.X", Workflows.resolve("${{ inputs.a == 'b' && vars.X || vars.Y }}", Map.of("a", "b")));
        assertThrows(AssertionError.class, () -> Workflows.resolve("${{ matrix.runner }}", Map.of()));
    }

    // ---- pinning and permissions ----

    @Test
    void everyActionIsPinnedToAFullCommitShaWithItsReleaseInAComment() {
        List<String> problems = new ArrayList<>();
        Map<String, String> shaOf = new HashMap<>();
        Workflows.all().values().forEach(wf -> {
            problems.addAll(Workflows.pinProblems(wf.file(), wf.text()));
            for (String[] use : Workflows.usesLines(wf.text())) {
                if (!use[1].startsWith("./")) {
                    String name = use[1].substring(0, use[1].indexOf('@'));
                    String pinned = use[1].substring(use[1].indexOf('@') + 1) + " " + use[2].trim();
                    String first = shaOf.putIfAbsent(name, pinned);
                    if (first != null && !first.equals(pinned)) {
                        problems.add(wf.file() + ":" + use[0] + ": " + name + " pinned to " + pinned + " here, " + first + " elsewhere");
                    }
                }
            }
        });
        assertEquals(List.of(), problems);
        assertTrue(shaOf.keySet().containsAll(List.of("actions/checkout", "actions/setup-java", "actions/setup-node",
                "actions/upload-artifact", Workflows.AWS_CREDENTIALS, Workflows.PULUMI)), shaOf::toString);
    }

    @Test
    void permissionsAreLeastPrivilege() {
        assertEquals(List.of(), Workflows.permissionProblems(Workflows.all()));
    }

    @Test
    void thePinRuleCatchesTagsShortShasAndMissingComments() {
        String text = """
                steps:
                  - uses: actions/checkout@v4
                  - uses: actions/setup-java@b6effb0
                  - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020
                  - uses: ./.github/workflows/verify.yml
                  - uses: pulumi/actions@8e5e406f4007fca908480587cb9893c07090f58d # v7.0.0
                """;
        List<String> problems = Workflows.pinProblems("x.yml", text);
        assertEquals(3, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("x.yml:2: actions/checkout@v4 is not pinned"), problems.get(0));
        assertTrue(problems.get(2).contains("no # vX.Y.Z comment"), problems.get(2));
    }

    @Test
    void thePermissionRuleCatchesBroadGrants() {
        Map<String, Object> assumes = Map.of("steps", List.of(Map.of("uses", Workflows.AWS_CREDENTIALS + "@" + "a".repeat(40))));
        Map<String, Object> plain = Map.of("runs-on", "ubuntu-24.04", "steps", List.of(Map.of("run", "echo")));
        Map<String, Workflow> bad = Map.of("bad.yml", new Workflow("bad.yml", "permissions: write-all", Map.of(
                "on", Map.of("push", Map.of()),
                "permissions", Map.of("contents", "write"),
                "jobs", Map.of(
                        "idle", merge(plain, Map.of("permissions", Map.of("id-token", "write"))),
                        "role", merge(assumes, Map.of("permissions", Map.of("contents", "read"))),
                        "commenter", merge(plain, Map.of("permissions", Map.of("pull-requests", "write"))),
                        "nothing", plain))));
        List<String> problems = Workflows.permissionProblems(bad);
        assertEquals(6, problems.size(), problems::toString);
        for (String expected : List.of("write-all/read-all", "top-level contents: write", "job idle: id-token: write but assumes no AWS role",
                "job role: assumes an AWS role without id-token: write", "job commenter: pull-requests: write is not needed",
                "job nothing: no permissions of its own")) {
            assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), () -> expected + " not in " + problems);
        }
    }

    private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> merged = new HashMap<>(a);
        merged.putAll(b);
        return merged;
    }

    private static int indexOf(List<Map<String, Object>> steps, java.util.function.Predicate<Map<String, Object>> test) {
        for (int i = 0; i < steps.size(); i++) {
            if (test.test(steps.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
