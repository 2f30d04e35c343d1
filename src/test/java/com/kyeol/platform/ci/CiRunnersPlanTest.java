package com.kyeol.platform.ci;

import com.google.gson.Gson;
import com.kyeol.platform.addons.HelmChart;
import com.kyeol.platform.addons.IamGrants;
import com.kyeol.platform.config.CiSettings;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.PlanAssertions.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's CI/CD as {@code bin/plan mgmt} shows it: the runner controller and the preview and deploy scale sets
 * (their namespaces, sizes, credentials wiring and order), the GitHub App secret that reaches them only through
 * External Secrets, and what each CI identity may do with the state backend.
 */
class CiRunnersPlanTest {

    private static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    private final Plan hub = TestPlans.of("mgmt");
    private final CiSettings ci = TestPlans.settings("mgmt").hub().orElseThrow().ci();

    private PlannedResource release(String name) {
        return named(hub, RELEASE, "mgmt-" + name);
    }

    private static Map<String, Object> values(PlannedResource release) {
        return map(release.inputs().get("values"));
    }

    private static Map<String, Object> at(Map<String, Object> values, String path) {
        Object v = values;
        for (String part : path.split("\\.")) {
            v = map(v).get(part);
        }
        return map(v);
    }

    // ---- the controller and the scale sets ----

    @Test
    void theControllerAndBothScaleSetsComeFromTheOciRegistryAtThePinnedVersion() {
        var controller = release("arc-controller");
        assertEquals("oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set-controller", controller.inputs().get("chart"));
        assertEquals(HelmChart.GHA_RUNNER_SCALE_SET_CONTROLLER.version(), controller.inputs().get("version"));
        assertNull(controller.inputs().get("repositoryOpts"), "an OCI chart has no repository index");
        assertEquals(RunnerScaleSets.CONTROLLER_NAMESPACE, controller.inputs().get("namespace"));
        for (String set : List.of(RunnerScaleSets.PREVIEW, RunnerScaleSets.DEPLOY)) {
            var release = release(set);
            assertEquals("oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set", release.inputs().get("chart"));
            assertEquals(HelmChart.GHA_RUNNER_SCALE_SET.version(), release.inputs().get("version"));
            assertEquals(HelmChart.GHA_RUNNER_SCALE_SET_CONTROLLER.version(), HelmChart.GHA_RUNNER_SCALE_SET.version(),
                    "scale sets and controller are released together");
            assertEquals(set, values(release).get("runnerScaleSetName"), "the name workflows put in runs-on");
        }
        assertEquals(List.of(RunnerScaleSets.PREVIEW, RunnerScaleSets.DEPLOY), hub.outputs().get("ciRunnerScaleSets"));
    }

    @Test
    void previewAndDeployAreSeparateScaleSetsInSeparateNamespacesScaledToZeroWhenIdle() {
        Map<String, Object> preview = values(release(RunnerScaleSets.PREVIEW));
        Map<String, Object> deploy = values(release(RunnerScaleSets.DEPLOY));
        assertEquals("arc-runners-preview", release(RunnerScaleSets.PREVIEW).inputs().get("namespace"));
        assertEquals("arc-runners-deploy", release(RunnerScaleSets.DEPLOY).inputs().get("namespace"));
        assertEquals(0L, preview.get("minRunners"));
        assertEquals(0L, deploy.get("minRunners"));
        assertEquals((long) ci.previewMaxRunners(), preview.get("maxRunners"));
        assertEquals((long) ci.deployMaxRunners(), deploy.get("maxRunners"));
        String repository = TestPlans.settings("mgmt").hub().orElseThrow().githubRepository();
        assertEquals("https://github.com/" + repository, preview.get("githubConfigUrl"));
        assertEquals(preview.get("githubConfigUrl"), deploy.get("githubConfigUrl"));
    }

