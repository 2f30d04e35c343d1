package com.kyeol.platform.config;

import com.kyeol.platform.support.TestSecrets;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.kyeol.platform.support.SettingsAssertions.assertOneProblem;
import static com.kyeol.platform.support.SettingsAssertions.problems;
import static com.kyeol.platform.support.TestStacks.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kyeol-platform:ci} and the hub's admins: what the runners and the CI identities are built from. */
class CiSettingsTest {

    private static final String CI = "kyeol-platform:ci";
    private final StackConfig mgmt = TestStacks.config("mgmt");

    @Test
    void theHubFileParsesAndEveryStackFileIsAnEnvironmentThatMayDeploy() {
        CiSettings ci = TestStacks.settings("mgmt").hub().orElseThrow().ci();
        assertEquals("kyeol-pulumi-state-111122223333-ap-northeast-3", ci.stateBucket());
        assertTrue(ci.secretsKeyArn().startsWith("arn:aws:kms:ap-northeast-3:111122223333:key/"), ci.secretsKeyArn());
        assertEquals(TestStacks.stacks().stream().sorted().toList(), ci.deployEnvironments(),
                "one GitHub environment per stack file, the hub's own included");
        assertEquals(2, ci.previewMaxRunners());
        assertEquals(1, ci.deployMaxRunners());
    }

    @Test
    void withoutOtherStackFilesOnlyTheHubDeploys() {
        CiSettings ci = SettingsLoader.load(mgmt, List.of()).hub().orElseThrow().ci();
        assertEquals(List.of("mgmt"), ci.deployEnvironments());
    }

    @Test
    void runnerSizesDefaultAndAreBounded() {
        var defaults = edit(edit(mgmt, CI, "previewMaxRunners", null), CI, "deployMaxRunners", null);
        CiSettings ci = SettingsLoader.load(defaults, List.of()).hub().orElseThrow().ci();
        assertEquals(2, ci.previewMaxRunners());
        assertEquals(1, ci.deployMaxRunners());
        assertOneProblem(edit(mgmt, CI, "deployMaxRunners", 0), CI + ".deployMaxRunners", "'0' is not valid");
        assertOneProblem(edit(mgmt, CI, "previewMaxRunners", 11), CI + ".previewMaxRunners", "a whole number from 1 to 10");
    }

    @Test
    void theStateBucketMustBeAnS3BucketName() {
        for (String bad : List.of("Kyeol-State", "ab", "kyeol..state", "192.168.0.1", "-kyeol", "s3://kyeol-state")) {
            assertOneProblem(edit(mgmt, CI, "stateBucket", bad), CI + ".stateBucket", "'" + bad + "' is not valid");
        }
    }

    @Test
    void theSecretsKeyMustBeAKeyArnNotAnAliasOrId() {
        for (String bad : List.of("alias/kyeol-pulumi-secrets", "arn:aws:kms:ap-northeast-3:111122223333:alias/kyeol-pulumi-secrets",
                "00000000-0000-0000-0000-000000000000", "arn:aws:kms:ap-northeast-3:1111:key/00000000-0000-0000-0000-000000000000")) {
            assertOneProblem(edit(mgmt, CI, "secretsKeyArn", bad), CI + ".secretsKeyArn", "the KMS key ARN of bootstrap/");
        }
        var multiRegion = edit(mgmt, CI, "secretsKeyArn", "arn:aws:kms:ap-northeast-3:111122223333:key/mrk-0123456789abcdef0123456789abcdef");
        assertTrue(SettingsLoader.load(multiRegion, List.of()).hub().orElseThrow().ci().secretsKeyArn().contains("mrk-"));
    }

    @Test
    void missingSectionKeysAndTyposAreReported() {
        assertOneProblem(edit(mgmt, CI, null, null), CI, "is missing");
        List<String> problems = problems(edit(edit(mgmt, CI, "stateBucket", null), CI, "deployMaxRuners", 2));
        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains(CI + ".stateBucket: is missing")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains(CI + ".deployMaxRuners: is not a known key (did you mean 'deployMaxRunners'?)")),
                problems::toString);
    }

    @Test
    void workloadStacksHaveNoCiSection() {
        var dev = edit(TestStacks.config("dev"), CI, null, java.util.Map.of("stateBucket", "kyeol-state"));
        assertOneProblem(dev, CI, "only the hub (role: hub) runs the CI runners");
    }

    @Test
    void theHubNeedsAnAdminForItsFirstUp() {
        assertOneProblem(edit(mgmt, "kyeol-platform:cluster", "adminPrincipalArns", List.of()), "kyeol-platform:cluster.adminPrincipalArns",
                "is empty on the hub");
    }

    @Test
    void aRealRunRefusesThePlaceholdersTheOfflinePlanAccepts() {
        // The offline plan loads the repository's file as it is.
        SettingsLoader.load(mgmt, List.of());
        var withHash = TestStacks.withSecret(mgmt, TestSecrets.ARGOCD_HASH_NAME, TestSecrets.ARGOCD_HASH);
        var unreplaced = new StackConfig(mgmt.project(), mgmt.stack(), mgmt.source(), withHash.values(), withHash.secretKeys(), false);
        List<String> problems = problems(unreplaced);
        assertEquals(3, problems.size(), problems::toString);
        for (String key : List.of(CI + ".stateBucket", CI + ".secretsKeyArn", "kyeol-platform:cluster.adminPrincipalArns")) {
            assertTrue(problems.stream().anyMatch(p -> p.contains(": " + key + ": ") && p.contains("111122223333")), key + " in " + problems);
        }
        // With the bootstrap's outputs and a real admin in their place (the one-time setup), the same real run loads.
        var replaced = TestSecrets.bootstrapped(unreplaced);
        assertEquals("kyeol-pulumi-state-123456789012-ap-northeast-3",
                SettingsLoader.load(replaced, List.of()).hub().orElseThrow().ci().stateBucket());
    }
}
