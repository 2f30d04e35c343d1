package com.kyeol.platform.config;

import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.kyeol.platform.support.SettingsAssertions.assertOneProblem;
import static com.kyeol.platform.support.SettingsAssertions.assertProblems;
import static com.kyeol.platform.support.SettingsAssertions.problems;
import static com.kyeol.platform.support.TestStacks.edit;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a hostile pass over the loader found going through (issue 15): each value below was accepted before and
 * would have reached AWS, ArgoCD or the plan. Each is now one line naming the key, what is wrong and what is expected.
 */
class HostileSettingsTest {

    private final StackConfig dev = TestStacks.config("dev");
    private final StackConfig mgmt = TestStacks.config("mgmt");
    private final StackConfig stage = TestStacks.config("stage");
    private final StackConfig prod = TestStacks.config("prod");

    @Test
    void lookAlikeCharactersAreNamed() {
        assertProblems(problems(edit(dev, "kyeol-platform:tier", null, "developm\u0435nt")),
                "Pulumi.dev.yaml: kyeol-platform:tier: 'developm\u0435nt' is not valid (character 9 is U+0435 CYRILLIC SMALL LETTER IE, "
                        + "not a plain ASCII character); expected development, staging or production");
        assertOneProblem(problems(edit(dev, "kyeol-platform:domain", "site", "ky\u200beol")), "kyeol-platform:domain.site",
                "(character 3 is U+200B ZERO WIDTH SPACE, not a plain ASCII character)");
        List<String> keyProblems = problems(edit(dev, "kyeol-platform:n\u0435twork", null, Map.of("vpcCidr", "10.10.0.0/16")));
        assertTrue(keyProblems.contains("Pulumi.dev.yaml: kyeol-platform:n\u0435twork: is not a known key (did you mean 'network'?) "
                + "(character 2 is U+0435 CYRILLIC SMALL LETTER IE, not a plain ASCII character); expected one of "
                + "argocdAdminPasswordBcrypt, cache, cacheAuthToken, ci, cluster, cost, database, domain, edge, gitops, hub, network, "
                + "observability, originVerifySecret, registry, role, saleorRsaPrivateKey, saleorSecretKey, tier"), keyProblems::toString);
    }

    @Test
    void spacesAroundAValueAreNamed() {
        assertProblems(problems(edit(dev, "aws:region", null, "ap-northeast-3 ")),
                "Pulumi.dev.yaml: aws:region: 'ap-northeast-3 ' is not an AWS region (did you mean ap-northeast-3?) (it starts or ends "
                        + "with a space); expected a region code such as ap-northeast-2 (the regions known on 2025-11 are in "
                        + "config/AwsRegions.java; add one AWS opened since)");
    }

    @Test
    void aFlatDottedKeyIsExplainedAsANestedOne() {
        assertProblems(problems(edit(dev, "kyeol-platform:cluster.logRetentionDays", null, "30")),
                "Pulumi.dev.yaml: kyeol-platform:cluster.logRetentionDays: is not a known key (settings are nested: write "
                        + "kyeol-platform:cluster: {logRetentionDays: …}, which is what `pulumi config set --path "
                        + "'kyeol-platform:cluster.logRetentionDays'` writes); expected one of argocdAdminPasswordBcrypt, cache, "
                        + "cacheAuthToken, ci, cluster, cost, database, domain, edge, gitops, hub, network, observability, originVerifySecret, registry, role, "
                        + "saleorRsaPrivateKey, saleorSecretKey, tier");
    }

    @Test
    void aKeyWithoutNamespace() {
        assertProblems(problems(edit(dev, "tier", null, "development")),
                "Pulumi.dev.yaml: tier: has no namespace; expected kyeol-platform:tier (or aws:tier for the aws provider)");
    }

    @Test
    void listsThatRepeatAValue() {
        String arn = "arn:aws:iam::123456789012:role/platform-admin";
        assertProblems(problems(edit(dev, "kyeol-platform:cluster", "adminPrincipalArns", List.of(arn, arn))),
                "Pulumi.dev.yaml: kyeol-platform:cluster.adminPrincipalArns: " + arn + " is listed twice; expected each value once");
        assertOneProblem(problems(edit(dev, "kyeol-platform:network", "interfaceEndpoints", List.of("sts", "logs", "sts"))),
                "kyeol-platform:network.interfaceEndpoints", "sts is listed twice");
        assertOneProblem(problems(edit(dev, "kyeol-platform:cluster", "publicAccessCidrs", List.of("198.51.100.0/24", "198.51.100.0/24"))),
                "kyeol-platform:cluster.publicAccessCidrs", "198.51.100.0/24 is listed twice");
        assertOneProblem(problems(edit(dev, "aws:allowedAccountIds", null, List.of("123456789012", "123456789012"))),
                "aws:allowedAccountIds", "123456789012 is listed twice");
        assertOneProblem(problems(edit(mgmt, "kyeol-platform:hub", "spokeAccountIds", List.of("123456789012", "123456789012"))),
                "kyeol-platform:hub.spokeAccountIds", "123456789012 is listed twice");
    }

