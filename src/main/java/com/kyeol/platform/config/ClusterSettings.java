package com.kyeol.platform.config;

/** The EKS cluster of a stack. */
public record ClusterSettings(String name, NodeGroupSettings nodeGroup) {
}
