package com.kyeol.platform.observability;

import com.kyeol.platform.addons.HelmChart;
import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PodIdentity;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.config.Tier;
import com.kyeol.platform.security.PodSecurity;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.Namespace;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The collectors of one cluster, the same on the hub and on every spoke: kube-prometheus-stack (operator and CRDs,
 * kube-state-metrics, node-exporter, a Prometheus), Alloy for container logs (a DaemonSet) and Alloy for the
 * environment's AWS metrics and Kubernetes events (one pod, with its own Pod Identity role that may only read
 * CloudWatch). Every release waits for the cluster's load balancer controller (its webhooks fail closed) and the
 * Alloy releases for kube-prometheus-stack (their ServiceMonitors need its CRDs).
 *
 * <p>Two namespaces ({@link Namespaces}): the node agents, which read the host (node-exporter, the log collector), run
 * in {@value Telemetry#NODE_NAMESPACE} at Pod Security privileged; everything else in {@value Telemetry#NAMESPACE} at
 * restricted.
 */
public final class ClusterTelemetry extends ComponentResource {

    /**
     * @param awsJobs                the CloudWatch discovery jobs of this environment
     * @param traces                 the cluster collector also receives OTLP from Saleor
     * @param metricsWriteUrl        where Prometheus-format series go (the hub's receiver)
     * @param logsPushUrl            where log streams go (the hub's Loki)
     * @param prometheusStackValues  {@link PrometheusStackValues#agent} or {@link PrometheusStackValues#server}
     * @param readyForWorkloads      what a release on this cluster waits for (nodes, DNS, the load balancer controller)
     * @param prometheusStackAfter   what else kube-prometheus-stack waits for (the hub: Alertmanager's secret and identity)
     */
    public record Args(String environment, Tier tier, String region, List<CloudWatchMetrics.Job> awsJobs, boolean traces,
                       Output<String> metricsWriteUrl, Output<String> logsPushUrl, Output<Map<String, Object>> prometheusStackValues,
                       Namespaces namespaces, List<Resource> readyForWorkloads, List<Resource> prometheusStackAfter) {
    }

    /**
     * The two namespaces of the telemetry on one cluster: {@code collectors} ({@value Telemetry#NAMESPACE}, restricted)
     * and {@code nodeAgents} ({@value Telemetry#NODE_NAMESPACE}, privileged, with the reason).
     */
    public record Namespaces(Namespace collectors, Namespace nodeAgents) {
    }

    /** Why the node agents' namespace is enforced at privileged (its {@link PodSecurity#REASON} annotation). */
    static final String NODE_AGENTS_REASON = "node-exporter (kube-prometheus-stack) shares the host's network and PID namespaces "
            + "and mounts the host's /, /proc and /sys to read the node's metrics; alloy-logs mounts the host's /var/log to read "
            + "every pod's log files on its node; baseline refuses both host namespaces and hostPath volumes";

    /** kube-prometheus-stack: installs the monitoring.coreos.com CRDs, so every ServiceMonitor or PrometheusRule waits for it. */
    public final Release prometheusStack;
    public final Release logCollector;
    public final Release clusterCollector;

    private final String name;

    public ClusterTelemetry(String name, Args args, ClusterComponent cluster, AwsTarget aws, ComponentResourceOptions options) {
        super("kyeol:observability:ClusterTelemetry", name, options);
        this.name = name;
        Map<String, String> labels = Telemetry.labels(args.environment(), args.tier());

        List<Resource> base = new ArrayList<>(args.readyForWorkloads());
        base.add(args.namespaces().collectors());
        // kube-prometheus-stack puts node-exporter into the node agents' namespace (its namespaceOverride).
        List<Resource> stackAfter = new ArrayList<>(base);
        stackAfter.add(args.namespaces().nodeAgents());
        stackAfter.addAll(args.prometheusStackAfter());
        // The CRDs are too large for client-side apply; Helm installs them (ArgoCD would need ServerSideApply).
        this.prometheusStack = release(Telemetry.PROMETHEUS_STACK, HelmChart.KUBE_PROMETHEUS_STACK, Telemetry.NAMESPACE,
                args.prometheusStackValues(), 900, cluster, stackAfter);

        List<Resource> afterStack = new ArrayList<>(base);
        afterStack.add(prometheusStack);
        List<Resource> logsAfter = new ArrayList<>(args.readyForWorkloads());
        logsAfter.add(args.namespaces().nodeAgents());
        logsAfter.add(prometheusStack);
        this.logCollector = release(Telemetry.ALLOY_LOGS, HelmChart.ALLOY, Telemetry.NODE_NAMESPACE,
                args.logsPushUrl().applyValue(url -> AlloyValues.logs(AlloyConfig.logs(labels, url))), 600, cluster, logsAfter);

        var identity = new PodIdentity(name, name + "-" + Telemetry.ALLOY_CLUSTER, "Alloy of the " + name
                + " cluster: reads CloudWatch metrics" + (args.traces() ? " and sends traces to X-Ray" : "") + " (EKS Pod Identity)",
                cluster.podIdentity, Telemetry.NAMESPACE, List.of(Telemetry.ALLOY_CLUSTER), Output.of(collectorPolicy(args.traces())), aws, this);
        List<Resource> afterIdentity = new ArrayList<>(afterStack);
        afterIdentity.addAll(identity.ready());
        this.clusterCollector = release(Telemetry.ALLOY_CLUSTER, HelmChart.ALLOY, Telemetry.NAMESPACE,
                Output.tuple(args.metricsWriteUrl(), args.logsPushUrl()).applyValue(t -> AlloyValues.cluster(
                        AlloyConfig.cluster(labels, args.region(), args.awsJobs(), t.t1, t.t2, args.traces()), args.traces())),
                600, cluster, afterIdentity);
        registerOutputs(Map.of());
    }

    /**
     * The two namespaces of one cluster's telemetry: the collectors' (and, on the hub, the stores'), restricted: the
     * operator, kube-state-metrics, Prometheus, Alertmanager, Loki, Grafana and the cluster collector meet it with their
     * charts' defaults and our values; and the node agents', privileged ({@link #NODE_AGENTS_REASON}).
     */
    public static Namespaces namespaces(String name, ClusterComponent cluster, Resource parent) {
        var options = CustomResourceOptions.builder().parent(parent).provider(cluster.kubernetes).dependsOn(cluster.readyForWorkloads).build();
        return new Namespaces(PodSecurity.restricted(name + "-monitoring-namespace", Telemetry.NAMESPACE, options),
                PodSecurity.below(name + "-monitoring-nodes-namespace", Telemetry.NODE_NAMESPACE, PodSecurity.Level.PRIVILEGED,
                        NODE_AGENTS_REASON, options));
    }

    /**
     * What the cluster collector may do: read CloudWatch metrics and find resources by tag (these actions have no
     * resource-level permissions, hence {@code *}); with traces, put trace segments (what X-Ray's OTLP endpoint checks).
     */
    static String collectorPolicy(boolean traces) {
        var statements = new ArrayList<Map<String, Object>>();
        statements.add(PolicyDocuments.allow(List.of("cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics",
                "cloudwatch:ListMetrics", "tag:GetResources"), "*", Map.of()));
        if (traces) {
            statements.add(PolicyDocuments.allow(List.of("xray:PutTraceSegments"), "*", Map.of()));
        }
        return PolicyDocuments.document(statements);
    }

    private Release release(String releaseName, HelmChart chart, String namespace, Output<Map<String, Object>> values,
                            int timeoutSeconds, ClusterComponent cluster, List<Resource> dependsOn) {
        return new Release(name + "-" + releaseName, chart.release(releaseName, namespace, values, timeoutSeconds).build(),
                CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes).dependsOn(dependsOn).build());
    }
}
