package com.kyeol.platform.observability;

import com.kyeol.platform.k8s.PodResources;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.config.Cidr;
import com.kyeol.platform.config.Tier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Grafana release on the hub: reachable like ArgoCD (an ALB made from its Ingress, TLS with an ACM certificate,
 * only the allowed CIDRs, a hostname kept by ExternalDNS); the admin password only in the {@value #ADMIN_SECRET}
 * Secret, generated in the cluster; data sources and dashboards provisioned from code, nothing kept on disk.
 */
public final class GrafanaValues {

    public static final String ADMIN_SECRET = "grafana-admin";
    public static final String ADMIN_USER_KEY = "admin-user";
    public static final String ADMIN_PASSWORD_KEY = "admin-password";
    /** The label Grafana's dashboard sidecar loads ConfigMaps by. */
    public static final String DASHBOARD_LABEL = "grafana_dashboard";
    /** The data source dashboards open with. */
    static final Tier DEFAULT_TIER = Tier.PRODUCTION;

    private GrafanaValues() {
    }

    public static String metricsSourceUid(Tier tier) {
        return "prometheus-" + tier.configValue();
    }

    public static String metricsSourceName(Tier tier) {
        return "Metrics (" + tier.configValue() + ")";
    }

    public static Map<String, Object> values(String hostname, List<Cidr> allowedCidrs, String certificateArn) {
        var annotations = PolicyDocuments.ordered(
                "alb.ingress.kubernetes.io/scheme", "internet-facing",
                "alb.ingress.kubernetes.io/target-type", "ip",
                "alb.ingress.kubernetes.io/listen-ports", "[{\"HTTPS\":443}]",
                "alb.ingress.kubernetes.io/certificate-arn", certificateArn,
                "alb.ingress.kubernetes.io/ssl-policy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "alb.ingress.kubernetes.io/inbound-cidrs", allowedCidrs.stream().map(Cidr::toString).collect(Collectors.joining(",")),
                "alb.ingress.kubernetes.io/healthcheck-path", "/api/health",
                "external-dns.alpha.kubernetes.io/hostname", hostname);
        return PolicyDocuments.ordered(
                "replicas", 1,
                "resources", PodResources.of("100m", "192Mi", "512Mi"),
                "serviceAccount", Map.of("create", true, "name", Telemetry.GRAFANA),
                "testFramework", Map.of("enabled", false),
                "admin", PolicyDocuments.ordered("existingSecret", ADMIN_SECRET, "userKey", ADMIN_USER_KEY, "passwordKey", ADMIN_PASSWORD_KEY),
                // Everything Grafana shows is provisioned from code; users, sessions and ad-hoc edits do not survive a restart.
                "persistence", Map.of("enabled", false),
                "ingress", PolicyDocuments.ordered(
                        "enabled", true,
                        "ingressClassName", "alb",
                        "annotations", annotations,
                        "hosts", List.of(hostname),
                        "path", "/",
                        "pathType", "Prefix"),
                "grafana.ini", PolicyDocuments.ordered(
                        "server", Map.of("root_url", "https://" + hostname + "/"),
                        "analytics", Map.of("check_for_updates", false, "reporting_enabled", false),
                        "security", Map.of("cookie_secure", true, "disable_gravatar", true),
                        "users", Map.of("allow_sign_up", false),
                        "auth.anonymous", Map.of("enabled", false)),
                "datasources", Map.of("datasources.yaml", PolicyDocuments.ordered("apiVersion", 1, "datasources", datasources())),
                "sidecar", PolicyDocuments.ordered(
                        "resources", PodResources.of("10m", "64Mi", "128Mi"),
                        "dashboards", PolicyDocuments.ordered(
                                "enabled", true,
                                "label", DASHBOARD_LABEL,
                                "labelValue", "1",
                                "searchNamespace", Telemetry.NAMESPACE)));
    }

    /** One Prometheus per tier (each tier's receiver), Loki, and Alertmanager; none editable in the UI. */
    static List<Object> datasources() {
        List<Object> sources = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            sources.add(PolicyDocuments.ordered(
                    "name", metricsSourceName(tier),
                    "uid", metricsSourceUid(tier),
                    "type", "prometheus",
                    "access", "proxy",
                    "url", "http://" + Telemetry.receiverService(tier) + "." + Telemetry.NAMESPACE + ".svc:" + Telemetry.PROMETHEUS_PORT,
                    "isDefault", tier == DEFAULT_TIER,
                    "editable", false));
        }
        sources.add(PolicyDocuments.ordered(
                "name", "Logs",
                "uid", Dashboard.LOGS_UID,
                "type", "loki",
                "access", "proxy",
                "url", "http://" + Telemetry.LOKI + "." + Telemetry.NAMESPACE + ".svc:" + Telemetry.LOKI_PORT,
                "editable", false));
        sources.add(PolicyDocuments.ordered(
                "name", "Alertmanager",
                "uid", "alertmanager",
                "type", "alertmanager",
                "access", "proxy",
                "url", "http://" + Telemetry.ALERTMANAGER + "." + Telemetry.NAMESPACE + ".svc:9093",
                "jsonData", Map.of("implementation", "prometheus", "handleGrafanaManagedAlerts", false),
                "editable", false));
        return sources;
    }
}
