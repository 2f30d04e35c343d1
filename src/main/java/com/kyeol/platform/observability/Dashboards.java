package com.kyeol.platform.observability;

import java.util.List;

import static com.kyeol.platform.observability.CloudWatchMetrics.ALB_ELB_5XX;
import static com.kyeol.platform.observability.CloudWatchMetrics.ALB_REQUESTS;
import static com.kyeol.platform.observability.CloudWatchMetrics.ALB_RESPONSE_TIME;
import static com.kyeol.platform.observability.CloudWatchMetrics.ALB_TARGET_4XX;
import static com.kyeol.platform.observability.CloudWatchMetrics.ALB_TARGET_5XX;
import static com.kyeol.platform.observability.CloudWatchMetrics.ALB_UNHEALTHY_HOSTS;
import static com.kyeol.platform.observability.CloudWatchMetrics.CERTIFICATE_DAYS_TO_EXPIRY;
import static com.kyeol.platform.observability.CloudWatchMetrics.CLOUDFRONT_4XX_RATE;
import static com.kyeol.platform.observability.CloudWatchMetrics.CLOUDFRONT_5XX_RATE;
import static com.kyeol.platform.observability.CloudWatchMetrics.CLOUDFRONT_BYTES_DOWNLOADED;
import static com.kyeol.platform.observability.CloudWatchMetrics.CLOUDFRONT_REQUESTS;
import static com.kyeol.platform.observability.CloudWatchMetrics.NAT_BYTES_OUT;
import static com.kyeol.platform.observability.CloudWatchMetrics.NAT_PORT_ALLOCATION_ERRORS;
import static com.kyeol.platform.observability.CloudWatchMetrics.RDS_CONNECTIONS;
import static com.kyeol.platform.observability.CloudWatchMetrics.RDS_CPU;
import static com.kyeol.platform.observability.CloudWatchMetrics.RDS_FREEABLE_MEMORY;
import static com.kyeol.platform.observability.CloudWatchMetrics.RDS_FREE_STORAGE;
import static com.kyeol.platform.observability.CloudWatchMetrics.RDS_READ_IOPS;
import static com.kyeol.platform.observability.CloudWatchMetrics.RDS_READ_LATENCY;
import static com.kyeol.platform.observability.CloudWatchMetrics.RDS_WRITE_IOPS;
import static com.kyeol.platform.observability.CloudWatchMetrics.RDS_WRITE_LATENCY;
import static com.kyeol.platform.observability.CloudWatchMetrics.VALKEY_CONNECTIONS;
import static com.kyeol.platform.observability.CloudWatchMetrics.VALKEY_ENGINE_CPU;
import static com.kyeol.platform.observability.CloudWatchMetrics.VALKEY_EVICTIONS;
import static com.kyeol.platform.observability.CloudWatchMetrics.VALKEY_HITS;
import static com.kyeol.platform.observability.CloudWatchMetrics.VALKEY_MEMORY;
import static com.kyeol.platform.observability.CloudWatchMetrics.VALKEY_MISSES;
import static com.kyeol.platform.observability.CloudWatchMetrics.WAF_ALLOWED;
import static com.kyeol.platform.observability.CloudWatchMetrics.WAF_BLOCKED;

/**
 * The platform's own dashboards, written here (not imported from grafana.com), one per thing an operator looks at:
 * the cluster, Saleor, the database, the cache, the edge, and the telemetry pipeline itself. Each is a ConfigMap on
 * the hub that Grafana's dashboard sidecar loads; every panel selects {@code $environment}.
 */
public final class Dashboards {

    private static final String E = "environment=\"$environment\"";
    private static final String SALEOR = E + ",namespace=\"saleor\"";

    private Dashboards() {
    }

    public static List<Dashboard> all() {
        return List.of(cluster(), saleor(), database(), cache(), edge(), pipeline());
    }

