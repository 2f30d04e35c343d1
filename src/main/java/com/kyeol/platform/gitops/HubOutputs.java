package com.kyeol.platform.gitops;

import java.util.List;

/**
 * The outputs of the hub (mgmt) stack that workload stacks read through their stack reference: one
 * list, so a test can prove every name a spoke reads is one the hub exports.
 */
public final class HubOutputs {

    public static final String CLUSTER_NAME = "clusterName";
    public static final String CLUSTER_ENDPOINT = "clusterEndpoint";
    public static final String CLUSTER_CA = "clusterCertificateAuthority";
    public static final String REGION = "region";
    public static final String NAT_PUBLIC_IP = "natPublicIp";
    public static final String ARGOCD_ROLE_ARN = "argocdRoleArn";
    public static final String ARGOCD_NAMESPACE = "argocdNamespace";
    public static final String GITOPS_REPO_URL = "gitopsRepoUrl";
    /** The CI identities (defined on the hub): every cluster gives them an access entry. */
    public static final String CI_DEPLOY_ROLE_ARN = "ciDeployRoleArn";
    public static final String CI_PREVIEW_ROLE_ARN = "ciPreviewRoleArn";
    /** Repository name to URL (a map), from the hub's registry. */
    public static final String ECR_REPOSITORY_URLS = "ecrRepositoryUrls";
    /** The telemetry endpoint (hostname, certificate) and the hub's tier, an object (see ObservabilityEndpoint). */
    public static final String OBSERVABILITY = "observability";

    /** Every name above: what a spoke requires the hub to export. */
    public static final List<String> READ_BY_SPOKES = List.of(CLUSTER_NAME, CLUSTER_ENDPOINT, CLUSTER_CA, REGION, NAT_PUBLIC_IP,
            ARGOCD_ROLE_ARN, ARGOCD_NAMESPACE, GITOPS_REPO_URL, ECR_REPOSITORY_URLS, OBSERVABILITY, CI_DEPLOY_ROLE_ARN, CI_PREVIEW_ROLE_ARN);

    private HubOutputs() {
    }
}
