package com.kyeol.platform.registry;

import com.google.gson.Gson;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.StackConfig;
import com.kyeol.platform.data.DataOutputs;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.PlanAssertions.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub's ECR repositories, from the mgmt plan. */
class RegistryPlanTest {

    private final Plan hub = TestPlans.of("mgmt");

    private PlannedResource repository(String name) {
        return named(hub, "aws:ecr/repository:Repository", "mgmt-ecr-" + name);
    }

    @Test
    void oneRepositoryPerConfiguredNameUnderTheSitesNamespace() {
        assertEquals(3, hub.ofType("aws:ecr/repository:Repository").size());
        for (String name : List.of("api", "storefront", "dashboard")) {
            assertEquals("kyeol/" + name, repository(name).inputs().get("name"));
        }
        assertEquals(Map.of(
                "api", "111122223333.dkr.ecr.ap-northeast-3.amazonaws.com/kyeol/api",
                "storefront", "111122223333.dkr.ecr.ap-northeast-3.amazonaws.com/kyeol/storefront",
                "dashboard", "111122223333.dkr.ecr.ap-northeast-3.amazonaws.com/kyeol/dashboard"),
                hub.outputs().get(DataOutputs.ECR_REPOSITORY_URLS));
    }

    @Test
    void immutableTagsScanOnPushKmsEncryptedAndProtected() {
        var key = named(hub, "aws:kms/key:Key", "mgmt-ecr-key");
        assertEquals(true, key.inputs().get("enableKeyRotation"));
        for (String name : List.of("api", "storefront", "dashboard")) {
            var repo = repository(name);
            assertEquals("IMMUTABLE", repo.inputs().get("imageTagMutability"));
            assertEquals(true, map(repo.inputs().get("imageScanningConfiguration")).get("scanOnPush"));
            var encryption = map(list(repo.inputs().get("encryptionConfigurations")).get(0));
            assertEquals("KMS", encryption.get("encryptionType"));
            assertTrue(((String) encryption.get("kmsKey")).startsWith("arn:aws:kms:"));
            assertEquals(false, repo.inputs().get("forceDelete"));
            assertTrue(repo.protect(), "the hub is a production tier: its repositories are protected");
            assertTrue(repo.dependsOn().contains(key.urn()));
        }
    }

    @Test
    void lifecycleExpiresUntaggedAndKeepsTheLastTagged() {
        Map<?, ?> policy = new Gson().fromJson((String) named(hub, "aws:ecr/lifecyclePolicy:LifecyclePolicy", "mgmt-ecr-api-lifecycle")
                .inputs().get("policy"), Map.class);
        List<?> rules = (List<?>) policy.get("rules");
        Map<?, ?> untagged = (Map<?, ?>) ((Map<?, ?>) rules.get(0)).get("selection");
        assertEquals("untagged", untagged.get("tagStatus"));
        assertEquals("sinceImagePushed", untagged.get("countType"));
        assertEquals(14.0, untagged.get("countNumber"));
        Map<?, ?> tagged = (Map<?, ?>) ((Map<?, ?>) rules.get(1)).get("selection");
        assertEquals("tagged", tagged.get("tagStatus"));
        assertEquals(List.of("*"), tagged.get("tagPatternList"));
        assertEquals("imageCountMoreThan", tagged.get("countType"));
        assertEquals(30.0, tagged.get("countNumber"));
    }

    @Test
    void pullOnlyForTheHubsOwnAccountByDefault() {
        Map<?, ?> statement = pullStatement(hub);
        assertEquals(Registry.PULL_ACTIONS, statement.get("Action"));
        assertEquals(Map.of("AWS", List.of("arn:aws:iam::111122223333:root")), statement.get("Principal"));
    }

    @Test
    void workloadsInOtherAccountsArePulledForThroughConfig() {
        StackConfig config = TestStacks.edit(TestStacks.config("mgmt"), "kyeol-platform:registry", "pullAccountIds",
                List.of("222233334444", "333344445555"));
        Plan plan = TestPlans.run(config, SettingsLoader.load(config, List.of()));
        assertEquals(Map.of("AWS", List.of("arn:aws:iam::222233334444:root", "arn:aws:iam::333344445555:root")),
                pullStatement(plan).get("Principal"));
    }

    @Test
    void workloadStacksHaveNoRegistry() {
        for (String stack : List.of("dev", "stage", "prod")) {
            assertTrue(TestPlans.of(stack).ofType("aws:ecr/repository:Repository").isEmpty(), stack);
        }
    }

    private static Map<?, ?> pullStatement(Plan plan) {
        Map<?, ?> policy = new Gson().fromJson((String) named(plan, "aws:ecr/repositoryPolicy:RepositoryPolicy", "mgmt-ecr-api-pull")
                .inputs().get("policy"), Map.class);
        return (Map<?, ?>) ((List<?>) policy.get("Statement")).get(0);
    }
}
