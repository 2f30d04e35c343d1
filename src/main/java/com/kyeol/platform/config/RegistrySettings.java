package com.kyeol.platform.config;

import java.util.List;

/**
 * The hub's ECR repositories.
 *
 * @param repositories       repository names under the site's namespace ({@code api} becomes {@code kyeol/api})
 * @param pullAccountIds     accounts whose principals may pull (workload accounts); empty = the hub's own account
 * @param keepLastImages     tagged images kept per repository (older ones expire)
 * @param untaggedExpiryDays days after which untagged images expire
 */
public record RegistrySettings(List<String> repositories, List<String> pullAccountIds, int keepLastImages,
                               int untaggedExpiryDays) {

    public RegistrySettings {
        repositories = List.copyOf(repositories);
        pullAccountIds = List.copyOf(pullAccountIds);
    }
}