    @Test
    void anApplicationPathThatLeavesTheRepository() {
        assertProblems(problems(edit(dev, "kyeol-platform:gitops", "path", "gitops/../../etc")),
                "Pulumi.dev.yaml: kyeol-platform:gitops.path: 'gitops/../../etc' is not valid; expected a path inside the repository, "
                        + "relative to its root, without '..' (e.g. gitops/overlays/dev)");
    }

    @Test
    void credentialsInTheGitopsRepositoryUrl() {
        assertOneProblem(problems(edit(mgmt, "kyeol-platform:hub", "gitopsRepoUrl", "https://x-access-token:ghp_0123@github.com/kyeol/kyeol-platform.git")),
                "kyeol-platform:hub.gitopsRepoUrl", "without credentials (a user or token in the URL would sit in clear text in the plan");
    }

    @Test
    void aGithubRepositoryThatIsNoRepository() {
        for (String name : List.of("../..", "kyeol/..", "-kyeol/platform", "kyeol/*", "kyeol", "kyeol/platform/extra")) {
            assertOneProblem(problems(edit(mgmt, "kyeol-platform:hub", "githubRepository", name)), "kyeol-platform:hub.githubRepository",
                    "'" + name + "' is not valid; expected owner/name of the GitHub repository");
        }
    }

    @Test
    void aHubStackOfAnotherProject() {
        assertProblems(problems(edit(dev, "kyeol-platform:gitops", "hubStack", "organization/other-project/mgmt"), List.of(mgmt, stage, prod)),
                "Pulumi.dev.yaml: kyeol-platform:gitops.hubStack: 'organization/other-project/mgmt' names the project "
                        + "'other-project', not this one; expected organization/kyeol-platform/mgmt: the hub is a stack of this project");
    }

    @Test
    void aHubStackThatIsThisStackOrHasNoFile() {
        assertOneProblem(problems(edit(dev, "kyeol-platform:gitops", "hubStack", "organization/kyeol-platform/dev"), List.of(mgmt, stage, prod)),
                "kyeol-platform:gitops.hubStack", "'organization/kyeol-platform/dev' is this stack itself");
        assertOneProblem(problems(edit(dev, "kyeol-platform:gitops", "hubStack", "hub"), List.of(mgmt, stage, prod)),
                "kyeol-platform:gitops.hubStack", "'hub' has no stack file (Pulumi.hub.yaml)");
    }

    @Test
    void aHubStackThatIsAWorkload() {
        assertProblems(problems(edit(dev, "kyeol-platform:gitops", "hubStack", "organization/kyeol-platform/stage"), List.of(mgmt, stage, prod)),
                "Pulumi.dev.yaml: kyeol-platform:gitops.hubStack: 'stage' is a workload stack (Pulumi.stage.yaml has role workload); "
                        + "expected the hub's stack name (e.g. mgmt) as the last segment of the stack file with role hub");
    }

    /** The hub's own problems are its own: reported naming Pulumi.mgmt.yaml, not this stack's hubStack. */
    @Test
    void aBrokenHubFileIsReportedAsItself() {
        var unreadable = StackConfig.unreadable("kyeol-platform", "mgmt", "Pulumi.mgmt.yaml",
                List.of("Pulumi.mgmt.yaml:3:1: is not valid YAML: found unexpected end of stream; expected well-formed YAML"));
        assertProblems(problems(dev, List.of(unreadable, stage, prod)),
                "Pulumi.mgmt.yaml:3:1: is not valid YAML: found unexpected end of stream; expected well-formed YAML");

        assertProblems(problems(dev, List.of(edit(mgmt, "kyeol-platform:role", null, "hubb"), stage, prod)),
                "Pulumi.mgmt.yaml: kyeol-platform:role: 'hubb' is not valid; expected workload or hub");
        assertProblems(problems(dev, List.of(edit(mgmt, "kyeol-platform:role", null, null), stage, prod)),
                "Pulumi.mgmt.yaml: kyeol-platform:role: is missing; expected workload or hub");
    }
}
