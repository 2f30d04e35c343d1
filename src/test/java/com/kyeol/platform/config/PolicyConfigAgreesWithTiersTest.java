package com.kyeol.platform.config;

import com.google.gson.Gson;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The loader refuses a stack file that would lose data (config/Tier.java minimums); the policy pack is the backstop
 * for a code change, configured per tier in policy/config/<tier>.json. Both must ask for the same thing.
 */
class PolicyConfigAgreesWithTiersTest {

    static List<String> workloads() {
        return TestStacks.stacks().stream().filter(s -> TestStacks.settings(s).role() == Role.WORKLOAD).toList();
    }

    @SuppressWarnings("unchecked")
    private static Object setting(String stack, String policy, String property) throws IOException {
        String tier = TestStacks.settings(stack).tier().configValue();
        Map<String, Object> config = new Gson().fromJson(Files.readString(Path.of("policy", "config", tier + ".json")), Map.class);
        return ((Map<String, Object>) config.get(policy)).get(property);
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void thePolicyPackAsksForTheTiersMinimums(String stack) throws IOException {
        Tier tier = TestStacks.settings(stack).tier();
        assertEquals(tier.minimumBackupRetentionDays(), ((Number) setting(stack, "rds-backup-retention", "minimumDays")).intValue());
        assertEquals(tier.minimumCacheSnapshotDays(), ((Number) setting(stack, "elasticache-snapshots", "minimumDays")).intValue());
        for (String policy : List.of("rds-multi-az", "rds-deletion-protection", "rds-final-snapshot")) {
            assertEquals(tier.isProductionLike(), setting(stack, policy, "required"), policy);
        }
    }
}
