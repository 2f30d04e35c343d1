package com.kyeol.platform.observability;

import java.util.List;
import java.util.Map;

/**
 * The AWS metrics each environment's cluster collector ({@code prometheus.exporter.cloudwatch} in Alloy, which embeds
 * yet-another-cloudwatch-exporter) reads from CloudWatch and ships to the hub, and the Prometheus names they get
 * there. Resources are found by tag: everything this program creates carries its provider's default tag
 * {@code Environment}; the load balancers the controller creates carry {@code elbv2.k8s.aws/cluster}.
 */
public final class CloudWatchMetrics {

    /** CloudFront and its WAF publish metrics in us-east-1 only. */
    public static final String GLOBAL_REGION = "us-east-1";

    public static final Metric RDS_CPU = new Metric("AWS/RDS", "CPUUtilization", List.of("Average", "Maximum"));
    public static final Metric RDS_FREE_STORAGE = new Metric("AWS/RDS", "FreeStorageSpace", List.of("Minimum"));
    public static final Metric RDS_CONNECTIONS = new Metric("AWS/RDS", "DatabaseConnections", List.of("Maximum"));
    public static final Metric RDS_FREEABLE_MEMORY = new Metric("AWS/RDS", "FreeableMemory", List.of("Minimum"));
    public static final Metric RDS_READ_LATENCY = new Metric("AWS/RDS", "ReadLatency", List.of("Average"));
    public static final Metric RDS_WRITE_LATENCY = new Metric("AWS/RDS", "WriteLatency", List.of("Average"));
    public static final Metric RDS_READ_IOPS = new Metric("AWS/RDS", "ReadIOPS", List.of("Average"));
    public static final Metric RDS_WRITE_IOPS = new Metric("AWS/RDS", "WriteIOPS", List.of("Average"));

    public static final Metric VALKEY_MEMORY = new Metric("AWS/ElastiCache", "DatabaseMemoryUsagePercentage", List.of("Average", "Maximum"));
    public static final Metric VALKEY_ENGINE_CPU = new Metric("AWS/ElastiCache", "EngineCPUUtilization", List.of("Average"));
    public static final Metric VALKEY_CONNECTIONS = new Metric("AWS/ElastiCache", "CurrConnections", List.of("Maximum"));
    public static final Metric VALKEY_EVICTIONS = new Metric("AWS/ElastiCache", "Evictions", List.of("Sum"));
    public static final Metric VALKEY_HITS = new Metric("AWS/ElastiCache", "CacheHits", List.of("Sum"));
    public static final Metric VALKEY_MISSES = new Metric("AWS/ElastiCache", "CacheMisses", List.of("Sum"));

    public static final Metric ALB_REQUESTS = new Metric("AWS/ApplicationELB", "RequestCount", List.of("Sum"));
    public static final Metric ALB_ELB_5XX = new Metric("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", List.of("Sum"));
    public static final Metric ALB_TARGET_5XX = new Metric("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", List.of("Sum"));
    public static final Metric ALB_TARGET_4XX = new Metric("AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", List.of("Sum"));
    public static final Metric ALB_RESPONSE_TIME = new Metric("AWS/ApplicationELB", "TargetResponseTime", List.of("Average", "p99"));
    public static final Metric ALB_UNHEALTHY_HOSTS = new Metric("AWS/ApplicationELB", "UnHealthyHostCount", List.of("Maximum"));

    public static final Metric NAT_PORT_ALLOCATION_ERRORS = new Metric("AWS/NATGateway", "ErrorPortAllocation", List.of("Sum"));
    public static final Metric NAT_BYTES_OUT = new Metric("AWS/NATGateway", "BytesOutToDestination", List.of("Sum"));
    public static final Metric NAT_PACKETS_DROPPED = new Metric("AWS/NATGateway", "PacketsDropCount", List.of("Sum"));

    public static final Metric CERTIFICATE_DAYS_TO_EXPIRY = new Metric("AWS/CertificateManager", "DaysToExpiry", List.of("Minimum"));

    public static final Metric CLOUDFRONT_REQUESTS = new Metric("AWS/CloudFront", "Requests", List.of("Sum"));
    public static final Metric CLOUDFRONT_5XX_RATE = new Metric("AWS/CloudFront", "5xxErrorRate", List.of("Average"));
    public static final Metric CLOUDFRONT_4XX_RATE = new Metric("AWS/CloudFront", "4xxErrorRate", List.of("Average"));
    public static final Metric CLOUDFRONT_BYTES_DOWNLOADED = new Metric("AWS/CloudFront", "BytesDownloaded", List.of("Sum"));

    public static final Metric WAF_ALLOWED = new Metric("AWS/WAFV2", "AllowedRequests", List.of("Sum"));
    public static final Metric WAF_BLOCKED = new Metric("AWS/WAFV2", "BlockedRequests", List.of("Sum"));

    private CloudWatchMetrics() {
    }

    /** One CloudWatch metric and the statistics read for it. */
    public record Metric(String namespace, String name, List<String> statistics) {

