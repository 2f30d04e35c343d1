package com.kyeol.platform.aws;

import com.pulumi.aws.eks.PodIdentityAssociation;
import com.pulumi.aws.eks.PodIdentityAssociationArgs;
import com.pulumi.aws.iam.Policy;
import com.pulumi.aws.iam.PolicyArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;

/**
 * EKS Pod Identity: a role with its own least-privilege policy, handed to service accounts of one cluster.
 * Workloads that need the credentials at start depend on {@link #ready()}.
 */
public final class PodIdentity {

    private final Role role;
    private final List<Resource> ready = new ArrayList<>();
    private final String environment;
    private final Output<String> clusterName;
    private final AwsTarget aws;
    private final Resource parent;

    /**
     * @param environment the stack; associations are named {@code <environment>-<service account>-pod-identity}
     * @param name        resource-name prefix of the role and policy, e.g. {@code dev-external-dns}
     * @param trust       the cluster's Pod Identity trust policy
     * @param policy      what the role may do
     */
    public PodIdentity(String environment, String name, String description, Output<String> trust, Output<String> policy,
                       Output<String> clusterName, AwsTarget aws, Resource parent) {
        this.environment = environment;
        this.clusterName = clusterName;
        this.aws = aws;
        this.parent = parent;
        this.role = new Role(name + "-role", RoleArgs.builder()
                .description(description)
                .assumeRolePolicy(trust)
                .build(), aws.child(parent));
        var managed = new Policy(name + "-policy", PolicyArgs.builder()
                .description("What " + name + " may do")
                .policy(policy)
                .build(), aws.child(parent));
        ready.add(new RolePolicyAttachment(name + "-policy", RolePolicyAttachmentArgs.builder()
                .role(role.name())
                .policyArn(managed.arn())
                .build(), aws.child(parent)));
    }

    /** Hands the role to {@code namespace/serviceAccount}; the association is named after the service account. */
    public PodIdentity associate(String namespace, String serviceAccount) {
        ready.add(new PodIdentityAssociation(environment + "-" + serviceAccount + "-pod-identity", PodIdentityAssociationArgs.builder()
                .clusterName(clusterName)
                .namespace(namespace)
                .serviceAccount(serviceAccount)
                .roleArn(role.arn())
                .build(), aws.child(parent)));
        return this;
    }

    public Output<String> roleArn() {
        return role.arn();
    }

    /** The policy attachment and every association: what a pod using the role waits for. */
    public List<Resource> ready() {
        return List.copyOf(ready);
    }
}
