package com.kyeol.platform.observability;

import com.kyeol.platform.addons.HelmChart;
import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PodIdentity;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.config.Tier;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.Namespace;
import com.pulumi.kubernetes.core.v1.NamespaceArgs;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
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
                       Namespace namespace, List<Resource> readyForWorkloads, List<Resource> prometheusStackAfter) {
    }

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
        base.add(args.namespace());
        List<Resource> stackAfter = new ArrayList<>(base);
        stackAfter.addAll(args.prometheusStackAfter());
        // The CRDs are too large for client-side apply; Helm installs them (ArgoCD would need ServerSideApply).
        this.prometheusStack = release(Telemetry.PROMETHEUS_STACK, HelmChart.KUBE_PROMETHEUS_STACK, args.prometheusStackValues(), 900,
                cluster, stackAfter);

        List<Resource> afterStack = new ArrayList<>(base);
        afterStack.add(prometheusStack);
        this.logCollector = release(Telemetry.ALLOY_LOGS, HelmChart.ALLOY,
                args.logsPushUrl().applyValue(url -> AlloyValues.logs(AlloyConfig.logs(labels, url))), 600, cluster, afterStack);

        var identity = new PodIdentity(name, name + "-" + Telemetry.ALLOY_CLUSTER, "Alloy of the " + name
                + " cluster: reads CloudWatch metrics" + (args.traces() ? " and sends traces to X-Ray" : "") + " (EKS Pod Identity)",
                cluster.podIdentity, Telemetry.NAMESPACE, List.of(Telemetry.ALLOY_CLUSTER), Output.of(collectorPolicy(args.traces())), aws, this);
        List<Resource> afterIdentity = new ArrayList<>(afterStack);
        afterIdentity.addAll(identity.ready());
        this.clusterCollector = release(Telemetry.ALLOY_CLUSTER, HelmChart.ALLOY,
                Output.tuple(args.metricsWriteUrl(), args.logsPushUrl()).applyValue(t -> AlloyValues.cluster(
                        AlloyConfig.cluster(labels, args.region(), args.awsJobs(), t.t1, t.t2, args.traces()), args.traces())),
                600, cluster, afterIdentity);
        registerOutputs(Map.of());
    }

    /**
     * The namespace of the collectors (and, on the hub, the stores). Privileged: node-exporter reads the host's
     * /proc and /sys on the host network, the log collector reads the host's /var/log.
     */
    public static Namespace namespace(String name, ClusterComponent cluster, Resource parent) {
        return new Namespace(name + "-monitoring-namespace", NamespaceArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(Telemetry.NAMESPACE)
                        .labels(Map.of("pod-security.kubernetes.io/enforce", "privileged")).build())
                .build(), CustomResourceOptions.builder().parent(parent).provider(cluster.kubernetes)
                .dependsOn(cluster.readyForWorkloads).build());
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

    private Release release(String releaseName, HelmChart chart, Output<Map<String, Object>> values, int timeoutSeconds,
                            ClusterComponent cluster, List<Resource> dependsOn) {
        return new Release(name + "-" + releaseName, chart.release(releaseName, Telemetry.NAMESPACE, values, timeoutSeconds).build(),
                CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes).dependsOn(dependsOn).build());
    }
}
