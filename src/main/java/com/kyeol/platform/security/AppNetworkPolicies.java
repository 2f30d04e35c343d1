package com.kyeol.platform.security;

import com.kyeol.platform.config.NetworkSettings;
import com.kyeol.platform.observability.Telemetry;
import com.kyeol.platform.data.Cache;
import com.kyeol.platform.data.Database;
import com.pulumi.kubernetes.meta.v1.inputs.LabelSelectorArgs;
import com.pulumi.kubernetes.meta.v1.inputs.LabelSelectorRequirementArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IPBlockArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicyEgressRuleArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicyIngressRuleArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicyPeerArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicyPortArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicySpecArgs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who in the app namespace may talk to what: the talk-to matrix. Everything is denied (ingress and egress, every pod),
 * then each {@link Allow} opens one kind of traffic for the components that need it. The CIDRs come from the stack's
 * network settings (public subnets for the ALB, data subnets for RDS and Valkey, the VPC for what HTTPS egress may not
 * reach), so no environment writes them twice. The app cannot change these: its AppProject refuses NetworkPolicy.
 *
 * <p>Components are the {@code app.kubernetes.io/name} label of each pod template in {@code gitops/base}; a test renders
 * every overlay and fails on a pod template without a row here. Enforced by the VPC CNI's network policy agent (the
 * {@code vpc-cni} add-on with {@code enableNetworkPolicy}); kubelet probes come from the node's IP, which the agent
 * always allows.
 */
public final class AppNetworkPolicies {

    /** The label every Saleor pod template carries, naming its component. */
    public static final String COMPONENT = "app.kubernetes.io/name";
    public static final String API = "saleor-api";
    public static final String WORKER = "saleor-worker";
    public static final String BEAT = "saleor-beat";
    public static final String MIGRATE = "saleor-migrate";
    public static final String DASHBOARD = "saleor-dashboard";
    public static final String STOREFRONT = "saleor-storefront";
    /** Every component of the app, in the order the matrix documents them. */
    public static final List<String> COMPONENTS = List.of(API, WORKER, BEAT, MIGRATE, DASHBOARD, STOREFRONT);
    /** The pods that run Saleor core (one image, one configuration): they use the database and the cache. */
    static final List<String> SALEOR_CORE = List.of(API, WORKER, BEAT, MIGRATE);

    /** The EKS Pod Identity agent's credential endpoint on every node (a link-local address of the host, port 80). */
    public static final String POD_IDENTITY_AGENT = "169.254.170.23/32";
    /** The name of the policy that denies everything in the namespace. */
    public static final String DEFAULT_DENY = "default-deny";

    public enum Direction { INGRESS, EGRESS }

    /** Where traffic comes from or goes to. */
    public sealed interface Peer permits Cidr, Pods {
    }

    /** An address range, less the {@code except} ranges inside it. */
    public record Cidr(String cidr, List<String> except) implements Peer {
    }

    /** Pods with these labels in that namespace. */
    public record Pods(String namespace, Map<String, String> labels) implements Peer {
    }

    public record Port(String protocol, int port) {

        static Port tcp(int port) {
            return new Port("TCP", port);
        }
    }

    /**
     * One allow rule: its NetworkPolicy name, what it is for, the components it opens (empty = every pod of the
     * namespace), which way, to or from whom, on which ports.
     */
    public record Allow(String name, String purpose, List<String> components, Direction direction, List<Peer> peers, List<Port> ports) {
    }

    private AppNetworkPolicies() {
    }

    /** The name of the allow that exists only with {@code observability.traces}. */
    public static final String ALLOW_OTLP = "allow-otlp-to-collector";

