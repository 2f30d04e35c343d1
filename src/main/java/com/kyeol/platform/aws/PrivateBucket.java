package com.kyeol.platform.aws;

import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.BucketOwnershipControls;
import com.pulumi.aws.s3.BucketOwnershipControlsArgs;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.aws.s3.inputs.BucketOwnershipControlsRuleArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

/**
 * An S3 bucket no one outside can reach: all four public-access blocks, ACLs disabled (bucket owner enforced) and
 * SSE-S3 encryption. Children are named {@code <name>-public-access}, {@code -ownership}, {@code -encryption}.
 *
 * @param publicAccessBlock what a bucket policy must wait for (S3 refuses concurrent access-setting changes)
 */
public record PrivateBucket(BucketV2 bucket, BucketPublicAccessBlock publicAccessBlock) {

    /**
     * @param args    the bucket's own arguments (name, tags, forceDestroy)
     * @param protect protect the bucket itself from deletion
     */
    public static PrivateBucket create(String name, BucketV2Args args, boolean protect, AwsTarget aws, Resource parent) {
        var bucket = new BucketV2(name, args,
                CustomResourceOptions.builder().parent(parent).provider(aws.provider()).protect(protect).build());
        var block = new BucketPublicAccessBlock(name + "-public-access", BucketPublicAccessBlockArgs.builder()
                .bucket(bucket.id())
                .blockPublicAcls(true)
                .blockPublicPolicy(true)
                .ignorePublicAcls(true)
                .restrictPublicBuckets(true)
                .build(), aws.child(parent));
        new BucketOwnershipControls(name + "-ownership", BucketOwnershipControlsArgs.builder()
                .bucket(bucket.id())
                .rule(BucketOwnershipControlsRuleArgs.builder().objectOwnership("BucketOwnerEnforced").build())
                .build(), aws.child(parent));
        new BucketServerSideEncryptionConfigurationV2(name + "-encryption", BucketServerSideEncryptionConfigurationV2Args.builder()
                .bucket(bucket.id())
                .rules(BucketServerSideEncryptionConfigurationV2RuleArgs.builder()
                        .applyServerSideEncryptionByDefault(
                                BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs.builder()
                                        .sseAlgorithm("AES256").build())
                        .build())
                .build(), aws.child(parent));
        return new PrivateBucket(bucket, block);
    }

    /**
     * Expires every object {@code days} after it was written, and incomplete multipart uploads after
     * {@code abortUploadDays}: the bucket keeps nothing longer than its retention.
     *
     * @param name resource name of the lifecycle configuration, e.g. {@code dev-edge-logs-expiry}
     */
    public BucketLifecycleConfigurationV2 expireAfter(String name, int days, int abortUploadDays, AwsTarget aws, Resource parent) {
        return new BucketLifecycleConfigurationV2(name, BucketLifecycleConfigurationV2Args.builder()
                .bucket(bucket.id())
                .rules(BucketLifecycleConfigurationV2RuleArgs.builder()
                        .id("expire-logs")
                        .status("Enabled")
                        .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                        .expiration(BucketLifecycleConfigurationV2RuleExpirationArgs.builder().days(days).build())
                        .abortIncompleteMultipartUpload(BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs.builder()
                                .daysAfterInitiation(abortUploadDays).build())
                        .build())
                .build(), aws.child(parent));
    }
}
