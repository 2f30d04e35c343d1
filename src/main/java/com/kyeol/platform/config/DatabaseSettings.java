package com.kyeol.platform.config;

/** RDS PostgreSQL of a workload stack (Multi-AZ is mandatory on staging and production tiers). */
public record DatabaseSettings(String instanceClass, boolean multiAz) {
}
