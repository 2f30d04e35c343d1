package com.kyeol.platform.config;

import java.util.List;

/**
 * The hub's central CD (role hub only).
 *
 * @param argocdHostname        where ArgoCD is served (an ALB Ingress with TLS and gRPC)
 * @param gitopsRepoUrl         the Git repository ArgoCD syncs from (this repository's {@code gitops/})
 * @param githubRepository      {@code owner/name} whose GitHub Actions may assume the CI roles
 * @param githubBranch          the branch whose workflows may push images
 * @param spokeAccountIds       AWS accounts of workload stacks other than the hub's own
 * @param argocdAllowedCidrs    who may reach the ArgoCD load balancer
 * @param adminPasswordBcrypt   bcrypt hash of ArgoCD's admin password (a secret; never a plain password)
 * @param ci                    CI/CD: the state backend CI uses, the environments that deploy, the runner scale sets
 */
public record HubSettings(
        String argocdHostname,
        String gitopsRepoUrl,
        String githubRepository,
        String githubBranch,
        List<String> spokeAccountIds,
        List<Cidr> argocdAllowedCidrs,
        Secret adminPasswordBcrypt,
        CiSettings ci) {
}
