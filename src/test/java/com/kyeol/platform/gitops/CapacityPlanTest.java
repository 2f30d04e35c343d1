package com.kyeol.platform.gitops;

import com.google.gson.Gson;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.PlanAssertions.named;
import static com.kyeol.platform.support.PlanAssertions.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each cluster schedules at its node group's minimum size, from the plan (Helm values, add-on configurations)
 * and the rendered GitOps overlay (the app at its HPA minimum, the migration Job): pods against the VPC CNI's pod
 * limit, CPU and memory requests against allocatable. Also keeps the capacity table of docs/capacity.md true.
 */
class CapacityPlanTest {

    /** One node type: pods with the VPC CNI (no prefix delegation), allocatable CPU (m) and memory (Mi). */
    record NodeType(int maxPods, int cpu, int memory) {
    }

    /**
     * t3.medium: 17 pods (3 ENIs × (6 − 1) + 2). CPU 2000m less EKS's kube-reserved 70m (6% of the first core, 1% of
     * the second). Memory: about 3,850 MiB visible to the kubelet, less kube-reserved 11 × 17 + 255 = 442 MiB and the
     * 100 MiB hard-eviction threshold, rounded down. Confirm with {@code kubectl describe node} (Allocatable).
     */
    static final Map<String, NodeType> NODE_TYPES = Map.of(
            "t3.medium", new NodeType(17, 1930, 3300),
            // t3.large: 35 pods (3 ENIs × (12 − 1) + 2); the same CPU; about 7,900 MiB visible, less 11 × 35 + 255 = 640 MiB
            // kube-reserved and the 100 MiB eviction threshold, rounded down.
            "t3.large", new NodeType(35, 1930, 7100));

    /** Pods, CPU (m) and memory (Mi) requested. */
    record Usage(int pods, int cpu, int memory) {
        Usage plus(Usage other) {
            return new Usage(pods + other.pods, cpu + other.cpu, memory + other.memory);
        }

        Usage times(int n) {
            return new Usage(pods * n, cpu * n, memory * n);
        }
    }

    /**
     * A chart component: where its replica count is (null: always one), where its resources are (one path per
     * container of the pod, joined by {@code +}), when it runs, and when it is a DaemonSet (one pod per node): always
     * ({@link #EVERY_NODE}) or when the value at a path is {@code daemonset}.
     */
    record Component(String name, String replicas, String resources, String enabled, boolean enabledByDefault, String daemonSet) {
        static final String EVERY_NODE = "*";

        Component(String name, String replicas, String resources, String enabled, boolean enabledByDefault) {
            this(name, replicas, resources, enabled, enabledByDefault, null);
        }

        static Component of(String name, String replicas, String resources) {
            return new Component(name, replicas, resources, null, true);
        }

        static Component perNode(String name, String resources) {
            return new Component(name, null, resources, null, true, EVERY_NODE);
        }
    }

    /** The config-reloader sidecar the Prometheus Operator adds to every Prometheus and Alertmanager pod it runs. */
    static final String CONFIG_RELOADER = "prometheusOperator.prometheusConfigReloader.resources";