    @Test
    void everyNewNamespaceEnforcesTheRestrictedPodSecurityStandard() {
        var namespaces = hub.ofType("kubernetes:core/v1:Namespace").stream()
                .filter(n -> n.urn().contains("kyeol:ci:Runners")).toList();
        assertEquals(Set.of("arc-systems", "arc-runners-preview", "arc-runners-deploy"),
                namespaces.stream().map(n -> (String) at(n.inputs(), "metadata").get("name")).collect(Collectors.toSet()));
        for (var namespace : namespaces) {
            Map<String, Object> labels = at(namespace.inputs(), "metadata.labels");
            for (String mode : List.of("enforce", "warn", "audit")) {
                assertEquals("restricted", labels.get("pod-security.kubernetes.io/" + mode), namespace.name() + " " + mode);
            }
        }
    }

    @Test
    void theScaleSetsWaitForTheControllerThatInstallsTheirCrdAndTheControllerForTheLoadBalancerController() {
        var controller = release("arc-controller");
        assertTrue(controller.dependsOn().contains(release("aws-load-balancer-controller").urn()),
                "its listener pods are admitted by the load balancer controller's webhooks, which fail closed");
        assertTrue(controller.dependsOn().contains(named(hub, "kubernetes:core/v1:Namespace", "mgmt-arc-namespace").urn()));
        assertTrue(controller.dependsOn().contains(named(hub, "aws:eks/nodeGroup:NodeGroup", "mgmt-nodes").urn()));
        for (String set : List.of(RunnerScaleSets.PREVIEW, RunnerScaleSets.DEPLOY)) {
            var release = release(set);
            assertTrue(release.dependsOn().contains(controller.urn()), set + ": AutoscalingRunnerSet is a CRD of the controller's chart");
            assertTrue(release.dependsOn().contains(named(hub, "kubernetes:core/v1:Namespace", "mgmt-" + set + "-namespace").urn()));
            assertTrue(release.dependsOn().contains(named(hub, "kubernetes:external-secrets.io/v1:ExternalSecret", "mgmt-" + set + "-github-app").urn()),
                    set + ": its GitHub App Secret is asked for before the listener needs it");
        }
    }

    @Test
    void theControllerKnowsItsServiceAccountAndTheScaleSetsNameItInsteadOfLookingItUp() {
        Map<String, Object> controller = values(release("arc-controller"));
        Map<String, Object> account = at(controller, "serviceAccount");
        for (String set : List.of(RunnerScaleSets.PREVIEW, RunnerScaleSets.DEPLOY)) {
            Map<String, Object> named = at(values(release(set)), "controllerServiceAccount");
            assertEquals(account.get("name"), named.get("name"), "the chart's lookup of the controller is not run at all");
            assertEquals(release("arc-controller").inputs().get("namespace"), named.get("namespace"));
        }
        assertEquals("eventual", at(controller, "flags").get("updateStrategy"),
                "a pulumi up that changes a scale set runs on one: running jobs finish first");
    }

    // ---- pods: requests and security ----

    @Test
    void everyPodTheRunnersAddHasExplicitRequestsAndARestrictedSecurityContext() {
        Map<String, Object> controller = values(release("arc-controller"));
        assertRequests(at(controller, "resources"), "controller");
        assertEquals(true, at(controller, "podSecurityContext").get("runAsNonRoot"));
        assertRestricted(at(controller, "securityContext"), "controller");
        for (String set : List.of(RunnerScaleSets.PREVIEW, RunnerScaleSets.DEPLOY)) {
            Map<String, Object> values = values(release(set));
            Map<String, Object> listener = map(list(at(values, "listenerTemplate.spec").get("containers")).get(0));
            assertEquals("listener", listener.get("name"), "only the container named listener is merged into the listener pod");
            assertRequests(map(listener.get("resources")), set + " listener");
            assertRestricted(map(listener.get("securityContext")), set + " listener");
            assertEquals(true, at(values, "listenerTemplate.spec.securityContext").get("runAsNonRoot"));

            Map<String, Object> spec = at(values, "template.spec");
            List<Object> containers = list(spec.get("containers"));
            assertEquals(1, containers.size());
            Map<String, Object> runner = map(containers.get(0));
            assertEquals("runner", runner.get("name"));
            assertRequests(map(runner.get("resources")), set + " runner");
            assertRestricted(map(runner.get("securityContext")), set + " runner");
            Map<String, Object> pod = map(spec.get("securityContext"));
            assertEquals(true, pod.get("runAsNonRoot"));
            assertEquals(1001L, pod.get("runAsUser"), "the image's USER is a name; the kubelet can only check a number");
            assertEquals(Map.of("type", "RuntimeDefault"), pod.get("seccompProfile"));
            assertEquals("false", at(values, "template.metadata.annotations").get("cluster-autoscaler.kubernetes.io/safe-to-evict"),
                    "a node is not scaled down under a running job");
        }
    }

