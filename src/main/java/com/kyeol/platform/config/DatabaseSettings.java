package com.kyeol.platform.config;

/**
 * RDS PostgreSQL of a workload stack. Multi-AZ, deletion protection, a final snapshot and a minimum backup
 * retention are mandatory on staging and production tiers ({@link SettingsLoader} refuses anything less).
 *
 * @param engineVersion           a major ({@code 17}: RDS picks the region's default minor and upgrades it in the
 *                                maintenance window) or a pinned {@code major.minor} (only with auto minor upgrades off)
 * @param maxAllocatedStorageGiB  storage autoscaling ceiling; 0 switches autoscaling off
 * @param backupWindow            daily, UTC, {@code hh24:mi-hh24:mi}
 * @param maintenanceWindow       weekly, UTC, {@code ddd:hh24:mi-ddd:hh24:mi}
 * @param logRetentionDays        retention of the exported {@code postgresql} and {@code upgrade} logs
 */
public record DatabaseSettings(
        String instanceClass,
        boolean multiAz,
        String engineVersion,
        boolean autoMinorVersionUpgrade,
        int allocatedStorageGiB,
        int maxAllocatedStorageGiB,
        int backupRetentionDays,
        String backupWindow,
        String maintenanceWindow,
        boolean deletionProtection,
        boolean finalSnapshot,
        boolean performanceInsights,
        boolean iamAuthentication,
        int logRetentionDays) {

    /** {@code 17} of {@code 17} or {@code 17.7}. */
    public String engineMajor() {
        int dot = engineVersion.indexOf('.');
        return dot < 0 ? engineVersion : engineVersion.substring(0, dot);
    }
}
