package com.kyeol.platform.data;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PodIdentity;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.aws.PrivateBucket;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.config.Tier;
import com.pulumi.aws.s3.BucketCorsConfigurationV2;
import com.pulumi.aws.s3.BucketCorsConfigurationV2Args;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.s3.BucketVersioningV2Args;
import com.pulumi.aws.s3.inputs.BucketCorsConfigurationV2CorsRuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketVersioningV2VersioningConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saleor's media bucket: private (all four public-access blocks, ACLs off), encrypted (SSE-S3), versioned with
 * old versions expiring, CORS for the storefront, readable by the public only through CloudFront, writable by the
 * Saleor API and worker through an EKS Pod Identity role limited to this bucket.
 *
 * <p><b>Encryption: SSE-S3, not SSE-KMS.</b> Media are product images the shop publishes anyway; SSE-KMS would make
 * every CloudFront origin fetch a KMS call (cost, request quotas) and the key policy would have to name the edge's
 * distribution, tying this key to a resource created later in the graph. SSE-S3 encrypts at rest with no coupling.
 *
 * <p><b>The bucket policy seam.</b> A bucket has exactly one policy. This component owns it: call
 * {@link #attachPolicy} exactly once, after the CloudFront distribution exists, with the edge's statement
 * ({@link #cloudFrontReadStatement}); it is combined with the statements every media bucket carries (TLS only).
 * The edge must not create a {@code BucketPolicy} of its own: a second one would silently replace this one.
 */
public final class MediaStorage extends ComponentResource {

    /** Old versions of overwritten or deleted objects are kept this long (recovery from a bad upload or delete). */
    static final int NONCURRENT_VERSION_DAYS = 30;
    static final int ABORT_MULTIPART_DAYS = 7;

    @Export(name = "bucketName")
    public final Output<String> bucketName;
    @Export(name = "bucketArn")
    public final Output<String> bucketArn;
    /** The origin domain CloudFront uses with origin access control. */
    @Export(name = "bucketRegionalDomainName")
    public final Output<String> bucketRegionalDomainName;
    /** The role the Saleor service accounts get through Pod Identity. */
    @Export(name = "writerRoleArn")
    public final Output<String> writerRoleArn;

    private final String name;
    private final AwsTarget aws;
    private final boolean keep;
    private final Resource publicAccessBlock;
    private BucketPolicy policy;

    public MediaStorage(String name, String serviceHostname, Tier tier, ClusterComponent cluster, AwsTarget aws,
                        ComponentResourceOptions options) {
        super("kyeol:data:MediaStorage", name, options);
        this.name = name;
        this.aws = aws;
        this.keep = tier.isProductionLike();

        var privateBucket = PrivateBucket.create(name + "-media", BucketV2Args.builder()
                // Bucket names are global: the account id keeps ours unique.
                .bucket(aws.accountId().applyValue(account -> bucketName(name, account)))
                .forceDestroy(false)
                .build(), keep, aws, this);
        var bucket = privateBucket.bucket();
        this.publicAccessBlock = privateBucket.publicAccessBlock();
        var versioning = new BucketVersioningV2(name + "-media-versioning", BucketVersioningV2Args.builder()
                .bucket(bucket.id())
                .versioningConfiguration(BucketVersioningV2VersioningConfigurationArgs.builder().status("Enabled").build())
                .build(), aws.child(this));
        new BucketLifecycleConfigurationV2(name + "-media-lifecycle", BucketLifecycleConfigurationV2Args.builder()
                .bucket(bucket.id())
                .rules(BucketLifecycleConfigurationV2RuleArgs.builder()
                        .id("expire-noncurrent-versions")
                        .status("Enabled")
                        .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                        .noncurrentVersionExpiration(BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs.builder()
                                .noncurrentDays(NONCURRENT_VERSION_DAYS).build())
                        .abortIncompleteMultipartUpload(BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs.builder()
                                .daysAfterInitiation(ABORT_MULTIPART_DAYS).build())
                        .build())
                .build(), CustomResourceOptions.builder().parent(this).provider(aws.provider()).dependsOn(versioning).build());
        new BucketCorsConfigurationV2(name + "-media-cors", BucketCorsConfigurationV2Args.builder()
                .bucket(bucket.id())
                .corsRules(BucketCorsConfigurationV2CorsRuleArgs.builder()
                        .allowedOrigins(storefrontOrigin(serviceHostname))
                        .allowedMethods("GET", "HEAD")
                        .allowedHeaders("*")
                        .maxAgeSeconds(3600)
                        .build())
                .build(), aws.child(this));

        this.bucketName = bucket.bucket();
        this.bucketArn = bucket.arn();
        this.bucketRegionalDomainName = bucket.bucketRegionalDomainName();
        this.writerRoleArn = writerRole(cluster);
        registerOutputs(Map.of(
                "bucketName", bucketName,
                "bucketArn", bucketArn,
                "bucketRegionalDomainName", bucketRegionalDomainName,
                "writerRoleArn", writerRoleArn));
    }

    /** {@code kyeol-<env>-media-<account>}. */
    public static String bucketName(String environment, String accountId) {
        return "kyeol-" + environment + "-media-" + accountId;
    }

    /** The storefront's origin, the only one browsers may read media from cross-origin. */
    public static String storefrontOrigin(String serviceHostname) {
        return "https://" + serviceHostname;
    }

    /**
     * The statement CloudFront needs to read objects through origin access control: only the CloudFront service,
     * only on behalf of {@code distributionArn}. The edge passes it to {@link #attachPolicy}.
     */
    public static Output<Map<String, Object>> cloudFrontReadStatement(Output<String> bucketArn, Output<String> distributionArn) {
        return Output.tuple(bucketArn, distributionArn).applyValue(t -> cloudFrontReadStatement(t.t1, t.t2));
    }

    static Map<String, Object> cloudFrontReadStatement(String bucketArn, String distributionArn) {
        var extra = new LinkedHashMap<String, Object>();
        extra.put("Sid", "CloudFrontReadsThroughOriginAccessControl");
        extra.put("Principal", Map.of("Service", "cloudfront.amazonaws.com"));
        extra.put("Condition", Map.of("StringEquals", Map.of("AWS:SourceArn", distributionArn)));
        return PolicyDocuments.allow(List.of("s3:GetObject"), bucketArn + "/*", extra);
    }

    /**
     * Creates the bucket's one policy: TLS-only access plus {@code statements} (the edge's CloudFront read). Call it
     * exactly once, after everything the statements refer to exists (it registers a child after the component's
     * outputs, which the engine allows: the component is not finished until the program is).
     */
    public BucketPolicy attachPolicy(List<Output<Map<String, Object>>> statements) {
        if (policy != null) {
            throw new IllegalStateException("the media bucket of " + name + " has one policy; pass every statement in one call");
        }
        Output<List<Map<String, Object>>> all = Output.all(statements).applyValue(List::copyOf);
        Output<String> document = Output.tuple(bucketArn, all).applyValue(t -> policyDocument(t.t1, t.t2));
        this.policy = new BucketPolicy(name + "-media-policy", BucketPolicyArgs.builder()
                .bucket(bucketName)
                .policy(document)
                .build(), CustomResourceOptions.builder().parent(this).provider(aws.provider())
                // S3 refuses concurrent changes to one bucket's access settings ("conflicting conditional operation").
                .dependsOn(publicAccessBlock).build());
        return policy;
    }

    /** The bucket policy: what every media bucket carries, then {@code statements}. */
    static String policyDocument(String bucketArn, List<Map<String, Object>> statements) {
        List<Map<String, Object>> list = new ArrayList<>();
        list.add(PolicyDocuments.denyInsecureTransport(bucketArn));
        list.addAll(statements);
        return PolicyDocuments.document(list);
    }

    /**
     * Read, write and delete objects of this bucket only (list for existence checks): what django-storages needs.
     * No ACL actions: the bucket enforces owner ownership, ACLs are off.
     */
    private Output<String> writerRole(ClusterComponent cluster) {
        return new PodIdentity(name, name + "-saleor-media", "Saleor API and worker in " + SaleorWorkload.NAMESPACE + " of the "
                + name + " cluster: media bucket objects (EKS Pod Identity)", cluster.podIdentity, SaleorWorkload.NAMESPACE,
                SaleorWorkload.MEDIA_WRITERS, bucketArn.applyValue(arn -> PolicyDocuments.document(List.of(
                        PolicyDocuments.allow(List.of("s3:ListBucket", "s3:GetBucketLocation"), arn, Map.of()),
                        PolicyDocuments.allow(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                                "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"), arn + "/*", Map.of())))),
                aws, this).roleArn();
    }
}
