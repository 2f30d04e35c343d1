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

/** EKS access entries (authentication mode API): who may use a cluster, with which access policy. */
public final class ClusterAccess {

    static final String CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
    /**
     * get, list and watch on every resource of the cluster, Secrets included (AmazonEKSViewPolicy leaves Secrets out,
     * and a refresh reads the Secrets the stack owns and the Secrets Helm keeps its releases in).
     */
    static final String ADMIN_VIEW_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy";

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
        return grant(name, "-cluster-admin", CLUSTER_ADMIN_POLICY, clusterName, principalArn, aws, parent);
    }

    /** Cluster-wide read of everything, Secrets included, and no write: the AmazonEKSAdminViewPolicy association. */
    public static AccessPolicyAssociation viewAll(String name, Output<String> clusterName, Output<String> principalArn, AwsTarget aws,
                                                  Resource parent) {
        return grant(name, "-admin-view", ADMIN_VIEW_POLICY, clusterName, principalArn, aws, parent);
    }

    private static AccessPolicyAssociation grant(String name, String suffix, String policyArn, Output<String> clusterName,
                                                 Output<String> principalArn, AwsTarget aws, Resource parent) {
        var entry = new AccessEntry(name, AccessEntryArgs.builder()
                .clusterName(clusterName)
                .principalArn(principalArn)
                .type("STANDARD")
                .build(), aws.child(parent));
        return new AccessPolicyAssociation(name + suffix, AccessPolicyAssociationArgs.builder()
                .clusterName(clusterName)
                .principalArn(principalArn)
                .policyArn(policyArn)
                .accessScope(AccessPolicyAssociationAccessScopeArgs.builder().type("cluster").build())
                .build(), CustomResourceOptions.builder().parent(parent).provider(aws.provider()).dependsOn(entry).build());
    }
}
