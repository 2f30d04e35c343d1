package com.kyeol.platform.registry;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.config.RegistrySettings;
import com.kyeol.platform.config.Tier;
import com.kyeol.platform.data.EncryptionKeys;
import com.pulumi.aws.ecr.LifecyclePolicy;
import com.pulumi.aws.ecr.LifecyclePolicyArgs;
import com.pulumi.aws.ecr.Repository;
import com.pulumi.aws.ecr.RepositoryArgs;
import com.pulumi.aws.ecr.RepositoryPolicy;
import com.pulumi.aws.ecr.RepositoryPolicyArgs;
import com.pulumi.aws.ecr.inputs.RepositoryEncryptionConfigurationArgs;
import com.pulumi.aws.ecr.inputs.RepositoryImageScanningConfigurationArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hub's container registry: one ECR repository per configured name under the site's namespace
 * ({@code kyeol/api}), with immutable tags (a tag always means the same image, so a rollback is exact), scan on
 * push, KMS encryption with the hub's own key, a lifecycle policy, and pull access for the workload accounts (the
 * node roles there pull with their {@code AmazonEC2ContainerRegistryReadOnly} permissions; ECR decrypts through
 * the grant it holds on the key, so pullers need no key access).
 */
public final class Registry extends ComponentResource {

    /** Exactly what pulling an image takes (the auth token is an account-level call, granted by IAM in the puller's account). */
    public static final List<String> PULL_ACTIONS = List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
            "ecr:BatchCheckLayerAvailability");

    /** Name in {@code registry.repositories} to repository URL. */
    @Export(name = "repositoryUrls")
    public final Output<Map<String, String>> repositoryUrls;
    /** The repositories' ARNs (what CI may push to). */
    public final Output<List<String>> repositoryArns;

    public Registry(String name, String namespace, RegistrySettings settings, Tier tier, AwsTarget aws, ComponentResourceOptions options) {
        super("kyeol:registry:Registry", name, options);
        boolean keep = tier.isProductionLike();
        Key key = EncryptionKeys.key(name + "-ecr-key", "Images in the " + namespace + "/ ECR repositories of " + name, keep, aws, this);
        Output<List<String>> pullAccounts = settings.pullAccountIds().isEmpty()
                ? aws.accountId().applyValue(List::of) : Output.of(settings.pullAccountIds());
        Output<String> pullPolicy = pullAccounts.applyValue(Registry::pullPolicy);
        String lifecycle = lifecyclePolicy(settings.keepLastImages(), settings.untaggedExpiryDays());

        List<Output<Map.Entry<String, String>>> urls = new ArrayList<>();
        List<Output<String>> arns = new ArrayList<>();
        for (String repositoryName : settings.repositories()) {
            String id = name + "-ecr-" + repositoryName.replace('.', '-').replace('_', '-');
            var repository = new Repository(id, RepositoryArgs.builder()
                    .name(namespace + "/" + repositoryName)
                    .imageTagMutability("IMMUTABLE")
                    .imageScanningConfiguration(RepositoryImageScanningConfigurationArgs.builder().scanOnPush(true).build())
                    .encryptionConfigurations(RepositoryEncryptionConfigurationArgs.builder()
                            .encryptionType("KMS").kmsKey(key.arn()).build())
                    // Never delete a repository that still holds images.
                    .forceDelete(false)
                    .build(), CustomResourceOptions.builder().parent(this).provider(aws.provider()).protect(keep).build());
            new LifecyclePolicy(id + "-lifecycle", LifecyclePolicyArgs.builder()
                    .repository(repository.name())
                    .policy(lifecycle)
                    .build(), aws.child(this));
            new RepositoryPolicy(id + "-pull", RepositoryPolicyArgs.builder()
                    .repository(repository.name())
                    .policy(pullPolicy)
                    .build(), aws.child(this));
            urls.add(repository.repositoryUrl().applyValue(url -> Map.entry(repositoryName, url)));
            arns.add(repository.arn());
        }
        this.repositoryUrls = Output.all(urls).applyValue(entries -> {
            Map<String, String> map = new TreeMap<>();
            entries.forEach(e -> map.put(e.getKey(), e.getValue()));
            return map;
        });
        this.repositoryArns = Output.all(arns);
        registerOutputs(Map.of("repositoryUrls", repositoryUrls));
    }

    /** Pull, and nothing else, for every principal of the given accounts (their IAM decides which roles). */
    static String pullPolicy(List<String> accountIds) {
        var extra = new LinkedHashMap<String, Object>();
        extra.put("Sid", "WorkloadAccountsPull");
        extra.put("Principal", Map.of("AWS", accountIds.stream().map(id -> "arn:aws:iam::" + id + ":root").toList()));
        return PolicyDocuments.document(List.of(PolicyDocuments.allow(PULL_ACTIONS, null, extra)));
    }

    /**
     * Untagged images (layers of superseded pushes) expire after {@code untaggedDays}; of tagged images the newest
     * {@code keepLast} stay. ECR evaluates rules by priority; the {@code any}-like tagged rule comes last.
     */
    static String lifecyclePolicy(int keepLast, int untaggedDays) {
        var untagged = new LinkedHashMap<String, Object>();
        untagged.put("rulePriority", 1);
        untagged.put("description", "Expire untagged images after " + untaggedDays + " days");
        var untaggedSelection = new LinkedHashMap<String, Object>();
        untaggedSelection.put("tagStatus", "untagged");
        untaggedSelection.put("countType", "sinceImagePushed");
        untaggedSelection.put("countUnit", "days");
        untaggedSelection.put("countNumber", untaggedDays);
        untagged.put("selection", untaggedSelection);
        untagged.put("action", Map.of("type", "expire"));
        var selection = new LinkedHashMap<String, Object>();
        selection.put("tagStatus", "tagged");
        selection.put("tagPatternList", List.of("*"));
        selection.put("countType", "imageCountMoreThan");
        selection.put("countNumber", keepLast);
        var tagged = new LinkedHashMap<String, Object>();
        tagged.put("rulePriority", 2);
        tagged.put("description", "Keep the last " + keepLast + " tagged images");
        tagged.put("selection", selection);
        tagged.put("action", Map.of("type", "expire"));
        return PolicyDocuments.json(Map.of("rules", List.of(untagged, tagged)));
    }
}
