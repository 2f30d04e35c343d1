package com.kyeol.platform.cost;

import java.util.List;

/**
 * What a Helm release makes AWS bill beyond its pods (which run on the priced nodes): Ingresses that become ALBs
 * and persistent volumes that become EBS volumes, by chart and values path. A chart that creates either needs a row
 * here; its paths are checked against the chart's own values.yaml by the tests. Charts without a row add nothing.
 */
public final class HelmFootprints {

    /**
     * An Ingress the chart renders from the values block at {@code path} ({@code enabled}, {@code ingressClassName},
     * {@code annotations}; argo-cd's {@code controller: aws} also means the ALB controller).
     */
    public record IngressBlock(String chart, String path) {
    }

    /**
     * A persistent volume per replica: size at {@code sizePath}, replicas at {@code replicasPath} (default
     * {@code defaultReplicas}), on when {@code enabledPath} is true (or, with no enabled flag, when the size is set).
     *
     * @param enabledPath     null when the presence of a size is what turns the volume on
     * @param defaultEnabled  the chart's default for {@code enabledPath}
     */
    public record Volume(String chart, String what, String enabledPath, boolean defaultEnabled, String sizePath,
                         String defaultSize, String replicasPath, int defaultReplicas) {
    }

    public static final List<IngressBlock> INGRESSES = List.of(
            new IngressBlock("argo-cd", "server.ingress"),
            new IngressBlock("grafana", "ingress"),
            new IngressBlock("kube-prometheus-stack", "grafana.ingress"),
            new IngressBlock("kube-prometheus-stack", "prometheus.ingress"),
            new IngressBlock("kube-prometheus-stack", "alertmanager.ingress"),
            new IngressBlock("loki", "ingress"));

    public static final List<Volume> VOLUMES = List.of(
            new Volume("grafana", "Grafana data", "persistence.enabled", false, "persistence.size", "10Gi", "replicas", 1),
            new Volume("kube-prometheus-stack", "Prometheus TSDB", null, false,
                    "prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage", null,
                    "prometheus.prometheusSpec.replicas", 1),
            new Volume("kube-prometheus-stack", "Alertmanager data", null, false,
                    "alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.resources.requests.storage", null,
                    "alertmanager.alertmanagerSpec.replicas", 1),
            // deploymentMode Monolithic: the single binary's WAL, index cache and compactor scratch (the chunks are in S3).
            new Volume("loki", "Loki single binary", "singleBinary.persistence.enabled", true, "singleBinary.persistence.size",
                    "10Gi", "singleBinary.replicas", 0));

    /** Alloy's CloudWatch exporter (its config in {@code alloy.configMap.content}) reads metrics with GetMetricData. */
    static boolean readsCloudWatch(String chart, java.util.Map<String, Object> values) {
        return "alloy".equals(chart) && Values.string(values, "alloy.configMap.content").orElse("").contains("prometheus.exporter.cloudwatch");
    }

    private HelmFootprints() {
    }
}
