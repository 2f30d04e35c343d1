package com.kyeol.platform.aws;

import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.Resource;

import java.util.List;

/** IAM roles with AWS managed policies attached, named after the role. */
public final class Roles {

    /** A role and its attachments: resources that need the permissions depend on the attachments too. */
    public record AttachedRole(Role role, List<RolePolicyAttachment> attachments) {

        public Output<String> arn() {
            return role.arn();
        }
    }

    private Roles() {
    }

    /**
     * A role trusted by {@code trustPolicy} with each AWS managed policy in {@code managedPolicies}
     * (names such as {@code AmazonEKSClusterPolicy}) attached as its own resource.
     */
    public static AttachedRole withManagedPolicies(String name, String description, Output<String> trustPolicy,
                                           List<String> managedPolicies, AwsTarget aws, Resource parent) {
        var role = new Role(name, RoleArgs.builder()
                .description(description)
                .assumeRolePolicy(trustPolicy)
                .build(), aws.child(parent));
        List<RolePolicyAttachment> attachments = new java.util.ArrayList<>();
        for (String policy : managedPolicies) {
            attachments.add(new RolePolicyAttachment(name + "-" + policy.substring(policy.lastIndexOf('/') + 1), RolePolicyAttachmentArgs.builder()
                    .role(role.name())
                    .policyArn("arn:aws:iam::aws:policy/" + policy)
                    .build(), aws.child(parent)));
        }
        return new AttachedRole(role, List.copyOf(attachments));
    }
}
