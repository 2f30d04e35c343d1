package com.kyeol.platform.config;

/** ElastiCache Valkey of a workload stack: node type and number of replicas (0 = single node). */
public record CacheSettings(String nodeType, int replicas) {
}
