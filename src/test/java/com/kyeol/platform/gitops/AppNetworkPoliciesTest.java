package com.kyeol.platform.gitops;

import com.kyeol.platform.config.Cidr;
import com.kyeol.platform.config.NetworkSettings;
import com.kyeol.platform.data.SaleorWorkload;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.security.AppNetworkPolicies;
import com.kyeol.platform.support.TestPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static com.kyeol.platform.gitops.PodSecurityStandards.list;
import static com.kyeol.platform.gitops.PodSecurityStandards.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app namespace's NetworkPolicies (what each workload plan applies) evaluated, with Kubernetes' NetworkPolicy
 * semantics, against the pods ArgoCD would run there (each overlay rendered by {@code kubectl kustomize}): the effective
 * talk-to matrix equals the one the platform promises, the ALB reaches exactly what the Ingress routes to, nothing in the
 * namespace reaches anything else in the VPC but the data tier, and no {@code except} shadows an allow under the VPC CNI
 * agent's longest-prefix matching.
 */
class AppNetworkPoliciesTest {

    static List<String> workloads() {
        return GitOpsTreeTest.workloads();
    }

    /** A pod of the rendered overlay: its component, labels, service account and container ports by name. */
    record Pod(String component, Map<String, Object> labels, String serviceAccount, Map<String, Integer> ports) {
    }

    /** One allowed flow: which way, to or from what, protocol/port. */
    record Flow(String direction, String peer, String port) implements Comparable<Flow> {

        @Override
        public int compareTo(Flow o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return direction + " " + peer + " " + port;
        }
    }

    static List<Pod> pods(String stack) {
        List<Pod> pods = new ArrayList<>();
        AppPodSecurityTest.podTemplates(stack).values().forEach(t -> {
            Map<String, Object> labels = map(map(t.get("metadata")).get("labels"));
            Map<String, Integer> ports = new LinkedHashMap<>();
            AppPodSecurityTest.containers(t).forEach(c -> list(c.get("ports")).forEach(p ->
                    ports.put(String.valueOf(map(p).get("name")), ((Number) map(p).get("containerPort")).intValue())));
            pods.add(new Pod(String.valueOf(labels.get(AppNetworkPolicies.COMPONENT)), labels,
                    String.valueOf(map(t.get("spec")).get("serviceAccountName")), ports));
        });
        return pods;
    }

    /** The NetworkPolicy objects the plan applies in the app namespace. */
    static List<Map<String, Object>> policies(Plan plan) {
        return plan.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").stream().map(r -> r.inputs())
                .filter(in -> SaleorWorkload.NAMESPACE.equals(map(in.get("metadata")).get("namespace"))).toList();
    }

    /** Label selector semantics: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist), all must hold. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        for (var e : map(selector.get("matchLabels")).entrySet()) {
            if (!String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey())))) {
                return false;
            }
        }
        for (Object x : list(selector.get("matchExpressions"))) {
            Map<String, Object> req = map(x);
            Object value = labels.get(req.get("key"));
            List<Object> values = list(req.get("values"));
            boolean ok = switch (String.valueOf(req.get("operator"))) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("unknown operator " + req);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The flows allowed for {@code pod}: a direction is isolated once any policy selecting the pod names it in
     * policyTypes; then only the union of the selecting policies' rules is allowed. A non-isolated direction allows all.
     */
    static Set<Flow> flows(List<Map<String, Object>> policies, Pod pod) {
        Set<Flow> flows = new TreeSet<>();
        for (String direction : List.of("Ingress", "Egress")) {
            boolean isolated = false;
            for (var policy : policies) {
                Map<String, Object> spec = map(policy.get("spec"));
                if (!selects(map(spec.get("podSelector")), pod.labels()) || !list(spec.get("policyTypes")).contains(direction)) {
                    continue;
                }
                isolated = true;
                for (Object rule : list(spec.get(direction.equals("Ingress") ? "ingress" : "egress"))) {
                    List<Object> peers = list(map(rule).get(direction.equals("Ingress") ? "from" : "to"));
                    List<Object> ports = list(map(rule).get("ports"));
                    for (Object peer : peers.isEmpty() ? List.<Object>of(Map.of()) : peers) {
                        for (Object port : ports.isEmpty() ? List.<Object>of(Map.of()) : ports) {
                            flows.add(new Flow(direction, peer(map(peer)), port(map(port))));
                        }
                    }
                }
            }
            if (!isolated) {
                flows.add(new Flow(direction, "anything", "any"));
            }
        }
        return flows;
    }

