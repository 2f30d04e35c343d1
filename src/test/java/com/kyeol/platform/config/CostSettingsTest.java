package com.kyeol.platform.config;

import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.kyeol.platform.support.SettingsAssertions.assertOneProblem;
import static com.kyeol.platform.support.SettingsAssertions.problems;
import static com.kyeol.platform.support.TestStacks.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kyeol-platform:cost}: budgets and usage assumptions load from the stack file; every bad one is one clear line. */
class CostSettingsTest {

    private static final String COST = "kyeol-platform:cost";
    private final StackConfig dev = TestStacks.config("dev");
    private final StackConfig prod = TestStacks.config("prod");

    @Test
    void theStackFilesCarryTheirBudgets() {
        assertEquals(new CostSettings.Budget(1100, CostSettings.Enforcement.MANDATORY),
                SettingsLoader.load(prod, List.of()).cost().budget().orElseThrow());
        assertEquals(new CostSettings.Budget(400, CostSettings.Enforcement.ADVISORY),
                SettingsLoader.load(dev, List.of()).cost().budget().orElseThrow());
    }

    @Test
    void withoutACostSectionAStackHasNoBudgetAndItsTiersUsage() {
        CostSettings cost = SettingsLoader.load(edit(dev, COST, null, null), List.of()).cost();
        assertTrue(cost.budget().isEmpty());
        assertEquals(CostSettings.defaults(Tier.DEVELOPMENT), cost);
        assertEquals(1, cost.usage(UsageAssumption.CDN_REQUESTS_MILLIONS));
        assertEquals(30, SettingsLoader.load(prod, List.of()).cost().usage(UsageAssumption.CDN_REQUESTS_MILLIONS),
                "production's default");
    }

    @Test
    void usageSetInTheStackFileReplacesTheDefaultAndIsMarked() {
        CostSettings cost = SettingsLoader.load(edit(prod, COST, "usage", Map.of("natDataGB", 300, "albLcu", 0.75)),
                List.of()).cost();
        assertEquals(300, cost.usage(UsageAssumption.NAT_DATA_GB));
        assertEquals(0.75, cost.usage(UsageAssumption.ALB_LCU));
        assertEquals(Set.of(UsageAssumption.NAT_DATA_GB, UsageAssumption.ALB_LCU), cost.overridden());
        assertEquals(UsageAssumption.CDN_DATA_OUT_GB.defaultFor(Tier.PRODUCTION), cost.usage(UsageAssumption.CDN_DATA_OUT_GB));
    }

    @Test
    void enforcementDefaultsToAdvisory() {
        CostSettings cost = SettingsLoader.load(edit(prod, COST, "budget", Map.of("monthlyUsd", 900)), List.of()).cost();
        assertEquals(new CostSettings.Budget(900, CostSettings.Enforcement.ADVISORY), cost.budget().orElseThrow());
    }

    @Test
    void aMisspelledUsageKeyIsRefusedWithTheNearestOne() {
        assertOneProblem(problems(edit(prod, COST, "usage", Map.of("natDataGb", 300))), COST + ".usage.natDataGb",
                "is not a known key (did you mean 'natDataGB'?)");
    }

    @Test
    void usageMustBeANonNegativeNumber() {
        assertOneProblem(problems(edit(prod, COST, "usage", Map.of("natDataGB", -5))), COST + ".usage.natDataGB",
                "'-5' is not valid; expected a number of GB / month from 0 to 10000000");
        assertOneProblem(problems(edit(prod, COST, "usage", Map.of("albLcu", "lots"))), COST + ".usage.albLcu",
                "'lots' is not valid");
        assertOneProblem(problems(edit(prod, COST, "usage", Map.of("cdnDataOutGB", 20_000_000))), COST + ".usage.cdnDataOutGB",
                "is not valid");
    }

    @Test
    void aBudgetNeedsAPositiveAmountAndAKnownEnforcement() {
        assertOneProblem(problems(edit(prod, COST, "budget", Map.of("monthlyUsd", 0))), COST + ".budget.monthlyUsd",
                "0 is not a budget; expected a positive amount in USD");
        assertOneProblem(problems(edit(prod, COST, "budget", Map.of("enforcement", "mandatory"))), COST + ".budget.monthlyUsd",
                "is missing");
        assertOneProblem(problems(edit(prod, COST, "budget", Map.of("monthlyUsd", 900, "enforcement", "strict"))),
                COST + ".budget.enforcement", "'strict' is not valid; expected advisory (report an overrun) or mandatory");
        assertOneProblem(problems(edit(prod, COST, "budget", Map.of("monthlyUsd", 900, "level", "mandatory"))),
                COST + ".budget.level", "is not a known key");
    }

    @Test
    void unknownKeysAndWrongShapesUnderCostAreRefused() {
        assertOneProblem(problems(edit(prod, COST, "budgets", 900)), COST + ".budgets", "is not a known key (did you mean 'budget'?)");
        assertOneProblem(problems(edit(prod, COST, "budget", 900)), COST + ".budget", "is not an object");
        assertOneProblem(problems(edit(prod, COST, null, "[1, 2]")), COST, "is not an object");
    }

    @Test
    void everyProblemOfTheSectionIsReportedAtOnce() {
        List<String> problems = problems(edit(edit(prod, COST, "budget", Map.of("monthlyUsd", -1, "enforcement", "x")),
                COST, "usage", Map.of("natDataGB", "x", "unknown", 1)));
        assertEquals(4, problems.size(), problems::toString);
    }

    @Test
    void everyAssumptionHasAMeaningAUnitAndNonNegativeDefaultsForEveryTier() {
        for (UsageAssumption u : UsageAssumption.values()) {
            assertTrue(u.configName().matches("[a-z][A-Za-z]+"), u.configName());
            assertTrue(!u.unit().isBlank() && !u.meaning().isBlank(), u.configName());
            for (Tier tier : Tier.values()) {
                assertTrue(u.defaultFor(tier) >= 0, u + " " + tier);
            }
            assertEquals(u, UsageAssumption.fromConfig(u.configName()).orElseThrow());
        }
    }
}
