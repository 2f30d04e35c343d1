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

    private ClusterAccess() {
    }

    /** Cluster-wide admin for {@code principalArn}: an access entry and the AmazonEKSClusterAdminPolicy association. */
    public static AccessPolicyAssociation admin(String name, Output<String> clusterName, Output<String> principalArn, AwsTarget aws,
                                                Resource parent) {
        var entry = new AccessEntry(name, AccessEntryArgs.builder()
                .clusterName(clusterName)
                .principalArn(principalArn)
                .type("STANDARD")
                .build(), aws.child(parent));
        return new AccessPolicyAssociation(name + "-cluster-admin", AccessPolicyAssociationArgs.builder()
                .clusterName(clusterName)
                .principalArn(principalArn)
                .policyArn(CLUSTER_ADMIN_POLICY)
                .accessScope(AccessPolicyAssociationAccessScopeArgs.builder().type("cluster").build())
                .build(), CustomResourceOptions.builder().parent(parent).provider(aws.provider()).dependsOn(entry).build());
    }
}
