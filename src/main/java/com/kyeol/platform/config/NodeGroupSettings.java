package com.kyeol.platform.config;

/** A managed node group's instance type and sizes (min ≤ desired ≤ max, validated). */
public record NodeGroupSettings(String instanceType, int desiredSize, int minSize, int maxSize) {
}