    private static void assertRequests(Map<String, Object> resources, String what) {
        Map<String, Object> requests = map(resources.get("requests"));
        assertTrue(requests.get("cpu") instanceof String && requests.get("memory") instanceof String, what + ": " + resources);
        assertTrue(map(resources.get("limits")).get("memory") instanceof String, what + ": a memory limit");
    }

    private static void assertRestricted(Map<String, Object> container, String what) {
        assertEquals(false, container.get("allowPrivilegeEscalation"), what);
        assertEquals(Map.of("drop", List.of("ALL")), container.get("capabilities"), what);
    }

    // ---- credentials: GitHub App through External Secrets; AWS through the job's token only ----

    @Test
    void theGithubAppReachesTheRunnersOnlyThroughExternalSecretsFromSecretsManager() {
        var secret = named(hub, "aws:secretsmanager/secret:Secret", "mgmt-ci-github-app");
        assertEquals(hub.outputs().get("ciGithubAppSecretName"), secret.inputs().get("name"));
        assertNull(secret.inputs().get("secretString"));
        assertTrue(hub.ofType("aws:secretsmanager/secretVersion:SecretVersion").stream()
                .noneMatch(v -> v.dependsOn().contains(secret.urn())
                        || v.propertyDependencies().values().stream().anyMatch(d -> d.contains(secret.urn()))), "Pulumi never holds the App's key");
        assertTrue(secret.protect(), "the hand-set credentials survive a mistaken replacement");
        String arnPrefix = "arn:aws:secretsmanager:" + TestPlans.settings("mgmt").region() + ":111122223333:secret:" + secret.inputs().get("name");
        var store = named(hub, "kubernetes:external-secrets.io/v1:ClusterSecretStore", "mgmt-secret-store");
        for (String set : List.of(RunnerScaleSets.PREVIEW, RunnerScaleSets.DEPLOY)) {
            assertEquals(RunnerScaleSets.GITHUB_SECRET, values(release(set)).get("githubConfigSecret"), "a Secret's name, not credentials");
            var external = named(hub, "kubernetes:external-secrets.io/v1:ExternalSecret", "mgmt-" + set + "-github-app");
            assertEquals(release(set).inputs().get("namespace"), at(external.inputs(), "metadata").get("namespace"));
            Map<String, Object> spec = at(external.inputs(), "spec");
            assertEquals(RunnerScaleSets.GITHUB_SECRET, map(spec.get("target")).get("name"));
            assertEquals(Map.of("kind", "ClusterSecretStore", "name", "aws-secrets-manager"), spec.get("secretStoreRef"));
            assertEquals(RunnerScaleSets.GITHUB_APP_KEYS, list(spec.get("data")).stream().map(d -> map(d).get("secretKey")).toList(),
                    "the three keys githubConfigSecret must hold for a GitHub App");
            for (Object d : list(spec.get("data"))) {
                Map<String, Object> ref = map(map(d).get("remoteRef"));
                assertTrue(String.valueOf(ref.get("key")).startsWith(arnPrefix), ref.toString());
                assertEquals(map(d).get("secretKey"), ref.get("property"));
            }
            assertTrue(external.dependsOn().contains(store.urn()), "the ExternalSecret waits for the store (and so for ESO's CRDs)");
        }
    }