    private static String peer(Map<String, Object> peer) {
        if (peer.isEmpty()) {
            return "anything";
        }
        Map<String, Object> block = map(peer.get("ipBlock"));
        if (!block.isEmpty()) {
            List<Object> except = list(block.get("except"));
            return block.get("cidr") + (except.isEmpty() ? "" : " except " + except);
        }
        if (!peer.containsKey("namespaceSelector")) {
            return "pods of this namespace " + map(peer.get("podSelector"));
        }
        return "pods " + new TreeMap<>(map(map(peer.get("podSelector")).get("matchLabels"))) + " in namespaces "
                + new TreeMap<>(map(map(peer.get("namespaceSelector")).get("matchLabels")));
    }

    private static String port(Map<String, Object> port) {
        return port.isEmpty() ? "any" : port.getOrDefault("protocol", "TCP") + "/" + port.get("port");
    }

    /** Saleor core's way to the cluster collector's OTLP/HTTP port, with observability.traces only. */
    static final String COLLECTOR = "pods {app.kubernetes.io/instance=alloy-cluster, app.kubernetes.io/name=alloy} in namespaces "
            + "{kubernetes.io/metadata.name=monitoring}";

    /**
     * The promised matrix, written from the security baseline's brief, with this stack's CIDRs; with {@code traces}
     * (observability.traces) Saleor core may also send OTLP to the cluster collector.
     */
    static Map<String, Set<Flow>> expected(NetworkSettings network, boolean traces) {
        List<String> alb = network.zones().stream().map(z -> z.publicSubnet().toString()).toList();
        List<String> data = network.zones().stream().map(z -> z.dataSubnet().toString()).toList();
        String dnsPeer = "pods {k8s-app=kube-dns} in namespaces {kubernetes.io/metadata.name=kube-system}";
        String internet = "0.0.0.0/0 except [" + network.vpcCidr() + "]";
        Map<String, List<String>> egress = Map.of(
                "saleor-api", List.of("database", "cache", "pod-identity", "https"),
                "saleor-worker", List.of("database", "cache", "pod-identity", "https"),
                "saleor-beat", List.of("database", "cache", "https"),
                "saleor-migrate", List.of("database", "cache", "https"),
                "saleor-dashboard", List.of(),
                "saleor-storefront", List.of("https"));
        Map<String, Integer> fromAlb = Map.of("saleor-api", 8000, "saleor-dashboard", 80, "saleor-storefront", 3000);
        Map<String, Set<Flow>> out = new LinkedHashMap<>();
        egress.forEach((component, kinds) -> {
            Set<Flow> flows = new TreeSet<>();
            flows.add(new Flow("Egress", dnsPeer, "UDP/53"));
            flows.add(new Flow("Egress", dnsPeer, "TCP/53"));
            for (String kind : kinds) {
                switch (kind) {
                    case "database" -> data.forEach(c -> flows.add(new Flow("Egress", c, "TCP/5432")));
                    case "cache" -> data.forEach(c -> flows.add(new Flow("Egress", c, "TCP/6379")));
                    case "pod-identity" -> flows.add(new Flow("Egress", "169.254.170.23/32", "TCP/80"));
                    case "https" -> flows.add(new Flow("Egress", internet, "TCP/443"));
                    default -> throw new AssertionError(kind);
                }
            }
            if (fromAlb.containsKey(component)) {
                alb.forEach(c -> flows.add(new Flow("Ingress", c, "TCP/" + fromAlb.get(component))));
            }
            if (traces && kinds.contains("database")) {
                flows.add(new Flow("Egress", COLLECTOR, "TCP/4318"));
            }
            out.put(component, flows);
        });
        return out;
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyPodHasExactlyThePromisedTalkToMatrix(String stack) {
        var policies = policies(TestPlans.of(stack));
        var expected = expected(TestPlans.settings(stack).network(), TestPlans.settings(stack).observability().traces());
        var pods = pods(stack);
        assertEquals(Set.copyOf(AppNetworkPolicies.COMPONENTS), Set.copyOf(pods.stream().map(Pod::component).toList()),
                "every pod template of the overlay has a row in the matrix, and every row a pod template");
        for (Pod pod : pods) {
            assertEquals(expected.get(pod.component()), flows(policies, pod), stack + " " + pod.component());
        }
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everythingIsDeniedFirstForEveryPod(String stack) {
        var deny = policies(TestPlans.of(stack)).stream()
                .filter(p -> AppNetworkPolicies.DEFAULT_DENY.equals(map(p.get("metadata")).get("name"))).toList();
        assertEquals(1, deny.size());
        Map<String, Object> spec = map(deny.get(0).get("spec"));
        assertEquals(Map.of(), spec.get("podSelector"), "every pod");
        assertEquals(List.of("Ingress", "Egress"), spec.get("policyTypes"));
        assertFalse(spec.containsKey("ingress") || spec.containsKey("egress"), "no rule: deny");
        // Alone, it leaves every pod with no flow at all.
        pods(stack).forEach(pod -> assertEquals(Set.of(), flows(deny, pod), pod.component()));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theAlbReachesExactlyWhatTheIngressRoutesTo(String stack) {
        var objects = GitOpsTreeTest.render(stack);
        var policies = policies(TestPlans.of(stack));
        var pods = pods(stack);
        List<String> publicSubnets = TestPlans.settings(stack).network().zones().stream().map(z -> z.publicSubnet().toString()).toList();
        Set<String> routed = new LinkedHashSet<>();
        var ingress = objects.stream().filter(o -> "Ingress".equals(o.get("kind"))).findFirst().orElseThrow();
        for (Object rule : list(map(ingress.get("spec")).get("rules"))) {
            for (Object path : list(map(map(rule).get("http")).get("paths"))) {
                Map<String, Object> backend = map(map(map(path).get("backend")).get("service"));
                var service = objects.stream().filter(o -> "Service".equals(o.get("kind")) && backend.get("name").equals(Kustomize.name(o)))
                        .findFirst().orElseThrow();
                Map<String, Object> servicePort = list(map(service.get("spec")).get("ports")).stream().map(p -> map(p))
                        .filter(p -> map(backend.get("port")).get("number").equals(p.get("port"))).findFirst().orElseThrow();
                for (Pod pod : pods) {
                    if (selects(Map.of("matchLabels", map(map(service.get("spec")).get("selector"))), pod.labels())) {
                        int target = pod.ports().get(String.valueOf(servicePort.get("targetPort")));
                        Set<Flow> flows = flows(policies, pod);
                        publicSubnets.forEach(c -> assertTrue(flows.contains(new Flow("Ingress", c, "TCP/" + target)),
                                pod.component() + " from the ALB in " + c + " on " + target));
                        routed.add(pod.component());
                    }
                }
            }
        }
        for (Pod pod : pods) {
            boolean fromAlb = flows(policies, pod).stream().anyMatch(f -> f.direction().equals("Ingress"));
            assertEquals(routed.contains(pod.component()), fromAlb, pod.component() + ": reachable only if the Ingress routes to it");
        }
    }

    /** Whether {@code pod} may send to ip:port over TCP, by the flows' CIDRs (selectors never match a plain address). */
    static boolean mayConnect(Set<Flow> flows, String ip, int port) {
        Cidr address = Cidr.parse(ip + "/32").orElseThrow();
        for (Flow f : flows) {
            if (!f.direction().equals("Egress") || !(f.port().equals("TCP/" + port) || f.port().equals("any"))) {
                continue;
            }
            if (f.peer().equals("anything")) {
                return true;
            }
            if (!Character.isDigit(f.peer().charAt(0))) {
                continue;
            }
            String[] parts = f.peer().split(" except ");
            if (Cidr.parse(parts[0]).orElseThrow().contains(address) && (parts.length == 1 || List.of(parts[1].replaceAll("[\\[\\]]", "")
                    .split(", ")).stream().noneMatch(e -> Cidr.parse(e).orElseThrow().contains(address)))) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void nothingInTheNamespaceReachesTheRestOfTheVpcButTheDataTier(String stack) {
        var network = TestPlans.settings(stack).network();
        var policies = policies(TestPlans.of(stack));
        String database = first(network.zones().get(0).dataSubnet());
        String pod = first(network.zones().get(1).privateSubnet());
        String alb = first(network.zones().get(0).publicSubnet());
        for (Pod p : pods(stack)) {
            Set<Flow> flows = flows(policies, p);
            for (int port : List.of(443, 8000, 3000, 80, 5432)) {
                assertFalse(mayConnect(flows, pod, port), p.component() + " → a pod or node address " + pod + ":" + port);
                assertFalse(mayConnect(flows, alb, port), p.component() + " → the public subnets " + alb + ":" + port);
            }
            boolean core = List.of("saleor-api", "saleor-worker", "saleor-beat", "saleor-migrate").contains(p.component());
            assertEquals(core, mayConnect(flows, database, 5432), p.component() + " → PostgreSQL");
            assertFalse(mayConnect(flows, database, 22), p.component() + " → the data subnets on another port");
            assertEquals(!p.component().equals("saleor-dashboard"), mayConnect(flows, "52.95.110.1", 443), p.component() + " → the internet on 443");
            assertFalse(mayConnect(flows, "52.95.110.1", 80), p.component() + " → the internet on 80");
            assertFalse(mayConnect(flows, "169.254.169.254", 80), p.component() + " → the instance metadata service");
        }
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void onlyPodsWithAPodIdentityMayAskTheAgentForCredentials(String stack) {
        Plan plan = TestPlans.of(stack);
        Set<String> withIdentity = new LinkedHashSet<>();
        plan.ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation").stream()
                .filter(a -> SaleorWorkload.NAMESPACE.equals(a.inputs().get("namespace")))
                .forEach(a -> withIdentity.add(String.valueOf(a.inputs().get("serviceAccount"))));
        for (Pod pod : pods(stack)) {
            if (mayConnect(flows(policies(plan), pod), "169.254.170.23", 80)) {
                assertTrue(withIdentity.contains(pod.serviceAccount()), pod.component() + " runs as " + pod.serviceAccount()
                        + ", which has no Pod Identity association");
            }
        }
    }

    /**
     * The VPC CNI's network policy agent keeps a pod's allowed CIDRs in a longest-prefix-match table, where an except
     * is an entry of its own: an except inside another rule's allowed range wins over it for the addresses it covers
     * (aws/amazon-network-policy-controller-k8s#146: an except of 10.0.0.0/8 in one rule blocked DNS that another rule
     * allowed to every address). So an except must never lie inside (or equal) a range another rule allows the same pod.
     */
    static List<String> shadowedAllows(List<Map<String, Object>> policies, Pod pod) {
        List<String> problems = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        List<String[]> excepts = new ArrayList<>();
        for (Flow f : flows(policies, pod)) {
            if (Character.isDigit(f.peer().charAt(0)) || f.peer().equals("anything")) {
                String[] parts = f.peer().split(" except ");
                String range = f.peer().equals("anything") ? "0.0.0.0/0" : parts[0];
                allowed.add(f.peer() + "|" + range);
                if (parts.length > 1) {
                    for (String e : parts[1].replaceAll("[\\[\\]]", "").split(", ")) {
                        excepts.add(new String[] {f.peer(), e});
                    }
                }
            }
        }
        for (String[] except : excepts) {
            for (String a : allowed) {
                String peer = a.substring(0, a.indexOf('|'));
                Cidr range = Cidr.parse(a.substring(a.indexOf('|') + 1)).orElseThrow();
                if (!peer.equals(except[0]) && range.contains(Cidr.parse(except[1]).orElseThrow())) {
                    problems.add(pod.component() + ": except " + except[1] + " (of " + except[0] + ") shadows " + peer);
                }
            }
        }
        return problems.stream().distinct().toList();
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void noExceptShadowsAnotherAllowUnderLongestPrefixMatching(String stack) {
        var policies = policies(TestPlans.of(stack));
        pods(stack).forEach(pod -> assertEquals(List.of(), shadowedAllows(policies, pod), stack));
    }

    @Test
    void aDnsAllowToEveryAddressWouldBeShadowedByTheVpcExcept() {
        var policies = new ArrayList<>(policies(TestPlans.of("dev")));
        policies.add(Map.of("metadata", Map.of("name", "allow-dns-anywhere"), "spec", Map.of("podSelector", Map.of(), "policyTypes",
                List.of("Egress"), "egress", List.of(Map.of("ports", List.of(Map.of("protocol", "UDP", "port", 53)))))));
        var api = pods("dev").stream().filter(p -> p.component().equals("saleor-api")).findFirst().orElseThrow();
        assertEquals(List.of("saleor-api: except 10.10.0.0/16 (of 0.0.0.0/0 except [10.10.0.0/16]) shadows anything"),
                shadowedAllows(policies, api));
    }

    @Test
    void theMatrixTakesItsCidrsFromTheStackAndNeverOpensTheVpcForHttps() {
        var prod = TestPlans.settings("prod").network();
        assertFalse(prod.interfaceEndpoints().isEmpty(), "prod has interface endpoints in its private subnets");
        var https = AppNetworkPolicies.matrix(prod, false).stream().filter(a -> a.name().equals("allow-https-out")).findFirst().orElseThrow();
        assertEquals(List.of(new AppNetworkPolicies.Cidr("0.0.0.0/0", List.of("10.30.0.0/16"))), https.peers(),
                "the app needs none of them: credentials come from the Pod Identity agent, S3 through the gateway endpoint");
        assertTrue(AppNetworkPolicies.matrix(prod, false).stream().filter(a -> a.name().equals("allow-postgresql")).findFirst().orElseThrow()
                .peers().stream().allMatch(p -> ((AppNetworkPolicies.Cidr) p).cidr().startsWith("10.30.1")), "prod's own data subnets");
    }

    @Test
    void withTracesSaleorCoreAlsoReachesTheCollectorsOtlpPortAndNothingElseChanges() {
        Plan plan = TestPlans.edited("dev", "kyeol-platform:observability", "traces", true);
        var policies = policies(plan);
        var expected = expected(TestPlans.settings("dev").network(), true);
        for (Pod pod : pods("dev")) {
            assertEquals(expected.get(pod.component()), flows(policies, pod), "dev with traces: " + pod.component());
        }
        // The peer is where Saleor is told to send (the facts' endpoint) and what the collector listens on.
        var facts = plan.ofType("kubernetes:core/v1:ConfigMap").stream().filter(r -> r.name().equals("dev-platform-facts"))
                .findFirst().orElseThrow();
        assertEquals("http://alloy-cluster.monitoring.svc:4318", map(facts.inputs().get("data")).get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var collector = plan.ofType("kubernetes:helm.sh/v3:Release").stream().filter(r -> "alloy-cluster".equals(r.inputs().get("name")))
                .findFirst().orElseThrow();
        assertEquals("monitoring", collector.inputs().get("namespace"));
        assertTrue(String.valueOf(collector.inputs().get("chart")).endsWith("alloy"), "the chart that labels its pods app.kubernetes.io/name=alloy");
        assertTrue(list(map(map(collector.inputs().get("values")).get("alloy")).get("extraPorts")).stream()
                .anyMatch(p -> Integer.valueOf(4318).equals(((Number) map(p).get("targetPort")).intValue())), "it listens on 4318");
        // Off (every repository stack file): no such policy at all.
        for (String stack : workloads()) {
            assertTrue(policies(TestPlans.of(stack)).stream().noneMatch(p ->
                    AppNetworkPolicies.ALLOW_OTLP.equals(map(p.get("metadata")).get("name"))), stack);
        }
    }

    @Test
    void aCollectorAllowForEveryPodOnEveryPortWouldBeCaught() {
        var expected = expected(TestPlans.settings("dev").network(), true);
        List<Map<String, Object>> broken = new ArrayList<>();
        for (var policy : policies(TestPlans.edited("dev", "kyeol-platform:observability", "traces", true))) {
            if (!AppNetworkPolicies.ALLOW_OTLP.equals(map(policy.get("metadata")).get("name"))) {
                broken.add(policy);
                continue;
            }
            // The same peer, but every pod of the namespace and no port.
            Object to = map(list(map(policy.get("spec")).get("egress")).get(0)).get("to");
            broken.add(Map.of("metadata", policy.get("metadata"), "spec", Map.of("podSelector", Map.of(),
                    "policyTypes", List.of("Egress"), "egress", List.of(Map.of("to", to)))));
        }
        for (Pod pod : pods("dev")) {
            assertFalse(expected.get(pod.component()).equals(flows(broken, pod)), pod.component() + ": the broken allow is caught");
        }
    }

    private static String first(Cidr subnet) {
        long ip = subnet.network() + 5;
        return (ip >> 24 & 255) + "." + (ip >> 16 & 255) + "." + (ip >> 8 & 255) + "." + (ip & 255);
    }
}
