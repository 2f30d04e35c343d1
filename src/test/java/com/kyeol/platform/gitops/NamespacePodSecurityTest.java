package com.kyeol.platform.gitops;

import com.kyeol.platform.addons.ChartValues;
import com.kyeol.platform.addons.ExternalSecrets;
import com.kyeol.platform.addons.HelmChart;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.gitops.PodSecurityStandards.Level;
import com.kyeol.platform.observability.Telemetry;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;
import com.kyeol.platform.security.PodSecurity;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import com.kyeol.platform.support.YamlFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static com.kyeol.platform.gitops.PodSecurityStandards.map;
import static com.kyeol.platform.support.PlanAssertions.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pod Security Admission on every namespace of every plan: each one the platform creates carries the labels, no Helm
 * release creates one (it would carry none), and each chart installed into a namespace enforced at restricted meets
 * restricted with its own defaults (read from the chart version's values.yaml) merged with our values. General over
 * every plan, so a namespace or release another change adds is held to the same rule.
 */
class NamespacePodSecurityTest {

    private static final String NAMESPACE = "kubernetes:core/v1:Namespace";
    private static final String RELEASE = "kubernetes:helm.sh/v3:Release";

    /**
     * The container context prometheus-operator gives every container it makes for a Prometheus, PrometheusAgent or
     * Alertmanager object (prometheus, alertmanager, config-reloader, init-config-reloader): not a chart value, the
     * operator's code (prometheus-operator pkg/prometheus/server/statefulset.go, pkg/prometheus/agent/statefulset.go and
     * pkg/operator/config_reloader.go: read-only root, no privilege escalation, ALL capabilities dropped). The pod
     * context is the object's spec.securityContext, which the chart fills from its values.
     */
    static final Map<String, Object> OPERATOR_CONTAINER = Map.of("readOnlyRootFilesystem", true, "allowPrivilegeEscalation", false,
            "capabilities", Map.of("drop", List.of("ALL")));

    /**
     * Where each chart the platform installs outside kube-system sets its pods' security contexts, per component: the
     * pod-level values path (or null) and the container-level paths (main, sidecar and init containers), containers whose
     * context is fixed by an operator rather than a value, the values path of a namespace override (a component the
     * chart puts outside the release's namespace) and the values that must all be true for the component to exist. A
     * chart without a row fails {@link #everyChartInALabelledNamespaceRunsAtItsLevelWithItsDefaults}: add its row.
     */
    static final Map<String, List<Component>> SECURITY_CONTEXTS = Map.of(
            "external-secrets", List.of(
                    Component.of("controller", "podSecurityContext", "securityContext"),
                    Component.of("webhook", "webhook.podSecurityContext", "webhook.securityContext"),
                    Component.of("certController", "certController.podSecurityContext", "certController.securityContext")),
            // Actions Runner Controller: the controller Deployment; each scale set's listener pod (listenerTemplate, merged
            // into the pod the controller builds) and runner pods (template, a pod template the chart copies).
            "gha-runner-scale-set-controller", List.of(Component.of("controller", "podSecurityContext", "securityContext")),
            "gha-runner-scale-set", List.of(
                    Component.of("listener", "listenerTemplate.spec.securityContext", "listenerTemplate.spec.containers.0.securityContext"),
                    Component.of("runner", "template.spec.securityContext", "template.spec.containers.0.securityContext")),
            // Reloader: one Deployment; the chart leaves the container context empty, our values fill it in.
            "reloader", List.of(
                    Component.of("reloader", "reloader.deployment.securityContext", "reloader.deployment.containerSecurityContext")),
            // argo-cd: every component's pod context is global.securityContext, except Redis's and the Redis secret job's; the
            // copyutil init containers reuse their component's container context. Dex and notifications are off on the hub
            // but checked all the same (turning them on must not break the namespace).
            "argo-cd", List.of(
                    Component.of("controller", "global.securityContext", "controller.containerSecurityContext"),
                    Component.of("dex", "global.securityContext", "dex.containerSecurityContext"),
                    Component.of("server", "global.securityContext", "server.containerSecurityContext"),
                    Component.of("repoServer", "global.securityContext", "repoServer.containerSecurityContext"),
                    Component.of("applicationSet", "global.securityContext", "applicationSet.containerSecurityContext"),
                    Component.of("notifications", "global.securityContext", "notifications.containerSecurityContext"),
                    Component.of("redis", "redis.securityContext", "redis.containerSecurityContext"),
                    Component.of("redisSecretInit", "redisSecretInit.securityContext", "redisSecretInit.containerSecurityContext")),
            // kube-prometheus-stack: the operator's own Deployment, kube-state-metrics (a subchart: its contexts are our
            // values, the upstream folder has no values file of it), the pods the operator makes for the Prometheus (agent
            // on spokes) and Alertmanager objects, the admission webhook's certificate Jobs (off, checked all the same), and
            // node-exporter, which the chart puts in the namespace its namespaceOverride names.
            "kube-prometheus-stack", List.of(
                    Component.of("operator", "prometheusOperator.securityContext", "prometheusOperator.containerSecurityContext"),
                    Component.of("kube-state-metrics", "kube-state-metrics.securityContext", "kube-state-metrics.containerSecurityContext"),
                    Component.of("prometheus", "prometheus.prometheusSpec.securityContext").withOperatorContainers(3),
                    Component.of("alertmanager", "alertmanager.alertmanagerSpec.securityContext").withOperatorContainers(3),
                    Component.of("admission-webhook-jobs", "prometheusOperator.admissionWebhooks.patch.securityContext",
                            "prometheusOperator.admissionWebhooks.createSecretJob.securityContext",
                            "prometheusOperator.admissionWebhooks.patchWebhookJob.securityContext"),
                    Component.of("node-exporter", "prometheus-node-exporter.securityContext", "prometheus-node-exporter.containerSecurityContext")
                            .inNamespaceAt("prometheus-node-exporter.namespaceOverride")),
            // alloy: one pod per release, Alloy and its config reloader.
            "alloy", List.of(
                    Component.of("alloy", "global.podSecurityContext", "alloy.securityContext", "configReloader.securityContext")),
            // loki (Monolithic): the single binary and its rules sidecar (off), the gateway and the canary (off, checked all the same).
            "loki", List.of(
                    Component.of("singleBinary", "loki.podSecurityContext", "loki.containerSecurityContext", "sidecar.securityContext"),
                    Component.of("gateway", "gateway.podSecurityContext", "gateway.containerSecurityContext"),
                    Component.of("lokiCanary", "lokiCanary.podSecurityContext", "lokiCanary.containerSecurityContext")),
            // grafana: the server and its dashboard sidecar; the chown init container (root with CHOWN) exists only with
            // persistence, which the platform leaves off.
            "grafana", List.of(
                    Component.of("grafana", "securityContext", "containerSecurityContext", "sidecar.securityContext"),
                    Component.of("init-chown-data", "securityContext", "initChownData.securityContext")
                            .when("persistence.enabled", "initChownData.enabled")));

    /**
     * One pod of a chart: where its pod and container security contexts are in the values, how many containers have the
     * {@link #OPERATOR_CONTAINER} context, where a namespace override is (null: the release's namespace), and the values
     * that must all be true for it to be rendered.
     */
    record Component(String name, String podPath, List<String> containerPaths, int operatorContainers, String namespacePath,
                     List<String> when) {

        static Component of(String name, String podPath, String... containerPaths) {
            return new Component(name, podPath, List.of(containerPaths), 0, null, List.of());
        }

        Component withOperatorContainers(int count) {
            return new Component(name, podPath, containerPaths, count, namespacePath, when);
        }

        Component inNamespaceAt(String path) {
            return new Component(name, podPath, containerPaths, operatorContainers, path, when);
        }

        Component when(String... paths) {
            return new Component(name, podPath, containerPaths, operatorContainers, namespacePath, List.of(paths));
        }
    }

    static List<String> stacks() {
        return TestStacks.stacks();
    }

    private static List<PlannedResource> namespaces(Plan plan) {
        return plan.ofType(NAMESPACE);
    }

    private static Map<String, Object> metadata(PlannedResource r) {
        return map(r.inputs().get("metadata"));
    }

    private static Optional<PlannedResource> namespace(Plan plan, String name, String provider) {
        return namespaces(plan).stream().filter(n -> name.equals(metadata(n).get("name")) && n.provider().equals(provider)).findFirst();
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyNamespaceThePlatformCreatesIsEnforcedAndWarnsAndAuditsAtRestricted(String stack) {
        Plan plan = TestPlans.of(stack);
        assertFalse(namespaces(plan).isEmpty(), stack + " creates namespaces");
        for (var ns : namespaces(plan)) {
            Map<String, Object> labels = map(metadata(ns).get("labels"));
            String enforce = String.valueOf(labels.get(PodSecurity.ENFORCE));
            assertTrue(PodSecurity.Level.fromLabel(enforce).isPresent(), ns.name() + ": enforce is " + enforce);
            assertEquals("restricted", labels.get(PodSecurity.WARN), ns.name());
            assertEquals("restricted", labels.get(PodSecurity.AUDIT), ns.name());
            if (!"restricted".equals(enforce)) {
                Object reason = map(metadata(ns).get("annotations")).get(PodSecurity.REASON);
                assertTrue(reason instanceof String s && !s.isBlank(), ns.name() + " is enforced at " + enforce + " without saying why");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void noHelmReleaseCreatesANamespaceAndEachWaitsForTheOneItIsInstalledInto(String stack) {
        Plan plan = TestPlans.of(stack);
        for (var release : plan.ofType(RELEASE)) {
            assertNotEquals(true, release.inputs().get("createNamespace"),
                    release.name() + ": a namespace Helm creates carries no Pod Security labels; create it with PodSecurity");
            String namespace = String.valueOf(release.inputs().get("namespace"));
            if (namespace.equals("kube-system")) {
                continue;
            }
            var ns = namespace(plan, namespace, release.provider());
            assertTrue(ns.isPresent(), release.name() + " installs into " + namespace + ", which this plan does not create");
            assertTrue(dependsOnTransitively(plan, release, ns.get().urn()), release.name() + " waits for its namespace " + namespace);
        }
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void thePlatformsOwnNamespacesAreRestricted(String stack) {
        Plan plan = TestPlans.of(stack);
        List<String> expected = TestPlans.settings(stack).role() == Role.HUB
                ? List.of(HubComponent.NAMESPACE, ExternalSecrets.NAMESPACE, Telemetry.NAMESPACE)
                : List.of(SpokeComponent.APP_NAMESPACE, ExternalSecrets.NAMESPACE, SpokeComponent.RELOADER_NAMESPACE, Telemetry.NAMESPACE);
        for (String name : expected) {
            var ns = namespaces(plan).stream().filter(n -> name.equals(metadata(n).get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(stack + " has no namespace " + name));
            assertEquals(PodSecurity.labels(PodSecurity.Level.RESTRICTED), metadata(ns).get("labels"), name);
        }
        if (TestPlans.settings(stack).role() == Role.WORKLOAD) {
            var app = named(plan, "kubernetes:argoproj.io/v1alpha1:Application", stack + "-argocd-application");
            assertEquals(SpokeComponent.APP_NAMESPACE, map(map(app.inputs().get("spec")).get("destination")).get("namespace"),
                    "the Application deploys into the restricted namespace");
        }
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyChartInALabelledNamespaceRunsAtItsLevelWithItsDefaults(String stack) {
        Plan plan = TestPlans.of(stack);
        int checked = 0;
        for (var release : plan.ofType(RELEASE)) {
            String namespace = String.valueOf(release.inputs().get("namespace"));
            if (namespace(plan, namespace, release.provider()).isEmpty()) {
                continue;
            }
            Optional<Level> level = level(plan, namespace, release.provider());
            String chart = ChartValues.chartName(String.valueOf(release.inputs().get("chart")));
            if (level.isEmpty() && !SECURITY_CONTEXTS.containsKey(chart)) {
                continue;
            }
            assertTrue(SECURITY_CONTEXTS.containsKey(chart), () -> chart + " (" + release.name() + ") runs in " + namespace + " at "
                    + level.orElseThrow() + ": give it a row in SECURITY_CONTEXTS");
            // A component the chart puts into another namespace is held to that namespace's level (it must exist in the plan).
            Function<String, Optional<Level>> levelOf = override -> {
                assertTrue(namespace(plan, override, release.provider()).isPresent(),
                        release.name() + " puts a component into namespace " + override + ", which this plan does not create");
                return level(plan, override, release.provider());
            };
            assertEquals(List.of(), chartViolations(chart, String.valueOf(release.inputs().get("version")),
                    map(release.inputs().get("values")), level, levelOf), stack + " " + release.name() + " in " + namespace);
            checked++;
        }
        assertTrue(checked > 0, stack + " installs a chart outside kube-system");
    }

    /** The level a labelled namespace enforces; empty when privileged (nothing to check). */
    private static Optional<Level> level(Plan plan, String namespace, String provider) {
        var ns = namespace(plan, namespace, provider).orElseThrow();
        String enforce = String.valueOf(map(metadata(ns).get("labels")).get(PodSecurity.ENFORCE));
        return switch (enforce) {
            case "restricted" -> Optional.of(Level.RESTRICTED);
            case "baseline" -> Optional.of(Level.BASELINE);
            default -> Optional.empty();
        };
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void theTelemetryRunsRestrictedButForTheNodeAgentsWhichReadTheHost(String stack) {
        Plan plan = TestPlans.of(stack);
        var collectors = namespaces(plan).stream().filter(n -> Telemetry.NAMESPACE.equals(metadata(n).get("name"))).findFirst().orElseThrow();
        assertEquals(PodSecurity.labels(PodSecurity.Level.RESTRICTED), metadata(collectors).get("labels"));
        var nodes = namespaces(plan).stream().filter(n -> Telemetry.NODE_NAMESPACE.equals(metadata(n).get("name"))).findFirst().orElseThrow();
        assertEquals(PodSecurity.labels(PodSecurity.Level.PRIVILEGED), metadata(nodes).get("labels"));
        String reason = String.valueOf(map(metadata(nodes).get("annotations")).get(PodSecurity.REASON));
        assertTrue(reason.contains("node-exporter") && reason.contains("alloy-logs"), reason);

        // What runs in the privileged namespace: node-exporter (by kube-prometheus-stack's override) and the log collector,
        // which mounts the host's /var/log; no other release, no other component.
        List<String> releasesThere = plan.ofType(RELEASE).stream()
                .filter(r -> Telemetry.NODE_NAMESPACE.equals(r.inputs().get("namespace"))).map(r -> String.valueOf(r.inputs().get("name"))).toList();
        assertEquals(List.of(Telemetry.ALLOY_LOGS), releasesThere);
        var logs = plan.ofType(RELEASE).stream().filter(r -> Telemetry.ALLOY_LOGS.equals(r.inputs().get("name"))).findFirst().orElseThrow();
        assertEquals(true, map(map(map(logs.inputs().get("values")).get("alloy")).get("mounts")).get("varlog"), "it reads the host's /var/log");
        var stackRelease = plan.ofType(RELEASE).stream().filter(r -> Telemetry.PROMETHEUS_STACK.equals(r.inputs().get("name"))).findFirst().orElseThrow();
        Map<String, Object> values = map(stackRelease.inputs().get("values"));
        List<String> overridden = new ArrayList<>();
        for (var component : SECURITY_CONTEXTS.get("kube-prometheus-stack")) {
            if (component.namespacePath() != null && Telemetry.NODE_NAMESPACE.equals(YamlFiles.at(values, component.namespacePath()))) {
                overridden.add(component.name());
            }
        }
        assertEquals(List.of("node-exporter"), overridden);
        for (String other : List.of("kube-state-metrics", "prometheus-node-exporter")) {
            assertTrue(map(values.get(other)).containsKey("namespaceOverride") == other.equals("prometheus-node-exporter"), other);
        }
    }

    private static boolean dependsOnTransitively(Plan plan, PlannedResource from, String urn) {
        Map<String, PlannedResource> byUrn = new LinkedHashMap<>();
        plan.resources().forEach(r -> byUrn.put(r.urn(), r));
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(from.dependsOn());
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (next.equals(urn)) {
                return true;
            }
            if (seen.add(next) && byUrn.containsKey(next)) {
                todo.addAll(byUrn.get(next).dependsOn());
            }
        }
        return false;
    }

    /** What each component of {@code chart} would break at {@code level} with these values over the chart's defaults. */
    static List<String> chartViolations(String chart, String version, Map<String, Object> values, Level level) {
        return chartViolations(chart, version, values, Optional.of(level), override -> Optional.of(level));
    }

    /**
     * The same, each component held to the level of the namespace it runs in: the release's ({@code level}, empty when
     * privileged) or the one its namespace override names ({@code levelOf}).
     */
    static List<String> chartViolations(String chart, String version, Map<String, Object> values, Optional<Level> level,
                                        Function<String, Optional<Level>> levelOf) {
        Map<String, Object> merged = merged(defaults(chart, version), values);
        List<String> out = new ArrayList<>();
        for (var component : SECURITY_CONTEXTS.get(chart)) {
            if (!component.when().stream().allMatch(path -> Boolean.TRUE.equals(YamlFiles.at(merged, path)))) {
                continue;
            }
            Object override = component.namespacePath() == null ? null : YamlFiles.at(merged, component.namespacePath());
            Optional<Level> componentLevel = override instanceof String ns && !ns.isEmpty() ? levelOf.apply(ns) : level;
            if (componentLevel.isEmpty()) {
                continue;
            }
            List<Map<String, Object>> containers = new ArrayList<>();
            for (String path : component.containerPaths()) {
                containers.add(container(path, withoutEnabled(at(merged, path))));
            }
            for (int i = 0; i < component.operatorContainers(); i++) {
                containers.add(container("operator-made-" + i, OPERATOR_CONTAINER));
            }
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("securityContext", withoutEnabled(at(merged, component.podPath())));
            spec.put("containers", containers);
            PodSecurityStandards.check(componentLevel.get(), Map.of(), spec).forEach(v -> out.add(component.name() + ": " + v));
        }
        return out;
    }

    private static Map<String, Object> container(String name, Map<String, Object> securityContext) {
        var c = new LinkedHashMap<String, Object>();
        c.put("name", name);
        c.put("securityContext", securityContext);
        return c;
    }

    /** Kinds whose pods prometheus-operator makes: the pod context is the object's spec, the containers' the operator's. */
    private static final List<String> OPERATOR_KINDS = List.of("Prometheus", "PrometheusAgent", "Alertmanager");

    @ParameterizedTest
    @MethodSource("stacks")
    void podsTheOperatorMakesForThePlatformsOwnObjectsMeetTheirNamespace(String stack) {
        Plan plan = TestPlans.of(stack);
        int checked = 0;
        for (var object : plan.resources()) {
            if (!object.type().startsWith("kubernetes:monitoring.coreos.com/") || !OPERATOR_KINDS.contains(object.inputs().get("kind"))) {
                continue;
            }
            String namespace = String.valueOf(metadata(object).get("namespace"));
            assertTrue(namespace(plan, namespace, object.provider()).isPresent(), object.name() + " is in " + namespace + ", not created here");
            var level = level(plan, namespace, object.provider());
            if (level.isPresent()) {
                assertEquals(List.of(), operatorPodViolations(map(object.inputs().get("spec")), level.get()), stack + " " + object.name());
                checked++;
            }
        }
        // The hub's receivers (one Prometheus per tier it does not belong to); spokes have none.
        assertEquals(TestPlans.settings(stack).role() == Role.HUB, checked > 0, stack + ": " + checked + " operator objects checked");
    }

    @org.junit.jupiter.api.Test
    void aReceiverWithoutItsSeccompProfileOrAsRootIsCaught() {
        var receiver = TestPlans.of("mgmt").resources().stream().filter(r -> "Prometheus".equals(r.inputs().get("kind"))).findFirst().orElseThrow();
        Map<String, Object> spec = map(receiver.inputs().get("spec"));
        Map<String, Object> noSeccomp = new LinkedHashMap<>(map(spec.get("securityContext")));
        noSeccomp.remove("seccompProfile");
        Map<String, Object> broken = new LinkedHashMap<>(spec);
        broken.put("securityContext", noSeccomp);
        assertEquals(List.of("Seccomp"), controls(operatorPodViolations(broken, Level.RESTRICTED)));
        broken.put("securityContext", merged(map(spec.get("securityContext")), Map.of("runAsNonRoot", false)));
        assertEquals(List.of("Running as Non-root"), controls(operatorPodViolations(broken, Level.RESTRICTED)));
        assertEquals(List.of(), operatorPodViolations(broken, Level.BASELINE), "baseline does not ask for non-root");
    }

    /** What the pod the operator makes from a Prometheus or Alertmanager spec would break at {@code level}. */
    private static List<String> operatorPodViolations(Map<String, Object> spec, Level level) {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (String name : List.of("prometheus", "config-reloader", "init-config-reloader")) {
            containers.add(container(name, OPERATOR_CONTAINER));
        }
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("securityContext", map(spec.getOrDefault("securityContext", Map.of())));
        pod.put("containers", containers);
        return PodSecurityStandards.check(level, Map.of(), pod).stream().map(String::valueOf).toList();
    }

    /** The control names of violations written "control: where …". */
    private static List<String> controls(List<String> violations) {
        return violations.stream().map(v -> v.substring(0, v.indexOf(':'))).distinct().toList();
    }

    @org.junit.jupiter.api.Test
    void valuesThatWeakenAChartsSecurityContextAreCaught() {
        assertEquals(List.of("controller: Privilege Escalation: spec.containers[securityContext].securityContext.allowPrivilegeEscalation "
                        + "is true, must be false"),
                chartViolations("external-secrets", "2.9.0", Map.of("securityContext", Map.of("allowPrivilegeEscalation", true)),
                        Level.RESTRICTED));
        assertEquals(List.of("dex: Capabilities: spec.containers[dex.containerSecurityContext].securityContext.capabilities.drop is [], "
                        + "must include ALL"),
                chartViolations("argo-cd", "10.1.1", Map.of("dex", Map.of("containerSecurityContext", Map.of("capabilities",
                        Map.of("drop", List.of())))), Level.RESTRICTED));
        assertEquals(List.of(), chartViolations("argo-cd", "10.1.1", Map.of("dex", Map.of("containerSecurityContext", Map.of("capabilities",
                Map.of("drop", List.of())))), Level.BASELINE), "dropping nothing is still baseline");
    }

    /** The controls a chart's components break at restricted with these values, as "component: control". */
    private static List<String> brokenControls(String chart, Map<String, Object> values, Function<String, Optional<Level>> levelOf) {
        String version = switch (chart) {
            case "grafana" -> HelmChart.GRAFANA.version();
            case "alloy" -> HelmChart.ALLOY.version();
            case "kube-prometheus-stack" -> HelmChart.KUBE_PROMETHEUS_STACK.version();
            default -> throw new IllegalArgumentException(chart);
        };
        return chartViolations(chart, version, values, Optional.of(Level.RESTRICTED), levelOf).stream()
                .map(v -> v.substring(0, v.indexOf(':', v.indexOf(':') + 1))).distinct().toList();
    }

    @org.junit.jupiter.api.Test
    void theTelemetryChartsBreakRestrictedWithoutOurValuesAndByName() {
        Function<String, Optional<Level>> privileged = ns -> Optional.empty();
        // Grafana with persistence: the chown init container runs as root with CHOWN and DAC_OVERRIDE.
        assertEquals(List.of("init-chown-data: Privilege Escalation", "init-chown-data: Running as Non-root", "init-chown-data: Running as Non-root user",
                        "init-chown-data: Capabilities"),
                brokenControls("grafana", Map.of("persistence", Map.of("enabled", true)), privileged));
        assertEquals(List.of(), brokenControls("grafana", Map.of(), privileged), "without persistence it is not rendered");
        // Alloy with the chart's defaults runs as root with every default capability: ours makes it restricted.
        assertEquals(List.of("alloy: Privilege Escalation", "alloy: Running as Non-root", "alloy: Seccomp", "alloy: Capabilities"),
                brokenControls("alloy", Map.of(), privileged));
        assertEquals(List.of(), brokenControls("alloy", releaseValues("dev", Telemetry.ALLOY_CLUSTER), privileged));
        // kube-prometheus-stack with our values: node-exporter is in the privileged namespace, the rest meets restricted.
        Map<String, Object> stack = releaseValues("dev", Telemetry.PROMETHEUS_STACK);
        assertEquals(List.of(), brokenControls("kube-prometheus-stack", stack, privileged));
        // Without the override node-exporter stays in the release's restricted namespace, and fails it.
        Map<String, Object> inPlace = new LinkedHashMap<>(stack);
        inPlace.put("prometheus-node-exporter", Map.of("resources", map(map(stack.get("prometheus-node-exporter")).get("resources"))));
        List<String> broken = brokenControls("kube-prometheus-stack", inPlace, privileged);
        assertTrue(!broken.isEmpty() && broken.stream().allMatch(v -> v.startsWith("node-exporter: ")), broken.toString());
        // The pods the operator makes: their pod context is still a value, and can still be broken.
        Map<String, Object> rootPrometheus = new LinkedHashMap<>(stack);
        rootPrometheus.put("prometheus", merged(map(stack.get("prometheus")),
                Map.of("prometheusSpec", Map.of("securityContext", Map.of("runAsNonRoot", false)))));
        assertEquals(List.of("prometheus: Running as Non-root"), brokenControls("kube-prometheus-stack", rootPrometheus, privileged));
    }

    private static Map<String, Object> releaseValues(String stack, String release) {
        return map(TestPlans.of(stack).ofType(RELEASE).stream().filter(r -> release.equals(r.inputs().get("name"))).findFirst()
                .orElseThrow().inputs().get("values"));
    }

    /** A chart's {@code values.yaml} (the shared upstream folder; the test skips without it), parsed once per test JVM. */
    private static Map<String, Object> defaults(String chart, String version) {
        return map(ChartValues.upstreamDefaults(chart, version));
    }

    /** Helm's merge of a release's values over the chart's defaults: maps merge key by key, anything else replaces. */
    static Map<String, Object> merged(Map<String, Object> defaults, Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>(defaults);
        values.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> && out.get(k) instanceof Map<?, ?>
                ? merged(map(out.get(k)), map(v)) : v));
        return out;
    }

    /** {@code path} in the values (map keys, and list indexes such as {@code containers.0}); empty where it is unset. */
    private static Map<String, Object> at(Map<String, Object> values, String path) {
        Object current = values;
        for (String part : path.split("\\.")) {
            current = current instanceof List<?> l && part.matches("\\d+")
                    ? (Integer.parseInt(part) < l.size() ? l.get(Integer.parseInt(part)) : null)
                    : map(current).get(part);
        }
        return map(current);
    }

    /** The external-secrets chart's {@code enabled} switch inside a security context is the chart's, not Kubernetes'. */
    private static Map<String, Object> withoutEnabled(Map<String, Object> context) {
        Map<String, Object> copy = new LinkedHashMap<>(context);
        copy.remove("enabled");
        return copy;
    }
}
