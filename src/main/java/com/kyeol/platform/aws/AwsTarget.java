package com.kyeol.platform.aws;

import com.pulumi.aws.Provider;
import com.pulumi.core.Output;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

/**
 * One AWS target (account + region) reached through one explicit provider. Components create their
 * children and invokes through it, so nothing ever falls back to an ambient default provider.
 *
 * @param accountId the caller's account id, looked up once per stack
 */
public record AwsTarget(Provider provider, String region, Output<String> accountId) {

    /** Options for a child of {@code parent} on this target. */
    public CustomResourceOptions child(Resource parent) {
        return CustomResourceOptions.builder().parent(parent).provider(provider).build();
    }

    /** Options for an invoke (data source) on this target. */
    public InvokeOptions invoke() {
        return InvokeOptions.builder().provider(provider).build();
    }
}