    /**
     * One External Secrets Operator on the hub, shared by the runners and alerting: one release, one namespace, one
     * store, one Pod Identity role, whose one policy reads exactly the GitHub App secret and the Slack webhook and
     * decrypts only the webhook's customer-managed key, through Secrets Manager (the App's secret is under Secrets
     * Manager's own key).
     */
    @Test
    void theHubRunsOneExternalSecretsWhoseRoleReadsTheGithubAppAndTheSlackWebhookOnly() {
        assertEquals(1, hub.ofType("kubernetes:helm.sh/v3:Release").stream()
                .filter(r -> "external-secrets".equals(r.inputs().get("chart"))).count(), "one ESO release");
        assertEquals(1, hub.ofType("kubernetes:external-secrets.io/v1:ClusterSecretStore").size(), "one store");
        assertEquals(1, hub.ofType("kubernetes:core/v1:Namespace").stream()
                .filter(n -> "external-secrets".equals(map(n.inputs().get("metadata")).get("name"))).count(), "one namespace");
        var associations = hub.ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation").stream()
                .filter(a -> "external-secrets".equals(a.inputs().get("namespace"))).toList();
        assertEquals(1, associations.size(), "one Pod Identity role for the operator");
        var app = named(hub, "aws:secretsmanager/secret:Secret", "mgmt-ci-github-app");
        var slack = named(hub, "aws:secretsmanager/secret:Secret", "mgmt-slack-webhook");
        assertNull(app.inputs().get("kmsKeyId"), "the App's secret is under Secrets Manager's own key");
        var slackKey = hub.ofType("aws:kms/key:Key").stream().filter(k -> slack.propertyDependencies().getOrDefault("kmsKeyId", List.of())
                .contains(k.urn())).findFirst().orElseThrow();
        var esoPolicy = named(hub, "aws:iam/policy:Policy", "mgmt-external-secrets-policy");
        String via = "{StringEquals={kms:viaservice=[secretsmanager." + TestPlans.settings("mgmt").region() + ".amazonaws.com]}}";
        Set<IamGrants.Grant> expected = new TreeSet<>();
        for (var secret : List.of(app, slack)) {
            for (String action : List.of("secretsmanager:getsecretvalue", "secretsmanager:describesecret")) {
                expected.add(new IamGrants.Grant("Allow", action, String.valueOf(secret.outputs().get("arn")), "{}"));
            }
        }
        expected.add(new IamGrants.Grant("Allow", "kms:decrypt", String.valueOf(slackKey.outputs().get("arn")), via));
        assertEquals(expected, IamGrants.of((String) esoPolicy.inputs().get("policy")));
    }

    @Test
    void noHelmValueOfTheRunnersHoldsACredential() {
        for (String name : List.of("arc-controller", RunnerScaleSets.PREVIEW, RunnerScaleSets.DEPLOY)) {
            String values = new Gson().toJson(release(name).inputs().get("values"));
            for (String forbidden : List.of("github_app_private_key", "github_token", "BEGIN", "github_app_id")) {
                assertFalse(values.contains(forbidden), name + " values contain " + forbidden);
            }
        }
    }

