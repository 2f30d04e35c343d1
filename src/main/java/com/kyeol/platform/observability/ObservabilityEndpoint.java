package com.kyeol.platform.observability;

import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.config.Tier;

import java.util.Map;

/**
 * What a spoke needs from the hub to ship its telemetry there, read from the hub's {@code observability} output:
 * the endpoint's hostname and certificate (each spoke adds its own route to the endpoint's load balancer), and the
 * hub's tier (whose Prometheus evaluates the rules over ArgoCD's metrics).
 */
public record ObservabilityEndpoint(String telemetryHostname, String certificateArn, Tier hubTier) {

    public String metricsWriteUrl() {
        return "https://" + telemetryHostname + Telemetry.METRICS_WRITE_PATH;
    }

    public String logsPushUrl() {
        return "https://" + telemetryHostname + Telemetry.LOGS_PUSH_PATH;
    }

    static Map<String, Object> toOutput(ObservabilityEndpoint endpoint) {
        return PolicyDocuments.ordered(
                "telemetryHostname", endpoint.telemetryHostname(),
                "certificateArn", endpoint.certificateArn(),
                "hubTier", endpoint.hubTier().configValue(),
                "namespace", Telemetry.NAMESPACE);
    }

    /** The hub output as the engine hands it to the spoke (a map of strings). */
    public static ObservabilityEndpoint fromOutput(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the hub's observability output is not an object: " + value);
        }
        return new ObservabilityEndpoint(String.valueOf(map.get("telemetryHostname")), String.valueOf(map.get("certificateArn")),
                Tier.fromConfig(String.valueOf(map.get("hubTier")))
                        .orElseThrow(() -> new IllegalArgumentException("the hub's observability output has no valid hubTier: " + map)));
    }
}
