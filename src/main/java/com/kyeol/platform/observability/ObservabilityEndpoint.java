package com.kyeol.platform.observability;

import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.config.Tier;

import java.util.LinkedHashMap;
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

    /** The ALB group of the endpoint: the hub's Ingress that owns it and every spoke's route share one load balancer. */
    public static final String INGRESS_GROUP = "kyeol-telemetry";
    /** The action of the hub's Ingress: whatever no spoke route admits gets a plain 404. */
    static final String NOT_FOUND_ACTION = "not-found";

    /**
     * The group-wide settings, identical on every member of the group (the load balancer controller refuses a group
     * whose members disagree): internet-facing, HTTPS only with the hub's certificate and a TLS 1.2+ policy, the
     * endpoint's hostname for ExternalDNS.
     */
    static Map<String, String> groupAnnotations(String hostname, String certificateArn) {
        var annotations = new LinkedHashMap<String, String>();
        annotations.put("alb.ingress.kubernetes.io/group.name", INGRESS_GROUP);
        annotations.put("alb.ingress.kubernetes.io/scheme", "internet-facing");
        annotations.put("alb.ingress.kubernetes.io/target-type", "ip");
        annotations.put("alb.ingress.kubernetes.io/listen-ports", "[{\"HTTPS\":443}]");
        annotations.put("alb.ingress.kubernetes.io/certificate-arn", certificateArn);
        annotations.put("alb.ingress.kubernetes.io/ssl-policy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
        annotations.put("external-dns.alpha.kubernetes.io/hostname", hostname);
        return annotations;
    }

    /** The hub's Ingress: the group's settings and a listener default action that answers 404. */
    static Map<String, String> anchorAnnotations(String hostname, String certificateArn) {
        var annotations = groupAnnotations(hostname, certificateArn);
        annotations.put("alb.ingress.kubernetes.io/actions." + NOT_FOUND_ACTION, PolicyDocuments.json(PolicyDocuments.ordered(
                "type", "fixed-response",
                "fixedResponseConfig", PolicyDocuments.ordered("contentType", "text/plain", "statusCode", "404", "messageBody", "not found"))));
        return annotations;
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
