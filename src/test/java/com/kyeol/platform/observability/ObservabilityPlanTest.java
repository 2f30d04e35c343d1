package com.kyeol.platform.observability;

import com.kyeol.platform.addons.ExternalSecrets;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.config.Tier;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.PlanAssertions.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the issue asks the plans to show: collectors everywhere, stores and Grafana on the hub, alerts per environment. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityPlanTest {

    static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    static final String RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";

    List<String> stacks() {
        return TestStacks.stacks();
    }

    List<String> workloads() {
        return TestStacks.stacks().stream().filter(s -> TestPlans.settings(s).role() == Role.WORKLOAD).toList();
    }

    static Plan hubPlan() {
        return TestPlans.of("mgmt");
    }

    static Map<String, Object> hubEndpoint() {
        return map(hubPlan().outputs().get("observability"));
    }

    static Map<String, Object> values(Plan plan, String release) {
        return map(named(plan, RELEASE, plan.stack() + "-" + release).inputs().get("values"));
    }

    static String alloyConfig(Plan plan, String release) {
        return (String) map(map(values(plan, release).get("alloy")).get("configMap")).get("content");
    }

    @Test
    void theHubExportsWhereToShipAndItsTier() {
        assertEquals("telemetry.msp-g1.click", hubEndpoint().get("telemetryHostname"));
        assertEquals("production", hubEndpoint().get("hubTier"));
        assertTrue(((String) hubEndpoint().get("certificateArn")).startsWith("arn:aws:acm:ap-northeast-3:"));
        assertEquals("https://grafana.msp-g1.click", hubPlan().outputs().get("grafanaUrl"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyWorkloadStackShipsMetricsAndLogsToTheHub(String stack) {
        Plan plan = TestPlans.of(stack);
        String host = (String) hubEndpoint().get("telemetryHostname");
        String write = "https://" + host + Telemetry.METRICS_WRITE_PATH;
        String push = "https://" + host + Telemetry.LOGS_PUSH_PATH;
        // Metrics: the cluster's Prometheus is an agent that keeps nothing and writes everything to the hub.
        Map<String, Object> prometheus = map(values(plan, Telemetry.PROMETHEUS_STACK).get("prometheus"));
        assertEquals(true, prometheus.get("agentMode"));
        assertEquals(List.of(Map.of("url", write)), map(prometheus.get("prometheusSpec")).get("remoteWrite"));
        // Logs and AWS metrics: both Alloy collectors push to the hub, labelled with this environment.
        String logs = alloyConfig(plan, Telemetry.ALLOY_LOGS);
        String cluster = alloyConfig(plan, Telemetry.ALLOY_CLUSTER);
        assertTrue(logs.contains("url = \"" + push + "\""), logs);
        assertTrue(cluster.contains("url = \"" + push + "\"") && cluster.contains("url = \"" + write + "\""), cluster);
        String labels = "{\"environment\" = \"" + stack + "\", \"tier\" = \"" + TestPlans.settings(stack).tier().configValue()
                + "\", \"cluster\" = \"kyeol-" + stack + "\"}";
        assertTrue(logs.contains("external_labels = " + labels) && cluster.contains("external_labels = " + labels));
        // Every series the agent scrapes carries the same labels (default scrape class).
        List<Object> relabelings = list(map(list(map(prometheus.get("prometheusSpec")).get("scrapeClasses")).get(0)).get("relabelings"));
        assertTrue(relabelings.contains(Map.of("action", "replace", "targetLabel", "environment", "replacement", stack)));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyWorkloadStackRoutesOnlyItsOwnNatAddressToItsTiersStoreOnTheHub(String stack) {
        Plan plan = TestPlans.of(stack);
        Tier tier = TestPlans.settings(stack).tier();
        PlannedResource route = named(plan, "kubernetes:networking.k8s.io/v1:Ingress", stack + "-telemetry-route");
        assertTrue(route.provider().startsWith(named(plan, "pulumi:providers:kubernetes", stack + "-hub-k8s").urn()), "on the hub");
        Map<String, Object> annotations = map(map(route.inputs().get("metadata")).get("annotations"));
        String onlyFromHere = "[{\"field\":\"source-ip\",\"sourceIpConfig\":{\"values\":[\"" + plan.outputs().get("natPublicIp") + "/32\"]}}]";
        assertEquals(onlyFromHere, annotations.get("alb.ingress.kubernetes.io/conditions." + Telemetry.receiverService(tier)));
        assertEquals(onlyFromHere, annotations.get("alb.ingress.kubernetes.io/conditions." + Telemetry.LOKI));
        assertEquals(hubEndpoint().get("certificateArn"), annotations.get("alb.ingress.kubernetes.io/certificate-arn"));
        assertEquals("[{\"HTTPS\":443}]", annotations.get("alb.ingress.kubernetes.io/listen-ports"), "TLS only");
        assertEquals(ObservabilitySpoke.INGRESS_GROUP, annotations.get("alb.ingress.kubernetes.io/group.name"));
        Map<String, Object> rule = map(list(map(route.inputs().get("spec")).get("rules")).get(0));
        assertEquals(hubEndpoint().get("telemetryHostname"), rule.get("host"));
        Map<String, String> backends = list(map(rule.get("http")).get("paths")).stream().map(p -> map(p))
                .collect(Collectors.toMap(p -> (String) p.get("path"), p -> (String) map(map(p.get("backend")).get("service")).get("name")));
        assertEquals(Map.of(Telemetry.METRICS_WRITE_PATH, Telemetry.receiverService(tier), Telemetry.LOGS_PUSH_PATH, Telemetry.LOKI),
                backends, "only the write paths, nothing to query");
        // What the route points at exists on the hub: the tier's receiver Service and Loki.
        named(hubPlan(), "kubernetes:core/v1:Service", "mgmt-" + Telemetry.receiverService(tier));
        named(hubPlan(), RELEASE, "mgmt-loki");
        // The group's settings agree with the hub's Ingress that owns the group (the controller refuses a group whose
        // members disagree).
        Map<String, Object> anchor = map(map(named(hubPlan(), "kubernetes:networking.k8s.io/v1:Ingress", "mgmt-telemetry-endpoint")
                .inputs().get("metadata")).get("annotations"));
        annotations.forEach((key, value) -> {
            if (!key.startsWith("alb.ingress.kubernetes.io/conditions.")) {
                assertEquals(anchor.get(key), value, key);
            }
        });
    }

    @Test
    void theHubOwnsTheTelemetryLoadBalancerWithADefault404() {
        Plan hub = hubPlan();
        PlannedResource anchor = named(hub, "kubernetes:networking.k8s.io/v1:Ingress", "mgmt-telemetry-endpoint");
        assertTrue(anchor.provider().startsWith(named(hub, "pulumi:providers:kubernetes", "mgmt-k8s").urn()), "on the hub's own cluster");
        Map<String, Object> annotations = map(map(anchor.inputs().get("metadata")).get("annotations"));
        assertEquals(ObservabilitySpoke.INGRESS_GROUP, annotations.get("alb.ingress.kubernetes.io/group.name"));
        assertEquals(hubEndpoint().get("telemetryHostname"), annotations.get("external-dns.alpha.kubernetes.io/hostname"));
        assertEquals("{\"type\":\"fixed-response\",\"fixedResponseConfig\":{\"contentType\":\"text/plain\",\"statusCode\":\"404\",\"messageBody\":\"not found\"}}",
                annotations.get("alb.ingress.kubernetes.io/actions.not-found"));
        Map<String, Object> spec = map(anchor.inputs().get("spec"));
        assertEquals(Map.of("service", Map.of("name", "not-found", "port", Map.of("name", "use-annotation"))), spec.get("defaultBackend"));
        assertFalse(spec.containsKey("rules"), "no route of its own: only the spokes' routes forward");
        assertTrue(anchor.dependsOn().contains(named(hub, RELEASE, "mgmt-aws-load-balancer-controller").urn()), "after the controller");
    }

    @Test
    void theHubKeepsEachTiersMetricsInItsOwnPrometheusWithThatTiersRetention() {
        Plan hub = hubPlan();
        StackSettings settings = TestPlans.settings("mgmt");
        var retention = settings.observability().hub().orElseThrow().retention();
        Map<String, Object> main = map(map(values(hub, Telemetry.PROMETHEUS_STACK).get("prometheus")).get("prometheusSpec"));
        assertEquals(true, main.get("enableRemoteWriteReceiver"));
        assertEquals(retention.get(settings.tier()).metricsDays() + "d", main.get("retention"));
        for (Tier tier : Tier.values()) {
            if (tier == settings.tier()) {
                continue;
            }
            Map<String, Object> spec = map(named(hub, "kubernetes:monitoring.coreos.com/v1:Prometheus",
                    "mgmt-" + Receivers.name(tier)).inputs().get("spec"));
            assertEquals(retention.get(tier).metricsDays() + "d", spec.get("retention"), tier.toString());
            assertEquals(true, spec.get("enableRemoteWriteReceiver"));
            assertEquals(Map.of("matchLabels", Map.of(Telemetry.RULES_FOR, tier.configValue())), spec.get("ruleSelector"));
        }
        Map<String, Object> loki = map(values(hub, Telemetry.LOKI).get("loki"));
        List<Object> streams = list(map(loki.get("limits_config")).get("retention_stream"));
        for (Tier tier : Tier.values()) {
            assertTrue(streams.contains(Map.of("selector", "{tier=\"" + tier.configValue() + "\"}", "priority", 1L,
                    "period", retention.get(tier).logsDays() * 24 + "h")), tier.toString());
        }
        assertEquals(Map.of("retention_enabled", true, "delete_request_store", "s3", "working_directory", "/var/loki/compactor"),
                loki.get("compactor"));
    }

    @Test
    void lokiIsMonolithicWithSchemaV13TsdbOnItsOwnBucketThroughPodIdentity() {
        Plan hub = hubPlan();
        Map<String, Object> values = values(hub, Telemetry.LOKI);
        assertEquals("Monolithic", values.get("deploymentMode"));
        Map<String, Object> schema = map(list(map(map(values.get("loki")).get("schemaConfig")).get("configs")).get(0));
        assertEquals("v13", schema.get("schema"));
        assertEquals("tsdb", schema.get("store"));
        assertEquals("s3", schema.get("object_store"));
        String bucket = (String) hub.outputs().get("logBucket");
        assertEquals(Map.of("chunks", bucket, "ruler", bucket), map(map(map(values.get("loki")).get("storage")).get("bucketNames")));
        var association = named(hub, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "mgmt-loki-pod-identity");
        assertEquals(Telemetry.NAMESPACE, association.inputs().get("namespace"));
        assertEquals(map(values.get("serviceAccount")).get("name"), association.inputs().get("serviceAccount"));
        String policy = (String) named(hub, "aws:iam/policy:Policy", "mgmt-loki-policy").inputs().get("policy");
        assertTrue(policy.contains("arn:aws:s3:::" + bucket + "/*") && !policy.contains("\"*\""), policy);
        assertEquals(Map.of("region", "ap-northeast-3"), map(map(map(values.get("loki")).get("storage")).get("s3")),
                "no access keys: the pod's own identity");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyListedAlertExistsForEveryEnvironmentWithItsTiersSeverity(String stack) {
        Plan plan = TestPlans.of(stack);
        StackSettings settings = TestPlans.settings(stack);
        // The rule, written out here rather than read from the code under test: production pages, the rest does not.
        String severity = Map.of(Tier.PRODUCTION, "critical", Tier.STAGING, "warning", Tier.DEVELOPMENT, "info").get(settings.tier());
        Map<String, String> found = new HashMap<>();
        for (PlannedResource rules : plan.ofType(RULE)) {
            Map<String, Object> metadata = map(rules.inputs().get("metadata"));
            for (Object group : list(map(rules.inputs().get("spec")).get("groups"))) {
                for (Object r : list(map(group).get("rules"))) {
                    Map<String, Object> labels = map(map(r).get("labels"));
                    if (!stack.equals(labels.get("environment"))) {
                        continue;
                    }
                    String alert = (String) map(r).get("alert");
                    found.put(alert, (String) labels.get("severity"));
                    assertEquals(settings.tier().configValue(), labels.get("tier"), alert);
                    assertTrue(((String) map(r).get("expr")).contains("environment=\"" + stack + "\"")
                            || ((String) map(r).get("expr")).contains("saleor-" + stack)
                            || settings.role() == Role.HUB, alert + " selects another environment's data");
                    // Evaluated by the Prometheus that holds its data: ArgoCD's on the hub, the rest in the tier's receiver.
                    String evaluatedBy = (String) map(metadata.get("labels")).get(Telemetry.RULES_FOR);
                    assertEquals(alert.startsWith("KyeolArgoCD") ? "production" : settings.tier().configValue(), evaluatedBy, alert);
                }
            }
        }
        List<Alert> required = settings.role() == Role.HUB ? Alert.forHub() : Alert.forWorkload();
        for (Alert alert : required) {
            assertEquals(severity, found.get(alert.alertName()), alert.alertName() + " in " + stack);
        }
    }

    @Test
    void productionPagesByEmailAndSlackWhileStagingAndDevelopmentOnlyNotifySlack() {
        Map<String, Object> alertmanager = map(values(hubPlan(), Telemetry.PROMETHEUS_STACK).get("alertmanager"));
        Map<String, Object> config = map(alertmanager.get("config"));
        Map<String, String> receiverBySeverity = list(map(config.get("route")).get("routes")).stream().map(r -> map(r))
                .collect(Collectors.toMap(r -> (String) list(r.get("matchers")).get(0), r -> (String) r.get("receiver")));
        Map<String, Map<String, Object>> receivers = list(config.get("receivers")).stream().map(r -> map(r))
                .collect(Collectors.toMap(r -> (String) r.get("name"), r -> r));
        Map<String, Object> page = receivers.get(receiverBySeverity.get("severity=\"critical\""));
        assertTrue(page.containsKey("sns_configs") && page.containsKey("slack_configs"), "production pages: e-mail and Slack");
        for (String quiet : List.of("severity=\"warning\"", "severity=\"info\"")) {
            Map<String, Object> receiver = receivers.get(receiverBySeverity.get(quiet));
            assertFalse(receiver.containsKey("sns_configs"), quiet + " must not page");
            assertTrue(receiver.containsKey("slack_configs"), quiet);
        }
        String topic = (String) hubPlan().outputs().get("alertTopicArn");
        assertEquals(topic, map(list(page.get("sns_configs")).get(0)).get("topic_arn"));
        assertEquals(List.of(), config.get("inhibit_rules"), "no environment's alert silences another's");
    }

    @Test
    void theSlackWebhookComesFromSecretsManagerThroughExternalSecretsIntoAFileAlertmanagerReads() {
        Plan hub = hubPlan();
        Map<String, Object> alertmanager = map(values(hub, Telemetry.PROMETHEUS_STACK).get("alertmanager"));
        assertEquals(List.of(AlertRouting.SLACK_SECRET), map(alertmanager.get("alertmanagerSpec")).get("secrets"));
        for (Object receiver : list(map(alertmanager.get("config")).get("receivers"))) {
            for (Object slack : list(map(receiver).get("slack_configs"))) {
                assertEquals("/etc/alertmanager/secrets/" + AlertRouting.SLACK_SECRET + "/" + AlertRouting.SLACK_SECRET_KEY,
                        map(slack).get("api_url_file"));
                assertFalse(map(slack).containsKey("api_url"), "never the URL itself");
            }
        }
        String secretArn = (String) hub.outputs().get("slackWebhookSecretArn");
        var external = named(hub, "kubernetes:external-secrets.io/v1:ExternalSecret", "mgmt-alertmanager-slack");
        Map<String, Object> spec = map(external.inputs().get("spec"));
        assertEquals(Map.of("kind", "ClusterSecretStore", "name", ExternalSecrets.STORE), spec.get("secretStoreRef"));
        assertEquals(Map.of("secretKey", AlertRouting.SLACK_SECRET_KEY, "remoteRef", Map.of("key", secretArn, "property", "webhookUrl")),
                list(spec.get("data")).get(0));
        // The hub's External Secrets may read exactly that secret (and decrypt its key through Secrets Manager only).
        String policy = (String) named(hub, "aws:iam/policy:Policy", "mgmt-external-secrets-policy").inputs().get("policy");
        assertTrue(policy.contains(secretArn) && policy.contains("kms:ViaService"), policy);
        // Pulumi writes only an empty first value and never overwrites the operator's.
        var initial = named(hub, "aws:secretsmanager/secretVersion:SecretVersion", "mgmt-slack-webhook-initial");
        assertEquals("[secret]", initial.inputs().get("secretString"));
    }

    @Test
    void grafanaIsReachableLikeArgoCdAndItsAdminPasswordExistsOnlyInTheCluster() {
        Plan hub = hubPlan();
        Map<String, Object> values = values(hub, Telemetry.GRAFANA);
        Map<String, Object> ingress = map(values.get("ingress"));
        Map<String, Object> annotations = map(ingress.get("annotations"));
        assertEquals(List.of("grafana.msp-g1.click"), ingress.get("hosts"));
        assertEquals("198.51.100.0/24", annotations.get("alb.ingress.kubernetes.io/inbound-cidrs"));
        assertEquals("grafana.msp-g1.click", annotations.get("external-dns.alpha.kubernetes.io/hostname"));
        assertEquals("[{\"HTTPS\":443}]", annotations.get("alb.ingress.kubernetes.io/listen-ports"));
        assertTrue(((String) annotations.get("alb.ingress.kubernetes.io/certificate-arn")).startsWith("arn:aws:acm:"));
        assertEquals(GrafanaValues.ADMIN_SECRET, map(values.get("admin")).get("existingSecret"));
        assertFalse(values.containsKey("adminPassword"));
        var generated = named(hub, "kubernetes:external-secrets.io/v1:ExternalSecret", "mgmt-grafana-admin");
        Map<String, Object> spec = map(generated.inputs().get("spec"));
        assertEquals("0s", spec.get("refreshInterval"), "generated once");
        assertEquals("Password", map(map(map(list(spec.get("dataFrom")).get(0)).get("sourceRef")).get("generatorRef")).get("kind"));
        // Data sources: a Prometheus per tier, Loki and Alertmanager.
        List<Object> sources = list(map(map(values.get("datasources")).get("datasources.yaml")).get("datasources"));
        assertEquals(Tier.values().length + 2, sources.size());
    }

    @Test
    void everyDashboardIsAConfigMapTheSidecarLoadsAndSelectsTheEnvironment() {
        Plan hub = hubPlan();
        Set<String> uids = new HashSet<>();
        for (Dashboard dashboard : Dashboards.all()) {
            var configMap = named(hub, "kubernetes:core/v1:ConfigMap", "mgmt-dashboard-" + dashboard.uid());
            assertEquals(Map.of(GrafanaValues.DASHBOARD_LABEL, "1"), map(map(configMap.inputs().get("metadata"))).get("labels"));
            String json = (String) map(configMap.inputs().get("data")).get(dashboard.uid() + ".json");
            assertTrue(json.contains("\"uid\":\"" + dashboard.uid() + "\""));
            assertTrue(uids.add(dashboard.uid()), "unique uid");
            for (Object panel : list(dashboard.model().get("panels"))) {
                for (Object target : list(map(panel).get("targets"))) {
                    String expr = (String) map(target).get("expr");
                    assertTrue(expr.contains("$environment") || map(panel).get("title").toString().contains("(hub)"),
                            dashboard.uid() + ": " + expr);
                }
            }
        }
        assertTrue(uids.containsAll(Set.of("kyeol-cluster", "kyeol-saleor", "kyeol-rds", "kyeol-valkey", "kyeol-edge")));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void crdObjectsWaitForTheReleaseThatInstallsTheirCrdOnTheSameCluster(String stack) {
        Plan plan = TestPlans.of(stack);
        Map<String, PlannedResource> byUrn = plan.resources().stream().collect(Collectors.toMap(PlannedResource::urn, r -> r));
        Map<String, String> chartOfGroup = Map.of("monitoring.coreos.com", "kube-prometheus-stack",
                "external-secrets.io", "external-secrets", "generators.external-secrets.io", "external-secrets");
        for (PlannedResource r : plan.resources()) {
            String group = r.type().startsWith("kubernetes:") ? r.type().split(":")[1].split("/")[0] : "";
            if (!chartOfGroup.containsKey(group)) {
                continue;
            }
            String provider = r.provider().substring(0, r.provider().lastIndexOf("::"));
            if (provider.endsWith("-hub-k8s")) {
                // A spoke's objects on the hub: the hub stack (planned and deployed first) installed the CRD.
                assertEquals(Role.WORKLOAD, TestPlans.settings(stack).role());
                continue;
            }
            boolean waits = ancestors(r, byUrn).stream().anyMatch(a -> a.type().equals(RELEASE)
                    && chartOfGroup.get(group).equals(a.inputs().get("chart")) && a.provider().equals(r.provider()));
            assertTrue(waits, r.urn() + " does not wait for " + chartOfGroup.get(group));
        }
    }

    private static Set<PlannedResource> ancestors(PlannedResource r, Map<String, PlannedResource> byUrn) {
        Set<PlannedResource> seen = new HashSet<>();
        var queue = new ArrayDeque<>(r.dependsOn());
        while (!queue.isEmpty()) {
            PlannedResource next = byUrn.get(queue.pop());
            if (next != null && seen.add(next)) {
                queue.addAll(next.dependsOn());
            }
        }
        return seen;
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void bothAlloyConfigurationsAreWellFormed(String stack) {
        Plan plan = TestPlans.of(stack);
        for (String release : List.of(Telemetry.ALLOY_LOGS, Telemetry.ALLOY_CLUSTER)) {
            assertEquals(List.of(), AlloySyntax.problems(alloyConfig(plan, release)), stack + " " + release);
        }
    }

    @Test
    void theAlloyCheckCatchesABrokenConfiguration() {
        String good = AlloyConfig.logs(Map.of("environment", "x"), "https://h/loki/api/v1/push");
        assertEquals(List.of(), AlloySyntax.problems(good));
        assertEquals(List.of("1 unclosed brace(s) or bracket(s)"), AlloySyntax.problems(good.substring(0, good.lastIndexOf('}'))));
        assertEquals(List.of("refers to loki.write.elsewhere which is not declared"),
                AlloySyntax.problems(good.replace("[loki.write.hub.receiver]", "[loki.write.elsewhere.receiver]")));
        assertEquals(List.of("unknown component loki.source.podlog"),
                AlloySyntax.problems(good.replace("loki.source.file \"pods\"", "loki.source.podlog \"pods\"")
                        .replace("loki.source.file.pods", "loki.source.podlog.pods")));
        assertTrue(AlloySyntax.problems("a.b \"c\" {\n  x = \"}}}\"\n}").contains("unknown component a.b"), "braces in strings do not count");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void theClusterCollectorMayOnlyReadCloudWatchAndFindResourcesByTag(String stack) {
        Plan plan = TestPlans.of(stack);
        String policy = (String) named(plan, "aws:iam/policy:Policy", stack + "-alloy-cluster-policy").inputs().get("policy");
        assertEquals(ClusterTelemetry.collectorPolicy(TestPlans.settings(stack).observability().traces()), policy);
        assertFalse(policy.contains("xray"), "traces are off in the stack files");
        var association = named(plan, "aws:eks/podIdentityAssociation:PodIdentityAssociation", stack + "-alloy-cluster-pod-identity");
        assertEquals(Telemetry.ALLOY_CLUSTER, association.inputs().get("serviceAccount"));
        assertEquals(Telemetry.ALLOY_CLUSTER, map(values(plan, Telemetry.ALLOY_CLUSTER).get("serviceAccount")).get("name"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void withTracesOffSaleorExportsNothing(String stack) {
        Map<String, Object> facts = map(named(TestPlans.of(stack), "kubernetes:core/v1:ConfigMap", stack + "-platform-facts").inputs().get("data"));
        assertEquals("none", facts.get("OTEL_TRACES_EXPORTER"));
        assertEquals("none", facts.get("OTEL_METRICS_EXPORTER"));
        assertFalse(alloyConfig(TestPlans.of(stack), Telemetry.ALLOY_CLUSTER).contains("otelcol"));
    }
}
