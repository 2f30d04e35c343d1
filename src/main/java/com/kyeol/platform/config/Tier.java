package com.kyeol.platform.config;

import java.util.Arrays;
import java.util.Optional;

/** How strict a stack is: staging and production must not be able to lose data or availability. */
public enum Tier {
    DEVELOPMENT("development"),
    STAGING("staging"),
    PRODUCTION("production");

    private final String configValue;

    Tier(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** Staging and production: Multi-AZ databases, deletion protection and the like. */
    public boolean isProductionLike() {
        return this != DEVELOPMENT;
    }

    /**
     * Fewest days of automated RDS backups this tier accepts. Zero would switch backups (and point-in-time
     * recovery) off, so even development keeps one day.
     */
    public int minimumBackupRetentionDays() {
        return switch (this) {
            case DEVELOPMENT -> 1;
            case STAGING -> 7;
            case PRODUCTION -> 14;
        };
    }

    /** Fewest days of cache (Valkey) snapshots this tier accepts; development may run without snapshots. */
    public int minimumCacheSnapshotDays() {
        return switch (this) {
            case DEVELOPMENT -> 0;
            case STAGING -> 1;
            case PRODUCTION -> 7;
        };
    }

    public static Optional<Tier> fromConfig(String value) {
        return Arrays.stream(values()).filter(t -> t.configValue.equals(value)).findFirst();
    }
}
