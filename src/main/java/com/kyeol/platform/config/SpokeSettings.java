package com.kyeol.platform.config;

/**
 * How a workload stack joins the hub (role workload only).
 *
 * @param hubStack       the hub's stack reference name ({@code organization/kyeol-platform/mgmt})
 * @param targetRevision the Git revision its Application tracks
 * @param path           the Kustomize overlay of this environment
 */
public record SpokeSettings(String hubStack, String targetRevision, String path) {

    /** The hub's stack name: the last segment of the reference. */
    public String hubStackName() {
        return hubStack.substring(hubStack.lastIndexOf('/') + 1);
    }
}