    /**
     * The matrix of one environment: every allow on top of {@link #DEFAULT_DENY}.
     *
     * @param traces the environment's {@code observability.traces}: Saleor core exports OpenTelemetry to the cluster
     *               collector (alloy-cluster in the monitoring namespace, OTLP over HTTP); off, nothing leaves for it
     */
    public static List<Allow> matrix(NetworkSettings network, boolean traces) {
        List<Peer> publicSubnets = network.zones().stream().map(z -> (Peer) new Cidr(z.publicSubnet().toString(), List.of())).toList();
        List<Peer> dataSubnets = network.zones().stream().map(z -> (Peer) new Cidr(z.dataSubnet().toString(), List.of())).toList();
        // HTTPS anywhere outside the VPC, never inside it: not the cluster's API endpoint, not other namespaces' pods, not
        // the VPC's interface endpoints (the app needs none: its AWS credentials come from the Pod Identity agent, S3 through
        // the gateway endpoint's public addresses).
        List<Peer> https = List.of(new Cidr("0.0.0.0/0", List.of(network.vpcCidr().toString())));
        List<String> httpsClients = new ArrayList<>(SALEOR_CORE);
        httpsClients.add(STOREFRONT);
        List<Allow> allows = new ArrayList<>(List.of(
                new Allow("allow-dns", "name resolution: CoreDNS (kube-dns) in kube-system, UDP and TCP 53", List.of(), Direction.EGRESS,
                        List.of(new Pods("kube-system", Map.of("k8s-app", "kube-dns"))),
                        List.of(new Port("UDP", 53), Port.tcp(53))),
                new Allow("allow-alb-to-api", "the ALB (target type ip, nodes in the public subnets) to the API's uvicorn",
                        List.of(API), Direction.INGRESS, publicSubnets, List.of(Port.tcp(8000))),
                new Allow("allow-alb-to-dashboard", "the ALB to the dashboard's nginx", List.of(DASHBOARD), Direction.INGRESS,
                        publicSubnets, List.of(Port.tcp(80))),
                new Allow("allow-alb-to-storefront", "the ALB to the storefront's Next.js server", List.of(STOREFRONT), Direction.INGRESS,
                        publicSubnets, List.of(Port.tcp(3000))),
                new Allow("allow-postgresql", "RDS PostgreSQL in the data subnets", SALEOR_CORE, Direction.EGRESS,
                        dataSubnets, List.of(Port.tcp(Database.PORT))),
                new Allow("allow-valkey", "ElastiCache Valkey (cache and Celery broker) in the data subnets", SALEOR_CORE, Direction.EGRESS,
                        dataSubnets, List.of(Port.tcp(Cache.PORT))),
                new Allow("allow-pod-identity", "AWS credentials (the media bucket) from the EKS Pod Identity agent on the node",
                        List.of(API, WORKER), Direction.EGRESS, List.of(new Cidr(POD_IDENTITY_AGENT, List.of())), List.of(Port.tcp(80))),
                new Allow("allow-https-out", "HTTPS out of the VPC: webhooks, Saleor apps, AWS APIs (S3), certificate bundles, "
                        + "the storefront's server-side calls to the public API through CloudFront",
                        List.copyOf(httpsClients), Direction.EGRESS, https, List.of(Port.tcp(443)))));
        if (traces) {
            // The pods that read the platform facts (and so the OTEL_* settings): Saleor core. Only the port they use
            // (OTEL_EXPORTER_OTLP_PROTOCOL http/protobuf), not the collector's gRPC one.
            allows.add(new Allow(ALLOW_OTLP, "OpenTelemetry traces and metrics (OTLP over HTTP) to this cluster's collector, "
                    + "only with observability.traces", SALEOR_CORE, Direction.EGRESS,
                    List.of(new Pods(Telemetry.NAMESPACE, Telemetry.clusterCollectorPods())), List.of(Port.tcp(Telemetry.OTLP_HTTP_PORT))));
        }
        return List.copyOf(allows);
    }

    /** Every pod of the namespace: no ingress, no egress, except what an {@link Allow} opens. */
    public static NetworkPolicySpecArgs defaultDeny() {
        return NetworkPolicySpecArgs.builder()
                .podSelector(LabelSelectorArgs.builder().build())
                .policyTypes("Ingress", "Egress")
                .build();
    }

    /** The NetworkPolicy spec of one allow. */
    public static NetworkPolicySpecArgs spec(Allow allow) {
        var selector = allow.components().isEmpty() ? LabelSelectorArgs.builder().build()
                : LabelSelectorArgs.builder().matchExpressions(LabelSelectorRequirementArgs.builder()
                        .key(COMPONENT).operator("In").values(allow.components()).build()).build();
        List<NetworkPolicyPeerArgs> peers = allow.peers().stream().map(AppNetworkPolicies::peer).toList();
        List<NetworkPolicyPortArgs> ports = allow.ports().stream()
                .map(p -> NetworkPolicyPortArgs.builder().protocol(p.protocol()).port(p.port()).build()).toList();
        var spec = NetworkPolicySpecArgs.builder().podSelector(selector);
        if (allow.direction() == Direction.INGRESS) {
            spec.policyTypes("Ingress").ingress(NetworkPolicyIngressRuleArgs.builder().from(peers).ports(ports).build());
        } else {
            spec.policyTypes("Egress").egress(NetworkPolicyEgressRuleArgs.builder().to(peers).ports(ports).build());
        }
        return spec.build();
    }

    private static NetworkPolicyPeerArgs peer(Peer peer) {
        if (peer instanceof Cidr c) {
            var block = IPBlockArgs.builder().cidr(c.cidr());
            if (!c.except().isEmpty()) {
                block.except(c.except());
            }
            return NetworkPolicyPeerArgs.builder().ipBlock(block.build()).build();
        }
        var pods = (Pods) peer;
        return NetworkPolicyPeerArgs.builder()
                .namespaceSelector(LabelSelectorArgs.builder().matchLabels(Map.of("kubernetes.io/metadata.name", pods.namespace())).build())
                .podSelector(LabelSelectorArgs.builder().matchLabels(pods.labels()).build())
                .build();
    }
}
