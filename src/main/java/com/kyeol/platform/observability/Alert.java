package com.kyeol.platform.observability;

import java.util.Arrays;
import java.util.List;

/**
 * Every alert the platform defines, with what it means. The PromQL is written per environment by {@link AlertRules};
 * {@code docs/observability.md} has a runbook line for each (a test keeps the two in step).
 */
public enum Alert {
    NODE_NOT_READY("KyeolNodeNotReady", Scope.EVERY_CLUSTER, "A node of {env} has not been Ready for 5 minutes"),
    POD_CRASH_LOOPING("KyeolPodCrashLooping", Scope.EVERY_CLUSTER, "A container in {env} keeps crashing (CrashLoopBackOff)"),
    DEPLOYMENT_UNAVAILABLE("KyeolDeploymentUnavailable", Scope.EVERY_CLUSTER,
            "A Deployment in {env} has had fewer available replicas than desired for 15 minutes"),
    ARGOCD_APP_DEGRADED("KyeolArgoCDApplicationDegraded", Scope.WORKLOAD, "ArgoCD reports {env}'s application Degraded or Missing"),
    ARGOCD_APP_OUT_OF_SYNC("KyeolArgoCDApplicationOutOfSync", Scope.WORKLOAD,
            "{env}'s application has been OutOfSync with Git for 30 minutes"),
    EDGE_5XX("KyeolEdgeHigh5xxRate", Scope.WORKLOAD, "More than 5% of CloudFront responses of {env} are 5xx"),
    LOAD_BALANCER_5XX("KyeolLoadBalancerHigh5xxRate", Scope.EVERY_CLUSTER, "More than 5% of {env}'s load balancer responses are 5xx"),
    DATABASE_CPU("KyeolDatabaseHighCPU", Scope.WORKLOAD, "{env}'s PostgreSQL CPU has been above 80% for 15 minutes"),
    DATABASE_STORAGE("KyeolDatabaseLowStorage", Scope.WORKLOAD, "{env}'s PostgreSQL has less than 10% of its storage free"),
    DATABASE_CONNECTIONS("KyeolDatabaseHighConnections", Scope.WORKLOAD,
            "{env}'s PostgreSQL uses more than 80% of its connection limit"),
    CACHE_MEMORY("KyeolCacheHighMemory", Scope.WORKLOAD, "{env}'s Valkey has used more than 80% of its memory for 15 minutes"),
    CERTIFICATE_EXPIRY("KyeolCertificateExpiring", Scope.EVERY_CLUSTER,
            "An ACM certificate of {env} expires in less than 21 days (automatic renewal has failed)"),
    NAT_PORT_ALLOCATION("KyeolNatGatewayPortAllocationErrors", Scope.EVERY_CLUSTER,
            "{env}'s NAT gateway is refusing new connections (port allocation errors)"),
    SCRAPE_TARGET_DOWN("KyeolScrapeTargetDown", Scope.EVERY_CLUSTER, "A metrics target in {env} has been down for 10 minutes"),
    METRICS_SHIPPING_STALLED("KyeolMetricsShippingStalled", Scope.WORKLOAD, "The hub has received no metrics from {env} for 10 minutes"),
    LOG_SHIPPING_STALLED("KyeolLogShippingStalled", Scope.EVERY_CLUSTER, "{env} has shipped no logs to the hub for 15 minutes"),
    LOG_ENTRIES_DROPPED("KyeolLogEntriesDropped", Scope.EVERY_CLUSTER, "{env}'s log collector dropped log lines it could not deliver"),
    ALERT_NOTIFICATIONS_FAILING("KyeolAlertNotificationsFailing", Scope.HUB,
            "Alertmanager cannot deliver notifications (Slack or e-mail)");

    /** Where an alert applies. */
    public enum Scope {
        /** Every environment, the hub included. */
        EVERY_CLUSTER,
        /** Workload environments only (they have a database, a cache, an edge, an ArgoCD application, a path to the hub). */
        WORKLOAD,
        /** The hub's own alerting pipeline. */
        HUB
    }

    private final String alertName;
    private final Scope scope;
    private final String summary;

    Alert(String alertName, Scope scope, String summary) {
        this.alertName = alertName;
        this.scope = scope;
        this.summary = summary;
    }

    /** The Prometheus alert name, e.g. {@code KyeolNodeNotReady}. */
    public String alertName() {
        return alertName;
    }

    public Scope scope() {
        return scope;
    }

    public String summary(String environment) {
        return summary.replace("{env}", environment);
    }

    /** The anchor of the alert's runbook line in {@code docs/observability.md}: the alert name in lower case. */
    public String anchor() {
        return alertName.toLowerCase();
    }

    /** The alerts a workload environment must have. */
    public static List<Alert> forWorkload() {
        return Arrays.stream(values()).filter(a -> a.scope != Scope.HUB).toList();
    }

    /** The alerts the hub must have for itself. */
    public static List<Alert> forHub() {
        return Arrays.stream(values()).filter(a -> a.scope != Scope.WORKLOAD).toList();
    }
}
