package com.kyeol.platform.config;

import java.util.List;

/**
 * The EKS cluster of a stack.
 *
 * @param version            Kubernetes minor version, one the add-on table supports
 * @param publicAccessCidrs  who may reach the public API endpoint (operators, CI); empty = private endpoint only
 * @param adminPrincipalArns IAM roles/users given cluster admin through access entries
 * @param deployerPrincipalArns IAM roles/users given AmazonEKSEditPolicy in the platform's workload namespaces
 * @param viewerPrincipalArns IAM roles/users given AmazonEKSViewPolicy in the platform's workload namespaces
 * @param logRetentionDays   retention of the control-plane log group
 * @param externalDnsPolicy  how ExternalDNS treats records it owns: sync, upsert-only or create-only
 */
public record ClusterSettings(
        String name,
        String version,
        List<Cidr> publicAccessCidrs,
        List<String> adminPrincipalArns,
        List<String> deployerPrincipalArns,
        List<String> viewerPrincipalArns,
        int logRetentionDays,
        String externalDnsPolicy,
        NodeGroupSettings nodeGroup) {
}
