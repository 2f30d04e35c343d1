package com.kyeol.platform.config;

/** A managed node group's instance type, sizes (min ≤ desired ≤ max, validated) and root volume size. */
public record NodeGroupSettings(String instanceType, int desiredSize, int minSize, int maxSize, int diskSizeGiB) {
}
