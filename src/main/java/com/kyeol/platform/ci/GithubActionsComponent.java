package com.kyeol.platform.ci;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.aws.Roles;
import com.kyeol.platform.config.HubSettings;
import com.pulumi.aws.iam.OpenIdConnectProvider;
import com.pulumi.aws.iam.OpenIdConnectProviderArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitHub Actions' way into AWS, on the hub: the OIDC provider and three roles, each trusted only by this
 * repository's tokens for one purpose (no static keys anywhere):
 * <ul>
 *   <li>image push: workflows on the deploy branch or in a deployment environment push to ECR;</li>
 *   <li>preview: pull requests and the nightly drift check read (ReadOnlyAccess);</li>
 *   <li>deploy: jobs in a GitHub deployment environment (required reviewers on stage/prod) run {@code pulumi up}.</li>
 * </ul>
 */
public final class GithubActionsComponent extends ComponentResource {

    static final String TOKEN_HOST = "token.actions.githubusercontent.com";
    /** IAM actions a deploy creates and changes (roles, policies, OIDC providers); never iam:* nor admin policies. */
    static final List<String> DEPLOY_IAM_ACTIONS = List.of(
            "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole",
            "iam:UntagRole", "iam:ListRoleTags", "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy",
            "iam:ListRolePolicies", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:ListAttachedRolePolicies",
            "iam:ListInstanceProfilesForRole", "iam:CreatePolicy", "iam:DeletePolicy", "iam:GetPolicy", "iam:GetPolicyVersion",
            "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:ListPolicyVersions", "iam:TagPolicy", "iam:UntagPolicy",
            "iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:GetOpenIDConnectProvider",
            "iam:UpdateOpenIDConnectProviderThumbprint", "iam:AddClientIDToOpenIDConnectProvider",
            "iam:TagOpenIDConnectProvider", "iam:PassRole", "iam:CreateServiceLinkedRole");

    @Export(name = "ciImagePushRoleArn")
    public final Output<String> imagePushRoleArn;
    @Export(name = "ciPreviewRoleArn")
    public final Output<String> previewRoleArn;
    @Export(name = "ciDeployRoleArn")
    public final Output<String> deployRoleArn;

    /**
     * @param ecrRepositoryArns the repositories CI may push to
     */
    public GithubActionsComponent(String name, HubSettings settings, Output<List<String>> ecrRepositoryArns, AwsTarget aws,
                                  ComponentResourceOptions options) {
        super("kyeol:ci:GithubActions", name, options);
        var provider = new OpenIdConnectProvider(name + "-github-oidc", OpenIdConnectProviderArgs.builder()
                .url("https://" + TOKEN_HOST)
                .clientIdLists("sts.amazonaws.com")
                .build(), aws.child(this));
        String repo = "repo:" + settings.githubRepository() + ":";
        String branch = repo + "ref:refs/heads/" + settings.githubBranch();
        String environments = repo + "environment:*";

        var push = Roles.withManagedPolicies(name + "-ci-image-push", "GitHub Actions of " + settings.githubRepository()
                + ": push images to ECR", trust(provider, List.of(branch, environments)), List.of(), aws, this);
        new RolePolicy(name + "-ci-image-push-ecr", RolePolicyArgs.builder()
                .role(push.role().name())
                .policy(ecrRepositoryArns.applyValue(arns -> PolicyDocuments.document(List.of(
                        PolicyDocuments.allow(List.of("ecr:GetAuthorizationToken"), "*", Map.of()),
                        PolicyDocuments.allow(List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                                "ecr:DescribeImages", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload",
                                "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"), arns, Map.of())))))
                .build(), aws.child(this));

        var preview = Roles.withManagedPolicies(name + "-ci-preview", "GitHub Actions of " + settings.githubRepository()
                        + ": pulumi preview on pull requests and the nightly drift check",
                trust(provider, List.of(repo + "pull_request", branch)), List.of("ReadOnlyAccess"), aws, this);

        var deploy = Roles.withManagedPolicies(name + "-ci-deploy", "GitHub Actions of " + settings.githubRepository()
                        + ": pulumi up from a deployment environment",
                trust(provider, List.of(environments)), List.of("PowerUserAccess"), aws, this);
        new RolePolicy(name + "-ci-deploy-iam", RolePolicyArgs.builder()
                .role(deploy.role().name())
                .policy(PolicyDocuments.document(List.of(PolicyDocuments.allow(DEPLOY_IAM_ACTIONS, "*", Map.of()))))
                .build(), aws.child(this));

        this.imagePushRoleArn = push.arn();
        this.previewRoleArn = preview.arn();
        this.deployRoleArn = deploy.arn();
        registerOutputs(Map.of("ciImagePushRoleArn", imagePushRoleArn, "ciPreviewRoleArn", previewRoleArn,
                "ciDeployRoleArn", deployRoleArn));
    }

    /** Trust for tokens of this provider whose audience is STS and whose subject matches one of {@code subjects}. */
    private static Output<String> trust(OpenIdConnectProvider provider, List<String> subjects) {
        return provider.arn().applyValue(arn -> {
            var condition = new LinkedHashMap<String, Object>();
            condition.put("StringEquals", Map.of(TOKEN_HOST + ":aud", "sts.amazonaws.com"));
            condition.put("StringLike", Map.of(TOKEN_HOST + ":sub", subjects));
            var extra = new LinkedHashMap<String, Object>();
            extra.put("Principal", Map.of("Federated", arn));
            extra.put("Condition", condition);
            return PolicyDocuments.document(List.of(PolicyDocuments.allow(List.of("sts:AssumeRoleWithWebIdentity"), null, extra)));
        });
    }
}