    /** The workloads each chart the platform installs runs, and which values say how many and how big. */
    static final Map<String, List<Component>> CHARTS = charts(
            "aws-load-balancer-controller", List.of(Component.of("controller", "replicaCount", "resources")),
            "external-dns", List.of(Component.of("external-dns", null, "resources")),
            "metrics-server", List.of(Component.of("metrics-server", "replicas", "resources")),
            "cluster-autoscaler", List.of(Component.of("cluster-autoscaler", "replicaCount", "resources")),
            "external-secrets", List.of(Component.of("controller", "replicaCount", "resources"),
                    Component.of("webhook", "webhook.replicaCount", "webhook.resources"),
                    Component.of("cert-controller", "certController.replicaCount", "certController.resources")),
            "reloader", List.of(Component.of("reloader", "reloader.deployment.replicas", "reloader.deployment.resources")),
            "gha-runner-scale-set-controller", List.of(Component.of("controller", "replicaCount", "resources")),
            // The controller runs each scale set's pods: one listener, and minRunners runners at rest (one per running
            // job on top, up to maxRunners: whether those find nodes is proof-capacity's peak check).
            "gha-runner-scale-set", List.of(Component.of("listener", null, "listenerTemplate.spec.containers.0.resources"),
                    Component.of("runner", "minRunners", "template.spec.containers.0.resources")),
            "argo-cd", List.of(Component.of("application-controller", "controller.replicas", "controller.resources"),
                    Component.of("server", "server.replicas", "server.resources"),
                    Component.of("repo-server", "repoServer.replicas", "repoServer.resources"),
                    Component.of("applicationset-controller", "applicationSet.replicas", "applicationSet.resources"),
                    new Component("redis", null, "redis.resources", "redis.enabled", true),
                    // A Helm hook Job that writes the Redis password Secret on install and upgrade.
                    Component.of("redis-secret-init", null, "redisSecretInit.resources"),
                    new Component("dex", "dex.replicas", "dex.resources", "dex.enabled", true),
                    new Component("notifications", "notifications.replicas", "notifications.resources", "notifications.enabled", true),
                    // Its redis and haproxy pods are configured in a subchart whose keys we do not check: not counted.
                    new Component("redis-ha", null, "redis-ha.uncountable", "redis-ha.enabled", false)),
            // The operator runs the Prometheus and Alertmanager pods of its custom resources (with its config-reloader);
            // the receivers the hub adds as Prometheus objects are counted by atMinimum.
            "kube-prometheus-stack", List.of(Component.of("operator", null, "prometheusOperator.resources"),
                    Component.of("kube-state-metrics", null, "kube-state-metrics.resources"),
                    Component.perNode("node-exporter", "prometheus-node-exporter.resources"),
                    // One Prometheus (or agent): the platform never sets prometheusSpec.replicas.
                    new Component("prometheus", null, "prometheus.prometheusSpec.resources+" + CONFIG_RELOADER, "prometheus.enabled", true, null),
                    new Component("alertmanager", "alertmanager.alertmanagerSpec.replicas",
                            "alertmanager.alertmanagerSpec.resources+" + CONFIG_RELOADER, "alertmanager.enabled", true, null)),
            "alloy", List.of(new Component("alloy", "controller.replicas", "alloy.resources+configReloader.resources", null, true,
                    "controller.type")),
            "loki", List.of(Component.of("single-binary", "singleBinary.replicas", "singleBinary.resources")),
            "grafana", List.of(Component.of("grafana", "replicas", "resources+sidecar.resources")));

