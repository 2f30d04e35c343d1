package com.kyeol.platform.config;

import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.kyeol.platform.support.SettingsAssertions.assertOneProblem;
import static com.kyeol.platform.support.SettingsAssertions.problems;
import static com.kyeol.platform.support.TestStacks.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kyeol-platform:cluster.{admin,deployer,viewer}PrincipalArns: IAM principals, no wildcards, each once, no deployer on the hub. */
class ClusterAccessSettingsTest {

    private static final String CLUSTER = "kyeol-platform:cluster";
    private static final String ROLE = "arn:aws:iam::123456789012:role/kyeol-deployer";
    private static final String USER = "arn:aws:iam::123456789012:user/auditor";
    private final StackConfig dev = TestStacks.config("dev");

    @Test
    void deployersAndViewersAreRead() {
        var config = edit(edit(dev, CLUSTER, "deployerPrincipalArns", List.of(ROLE)), CLUSTER, "viewerPrincipalArns", List.of(USER));
        var settings = SettingsLoader.load(config, List.of()).cluster();
        assertEquals(List.of(ROLE), settings.deployerPrincipalArns());
        assertEquals(List.of(USER), settings.viewerPrincipalArns());
        assertTrue(TestStacks.settings("dev").cluster().viewerPrincipalArns().isEmpty(), "optional, none by default");
    }

    @Test
    void onlyIamRoleAndUserArnsWithoutWildcards() {
        assertOneProblem(problems(edit(dev, CLUSTER, "viewerPrincipalArns", List.of("arn:aws:iam::123456789012:role/*"))),
                CLUSTER + ".viewerPrincipalArns[0]", "no wildcards");
        assertOneProblem(problems(edit(dev, CLUSTER, "deployerPrincipalArns",
                        List.of("arn:aws:sts::123456789012:assumed-role/kyeol-deployer/session"))),
                CLUSTER + ".deployerPrincipalArns[0]", "no assumed-role session ARNs");
        assertOneProblem(problems(edit(dev, CLUSTER, "viewerPrincipalArns", "arn:aws:iam::123456789012:user/auditor")),
                CLUSTER + ".viewerPrincipalArns", "is not a list");
    }

    @Test
    void aPrincipalHasOneAccessEntry() {
        assertOneProblem(problems(edit(edit(dev, CLUSTER, "adminPrincipalArns", List.of(ROLE)), CLUSTER, "viewerPrincipalArns", List.of(ROLE))),
                CLUSTER + ".viewerPrincipalArns", ROLE + " is also in adminPrincipalArns");
        assertOneProblem(problems(edit(dev, CLUSTER, "deployerPrincipalArns", List.of(ROLE, ROLE))),
                CLUSTER + ".deployerPrincipalArns", ROLE + " is listed twice");
    }

    @Test
    void theHubHasNoDeployers() {
        assertOneProblem(problems(edit(TestStacks.config("mgmt"), CLUSTER, "deployerPrincipalArns", List.of(ROLE))),
                CLUSTER + ".deployerPrincipalArns", "is set on the hub");
        assertEquals(List.of(USER), SettingsLoader.load(edit(TestStacks.config("mgmt"), CLUSTER, "viewerPrincipalArns", List.of(USER)),
                List.of()).cluster().viewerPrincipalArns());
    }

    @Test
    void everyProblemAtOnce() {
        var config = edit(edit(edit(TestStacks.config("mgmt"), CLUSTER, "deployerPrincipalArns", List.of(ROLE)), CLUSTER,
                "viewerPrincipalArns", List.of(ROLE)), CLUSTER, "adminPrincipalArns", List.of("*"));
        var problems = problems(config);
        assertEquals(3, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains(".adminPrincipalArns[0]: '*'"), problems.get(0));
        assertTrue(problems.stream().anyMatch(p -> p.contains("is set on the hub")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains(ROLE + " is also in deployerPrincipalArns")), problems::toString);
    }
}