    @Test
    void runnerPodsHaveNoAwsIdentityOfTheirOwn() {
        Set<String> runnerNamespaces = Set.of("arc-systems", "arc-runners-preview", "arc-runners-deploy");
        assertTrue(hub.ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation").stream()
                        .noneMatch(a -> runnerNamespaces.contains(a.inputs().get("namespace"))),
                "a job gets AWS credentials from its own GitHub token, never from the pod it lands on");
        for (String set : List.of(RunnerScaleSets.PREVIEW, RunnerScaleSets.DEPLOY)) {
            Map<String, Object> spec = at(values(release(set)), "template.spec");
            assertNull(spec.get("serviceAccountName"), "the chart's permission-less service account");
            assertEquals(false, spec.get("automountServiceAccountToken"), "and not even its token");
        }
        var launchTemplate = named(hub, "aws:ec2/launchTemplate:LaunchTemplate", "mgmt-nodes-lt");
        assertEquals(1L, at(launchTemplate.inputs(), "metadataOptions").get("httpPutResponseHopLimit"),
                "pods cannot reach the node role through IMDSv2");
    }

    // ---- what a job on a runner can reach ----

    /** A list value of the plan, or none where it is unset. */
    private static List<Object> items(Object value) {
        return value == null ? List.of() : list(value);
    }

    /** A map value of the plan, or an empty one where it is unset. */
    private static Map<String, Object> fields(Object value) {
        return value == null ? Map.of() : map(value);
    }