    /** Chart name, components, chart name, components, …: as many charts as the platform installs (Map.of stops at ten). */
    @SuppressWarnings("unchecked")
    private static Map<String, List<Component>> charts(Object... pairs) {
        Map<String, List<Component>> charts = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            charts.put((String) pairs[i], (List<Component>) pairs[i + 1]);
        }
        return Map.copyOf(charts);
    }

    /**
     * Requests of the managed add-ons that keep their defaults (their configuration schemas are not confirmed for
     * {@code resources}): aws-node 25m (vpc-cni chart), the Pod Identity agent none, EBS CSI 10m/40Mi per container
     * (aws-ebs-csi-driver chart: node pod 3 containers; controller pod at most 6, counted as 6).
     */
    static final Usage AWS_NODE = new Usage(1, 25, 0);
    static final Usage POD_IDENTITY_AGENT = new Usage(1, 0, 0);
    static final Usage EBS_CSI_NODE = new Usage(1, 30, 120);
    static final Usage EBS_CSI_CONTROLLER = new Usage(1, 60, 240);

    static List<String> stacks() {
        return TestStacks.stacks();
    }

    static int cpu(Object quantity) {
        String q = String.valueOf(quantity);
        return q.endsWith("m") ? Integer.parseInt(q.substring(0, q.length() - 1)) : (int) Math.round(Double.parseDouble(q) * 1000);
    }

    static int memory(Object quantity) {
        String q = String.valueOf(quantity);
        if (q.endsWith("Gi")) {
            return Integer.parseInt(q.substring(0, q.length() - 2)) * 1024;
        }
        if (q.endsWith("Mi")) {
            return Integer.parseInt(q.substring(0, q.length() - 2));
        }
        throw new AssertionError("memory request " + q + " is not in Mi or Gi");
    }

    /** {@code path} in the values: map keys, and list indexes ({@code containers.0}). */
    private static Object at(Map<String, Object> values, String path) {
        Object at = values;
        for (String key : path.split("\\.")) {
            if (at instanceof List<?> l && key.matches("\\d+") && Integer.parseInt(key) < l.size()) {
                at = l.get(Integer.parseInt(key));
            } else if (at instanceof Map<?, ?> m && m.containsKey(key)) {
                at = m.get(key);
            } else {
                return null;
            }
        }
        return at;
    }

    /** One pod with these resources: explicit CPU and memory requests, or the test fails naming it. */
    static Usage pod(Object resources, String what) {
        Object requests = resources instanceof Map<?, ?> r ? r.get("requests") : null;
        if (!(requests instanceof Map<?, ?> req) || req.get("cpu") == null || req.get("memory") == null) {
            throw new AssertionError(what + " has no explicit CPU and memory requests: " + resources);
        }
        return new Usage(1, cpu(req.get("cpu")), memory(req.get("memory")));
    }

    /** Every pod a Helm release runs on {@code nodes} nodes, from its values. */
    static Usage release(PlannedResource release, int nodes) {
        return release(release.name(), (String) release.inputs().get("chart"), map(release.inputs().get("values")), nodes);
    }

    static Usage release(String name, String chart, Map<String, Object> values) {
        return release(name, chart, values, 1);
    }

    static Usage release(String name, String chart, Map<String, Object> values, int nodes) {
        List<Component> components = CHARTS.get(com.kyeol.platform.addons.ChartValues.chartName(chart));
        if (components == null) {
            throw new AssertionError(chart + " has no entry in the capacity table: how many pods does it run?");
        }
        Usage total = new Usage(0, 0, 0);
        for (Component c : components) {
            boolean enabled = c.enabled() == null ? c.enabledByDefault()
                    : at(values, c.enabled()) instanceof Boolean b ? b : c.enabledByDefault();
            if (!enabled) {
                continue;
            }
            int replicas = 1;
            boolean perNode = Component.EVERY_NODE.equals(c.daemonSet())
                    || c.daemonSet() != null && "daemonset".equals(at(values, c.daemonSet()));
            if (perNode) {
                replicas = nodes;
            } else if (c.replicas() != null) {
                Object n = at(values, c.replicas());
                if (!(n instanceof Number number)) {
                    throw new AssertionError(name + ": " + c.name() + " does not say how many replicas (" + c.replicas() + ")");
                }
                replicas = number.intValue();
            }
            Usage pod = new Usage(1, 0, 0);
            for (String container : c.resources().split("\\+")) {
                Usage u = pod(at(values, container), name + "/" + c.name() + " (" + container + ")");
                pod = new Usage(1, pod.cpu() + u.cpu(), pod.memory() + u.memory());
            }
            total = total.plus(pod.times(replicas));
        }
        return total;
    }

    /** Every pod the EKS managed add-ons run, for {@code nodes} nodes. */
    static Usage addOns(Plan plan, int nodes) {
        Map<?, ?> coreDns = configuration(plan, "coredns");
        Map<?, ?> kubeProxy = configuration(plan, "kube-proxy");
        Usage perNode = AWS_NODE.plus(POD_IDENTITY_AGENT).plus(EBS_CSI_NODE).plus(pod(kubeProxy.get("resources"), "kube-proxy"));
        return perNode.times(nodes)
                .plus(pod(coreDns.get("resources"), "coredns").times(((Number) coreDns.get("replicaCount")).intValue()))
                .plus(EBS_CSI_CONTROLLER.times(2));
    }

    private static Map<?, ?> configuration(Plan plan, String addon) {
        Object json = named(plan, "aws:eks/addon:Addon", plan.stack() + "-" + addon).inputs().get("configurationValues");
        if (json == null) {
            throw new AssertionError(plan.stack() + "-" + addon + " has no configurationValues with explicit requests");
        }
        return new Gson().fromJson((String) json, Map.class);
    }

    /** The app as the overlay deploys it: HPA minimum where an HPA scales it, one run of the migration Job. */
    static Usage app(List<Map<String, Object>> objects) {
        Map<String, Integer> hpaMinimum = new LinkedHashMap<>();
        objects.stream().filter(o -> "HorizontalPodAutoscaler".equals(o.get("kind"))).forEach(h -> hpaMinimum.put(
                (String) map(map(h.get("spec")).get("scaleTargetRef")).get("name"), (Integer) map(h.get("spec")).get("minReplicas")));
        Usage total = new Usage(0, 0, 0);
        for (Map<String, Object> o : objects) {
            if (!(o.get("spec") instanceof Map<?, ?> spec) || !(spec.get("template") instanceof Map<?, ?> template)) {
                continue;
            }
            String name = Kustomize.name(o);
            int replicas = "Job".equals(o.get("kind")) ? 1 : hpaMinimum.getOrDefault(name, (Integer) spec.get("replicas"));
            Map<String, Object> podSpec = map(((Map<?, ?>) template).get("spec"));
            // A pod requests the larger of its containers' sum and its largest init container.
            Usage containers = new Usage(1, 0, 0);
            for (Object c : list(podSpec.get("containers"))) {
                Usage u = pod(map(c).get("resources"), name + "/" + map(c).get("name"));
                containers = new Usage(1, containers.cpu() + u.cpu(), containers.memory() + u.memory());
            }
            for (Object c : list(podSpec.getOrDefault("initContainers", List.of()))) {
                Usage u = pod(map(c).get("resources"), name + "/" + map(c).get("name"));
                containers = new Usage(1, Math.max(containers.cpu(), u.cpu()), Math.max(containers.memory(), u.memory()));
            }
            total = total.plus(containers.times(replicas));
        }
        return total;
    }

    /** Everything the platform schedules on the stack's own cluster at its minimum node count. */
    static Usage atMinimum(String stack) {
        Plan plan = TestPlans.of(stack);
        int nodes = TestPlans.settings(stack).cluster().nodeGroup().minSize();
        String provider = named(plan, "pulumi:providers:kubernetes", stack + "-k8s").urn();
        Usage total = new Usage(0, 0, 0);
        Map<String, Object> reloader = null;
        for (PlannedResource r : plan.ofType("kubernetes:helm.sh/v3:Release")) {
            if (r.provider().startsWith(provider + "::")) {
                total = total.plus(release(r, nodes));
                if ("kube-prometheus-stack".equals(r.inputs().get("chart"))) {
                    reloader = map(at(map(r.inputs().get("values")), CONFIG_RELOADER));
                }
            }
        }
        // Prometheus objects the program adds (the hub's receivers): replicas × (Prometheus + config-reloader).
        for (PlannedResource r : plan.ofType("kubernetes:monitoring.coreos.com/v1:Prometheus")) {
            if (r.provider().startsWith(provider + "::")) {
                Map<String, Object> spec = map(r.inputs().get("spec"));
                Usage prometheus = pod(spec.get("resources"), r.name()).plus(pod(reloader, r.name() + " config-reloader"));
                total = total.plus(new Usage(1, prometheus.cpu(), prometheus.memory()).times(((Number) spec.get("replicas")).intValue()));
            }
        }
        if (TestPlans.settings(stack).role() == Role.WORKLOAD) {
            total = total.plus(app(Kustomize.render(Path.of("gitops", "overlays", stack))));
        }
        return total.plus(addOns(plan, nodes));
    }

    static Usage allocatable(String stack) {
        var group = TestPlans.settings(stack).cluster().nodeGroup();
        NodeType type = NODE_TYPES.get(group.instanceType());
        assertTrue(type != null, "no pod limit and allocatable known for " + group.instanceType());
        return new Usage(type.maxPods(), type.cpu(), type.memory()).times(group.minSize());
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyClusterFitsItsNodeGroupAtMinimumSize(String stack) {
        Usage used = atMinimum(stack);
        Usage room = allocatable(stack);
        assertTrue(used.pods() <= room.pods(), stack + ": " + used.pods() + " pods, " + room.pods() + " pod slots");
        assertTrue(used.cpu() <= room.cpu(), stack + ": " + used.cpu() + "m CPU requested, " + room.cpu() + "m allocatable");
        assertTrue(used.memory() <= room.memory(), stack + ": " + used.memory() + "Mi requested, " + room.memory() + "Mi allocatable");
    }

    @Test
    void aReleaseWithoutRequestsOrReplicaCountOrTableEntryCannotBeCounted() {
        Map<String, Object> metricsServer = map(named(TestPlans.of("dev"), "kubernetes:helm.sh/v3:Release", "dev-metrics-server")
                .inputs().get("values"));
        assertEquals(new Usage(2, 100, 200), release("metrics-server", "metrics-server", metricsServer));
        Map<String, Object> noRequests = new LinkedHashMap<>(metricsServer);
        noRequests.remove("resources");
        assertThrows(AssertionError.class, () -> release("no-requests", "metrics-server", noRequests));
        Map<String, Object> noReplicas = new LinkedHashMap<>(metricsServer);
        noReplicas.remove("replicas");
        assertThrows(AssertionError.class, () -> release("no-replicas", "metrics-server", noReplicas));
        assertThrows(AssertionError.class, () -> release("unknown-chart", "gha-runner-scale-set", Map.of()));
        // A spoke's collectors: the operator, kube-state-metrics, the agent with its config-reloader, and node-exporter
        // and the log collector on every node; without the operator's requests nothing is counted.
        Plan dev = TestPlans.of("dev");
        Map<String, Object> stack = map(named(dev, "kubernetes:helm.sh/v3:Release", "dev-kube-prometheus-stack").inputs().get("values"));
        assertEquals(new Usage(3 + 3, 50 + 20 + 110 + 3 * 10, 128 + 96 + 288 + 3 * 32), release("kps", "kube-prometheus-stack", stack, 3));
        Map<String, Object> logs = map(named(dev, "kubernetes:helm.sh/v3:Release", "dev-alloy-logs").inputs().get("values"));
        assertEquals(new Usage(3, 3 * 40, 3 * 128), release("alloy-logs", "alloy", logs, 3), "a DaemonSet: one pod per node");
        Map<String, Object> cluster = map(named(dev, "kubernetes:helm.sh/v3:Release", "dev-alloy-cluster").inputs().get("values"));
        assertEquals(new Usage(1, 40, 160), release("alloy-cluster", "alloy", cluster, 3), "a Deployment: its replicas");
        Map<String, Object> noOperatorRequests = new LinkedHashMap<>(stack);
        noOperatorRequests.remove("prometheusOperator");
        assertThrows(AssertionError.class, () -> release("kps", "kube-prometheus-stack", noOperatorRequests, 3));
        // argo-cd with the chart's default for Dex: enabled, and no requests for it.
        Map<String, Object> withDex = new LinkedHashMap<>(map(named(TestPlans.of("mgmt"), "kubernetes:helm.sh/v3:Release", "mgmt-argocd")
                .inputs().get("values")));
        withDex.remove("dex");
        assertThrows(AssertionError.class, () -> release("dex-on", "argo-cd", withDex));
    }

    @Test
    void theReadmesCapacityTableIsTheComputedOne() throws Exception {
        String readme = Files.readString(Path.of("docs/capacity.md"));
        List<String> missing = new ArrayList<>();
        for (String stack : stacks()) {
            Usage used = atMinimum(stack);
            Usage room = allocatable(stack);
            var group = TestPlans.settings(stack).cluster().nodeGroup();
            String row = String.format("| %s | %d × %s | %d / %d | %dm / %dm (%d%%) | %d Mi / %d Mi (%d%%) |", stack, group.minSize(),
                    group.instanceType(), used.pods(), room.pods(), used.cpu(), room.cpu(), 100 * used.cpu() / room.cpu(),
                    used.memory(), room.memory(), 100 * used.memory() / room.memory());
            if (!readme.contains(row)) {
                missing.add(row);
            }
        }
        assertEquals(List.of(), missing, "docs/capacity.md capacity rows out of date");
    }
}