    static Dashboard cluster() {
        return new Dashboard("kyeol-cluster", "KYEOL / Cluster")
                .stat("Nodes ready", "none", q("sum(kube_node_status_condition{" + E + ",condition=\"Ready\",status=\"true\"})", ""))
                .stat("Pods not running", "none", q("sum(kube_pod_status_phase{" + E + ",phase=~\"Pending|Failed|Unknown\"})", ""))
                .timeseries("Node CPU busy", "percent",
                        q("100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{" + E + ",mode=\"idle\"}[5m])))", "{{instance}}"))
                .timeseries("Node memory used", "percent",
                        q("100 * (1 - node_memory_MemAvailable_bytes{" + E + "} / node_memory_MemTotal_bytes{" + E + "})", "{{instance}}"))
                .timeseries("Node root disk used", "percent", q("100 * (1 - node_filesystem_avail_bytes{" + E + ",mountpoint=\"/\"}"
                        + " / node_filesystem_size_bytes{" + E + ",mountpoint=\"/\"})", "{{instance}}"))
                .timeseries("Pods per node (limit: max pods)", "none",
                        q("count by (node) (kube_pod_info{" + E + "})", "{{node}}"),
                        q("max(kube_node_status_capacity{" + E + ",resource=\"pods\"})", "max pods"))
                .timeseries("CPU requested / allocatable", "percentunit",
                        q("sum(kube_pod_container_resource_requests{" + E + ",resource=\"cpu\"})"
                                + " / sum(kube_node_status_allocatable{" + E + ",resource=\"cpu\"})", "cpu"),
                        q("sum(kube_pod_container_resource_requests{" + E + ",resource=\"memory\"})"
                                + " / sum(kube_node_status_allocatable{" + E + ",resource=\"memory\"})", "memory"))
                .timeseries("CPU by namespace", "none",
                        q("sum by (namespace) (rate(container_cpu_usage_seconds_total{" + E + ",container!=\"\"}[5m]))", "{{namespace}}"))
                .timeseries("Memory by namespace", "bytes",
                        q("sum by (namespace) (container_memory_working_set_bytes{" + E + ",container!=\"\"})", "{{namespace}}"))
                .timeseries("Container restarts (1h)", "none",
                        q("sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{" + E + "}[1h])) > 0", "{{namespace}}/{{pod}}"))
                .logs("Kubernetes events", "{" + E + ",job=\"kubernetes-events\"}");
    }

    static Dashboard saleor() {
        return new Dashboard("kyeol-saleor", "KYEOL / Saleor")
                .timeseries("Available replicas", "none",
                        q("kube_deployment_status_replicas_available{" + SALEOR + "}", "{{deployment}}"))
                .timeseries("CPU by pod", "none",
                        q("sum by (pod) (rate(container_cpu_usage_seconds_total{" + SALEOR + ",container!=\"\"}[5m]))", "{{pod}}"))
                .timeseries("Memory by pod", "bytes",
                        q("sum by (pod) (container_memory_working_set_bytes{" + SALEOR + ",container!=\"\"})", "{{pod}}"))
                .timeseries("Restarts (1h)", "none",
                        q("sum by (container) (increase(kube_pod_container_status_restarts_total{" + SALEOR + "}[1h]))", "{{container}}"))
                .timeseries("Requests at the load balancer", "none",
                        q("sum(" + ALB_REQUESTS.series("Sum") + "{" + E + "})", "requests / 5m"),
                        q("sum(" + ALB_TARGET_4XX.series("Sum") + "{" + E + "})", "4xx / 5m"),
                        q("sum(" + ALB_TARGET_5XX.series("Sum") + "{" + E + "})", "5xx / 5m"))
                .timeseries("Target response time", "s",
                        q("max(" + ALB_RESPONSE_TIME.series("Average") + "{" + E + "})", "average"),
                        q("max(" + ALB_RESPONSE_TIME.series("p99") + "{" + E + "})", "p99"))
                .logs("API and worker errors", "{" + SALEOR + ",container=~\"api|worker\"} |~ \"(?i)error|exception|traceback\"")
                .logs("Migrations", "{" + SALEOR + ",container=\"migrate\"}");
    }

    static Dashboard database() {
        return new Dashboard("kyeol-rds", "KYEOL / PostgreSQL (RDS)")
                .timeseries("CPU", "percent", q("max(" + RDS_CPU.series("Average") + "{" + E + "})", "average"),
                        q("max(" + RDS_CPU.series("Maximum") + "{" + E + "})", "maximum"))
                .timeseries("Free storage", "bytes", q("min(" + RDS_FREE_STORAGE.series("Minimum") + "{" + E + "})", "free"))
                .timeseries("Connections", "none", q("max(" + RDS_CONNECTIONS.series("Maximum") + "{" + E + "})", "connections"))
                .timeseries("Freeable memory", "bytes", q("min(" + RDS_FREEABLE_MEMORY.series("Minimum") + "{" + E + "})", "freeable"))
                .timeseries("Latency", "s", q("max(" + RDS_READ_LATENCY.series("Average") + "{" + E + "})", "read"),
                        q("max(" + RDS_WRITE_LATENCY.series("Average") + "{" + E + "})", "write"))
                .timeseries("IOPS", "iops", q("max(" + RDS_READ_IOPS.series("Average") + "{" + E + "})", "read"),
                        q("max(" + RDS_WRITE_IOPS.series("Average") + "{" + E + "})", "write"));
    }

