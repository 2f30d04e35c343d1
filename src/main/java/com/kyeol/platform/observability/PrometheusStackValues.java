package com.kyeol.platform.observability;

import com.kyeol.platform.k8s.PodResources;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.config.ObservabilitySettings;
import com.kyeol.platform.config.Tier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-prometheus-stack's values on the two kinds of cluster. Both run the operator (and its CRDs), kube-state-metrics
 * and node-exporter, and label every scraped series with the environment through a default scrape class. A spoke's
 * Prometheus runs in agent mode: it keeps nothing and remote-writes everything to the hub. The hub's Prometheus scrapes
 * the hub, receives the spokes of its own tier, evaluates their rules and alerts through Alertmanager.
 * EKS runs the control plane: its scheduler, controller manager, etcd and (loopback-bound) kube-proxy are not scraped.
 */
public final class PrometheusStackValues {

    private PrometheusStackValues() {
    }

    /** A workload cluster: scrape, label, remote-write to the hub; no rules, no Alertmanager, no local storage. */
    public static Map<String, Object> agent(Map<String, String> labels, String writeUrl) {
        var values = common(labels);
        values.put("alertmanager", Map.of("enabled", false));
        var spec = prometheusSpec(labels);
        spec.put("remoteWrite", List.of(Map.of("url", writeUrl)));
        spec.put("resources", PodResources.of("100m", "256Mi", "768Mi"));
        values.put("prometheus", PolicyDocuments.ordered("agentMode", true, "prometheusSpec", spec));
        return values;
    }

    /**
     * The hub: its Prometheus is also the remote-write receiver of {@code tier} (the hub's own), keeps that tier's
     * retention on an encrypted gp3 volume and evaluates the rules labelled for it.
     *
     * @param alertmanagerConfig {@link AlertRouting#config}
     */
    public static Map<String, Object> server(Map<String, String> labels, Tier tier, ObservabilitySettings.Retention retention,
                                             Map<String, Object> alertmanagerConfig) {
        var values = common(labels);
        var spec = prometheusSpec(labels);
        spec.putAll(Receivers.storage(retention.metricsDays()));
        spec.put("enableRemoteWriteReceiver", true);
        spec.put("ruleSelectorNilUsesHelmValues", false);
        spec.put("ruleSelector", Map.of("matchLabels", Map.of(Telemetry.RULES_FOR, tier.configValue())));
        spec.put("resources", PodResources.of("200m", "1Gi", "2Gi"));
        values.put("prometheus", Map.of("prometheusSpec", spec));
        values.put("alertmanager", PolicyDocuments.ordered(
                "enabled", true,
                "serviceAccount", Map.of("create", true, "name", Telemetry.ALERTMANAGER_SERVICE_ACCOUNT),
                "config", alertmanagerConfig,
                "alertmanagerSpec", PolicyDocuments.ordered(
                        "replicas", 2,
                        "secrets", List.of(AlertRouting.SLACK_SECRET),
                        "resources", PodResources.of("20m", "64Mi", "256Mi"))));
        return values;
    }

    private static Map<String, Object> common(Map<String, String> labels) {
        var values = new LinkedHashMap<String, Object>();
        values.put("fullnameOverride", Telemetry.PROMETHEUS_STACK_NAME);
        values.put("crds", Map.of("enabled", true));
        // Our own alerts (AlertRules) and dashboards (Dashboards) replace the chart's.
        values.put("defaultRules", Map.of("create", false));
        values.put("grafana", Map.of("enabled", false));
        for (String managed : List.of("kubeApiServer", "kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy")) {
            values.put(managed, Map.of("enabled", false));
        }
        values.put("prometheusOperator", PolicyDocuments.ordered(
                // No admission webhook: nothing to fail closed, no certificate Jobs; rules are checked by the tests.
                "admissionWebhooks", Map.of("enabled", false),
                "tls", Map.of("enabled", false),
                "resources", PodResources.of("50m", "128Mi", "256Mi"),
                "prometheusConfigReloader", Map.of("resources", PodResources.of("10m", "32Mi", "64Mi"))));
        // kube-state-metrics in the restricted namespace: its chart's (8.4.0) own contexts, stated here so that they hold
        // whatever a later subchart version defaults to.
        values.put("kube-state-metrics", PolicyDocuments.ordered(
                "resources", PodResources.of("20m", "96Mi", "256Mi"),
                "securityContext", PolicyDocuments.ordered("enabled", true, "runAsNonRoot", true, "runAsUser", 65534,
                        "runAsGroup", 65534, "fsGroup", 65534, "seccompProfile", Map.of("type", "RuntimeDefault")),
                "containerSecurityContext", PolicyDocuments.ordered("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true,
                        "capabilities", Map.of("drop", List.of("ALL")))));
        // node-exporter reads the host (host network and PID, hostPath /, /proc, /sys): it runs in the node agents'
        // namespace, privileged, not in the release's restricted one.
        values.put("prometheus-node-exporter", PolicyDocuments.ordered(
                "namespaceOverride", Telemetry.NODE_NAMESPACE,
                "resources", PodResources.of("10m", "32Mi", "64Mi")));
        return values;
    }

    /** What every Prometheus scrapes and how its series are labelled. */
    private static Map<String, Object> prometheusSpec(Map<String, String> labels) {
        var spec = new LinkedHashMap<String, Object>();
        List<Object> relabelings = new ArrayList<>();
        labels.forEach((label, value) -> relabelings.add(PolicyDocuments.ordered("action", "replace", "targetLabel", label,
                "replacement", value)));
        spec.put("scrapeClasses", List.of(PolicyDocuments.ordered("name", "kyeol", "default", true, "relabelings", relabelings)));
        // Every ServiceMonitor and PodMonitor of the cluster, not only the chart's own.
        spec.put("serviceMonitorSelectorNilUsesHelmValues", false);
        spec.put("podMonitorSelectorNilUsesHelmValues", false);
        spec.put("probeSelectorNilUsesHelmValues", false);
        spec.put("scrapeConfigSelectorNilUsesHelmValues", false);
        // The series carry environment, tier and cluster; the operator's prometheus/prometheus_replica labels would add nothing.
        spec.put("prometheusExternalLabelNameClear", true);
        spec.put("replicaExternalLabelNameClear", true);
        return spec;
    }
}
