package com.kyeol.platform.observability;

import com.kyeol.platform.config.Tier;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names every cluster's collectors and the hub's stores agree on. Every series and every log stream carries the
 * labels {@value #ENVIRONMENT}, {@value #TIER} and {@value #CLUSTER}: dashboards and alerts select an environment
 * by label, and Loki keeps each tier's streams as long as that tier's retention.
 */
public final class Telemetry {

    /**
     * Where the collectors (every cluster) and the stores (the hub) run, at Pod Security restricted: everything but the
     * two node agents below.
     */
    public static final String NAMESPACE = "monitoring";
    /**
     * Where the node agents run, at Pod Security privileged: node-exporter (host network, host PID, the host's root, /proc
     * and /sys) and the log collector (the host's /var/log). Nothing else may run there.
     */
    public static final String NODE_NAMESPACE = "monitoring-nodes";

    public static final String ENVIRONMENT = "environment";
    public static final String TIER = "tier";
    public static final String CLUSTER = "cluster";

    /** kube-prometheus-stack's release and object-name prefix: {@code kps-prometheus}, {@code kps-alertmanager}. */
    public static final String PROMETHEUS_STACK = "kube-prometheus-stack";
    public static final String PROMETHEUS_STACK_NAME = "kps";
    public static final String MAIN_PROMETHEUS = PROMETHEUS_STACK_NAME + "-prometheus";
    public static final String ALERTMANAGER = PROMETHEUS_STACK_NAME + "-alertmanager";
    public static final String ALERTMANAGER_SERVICE_ACCOUNT = "alertmanager";
    public static final String PROMETHEUS_PORT_NAME = "http-web";
    public static final int PROMETHEUS_PORT = 9090;

    /** The label that says which Prometheus evaluates a PrometheusRule: a tier's receiver. */
    public static final String RULES_FOR = "kyeol.io/prometheus";

    /** The log collector (a DaemonSet) and the cluster-wide collector (AWS metrics, Kubernetes events, OTLP). */
    public static final String ALLOY_LOGS = "alloy-logs";
    public static final String ALLOY_CLUSTER = "alloy-cluster";
    public static final int ALLOY_PORT = 12345;
    public static final int OTLP_GRPC_PORT = 4317;
    public static final int OTLP_HTTP_PORT = 4318;
    /** The Alloy chart's selector labels: its name and the release's. */
    public static final String ALLOY_CHART_NAME = "alloy";

    public static final String LOKI = "loki";
    public static final int LOKI_PORT = 3100;
    public static final String GRAFANA = "grafana";

    /** Remote-write (Prometheus) and push (Loki) paths: the only paths the telemetry endpoint forwards. */
    public static final String METRICS_WRITE_PATH = "/api/v1/write";
    public static final String LOGS_PUSH_PATH = "/loki/api/v1/push";

    /** A StorageClass for the stores' volumes: encrypted gp3, bound where the pod lands. */
    public static final String STORAGE_CLASS = "kyeol-gp3";

    private Telemetry() {
    }

    /** The Service the hub puts in front of a tier's Prometheus receiver (the spokes' telemetry rules point at it). */
    public static String receiverService(Tier tier) {
        return "prometheus-" + tier.configValue();
    }

    /** The EKS cluster of an environment. */
    public static String clusterName(String environment) {
        return "kyeol-" + environment;
    }

    /** The pods of the cluster collector, as the Alloy chart labels them ({@code app.kubernetes.io/name}, {@code /instance}). */
    public static Map<String, String> clusterCollectorPods() {
        var labels = new LinkedHashMap<String, String>();
        labels.put("app.kubernetes.io/name", ALLOY_CHART_NAME);
        labels.put("app.kubernetes.io/instance", ALLOY_CLUSTER);
        return labels;
    }

    /** The labels one environment's telemetry carries. */
    public static Map<String, String> labels(String environment, Tier tier) {
        var labels = new LinkedHashMap<String, String>();
        labels.put(ENVIRONMENT, environment);
        labels.put(TIER, tier.configValue());
        labels.put(CLUSTER, clusterName(environment));
        return labels;
    }
}
