package com.kyeol.platform.ci;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.aws.Roles;
import com.kyeol.platform.config.CiSettings;
import com.kyeol.platform.config.HubSettings;
import com.pulumi.aws.iam.OpenIdConnectProvider;
import com.pulumi.aws.iam.OpenIdConnectProviderArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitHub Actions' way into AWS, on the hub: the OIDC provider and three roles, each trusted only by this
 * repository's tokens for one purpose (no static keys anywhere). The credentials belong to the job, not to the runner:
 * a runner pod has no AWS identity, a job gets one only by presenting a GitHub token whose subject the role trusts.
 * <ul>
 *   <li>image push: workflows of the deploy branch push to ECR ({@code storefront.yml}, dispatched on it). No
 *       environment: no workflow builds images in one, and a deploy environment's token must not push;</li>
 *   <li>preview: pull requests (in the GitHub environment {@value #PREVIEW_ENVIRONMENT}) and the nightly drift check of
 *       the deploy branch read (ReadOnlyAccess), read the stack state and decrypt the stack secrets. A pull request's
 *       own token (subject {@code pull_request}) is not trusted: a preview runs the pull request's code with these
 *       credentials, so the environment's required reviewers decide first;</li>
 *   <li>deploy: jobs in the GitHub environment of a stack file ({@code environment:mgmt}, {@code …:dev}, …; required
 *       reviewers on stage/prod) run {@code pulumi up} and write the stack state. Only those environments: GitHub creates
 *       any environment a workflow names, so {@code environment:*} would let a pull request's new environment in.</li>
 * </ul>
 * Every subject is matched exactly ({@code StringEquals}): the lists are names, never patterns.
 * Both CI identities use the bootstrap's state bucket and secrets key ({@link #stateAccess}); every cluster gives them
 * an access entry ({@code cluster/ClusterAccess.Ci}).
 *
 * <p>Also the Secrets Manager secret {@code kyeol/<hub>/github-app} that holds the GitHub App the self-hosted runners
 * register with ({@link RunnerScaleSets}): Pulumi creates the empty secret, a person puts the App's id, installation id
 * and private key in it once ({@code aws secretsmanager put-secret-value}), so the key is in no stack file, plan,
 * state or Helm value; External Secrets copies it into the runner namespaces.
 */
public final class GithubActionsComponent extends ComponentResource {

    static final String TOKEN_HOST = "token.actions.githubusercontent.com";
    /**
     * The GitHub environment pull-request previews run in. Not a possible stack name (those have no hyphen), so never a
     * deploy environment.
     */
    public static final String PREVIEW_ENVIRONMENT = "pulumi-preview";
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
    @Export(name = "ciGithubAppSecretArn")
    public final Output<String> githubAppSecretArn;

    /**
     * @param project           the Pulumi project: CI reads and writes only its stacks' state
     * @param keep              keep the GitHub App secret if it is deleted by mistake (30 days) and protect it
     * @param ecrRepositoryArns the repositories CI may push to
     */
    public GithubActionsComponent(String name, String project, HubSettings settings, boolean keep,
                                  Output<List<String>> ecrRepositoryArns, AwsTarget aws, ComponentResourceOptions options) {
        super("kyeol:ci:GithubActions", name, options);
        var provider = new OpenIdConnectProvider(name + "-github-oidc", OpenIdConnectProviderArgs.builder()
                .url("https://" + TOKEN_HOST)
                .clientIdLists("sts.amazonaws.com")
                .build(), aws.child(this));
        String repo = "repo:" + settings.githubRepository() + ":";
        String branch = repo + "ref:refs/heads/" + settings.githubBranch();
        List<String> environments = settings.ci().deployEnvironments().stream().map(env -> repo + "environment:" + env).toList();

        var push = Roles.withManagedPolicies(name + "-ci-image-push", "GitHub Actions of " + settings.githubRepository()
                + ": push images to ECR", trust(provider, List.of(branch)), List.of(), aws, this);
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
                trust(provider, List.of(repo + "environment:" + PREVIEW_ENVIRONMENT, branch)), List.of("ReadOnlyAccess"), aws, this);
        new RolePolicy(name + "-ci-preview-state", RolePolicyArgs.builder()
                .role(preview.role().name())
                .policy(stateAccess(settings.ci(), project, false))
                .build(), aws.child(this));

        var deploy = Roles.withManagedPolicies(name + "-ci-deploy", "GitHub Actions of " + settings.githubRepository()
                        + ": pulumi up from a deployment environment",
                trust(provider, environments), List.of("PowerUserAccess"), aws, this);
        new RolePolicy(name + "-ci-deploy-iam", RolePolicyArgs.builder()
                .role(deploy.role().name())
                .policy(PolicyDocuments.document(List.of(PolicyDocuments.allow(DEPLOY_IAM_ACTIONS, "*", Map.of()))))
                .build(), aws.child(this));
        new RolePolicy(name + "-ci-deploy-state", RolePolicyArgs.builder()
                .role(deploy.role().name())
                .policy(stateAccess(settings.ci(), project, true))
                .build(), aws.child(this));

        // Encrypted with Secrets Manager's own key: whoever may read the secret may decrypt it, nobody else.
        var githubApp = new Secret(name + "-ci-github-app", SecretArgs.builder()
                .name(githubAppSecretName(name))
                .description("GitHub App of the self-hosted runners of " + settings.githubRepository()
                        + ": JSON with github_app_id, github_app_installation_id, github_app_private_key (set by hand once)")
                .recoveryWindowInDays(keep ? 30 : 7)
                .build(), CustomResourceOptions.builder().parent(this).provider(aws.provider()).protect(keep).build());

        this.imagePushRoleArn = push.arn();
        this.previewRoleArn = preview.arn();
        this.deployRoleArn = deploy.arn();
        this.githubAppSecretArn = githubApp.arn();
        registerOutputs(Map.of("ciImagePushRoleArn", imagePushRoleArn, "ciPreviewRoleArn", previewRoleArn,
                "ciDeployRoleArn", deployRoleArn, "ciGithubAppSecretArn", githubAppSecretArn));
    }

    /** {@code kyeol/<hub>/github-app}: where the runners' GitHub App credentials are put once. */
    public static String githubAppSecretName(String hub) {
        return "kyeol/" + hub + "/github-app";
    }

    /**
     * The Pulumi state of {@code project}'s stacks in the bootstrap's bucket (the S3 backend keeps everything under
     * {@code .pulumi/}: {@code meta.yaml}, and {@code stacks/}, {@code history/}, {@code backups/}, {@code locks/},
     * {@code journal/} each with a folder per project) and the bootstrap's key.
     * <ul>
     *   <li>{@code s3:ListBucket} on the bucket without a prefix condition: S3 answers a missing object with 403 instead
     *       of 404 to a caller who may not list, and Pulumi probes for {@code <stack>.json}, {@code .json.gz} and
     *       {@code .json.zst}. Listing shows key names only.</li>
     *   <li>Objects: read {@code .pulumi/meta.yaml}; read (preview) or read, write and delete (deploy: the checkpoint,
     *       history, backups, the update lock) under {@code .pulumi/<folder>/<project>/}. Other projects' state, the
     *       bootstrap's own if it moves into the bucket, stays out of reach.</li>
     *   <li>The key: {@code kms:Decrypt} for both (the stack's encrypted data key, and reading SSE-KMS objects);
     *       {@code kms:GenerateDataKey} for deploy (writing SSE-KMS objects). A preview takes no lock and writes
     *       nothing. No {@code kms:Encrypt}: a stack's data key is encrypted once, by the person who runs
     *       {@code pulumi stack init}, and committed in its stack file.</li>
     * </ul>
     */
    static String stateAccess(CiSettings ci, String project, boolean write) {
        String bucket = "arn:aws:s3:::" + ci.stateBucket();
        List<String> objects = write ? List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject") : List.of("s3:GetObject");
        return PolicyDocuments.document(List.of(
                PolicyDocuments.allow(List.of("s3:ListBucket"), bucket, Map.of("Sid", "ListStateBucket")),
                PolicyDocuments.allow(List.of("s3:GetObject"), bucket + "/.pulumi/meta.yaml", Map.of("Sid", "ReadStateLayout")),
                PolicyDocuments.allow(objects, bucket + "/.pulumi/*/" + project + "/*", Map.of("Sid", write ? "WriteProjectState" : "ReadProjectState")),
                PolicyDocuments.allow(write ? List.of("kms:Decrypt", "kms:GenerateDataKey") : List.of("kms:Decrypt"), ci.secretsKeyArn(),
                        Map.of("Sid", "UseSecretsKey"))));
    }

    /** Trust for tokens of this provider whose audience is STS and whose subject is one of {@code subjects}. */
    private static Output<String> trust(OpenIdConnectProvider provider, List<String> subjects) {
        return provider.arn().applyValue(arn -> {
            var exact = new LinkedHashMap<String, Object>();
            exact.put(TOKEN_HOST + ":aud", "sts.amazonaws.com");
            exact.put(TOKEN_HOST + ":sub", subjects);
            var condition = new LinkedHashMap<String, Object>();
            condition.put("StringEquals", exact);
            var extra = new LinkedHashMap<String, Object>();
            extra.put("Principal", Map.of("Federated", arn));
            extra.put("Condition", condition);
            return PolicyDocuments.document(List.of(PolicyDocuments.allow(List.of("sts:AssumeRoleWithWebIdentity"), null, extra)));
        });
    }
}
