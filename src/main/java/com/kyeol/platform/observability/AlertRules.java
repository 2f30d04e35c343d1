package com.kyeol.platform.observability;

import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.config.Tier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.kyeol.platform.observability.CloudWatchMetrics.dimension;

/**
 * The PromQL of every {@link Alert}, written for one environment (every expression selects
 * {@code environment="<env>"}), and the PrometheusRule spec that carries them with the tier's {@link AlertSeverity}.
 * Rules are evaluated on the hub, by the Prometheus that holds the data: the tier's receiver for an environment's own
 * metrics, the hub's Prometheus for ArgoCD's view of it.
 */
public final class AlertRules {

    /** One alerting rule: the alert, its expression and how long it must hold. */
    public record Rule(Alert alert, String expr, String forDuration) {
    }

    /**
     * What a workload environment's database and cache thresholds come from.
     *
     * @param databaseIdentifier     the RDS instance identifier ({@code kyeol-<env>-postgres})
     * @param freeStorageBytesAlarm  below this many free bytes, storage is short (10% of the allocated storage)
     * @param connectionAlarm        above this many connections, the instance is near its limit (80% of max_connections)
     * @param cacheGroupId           the Valkey replication group id; its nodes are {@code <id>-001}, {@code -002}, …
     * @param application            the environment's ArgoCD Application on the hub
     */
    public record WorkloadFacts(String databaseIdentifier, long freeStorageBytesAlarm, int connectionAlarm, String cacheGroupId,
                                String application) {
    }

    private AlertRules() {
    }

    /** Alerts every cluster has: nodes, pods, deployments, its load balancers, NAT, certificates and its collectors. */
    public static List<Rule> cluster(String env) {
        String e = env(env);
        var rules = new ArrayList<Rule>();
        rules.add(new Rule(Alert.NODE_NOT_READY, "kube_node_status_condition{" + e + ",condition=\"Ready\",status=\"true\"} == 0", "5m"));
        rules.add(new Rule(Alert.POD_CRASH_LOOPING,
                "max_over_time(kube_pod_container_status_waiting_reason{" + e + ",reason=\"CrashLoopBackOff\"}[5m]) >= 1", "10m"));
        rules.add(new Rule(Alert.DEPLOYMENT_UNAVAILABLE,
                "kube_deployment_status_replicas_available{" + e + "} < kube_deployment_spec_replicas{" + e + "}", "15m"));
        String requests = CloudWatchMetrics.ALB_REQUESTS.series("Sum");
        rules.add(new Rule(Alert.LOAD_BALANCER_5XX, "((sum(" + CloudWatchMetrics.ALB_ELB_5XX.series("Sum") + "{" + e + "}) or vector(0))"
                + " + (sum(" + CloudWatchMetrics.ALB_TARGET_5XX.series("Sum") + "{" + e + "}) or vector(0)))"
                + " / sum(" + requests + "{" + e + "}) > 0.05 and on() sum(" + requests + "{" + e + "}) > 20", "10m"));
        rules.add(new Rule(Alert.CERTIFICATE_EXPIRY,
                "min(" + CloudWatchMetrics.CERTIFICATE_DAYS_TO_EXPIRY.series("Minimum") + "{" + e + "}) < 21", "1h"));
        rules.add(new Rule(Alert.NAT_PORT_ALLOCATION,
                "sum(" + CloudWatchMetrics.NAT_PORT_ALLOCATION_ERRORS.series("Sum") + "{" + e + "}) > 0", "15m"));
        rules.add(new Rule(Alert.SCRAPE_TARGET_DOWN, "up{" + e + "} == 0", "10m"));
        rules.add(new Rule(Alert.LOG_SHIPPING_STALLED, "sum(rate(loki_write_sent_bytes_total{" + e + "}[15m])) == 0"
                + " or absent(loki_write_sent_bytes_total{" + e + "})", "15m"));
        rules.add(new Rule(Alert.LOG_ENTRIES_DROPPED, "sum(increase(loki_write_dropped_entries_total{" + e + "}[15m])) > 0", "0m"));
        return List.copyOf(rules);
    }

