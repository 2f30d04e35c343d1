package com.kyeol.platform.observability;

import com.kyeol.platform.k8s.PodResources;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.config.ObservabilitySettings;
import com.kyeol.platform.config.Tier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loki on the hub: one process (Monolithic), schema v13 with the TSDB index, chunks and index in S3 through the pod's
 * own identity (no keys), and retention per tier: the compactor deletes each tier's streams after that tier's
 * {@code logsDays}. No gateway, no caches, no canary: one pod for a handful of small clusters.
 */
public final class LokiValues {

    /** The schema's first day: before the hub's first deploy, never to be changed (a new period is added instead). */
    static final String SCHEMA_FROM = "2026-01-01";

    private LokiValues() {
    }

    public static Map<String, Object> values(String bucket, String region, Map<Tier, ObservabilitySettings.Retention> retention) {
        List<Object> streams = new ArrayList<>();
        int longest = 1;
        for (Tier tier : Tier.values()) {
            int days = retention.get(tier).logsDays();
            longest = Math.max(longest, days);
            streams.add(PolicyDocuments.ordered(
                    "selector", "{" + Telemetry.TIER + "=\"" + tier.configValue() + "\"}",
                    "priority", 1,
                    "period", hours(days)));
        }
        var loki = PolicyDocuments.ordered(
                // One tenant: environments are told apart by the environment label every stream carries.
                "auth_enabled", false,
                "commonConfig", Map.of("replication_factor", 1),
                "schemaConfig", Map.of("configs", List.of(PolicyDocuments.ordered(
                        "from", SCHEMA_FROM,
                        "store", "tsdb",
                        "object_store", "s3",
                        "schema", "v13",
                        "index", Map.of("prefix", "index_", "period", "24h")))),
                "storage", PolicyDocuments.ordered(
                        "type", "s3",
                        "bucketNames", Map.of("chunks", bucket, "ruler", bucket),
                        "s3", Map.of("region", region)),
                "limits_config", PolicyDocuments.ordered(
                        "retention_period", hours(longest),
                        "retention_stream", streams),
                "compactor", PolicyDocuments.ordered(
                        "retention_enabled", true,
                        "delete_request_store", "s3",
                        "working_directory", "/var/loki/compactor"));
        return PolicyDocuments.ordered(
                "deploymentMode", "Monolithic",
                "loki", loki,
                "serviceAccount", Map.of("create", true, "name", Telemetry.LOKI),
                "singleBinary", PolicyDocuments.ordered(
                        "replicas", 1,
                        "resources", PodResources.of("200m", "512Mi", "1536Mi"),
                        // The ALB's health check for the spokes' push routes.
                        "service", Map.of("annotations", Map.of("alb.ingress.kubernetes.io/healthcheck-path", "/ready")),
                        "persistence", PolicyDocuments.ordered("enabled", true, "size", "10Gi", "storageClass", Telemetry.STORAGE_CLASS)),
                "ruler", Map.of("enabled", false),
                "sidecar", Map.of("rules", Map.of("enabled", false)),
                "gateway", Map.of("enabled", false),
                "chunksCache", Map.of("enabled", false),
                "resultsCache", Map.of("enabled", false),
                "lokiCanary", Map.of("enabled", false),
                "test", Map.of("enabled", false),
                "monitoring", Map.of("serviceMonitor", Map.of("enabled", true)));
    }

    /** Loki durations in hours (its retention is counted in whole index periods of 24h). */
    static String hours(int days) {
        return (days * 24) + "h";
    }

    /** The S3 permissions Loki's role needs on its bucket (the object store of chunks, index and delete requests). */
    public static String bucketPolicy(String bucketArn) {
        return PolicyDocuments.document(List.of(
                PolicyDocuments.allow(List.of("s3:ListBucket"), bucketArn, Map.of()),
                PolicyDocuments.allow(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"), bucketArn + "/*", Map.of())));
    }
}
