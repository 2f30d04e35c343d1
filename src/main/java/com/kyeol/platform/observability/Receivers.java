package com.kyeol.platform.observability;

import com.kyeol.platform.k8s.PodResources;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.config.ObservabilitySettings;
import com.kyeol.platform.config.Tier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub's metrics stores, one Prometheus per tier, so that each tier keeps its own retention (a Prometheus has
 * one retention for all it holds). The hub's own tier is kube-prometheus-stack's Prometheus ({@link PrometheusStackValues#server});
 * the other tiers get a {@code Prometheus} object of their own that only receives remote writes and evaluates the
 * rules labelled for it. Each is fronted by a Service {@link Telemetry#receiverService} that the spokes' telemetry
 * rules and Grafana's data sources point at.
 */
public final class Receivers {

    /** About a gibibyte a day for one small cluster's series at a 30-second scrape interval, and never less than 10 GiB. */
    static int volumeGiB(int retentionDays) {
        return Math.max(10, retentionDays);
    }

    private Receivers() {
    }

    /** Retention, a size cap below the volume's size (Prometheus deletes the oldest blocks first) and the volume. */
    static Map<String, Object> storage(int retentionDays) {
        return storage(retentionDays, "storageSpec");
    }

    private static Map<String, Object> storage(int retentionDays, String volumeKey) {
        int volume = volumeGiB(retentionDays);
        var out = new LinkedHashMap<String, Object>();
        out.put("retention", retentionDays + "d");
        out.put("retentionSize", (volume * 85 / 100) + "GB");
        Map<String, Object> claim = PolicyDocuments.ordered(
                "storageClassName", Telemetry.STORAGE_CLASS,
                "accessModes", List.of("ReadWriteOnce"),
                "resources", Map.of("requests", Map.of("storage", volume + "Gi")));
        // The CRD's EmbeddedPersistentVolumeClaim: the operator ignores apiVersion and kind (any string passes the API);
        // the upstream schema package (@kubernetes-models/prometheus-operator) wants them to name the embedded type.
        out.put(volumeKey, Map.of("volumeClaimTemplate", PolicyDocuments.ordered(
                "apiVersion", "monitoring.coreos.com/v1", "kind", "EmbeddedPersistentVolumeClaim", "spec", claim)));
        return out;
    }

    /** The Prometheus object's name for a tier the hub does not belong to. */
    public static String name(Tier tier) {
        return "receiver-" + tier.configValue();
    }

    /** The spec of a tier's receiver (monitoring.coreos.com/v1 Prometheus). */
    public static Map<String, Object> spec(Tier tier, ObservabilitySettings.Retention retention) {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("replicas", 1);
        spec.putAll(storage(retention.metricsDays(), "storage"));
        spec.put("enableRemoteWriteReceiver", true);
        // Selects no ServiceMonitor: it only receives.
        spec.put("ruleSelector", Map.of("matchLabels", Map.of(Telemetry.RULES_FOR, tier.configValue())));
        spec.put("ruleNamespaceSelector", Map.of());
        spec.put("alerting", Map.of("alertmanagers", List.of(PolicyDocuments.ordered(
                "namespace", Telemetry.NAMESPACE,
                "name", Telemetry.ALERTMANAGER,
                "port", Telemetry.PROMETHEUS_PORT_NAME,
                "apiVersion", "v2"))));
        spec.put("resources", PodResources.of("50m", "384Mi", "1Gi"));
        spec.put("securityContext", PolicyDocuments.ordered("runAsNonRoot", true, "runAsUser", 1000, "runAsGroup", 2000,
                "fsGroup", 2000, "seccompProfile", Map.of("type", "RuntimeDefault")));
        return spec;
    }

    /** Pods of a Prometheus object, as the operator labels them (kube-prometheus-stack's own Service selects them so). */
    static Map<String, String> selector(String prometheusName) {
        return Map.of("app.kubernetes.io/name", "prometheus", "operator.prometheus.io/name", prometheusName);
    }
}
