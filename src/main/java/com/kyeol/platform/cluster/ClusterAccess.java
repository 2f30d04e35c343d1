package com.kyeol.platform.cluster;

import com.kyeol.platform.aws.AwsTarget;
import com.pulumi.aws.eks.AccessEntry;
import com.pulumi.aws.eks.AccessEntryArgs;
import com.pulumi.aws.eks.AccessPolicyAssociation;
import com.pulumi.aws.eks.AccessPolicyAssociationArgs;
import com.pulumi.aws.eks.inputs.AccessPolicyAssociationAccessScopeArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.List;

/**
 * EKS access entries (authentication mode API): who may use a cluster, with which access policy, where. One entry per
 * principal and cluster (EKS refuses a second), so a principal is admin, deployer or viewer, never two of them.
 */
public final class ClusterAccess {

    static final String POLICY_PREFIX = "arn:aws:eks::aws:cluster-access-policy/";
    static final String CLUSTER_ADMIN_POLICY = POLICY_PREFIX + "AmazonEKSClusterAdminPolicy";
    /** Kubernetes' {@code edit}: read and write most namespaced objects (Deployments, Pods, Secrets), no RBAC. */
    static final String EDIT_POLICY = POLICY_PREFIX + "AmazonEKSEditPolicy";
    /** Kubernetes' {@code view}: read most namespaced objects, not Secrets. */
    static final String VIEW_POLICY = POLICY_PREFIX + "AmazonEKSViewPolicy";
    /**
     * get, list and watch on every resource of the cluster, Secrets included (AmazonEKSViewPolicy leaves Secrets out,
     * and a refresh reads the Secrets the stack owns and the Secrets Helm keeps its releases in).
     */
    static final String ADMIN_VIEW_POLICY = POLICY_PREFIX + "AmazonEKSAdminViewPolicy";

    /**
     * The CI identities every cluster admits; they are defined once, on the hub (the hub's own cluster uses its roles
     * directly, the workload clusters read them from the hub's outputs).
     *
     * @param deployRoleArn  runs {@code pulumi up}: creates namespaces, CRDs, cluster roles and webhooks through Helm
     *                       and grants the RBAC the charts carry, which Kubernetes only lets a cluster admin do
     * @param previewRoleArn runs {@code pulumi preview --refresh}: reads every object the stack owns, Secrets and Helm
     *                       release records included, and writes nothing
     */
    public record Ci(Output<String> deployRoleArn, Output<String> previewRoleArn) {
    }

    private ClusterAccess() {
    }

    /** Cluster-wide admin for {@code principalArn}: an access entry and the AmazonEKSClusterAdminPolicy association. */
    public static AccessPolicyAssociation admin(String name, Output<String> clusterName, Output<String> principalArn, AwsTarget aws,
                                                Resource parent) {
        return grant(name, name + "-cluster-admin", clusterName, principalArn, CLUSTER_ADMIN_POLICY,
                AccessPolicyAssociationAccessScopeArgs.builder().type("cluster").build(), aws, parent);
    }

    /** Cluster-wide read of everything, Secrets included, and no write: the AmazonEKSAdminViewPolicy association. */
    public static AccessPolicyAssociation viewAll(String name, Output<String> clusterName, Output<String> principalArn, AwsTarget aws,
                                                  Resource parent) {
        return grant(name, name + "-admin-view", clusterName, principalArn, ADMIN_VIEW_POLICY,
                AccessPolicyAssociationAccessScopeArgs.builder().type("cluster").build(), aws, parent);
    }

    /** Deployer: AmazonEKSEditPolicy in {@code namespaces} only. */
    public static AccessPolicyAssociation edit(String name, Output<String> clusterName, Output<String> principalArn, List<String> namespaces,
                                               AwsTarget aws, Resource parent) {
        return grant(name, name + "-edit", clusterName, principalArn, EDIT_POLICY, inNamespaces(namespaces), aws, parent);
    }

    /** Read-only: AmazonEKSViewPolicy in {@code namespaces} only. */
    public static AccessPolicyAssociation view(String name, Output<String> clusterName, Output<String> principalArn, List<String> namespaces,
                                               AwsTarget aws, Resource parent) {
        return grant(name, name + "-view", clusterName, principalArn, VIEW_POLICY, inNamespaces(namespaces), aws, parent);
    }

    private static AccessPolicyAssociationAccessScopeArgs inNamespaces(List<String> namespaces) {
        if (namespaces.isEmpty()) {
            throw new IllegalArgumentException("a namespace-scoped access policy needs at least one namespace");
        }
        return AccessPolicyAssociationAccessScopeArgs.builder().type("namespace").namespaces(namespaces).build();
    }

    private static AccessPolicyAssociation grant(String entryName, String associationName, Output<String> clusterName,
                                                 Output<String> principalArn, String policyArn, AccessPolicyAssociationAccessScopeArgs scope,
                                                 AwsTarget aws, Resource parent) {
        var entry = new AccessEntry(entryName, AccessEntryArgs.builder()
                .clusterName(clusterName)
                .principalArn(principalArn)
                .type("STANDARD")
                .build(), aws.child(parent));
        return new AccessPolicyAssociation(associationName, AccessPolicyAssociationArgs.builder()
                .clusterName(clusterName)
                .principalArn(principalArn)
                .policyArn(policyArn)
                .accessScope(scope)
                .build(), CustomResourceOptions.builder().parent(parent).provider(aws.provider()).dependsOn(entry).build());
    }
}
