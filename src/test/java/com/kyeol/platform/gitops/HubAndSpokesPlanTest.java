package com.kyeol.platform.gitops;

import com.google.gson.Gson;
import com.kyeol.platform.addons.HelmChart;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.data.Database;
import com.kyeol.platform.data.SaleorWorkload;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.PlanAssertions.named;
import static com.kyeol.platform.support.PlanAssertions.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub (ArgoCD, CI identities) and every workload's link to it, as the offline plans show them. */
class HubAndSpokesPlanTest {

    static List<String> workloads() {
        return TestStacks.stacks().stream().filter(s -> TestPlans.settings(s).role() == Role.WORKLOAD).toList();
    }

    private static Plan hub() {
        return TestPlans.of("mgmt");
    }

    private static Map<?, ?> json(Object text) {
        return new Gson().fromJson((String) text, Map.class);
    }

    @Test
    void everyOutputASpokeReadsIsOneTheHubExports() {
        for (String name : HubOutputs.READ_BY_SPOKES) {
            assertTrue(hub().outputs().containsKey(name), "the hub does not export " + name);
        }
        assertTrue(hub().secretOutputNames().stream().noneMatch(HubOutputs.READ_BY_SPOKES::contains), "spokes read no secrets");
    }

    @Test
    void argoCdRunsReplicatedOnTheHubBehindAnAlbWithTlsAndGrpc() {
        var release = named(hub(), "kubernetes:helm.sh/v3:Release", "mgmt-argocd");
        assertEquals(HelmChart.ARGO_CD.chart(), release.inputs().get("chart"));
        assertEquals(HelmChart.ARGO_CD.version(), release.inputs().get("version"));
        Map<String, Object> values = map(release.inputs().get("values"));
        for (String component : List.of("controller", "server", "repoServer", "applicationSet")) {
            Map<String, Object> c = map(values.get(component));
            assertTrue(((Number) c.get("replicas")).intValue() >= 2, component);
            assertEquals(true, map(c.get("pdb")).get("enabled"), component);
        }
        Map<String, Object> ingress = map(map(values.get("server")).get("ingress"));
        assertEquals("aws", ingress.get("controller"));
        assertEquals("alb", ingress.get("ingressClassName"));
        assertEquals("argocd.msp-g1.click", ingress.get("hostname"));
        assertEquals("GRPC", map(ingress.get("aws")).get("backendProtocolVersion"));
        Map<String, Object> annotations = map(ingress.get("annotations"));
        assertEquals("[{\"HTTPS\":443}]", annotations.get("alb.ingress.kubernetes.io/listen-ports"));
        assertTrue(((String) annotations.get("alb.ingress.kubernetes.io/certificate-arn")).startsWith("arn:aws:acm:"));
        assertFalse(((String) annotations.get("alb.ingress.kubernetes.io/inbound-cidrs")).contains("0.0.0.0/0"));
        assertEquals(Map.of("server.insecure", true), map(values.get("configs")).get("params"), "TLS ends at the ALB");
    }

    @Test
    void argoCdFitsTheHubAtItsMinimumSize() {
        // redis-ha (3 Redis + 3 HAProxy, hard anti-affinity by default in argo-cd 10.1.1) needs three nodes and nine pod
        // slots; ArgoCD uses Redis only as a cache it rebuilds, so the hub runs the chart's single Redis instead.
        Map<String, Object> values = map(named(hub(), "kubernetes:helm.sh/v3:Release", "mgmt-argocd").inputs().get("values"));
        var nodes = TestPlans.settings("mgmt").cluster().nodeGroup();
        boolean redisHa = Boolean.TRUE.equals(map(values.get("redis-ha")).get("enabled"));
        assertTrue(!redisHa || nodes.minSize() >= 3, "redis-ha's hard anti-affinity needs 3 nodes; the hub may shrink to " + nodes.minSize());
        assertEquals(Map.of("enabled", false), values.get("redis-ha"));
        assertEquals(Map.of("enabled", false), values.get("dex"), "no SSO configured: no Dex pod");
        assertEquals(Map.of("enabled", false), values.get("notifications"), "no notification configured: no controller");
    }

