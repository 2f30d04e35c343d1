package com.kyeol.platform.config;

import java.util.List;

/**
 * Central CI/CD on the hub (role hub only): the state backend the CI identities work with, the GitHub environments
 * that may deploy, and the self-hosted runner scale sets in the hub's VPC.
 *
 * @param stateBucket        the bootstrap's state bucket ({@code bucketName} output of {@code bootstrap/})
 * @param secretsKeyArn      the bootstrap's KMS key: stack secrets (awskms secrets provider) and the bucket's SSE-KMS
 *                           ({@code keyArn} output)
 * @param deployEnvironments the GitHub environments whose jobs may assume the deploy role: one per stack file, the
 *                           environment named like the stack (deploy.yml runs each stack's {@code pulumi up} there)
 * @param previewMaxRunners  at most this many preview runner pods at once (more jobs queue at GitHub)
 * @param deployMaxRunners   at most this many deploy runner pods at once
 */
public record CiSettings(
        String stateBucket,
        String secretsKeyArn,
        List<String> deployEnvironments,
        int previewMaxRunners,
        int deployMaxRunners) {

    public CiSettings {
        deployEnvironments = List.copyOf(deployEnvironments);
    }
}
