package com.kyeol.platform.config;

/**
 * ElastiCache Valkey of a workload stack (Saleor's cache and Celery broker), one shard as a replication group
 * so that replicas can be added later without replacing it.
 *
 * @param replicas              read replicas besides the primary; more than 0 turns on automatic failover and Multi-AZ
 * @param engineVersion         Valkey {@code major.minor}, e.g. {@code 8.1}
 * @param snapshotRetentionDays daily snapshots kept; 0 = none (development only)
 * @param snapshotWindow        daily, UTC, {@code hh24:mi-hh24:mi}
 * @param maintenanceWindow     weekly, UTC, {@code ddd:hh24:mi-ddd:hh24:mi}
 */
public record CacheSettings(
        String nodeType,
        int replicas,
        String engineVersion,
        int snapshotRetentionDays,
        String snapshotWindow,
        String maintenanceWindow) {

    public String engineMajor() {
        return engineVersion.substring(0, engineVersion.indexOf('.'));
    }

    /** Automatic failover and Multi-AZ need a replica to fail over to. */
    public boolean failover() {
        return replicas > 0;
    }
}