    static Dashboard cache() {
        return new Dashboard("kyeol-valkey", "KYEOL / Valkey (ElastiCache)")
                .timeseries("Memory used", "percent", q("max by (dimension_CacheClusterId) (" + VALKEY_MEMORY.series("Average")
                        + "{" + E + "})", "{{dimension_CacheClusterId}}"))
                .timeseries("Engine CPU", "percent", q("max by (dimension_CacheClusterId) (" + VALKEY_ENGINE_CPU.series("Average")
                        + "{" + E + "})", "{{dimension_CacheClusterId}}"))
                .timeseries("Connections", "none", q("sum(" + VALKEY_CONNECTIONS.series("Maximum") + "{" + E + "})", "connections"))
                .timeseries("Evictions", "none", q("sum(" + VALKEY_EVICTIONS.series("Sum") + "{" + E + "})", "evictions / 5m"))
                .timeseries("Hit rate", "percentunit", q("sum(" + VALKEY_HITS.series("Sum") + "{" + E + "}) / (sum("
                        + VALKEY_HITS.series("Sum") + "{" + E + "}) + sum(" + VALKEY_MISSES.series("Sum") + "{" + E + "}))", "hits"));
    }

    static Dashboard edge() {
        return new Dashboard("kyeol-edge", "KYEOL / Edge (CloudFront, WAF, ALB, NAT)")
                .timeseries("CloudFront requests", "none", q("sum(" + CLOUDFRONT_REQUESTS.series("Sum") + "{" + E + "})", "requests / 5m"))
                .timeseries("CloudFront error rate", "percent",
                        q("max(" + CLOUDFRONT_5XX_RATE.series("Average") + "{" + E + "})", "5xx"),
                        q("max(" + CLOUDFRONT_4XX_RATE.series("Average") + "{" + E + "})", "4xx"))
                .timeseries("CloudFront bytes downloaded", "bytes",
                        q("sum(" + CLOUDFRONT_BYTES_DOWNLOADED.series("Sum") + "{" + E + "})", "bytes / 5m"))
                .timeseries("WAF", "none", q("sum(" + WAF_ALLOWED.series("Sum") + "{" + E + "})", "allowed / 5m"),
                        q("sum(" + WAF_BLOCKED.series("Sum") + "{" + E + "})", "blocked / 5m"))
                .timeseries("Load balancer 5xx", "none",
                        q("sum(" + ALB_ELB_5XX.series("Sum") + "{" + E + "})", "from the ALB / 5m"),
                        q("sum(" + ALB_TARGET_5XX.series("Sum") + "{" + E + "})", "from targets / 5m"))
                .timeseries("Unhealthy targets", "none",
                        q("max by (dimension_TargetGroup) (" + ALB_UNHEALTHY_HOSTS.series("Maximum") + "{" + E + "})", "{{dimension_TargetGroup}}"))
                .timeseries("NAT gateway", "bytes", q("sum(" + NAT_BYTES_OUT.series("Sum") + "{" + E + "})", "bytes out / 5m"))
                .timeseries("NAT port allocation errors", "none",
                        q("sum(" + NAT_PORT_ALLOCATION_ERRORS.series("Sum") + "{" + E + "})", "errors / 5m"))
                .timeseries("Certificate days to expiry", "d",
                        q("min by (dimension_CertificateArn) (" + CERTIFICATE_DAYS_TO_EXPIRY.series("Minimum") + "{" + E + "})",
                                "{{dimension_CertificateArn}}"));
    }

    static Dashboard pipeline() {
        return new Dashboard("kyeol-telemetry", "KYEOL / Telemetry pipeline")
                .timeseries("Targets down", "none", q("count by (job) (up{" + E + "} == 0)", "{{job}}"))
                .timeseries("Log bytes shipped", "Bps",
                        q("sum by (job) (rate(loki_write_sent_bytes_total{" + E + "}[5m]))", "{{job}}"))
                .timeseries("Log lines dropped", "none",
                        q("sum by (reason) (increase(loki_write_dropped_entries_total{" + E + "}[15m]))", "{{reason}}"))
                .timeseries("Samples the agent failed to send", "none",
                        q("sum(rate(prometheus_remote_storage_samples_failed_total{" + E + "}[5m]))", "failed / s"))
                .timeseries("Alert notifications failing (hub)", "none",
                        q("sum by (integration) (rate(alertmanager_notifications_failed_total[10m]))", "{{integration}}"));
    }

    private static Dashboard.Query q(String expr, String legend) {
        return new Dashboard.Query(expr, legend);
    }
}