        /** The Prometheus name of one statistic, e.g. {@code aws_rds_cpuutilization_average}. */
        public String series(String statistic) {
            if (!statistics.contains(statistic)) {
                throw new IllegalArgumentException(name + " is not collected with statistic " + statistic);
            }
            return prometheusName(namespace, name, statistic);
        }
    }

    /**
     * A discovery job: resources of {@code namespace} in {@code regions} whose tags match {@code searchTags}.
     *
     * @param period  the CloudWatch aggregation period
     * @param length  how far back each read looks (ACM publishes once a day, so its job looks back two days)
     */
    public record Job(String namespace, List<String> regions, Map<String, String> searchTags, String period, String length,
                      List<Metric> metrics) {
    }

    /**
     * What one environment's collector reads. Every cluster: its load balancers, NAT gateway and certificates;
     * workload clusters also the database, the cache and the edge (CloudFront, and the WAF where there is one).
     */
    public static List<Job> jobs(String environment, String clusterName, String region, boolean workload, boolean waf) {
        Map<String, String> ours = Map.of("Environment", environment);
        var jobs = new java.util.ArrayList<Job>();
        jobs.add(new Job("AWS/ApplicationELB", List.of(region), Map.of("elbv2.k8s.aws/cluster", clusterName), "5m", "5m",
                List.of(ALB_REQUESTS, ALB_ELB_5XX, ALB_TARGET_5XX, ALB_TARGET_4XX, ALB_RESPONSE_TIME, ALB_UNHEALTHY_HOSTS)));
        jobs.add(new Job("AWS/NATGateway", List.of(region), ours, "5m", "5m",
                List.of(NAT_PORT_ALLOCATION_ERRORS, NAT_BYTES_OUT, NAT_PACKETS_DROPPED)));
        List<String> certificateRegions = workload ? List.of(region, GLOBAL_REGION) : List.of(region);
        jobs.add(new Job("AWS/CertificateManager", certificateRegions, ours, "24h", "48h", List.of(CERTIFICATE_DAYS_TO_EXPIRY)));
        if (workload) {
            jobs.add(new Job("AWS/RDS", List.of(region), ours, "5m", "5m", List.of(RDS_CPU, RDS_FREE_STORAGE, RDS_CONNECTIONS,
                    RDS_FREEABLE_MEMORY, RDS_READ_LATENCY, RDS_WRITE_LATENCY, RDS_READ_IOPS, RDS_WRITE_IOPS)));
            jobs.add(new Job("AWS/ElastiCache", List.of(region), ours, "5m", "5m", List.of(VALKEY_MEMORY, VALKEY_ENGINE_CPU,
                    VALKEY_CONNECTIONS, VALKEY_EVICTIONS, VALKEY_HITS, VALKEY_MISSES)));
            jobs.add(new Job("AWS/CloudFront", List.of(GLOBAL_REGION), ours, "5m", "5m", List.of(CLOUDFRONT_REQUESTS, CLOUDFRONT_5XX_RATE,
                    CLOUDFRONT_4XX_RATE, CLOUDFRONT_BYTES_DOWNLOADED)));
            if (waf) {
                jobs.add(new Job("AWS/WAFV2", List.of(GLOBAL_REGION), ours, "5m", "5m", List.of(WAF_ALLOWED, WAF_BLOCKED)));
            }
        }
        return List.copyOf(jobs);
    }

    /**
     * yet-another-cloudwatch-exporter's naming: {@code aws_} + the namespace without its leading {@code AWS/}, then the
     * metric and the statistic, each lower-cased with an underscore wherever an upper-case letter follows a lower-case
     * letter or a digit, and separators and {@code %} written out ({@code HTTPCode_ELB_5XX_Count} + {@code Sum} becomes
     * {@code httpcode_elb_5_xx_count_sum}). A metric name repeating the namespace's words drops them.
     */
    public static String prometheusName(String namespace, String metric, String statistic) {
        String ns = snake(namespace.startsWith("/") ? namespace.substring(1).toLowerCase() : namespace.toLowerCase());
        var out = new StringBuilder();
        if (!ns.startsWith("aws")) {
            out.append("aws_");
        }
        out.append(ns).append('_');
        String name = snake(metric);
        int skip = 0;
        for (String part : ns.split("_")) {
            if (name.startsWith(part, skip)) {
                skip = part.length();
            }
        }
        name = name.substring(skip);
        if (name.startsWith("_")) {
            name = name.substring(1);
        }
        out.append(name);
        if (!statistic.isEmpty()) {
            out.append('_').append(snake(statistic));
        }
        return out.toString();
    }

    private static String snake(String text) {
        var out = new StringBuilder();
        int previous = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (" ,\t/\\.-:=@<>()\u201c".indexOf(c) >= 0) {
                out.append('_');
            } else if (c == '%') {
                out.append("_percent");
            } else {
                if (Character.isUpperCase(c) && (Character.isLowerCase(previous) || Character.isDigit(previous))) {
                    out.append('_');
                }
                out.appendCodePoint(Character.toLowerCase(c));
            }
            previous = c;
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /** Dimension labels as the exporter writes them (camel case kept): {@code dimension_DBInstanceIdentifier}. */
    public static String dimension(String name) {
        return "dimension_" + name;
    }
}