    @Test
    void noAdminCredentialsInPlainText() {
        var release = named(hub(), "kubernetes:helm.sh/v3:Release", "mgmt-argocd");
        Map<String, Object> configs = map(map(release.inputs().get("values")).get("configs"));
        assertEquals(Map.of("createSecret", false), configs.get("secret"), "no admin password in the Helm values");
        var secret = named(hub(), "kubernetes:core/v1:Secret", "mgmt-argocd-secret");
        assertEquals("[secret]", secret.inputs().get("stringData"), "the bcrypt hash reaches the cluster as a secret");
        assertTrue(release.dependsOn().contains(secret.urn()));
    }

    @Test
    void argoCdReachesSpokesThroughOneHubRoleHandedToItsControllersByPodIdentity() {
        var role = named(hub(), "aws:iam/role:Role", "mgmt-argocd-role");
        Map<?, ?> trust = (Map<?, ?>) ((List<?>) json(role.inputs().get("assumeRolePolicy")).get("Statement")).get(0);
        assertEquals(Map.of("Service", "pods.eks.amazonaws.com"), trust.get("Principal"));
        var policy = named(hub(), "aws:iam/policy:Policy", "mgmt-argocd-policy");
        Map<?, ?> statement = (Map<?, ?>) ((List<?>) json(policy.inputs().get("policy")).get("Statement")).get(0);
        assertEquals(List.of("sts:AssumeRole", "sts:TagSession"), statement.get("Action"));
        assertEquals(List.of("arn:aws:iam::111122223333:role/kyeol-*-argocd-spoke"), statement.get("Resource"));
        for (String sa : HubComponent.SPOKE_FACING_SERVICE_ACCOUNTS) {
            var association = named(hub(), "aws:eks/podIdentityAssociation:PodIdentityAssociation", "mgmt-" + sa + "-pod-identity");
            assertEquals("argocd", association.inputs().get("namespace"));
        }
    }

