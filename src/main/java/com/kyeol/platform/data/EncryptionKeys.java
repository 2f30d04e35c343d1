package com.kyeol.platform.data;

import com.kyeol.platform.aws.AwsTarget;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

/**
 * Customer-managed KMS keys of the data tier and the registry: one per store, yearly rotation, the longest
 * deletion window. The key policy is the default one (the account administers the key; IAM policies grant its
 * use), so a service reaches a key only through a grant or a policy that names it.
 */
public final class EncryptionKeys {

    /** A key deleted by mistake can be recovered for this many days (the AWS maximum). */
    static final int DELETION_WINDOW_DAYS = 30;

    private EncryptionKeys() {
    }

    /**
     * @param protect production-like tiers: losing the key loses every snapshot and backup encrypted with it
     */
    public static Key key(String name, String description, boolean protect, AwsTarget aws, Resource parent) {
        return new Key(name, KeyArgs.builder()
                .description(description)
                .enableKeyRotation(true)
                .deletionWindowInDays(DELETION_WINDOW_DAYS)
                .build(), CustomResourceOptions.builder().parent(parent).provider(aws.provider()).protect(protect).build());
    }
}