    /** A workload environment's own alerts beyond {@link #cluster}: data tier, edge, and its path to the hub. */
    public static List<Rule> workload(String env, WorkloadFacts facts) {
        String e = env(env);
        String db = e + "," + dimension("DBInstanceIdentifier") + "=\"" + facts.databaseIdentifier() + "\"";
        var rules = new ArrayList<Rule>();
        rules.add(new Rule(Alert.EDGE_5XX, "max(" + CloudWatchMetrics.CLOUDFRONT_5XX_RATE.series("Average") + "{" + e + "}) > 5", "10m"));
        rules.add(new Rule(Alert.DATABASE_CPU, "max(" + CloudWatchMetrics.RDS_CPU.series("Average") + "{" + db + "}) > 80", "15m"));
        rules.add(new Rule(Alert.DATABASE_STORAGE,
                "min(" + CloudWatchMetrics.RDS_FREE_STORAGE.series("Minimum") + "{" + db + "}) < " + facts.freeStorageBytesAlarm(), "15m"));
        rules.add(new Rule(Alert.DATABASE_CONNECTIONS,
                "max(" + CloudWatchMetrics.RDS_CONNECTIONS.series("Maximum") + "{" + db + "}) > " + facts.connectionAlarm(), "10m"));
        rules.add(new Rule(Alert.CACHE_MEMORY, "max(" + CloudWatchMetrics.VALKEY_MEMORY.series("Average") + "{" + e + ","
                + dimension("CacheClusterId") + "=~\"" + facts.cacheGroupId() + "-.*\"}) > 80", "15m"));
        rules.add(new Rule(Alert.METRICS_SHIPPING_STALLED, "absent(up{" + e + "})", "10m"));
        return List.copyOf(rules);
    }

    /** ArgoCD's view of a workload environment's application (its metrics are on the hub). */
    public static List<Rule> argocd(String application) {
        String app = "name=\"" + application + "\"";
        return List.of(
                new Rule(Alert.ARGOCD_APP_DEGRADED, "argocd_app_info{" + app + ",health_status=~\"Degraded|Missing\"} > 0", "10m"),
                new Rule(Alert.ARGOCD_APP_OUT_OF_SYNC, "argocd_app_info{" + app + ",sync_status=\"OutOfSync\"} > 0", "30m"));
    }

    /** The hub's alerting pipeline itself. */
    public static List<Rule> hub() {
        return List.of(new Rule(Alert.ALERT_NOTIFICATIONS_FAILING,
                "sum by (integration) (rate(alertmanager_notifications_failed_total[10m])) > 0", "10m"));
    }

    /**
     * The spec of a PrometheusRule with one group: every rule carries the environment, its tier and the tier's
     * severity as labels (labels of a rule override those of the series), a summary and its runbook link.
     *
     * @param runbookBase where the runbook lines live, e.g. {@code https://github.com/o/r/blob/main/docs/observability.md}
     */
    public static Map<String, Object> spec(String group, String env, Tier tier, List<Rule> rules, String runbookBase) {
        AlertSeverity severity = AlertSeverity.of(tier);
        List<Object> out = new ArrayList<>();
        for (Rule rule : rules) {
            out.add(PolicyDocuments.ordered(
                    "alert", rule.alert().alertName(),
                    "expr", rule.expr(),
                    "for", rule.forDuration(),
                    "labels", PolicyDocuments.ordered(
                            "severity", severity.label(),
                            Telemetry.ENVIRONMENT, env,
                            Telemetry.TIER, tier.configValue()),
                    "annotations", PolicyDocuments.ordered(
                            "summary", rule.alert().summary(env),
                            "runbook_url", runbookBase + "#" + rule.alert().anchor())));
        }
        return Map.of("groups", List.of(PolicyDocuments.ordered("name", group, "rules", out)));
    }

    /** The runbook page of the repository ArgoCD deploys from ({@code https://github.com/o/r.git}). */
    public static String runbookBase(String repositoryUrl) {
        String base = repositoryUrl.endsWith(".git") ? repositoryUrl.substring(0, repositoryUrl.length() - 4) : repositoryUrl;
        return base + "/blob/main/docs/observability.md";
    }

    private static String env(String environment) {
        return Telemetry.ENVIRONMENT + "=\"" + environment + "\"";
    }
}