    @Test
    void githubActionsRolesAreScopedByRepositoryAndRefAndNeverAdmin() {
        var settings = TestPlans.settings("mgmt").hub().orElseThrow();
        var provider = one(hub(), "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        assertEquals("https://token.actions.githubusercontent.com", provider.inputs().get("url"));
        // One GitHub environment per stack file: never environment:*, which a pull request could satisfy by naming a
        // new environment (GitHub creates it, unprotected).
        List<String> environments = com.kyeol.platform.support.TestStacks.stacks().stream().sorted()
                .map(stack -> "repo:" + settings.githubRepository() + ":environment:" + stack).toList();
        // Image pushes: storefront.yml dispatched on the deploy branch, in no environment (a deploy job's token must not push).
        Map<String, List<String>> subjects = Map.of(
                "mgmt-ci-image-push", List.of("repo:" + settings.githubRepository() + ":ref:refs/heads/main"),
                "mgmt-ci-preview", List.of("repo:" + settings.githubRepository() + ":environment:pulumi-preview",
                        "repo:" + settings.githubRepository() + ":ref:refs/heads/main"),
                "mgmt-ci-deploy", environments);
        subjects.forEach((name, expected) -> {
            Map<?, ?> statement = (Map<?, ?>) ((List<?>) json(named(hub(), "aws:iam/role:Role", name).inputs()
                    .get("assumeRolePolicy")).get("Statement")).get(0);
            Map<?, ?> condition = (Map<?, ?>) statement.get("Condition");
            // Exact subjects only: no pattern operator, so no wildcard can widen the list.
            assertEquals(Map.of("StringEquals", Map.of("token.actions.githubusercontent.com:aud", "sts.amazonaws.com",
                    "token.actions.githubusercontent.com:sub", expected)), condition, name);
        });
        assertTrue(hub().ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").stream()
                .noneMatch(a -> String.valueOf(a.inputs().get("policyArn")).endsWith("/AdministratorAccess")));
        var push = named(hub(), "aws:iam/rolePolicy:RolePolicy", "mgmt-ci-image-push-ecr");
        assertTrue(((String) push.inputs().get("policy")).contains(":repository/kyeol/storefront"), "push only to our repositories");
        assertFalse(((String) push.inputs().get("policy")).contains(":repository/*"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theSpokeReferencesTheHubAndLetsItsArgoCdInByItsNatAddress(String stack) {
        Plan plan = TestPlans.of(stack);
        var reference = one(plan, "pulumi:pulumi:StackReference");
        assertEquals(TestPlans.settings(stack).spoke().orElseThrow().hubStack(), reference.inputs().get("name"));
        List<Object> cidrs = list(map(one(plan, "aws:eks/cluster:Cluster").inputs().get("vpcConfig")).get("publicAccessCidrs"));
        assertTrue(cidrs.contains(hub().outputs().get("natPublicIp") + "/32"), cidrs::toString);
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theSpokeRoleTrustsOnlyTheHubRoleAndIsClusterAdminThroughAnAccessEntry(String stack) {
        Plan plan = TestPlans.of(stack);
        var role = named(plan, "aws:iam/role:Role", stack + "-argocd-spoke");
        assertEquals("kyeol-" + stack + "-argocd-spoke", role.inputs().get("name"));
        Map<?, ?> trust = (Map<?, ?>) ((List<?>) json(role.inputs().get("assumeRolePolicy")).get("Statement")).get(0);
        assertEquals(Map.of("AWS", hub().outputs().get("argocdRoleArn")), trust.get("Principal"));
        var entry = named(plan, "aws:eks/accessEntry:AccessEntry", stack + "-argocd-spoke");
        assertEquals("kyeol-" + stack, entry.inputs().get("clusterName"));
        var association = named(plan, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", stack + "-argocd-spoke-cluster-admin");
        assertEquals("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", association.inputs().get("policyArn"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theClusterRegistersItselfInTheHubsArgoCd(String stack) {
        Plan plan = TestPlans.of(stack);
        String hubProvider = named(plan, "pulumi:providers:kubernetes", stack + "-hub-k8s").urn();
        var secret = named(plan, "kubernetes:core/v1:Secret", stack + "-argocd-cluster");
        assertTrue(secret.provider().startsWith(hubProvider + "::"));
        Map<String, Object> metadata = map(secret.inputs().get("metadata"));
        assertEquals("argocd", metadata.get("namespace"));
        assertEquals("cluster", map(metadata.get("labels")).get("argocd.argoproj.io/secret-type"));
        assertEquals(stack, map(metadata.get("labels")).get("environment"));
        Map<String, Object> annotations = map(metadata.get("annotations"));
        assertEquals(TestPlans.settings(stack).region(), annotations.get("aws_region"));
        assertEquals(plan.outputs().get("vpcId"), annotations.get("kyeol.io/vpc-id"));
        Map<?, ?> config = json(map(secret.inputs().get("stringData")).get("config"));
        assertEquals(Map.of("clusterName", "kyeol-" + stack, "roleARN", "arn:aws:iam::111122223333:role/kyeol-" + stack + "-argocd-spoke"),
                config.get("awsAuthConfig"));
        assertEquals(false, ((Map<?, ?>) config.get("tlsClientConfig")).get("insecure"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theApplicationGoesFirstOnTeardownAndSyncsThisEnvironmentsOverlay(String stack) {
        Plan plan = TestPlans.of(stack);
        var app = named(plan, "kubernetes:argoproj.io/v1alpha1:Application", stack + "-argocd-application");
        Map<String, Object> metadata = map(app.inputs().get("metadata"));
        assertEquals(List.of("resources-finalizer.argocd.argoproj.io"), metadata.get("finalizers"));
        for (String release : List.of("aws-load-balancer-controller", "external-dns")) {
            assertTrue(app.dependsOn().contains(named(plan, "kubernetes:helm.sh/v3:Release", stack + "-" + release).urn()),
                    "deleted before the " + release);
        }
        Map<String, Object> spec = map(app.inputs().get("spec"));
        assertEquals("apps-" + stack, spec.get("project"));
        assertEquals(Map.of("name", "kyeol-" + stack, "namespace", "saleor"), spec.get("destination"));
        Map<String, Object> source = map(spec.get("source"));
        assertEquals("gitops/overlays/" + stack, source.get("path"));
        assertEquals(hub().outputs().get("gitopsRepoUrl"), source.get("repoURL"));
        Map<String, Object> kustomize = map(source.get("kustomize"));
        assertEquals(List.of("storefront=" + map(hub().outputs().get("ecrRepositoryUrls")).get("storefront")), kustomize.get("images"));
        assertEquals("[secret]", map(list(kustomize.get("patches")).get(0)).get("patch"), "the origin header value stays secret");
        assertEquals(Map.of("prune", true, "selfHeal", true), map(spec.get("syncPolicy")).get("automated"));

        var project = named(plan, "kubernetes:argoproj.io/v1alpha1:AppProject", stack + "-argocd-project");
        Map<String, Object> projectSpec = map(project.inputs().get("spec"));
        assertEquals(List.of(Map.of("name", "kyeol-" + stack, "namespace", "saleor")), projectSpec.get("destinations"));
        assertEquals(List.of(hub().outputs().get("gitopsRepoUrl")), projectSpec.get("sourceRepos"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void platformFactsSecretsAndTheDatabaseUrlReachTheAppNamespace(String stack) {
        Plan plan = TestPlans.of(stack);
        StackSettings settings = TestPlans.settings(stack);
        Map<String, Object> data = map(named(plan, "kubernetes:core/v1:ConfigMap", stack + "-platform-facts").inputs().get("data"));
        assertEquals("https://" + settings.domain().serviceHostname().orElseThrow() + "/", data.get("PUBLIC_URL"));
        assertEquals(plan.outputs().get("databaseHost"), data.get("DATABASE_HOST"));
        assertEquals(plan.outputs().get("cacheHost"), data.get("CACHE_HOST"));
        assertEquals(plan.outputs().get("mediaBucketName"), data.get("AWS_MEDIA_BUCKET_NAME"));
        assertTrue(((String) data.get("ALLOWED_HOSTS")).contains(settings.domain().originHostname().orElseThrow()));
        for (Object value : data.values()) {
            assertFalse(String.valueOf(value).contains("[secret]"), "no secret in the ConfigMap");
        }

        var eso = named(plan, "kubernetes:helm.sh/v3:Release", stack + "-external-secrets");
        assertEquals(HelmChart.EXTERNAL_SECRETS.version(), eso.inputs().get("version"));
        var esoPolicy = named(plan, "aws:iam/policy:Policy", stack + "-external-secrets-policy");
        Map<?, ?> statement = (Map<?, ?>) ((List<?>) json(esoPolicy.inputs().get("policy")).get("Statement")).get(0);
        assertEquals(Set.of(plan.outputs().get("saleorSecretArn"), plan.outputs().get("databaseMasterSecretArn")),
                Set.copyOf((List<?>) statement.get("Resource")), "exactly this environment's two secrets");
        var store = named(plan, "kubernetes:external-secrets.io/v1:ClusterSecretStore", stack + "-secret-store");
        assertEquals(Map.of("provider", Map.of("aws", Map.of("service", "SecretsManager", "region", settings.region()))),
                store.inputs().get("spec"));
        var databaseUrl = named(plan, "kubernetes:external-secrets.io/v1:ExternalSecret", stack + "-database-secret");
        String template = (String) map(map(map(databaseUrl.inputs().get("spec")).get("target")).get("template")).get("data").toString();
        assertTrue(template.contains("{{ .password | urlquery }}@" + plan.outputs().get("databaseHost")), template);
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theAppVerifiesThePostgresServerAgainstTheRdsCa(String stack) {
        // What the README promises: sslmode=verify-full with the RDS CA (the parameter group already refuses plain text).
        Plan plan = TestPlans.of(stack);
        var databaseUrl = named(plan, "kubernetes:external-secrets.io/v1:ExternalSecret", stack + "-database-secret");
        String url = (String) map(map(map(map(databaseUrl.inputs().get("spec")).get("target")).get("template")).get("data"))
                .get("DATABASE_URL");
        assertTrue(url.endsWith("?sslmode=verify-full&sslrootcert=" + SaleorWorkload.DATABASE_CA_FILE), url);
        assertEquals(Database.CA_CERTIFICATE, one(plan, "aws:rds/instance:Instance").inputs().get("caCertIdentifier"));
        Map<String, Object> facts = map(named(plan, "kubernetes:core/v1:ConfigMap", stack + "-platform-facts").inputs().get("data"));
        String region = TestPlans.settings(stack).region();
        assertEquals("https://truststore.pki.rds.amazonaws.com/" + region + "/" + region + "-bundle.pem",
                facts.get(SaleorWorkload.DATABASE_CA_BUNDLE_URL), "where the init container fetches the region's RDS CA bundle");
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void aRotatedDatabasePasswordReachesRunningPodsWithinMinutes(String stack) {
        // RDS rotates its managed master secret (7 days by default); Saleor reads DATABASE_URL once at start.
        Plan plan = TestPlans.of(stack);
        var databaseUrl = named(plan, "kubernetes:external-secrets.io/v1:ExternalSecret", stack + "-database-secret");
        assertEquals("1m", map(databaseUrl.inputs().get("spec")).get("refreshInterval"), "ESO re-reads the rotated password every minute");

        var reloader = named(plan, "kubernetes:helm.sh/v3:Release", stack + "-reloader");
        assertEquals(HelmChart.RELOADER.chart(), reloader.inputs().get("chart"));
        assertEquals(HelmChart.RELOADER.version(), reloader.inputs().get("version"));
        Map<String, Object> values = map(map(reloader.inputs().get("values")).get("reloader"));
        assertEquals(false, values.get("watchGlobally"));
        assertEquals(List.of(SaleorWorkload.NAMESPACE), values.get("namespaces"), "Reloader sees the app namespace only");
        assertEquals("annotations", values.get("reloadStrategy"), "the env-var strategy would be reverted by ArgoCD's self-heal");
        assertTrue(reloader.dependsOn().contains(named(plan, "kubernetes:core/v1:Namespace", stack + "-app-namespace").urn()));

        var app = named(plan, "kubernetes:argoproj.io/v1alpha1:Application", stack + "-argocd-application");
        Map<String, Object> spec = map(app.inputs().get("spec"));
        assertEquals(List.of(Map.of("group", "apps", "kind", "Deployment",
                        "jsonPointers", List.of("/spec/template/metadata/annotations/reloader.stakater.com~1last-reloaded-from"))),
                spec.get("ignoreDifferences"), "ArgoCD ignores Reloader's restart mark");
        assertTrue(list(map(spec.get("syncPolicy")).get("syncOptions")).contains("RespectIgnoreDifferences=true"));
        assertTrue(app.dependsOn().contains(reloader.urn()), "Reloader watches before the first pods start");
    }

    @Test
    void theHubHasNoSpokeLinkAndSpokesNoHub() {
        assertTrue(hub().ofType("pulumi:pulumi:StackReference").isEmpty(), "the hub references no spoke: no cycle");
        assertTrue(hub().ofType("kyeol:gitops:Spoke").isEmpty());
        for (String stack : workloads()) {
            assertTrue(TestPlans.of(stack).ofType("kyeol:gitops:Hub").isEmpty(), stack);
            assertEquals(1, TestPlans.of(stack).ofType("kyeol:gitops:Spoke").size(), stack);
        }
    }

    @Test
    void inClusterObjectsOnTheHubAreOnlyTheRegistration() {
        for (String stack : workloads()) {
            Plan plan = TestPlans.of(stack);
            String hubProvider = named(plan, "pulumi:providers:kubernetes", stack + "-hub-k8s").urn();
            Set<String> onHub = Set.copyOf(plan.resources().stream().filter(r -> r.provider().startsWith(hubProvider + "::"))
                    .map(PlannedResource::name).toList());
            // The ArgoCD registration, and the environment's telemetry route and alert rules (ObservabilitySpoke).
            assertEquals(Set.of(stack + "-argocd-cluster", stack + "-argocd-project", stack + "-argocd-application",
                    stack + "-telemetry-route", stack + "-alert-rules", stack + "-argocd-alert-rules"), onHub);
        }
    }
}
