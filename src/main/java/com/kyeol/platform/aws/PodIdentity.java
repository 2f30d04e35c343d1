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
 * EKS Pod Identity: a role with its own least-privilege policy, handed to service accounts of one namespace of one
 * cluster. The role trusts exactly the service accounts it is associated with (both come from the same list, so the
 * trust and the associations cannot drift apart). Workloads that need the credentials at start depend on
 * {@link #ready()}.
 */
public final class PodIdentity {

    /** The cluster a role is for: its name (associations), its ARN (trust) and the account it lives in. */
    public record Cluster(Output<String> name, Output<String> arn, Output<String> accountId) {

        /** The trust policy of a role for {@code serviceAccounts} in {@code namespace} of this cluster. */
        public Output<String> trust(String namespace, List<String> serviceAccounts) {
            return Output.tuple(accountId, arn).applyValue(t -> PolicyDocuments.document(List.of(
                    PolicyDocuments.podIdentityTrust(t.t1, t.t2, namespace, serviceAccounts))));
        }
    }

    private final Role role;
    private final List<Resource> ready = new ArrayList<>();

    /**
     * @param environment     the stack; associations are named {@code <environment>-<service account>-pod-identity}
     * @param name            resource-name prefix of the role and policy, e.g. {@code dev-external-dns}
     * @param namespace       where the service accounts live
     * @param serviceAccounts the service accounts that get the role (and the only ones its trust admits)
     * @param policy          what the role may do
     */
    public PodIdentity(String environment, String name, String description, Cluster cluster, String namespace,
                       List<String> serviceAccounts, Output<String> policy, AwsTarget aws, Resource parent) {
        this.role = new Role(name + "-role", RoleArgs.builder()
                .description(description)
                .assumeRolePolicy(cluster.trust(namespace, serviceAccounts))
                .build(), aws.child(parent));
        var managed = new Policy(name + "-policy", PolicyArgs.builder()
                .description("What " + name + " may do")
                .policy(policy)
                .build(), aws.child(parent));
        ready.add(new RolePolicyAttachment(name + "-policy", RolePolicyAttachmentArgs.builder()
                .role(role.name())
                .policyArn(managed.arn())
                .build(), aws.child(parent)));
        for (String serviceAccount : serviceAccounts) {
            ready.add(new PodIdentityAssociation(environment + "-" + serviceAccount + "-pod-identity", PodIdentityAssociationArgs.builder()
                    .clusterName(cluster.name())
                    .namespace(namespace)
                    .serviceAccount(serviceAccount)
                    .roleArn(role.arn())
                    .build(), aws.child(parent)));
        }
    }

    public Output<String> roleArn() {
        return role.arn();
    }

    /** The policy attachment and every association: what a pod using the role waits for. */
    public List<Resource> ready() {
        return List.copyOf(ready);
    }
}