    /** Whether the runner namespace's policies let a pod send TCP to {@code ip}:{@code port} (default deny, then allows). */
    private boolean egressAllowed(String namespace, String ip, int port) {
        var target = com.kyeol.platform.config.Cidr.parse(ip + "/32").orElseThrow();
        for (var policy : hub.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")) {
            if (!namespace.equals(at(policy.inputs(), "metadata").get("namespace"))) {
                continue;
            }
            for (Object rule : items(at(policy.inputs(), "spec").get("egress"))) {
                List<Object> ports = items(map(rule).get("ports"));
                boolean portOk = ports.isEmpty() || ports.stream().anyMatch(p -> "TCP".equals(map(p).get("protocol"))
                        && ((Number) map(p).get("port")).intValue() == port);
                for (Object peer : items(map(rule).get("to"))) {
                    Map<String, Object> block = fields(map(peer).get("ipBlock"));
                    if (block.isEmpty() || !portOk) {
                        continue;
                    }
                    boolean inside = com.kyeol.platform.config.Cidr.parse((String) block.get("cidr")).orElseThrow().contains(target);
                    boolean excepted = items(block.get("except")).stream()
                            .anyMatch(e -> com.kyeol.platform.config.Cidr.parse((String) e).orElseThrow().contains(target));
                    if (inside && !excepted) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void aJobReachesGithubAwsAndTheClusterApisButNotTheHubsOwnPods() {
        String vpc = TestPlans.settings("mgmt").network().vpcCidr().toString();
        String inVpc = vpc.substring(0, vpc.lastIndexOf('.')) + ".37";
        for (String set : List.of(RunnerScaleSets.PREVIEW, RunnerScaleSets.DEPLOY)) {
            String namespace = (String) release(set).inputs().get("namespace");
            var policies = hub.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").stream()
                    .filter(p -> namespace.equals(at(p.inputs(), "metadata").get("namespace"))).toList();
            var deny = policies.stream().filter(p -> "default-deny".equals(at(p.inputs(), "metadata").get("name"))).findFirst().orElseThrow();
            assertEquals(Map.of(), at(deny.inputs(), "spec.podSelector"), "every pod of the namespace");
            assertEquals(List.of("Ingress", "Egress"), at(deny.inputs(), "spec").get("policyTypes"));
            assertTrue(policies.stream().allMatch(p -> items(at(p.inputs(), "spec").get("ingress")).isEmpty()), "nothing may connect to a runner");
            assertTrue(egressAllowed(namespace, "140.82.112.3", 443), "GitHub");
            assertTrue(egressAllowed(namespace, "203.0.113.10", 443), "a workload cluster's public endpoint, through the NAT");
            assertTrue(egressAllowed(namespace, inVpc, 443), "the hub's API on its private endpoint, the interface endpoints");
            assertFalse(egressAllowed(namespace, inVpc, 8080), "ArgoCD's server pods");
            assertFalse(egressAllowed(namespace, inVpc, 6379), "ArgoCD's Redis");
            assertTrue(policies.stream().anyMatch(p -> items(at(p.inputs(), "spec").get("egress")).stream().flatMap(r -> items(map(r).get("to")).stream())
                    .anyMatch(peer -> Map.of("k8s-app", "kube-dns").equals(fields(fields(map(peer).get("podSelector")).get("matchLabels"))))), "DNS");
            for (var policy : policies) {
                assertTrue(release(set).dependsOn().contains(policy.urn()), "runner pods start after " + policy.name());
            }
        }
        assertTrue(hub.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").stream()
                .noneMatch(p -> RunnerScaleSets.CONTROLLER_NAMESPACE.equals(at(p.inputs(), "metadata").get("namespace"))),
                "the controller and listeners are ours, not a job's");
    }

    // ---- the state backend, from the bootstrap's outputs ----

    private Set<String> grants(String policy) {
        return IamGrants.of((String) named(hub, "aws:iam/rolePolicy:RolePolicy", policy).inputs().get("policy")).stream()
                .map(IamGrants.Grant::toString).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void thePreviewIdentityReadsTheProjectsStateAndDecryptsAndWritesNothing() {
        String bucket = "arn:aws:s3:::" + ci.stateBucket();
        assertEquals(new TreeSet<>(Set.of(
                "Allow s3:listbucket on " + bucket,
                "Allow s3:getobject on " + bucket + "/.pulumi/meta.yaml",
                "Allow s3:getobject on " + bucket + "/.pulumi/*/kyeol-platform/*",
                "Allow kms:decrypt on " + ci.secretsKeyArn())), grants("mgmt-ci-preview-state"));
    }

    @Test
    void theDeployIdentityAlsoWritesAndDeletesTheProjectsStateAndEncryptsNewObjects() {
        String bucket = "arn:aws:s3:::" + ci.stateBucket();
        String state = bucket + "/.pulumi/*/kyeol-platform/*";
        assertEquals(new TreeSet<>(Set.of(
                "Allow s3:listbucket on " + bucket,
                "Allow s3:getobject on " + bucket + "/.pulumi/meta.yaml",
                "Allow s3:getobject on " + state,
                "Allow s3:putobject on " + state,
                "Allow s3:deleteobject on " + state,
                "Allow kms:decrypt on " + ci.secretsKeyArn(),
                "Allow kms:generatedatakey on " + ci.secretsKeyArn())), grants("mgmt-ci-deploy-state"));
    }

    @Test
    void theStatePoliciesBelongToTheirRolesAndFollowTheStackFile() {
        assertTrue(named(hub, "aws:iam/rolePolicy:RolePolicy", "mgmt-ci-preview-state").dependsOn()
                .contains(named(hub, "aws:iam/role:Role", "mgmt-ci-preview").urn()));
        assertTrue(named(hub, "aws:iam/rolePolicy:RolePolicy", "mgmt-ci-deploy-state").dependsOn()
                .contains(named(hub, "aws:iam/role:Role", "mgmt-ci-deploy").urn()));
        var other = new CiSettings("another-state-bucket", "arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef",
                List.of("mgmt"), 1, 1);
        String document = GithubActionsComponent.stateAccess(other, "someproject", true);
        assertTrue(document.contains("arn:aws:s3:::another-state-bucket/.pulumi/*/someproject/*"), document);
        assertTrue(document.contains(other.secretsKeyArn()), document);
        assertFalse(document.contains(ci.stateBucket()), document);
    }

    @Test
    void workloadStacksHaveNoRunnersOfTheirOwn() {
        for (String stack : TestStacks.stacks()) {
            if (TestPlans.settings(stack).hub().isEmpty()) {
                assertTrue(TestPlans.of(stack).ofType(RELEASE).stream().noneMatch(r -> String.valueOf(r.inputs().get("chart")).contains("gha-runner")),
                        stack);
            }
        }
    }
}
