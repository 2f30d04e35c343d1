package com.kyeol.platform.plan;

import com.kyeol.platform.config.SpokeSettings;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import com.pulumi.aws.ssm.Parameter;
import com.pulumi.aws.ssm.ParameterArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.StackReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner without the SDK's busy wait gives the plans the SDK's own runner gives, failures included. */
class QuietRunnerTest {

    static List<String> stacks() {
        return TestStacks.stacks();
    }

    private static Map<String, ReferencedStack> references(String stack) {
        Map<String, ReferencedStack> references = new HashMap<>();
        TestPlans.settings(stack).spoke().map(SpokeSettings::hubStackName)
                .ifPresent(hub -> references.put(hub, TestPlans.of(hub).asReference()));
        return references;
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyStackPlansTheSameAsOnTheSdksRunner(String stack) {
        Plan sdk = PlanRunner.run(TestStacks.config(stack), TestPlans.settings(stack), references(stack),
                ctx -> com.kyeol.platform.Platform.define(ctx, TestPlans.settings(stack)), false);
        assertEquals(PlanPrinter.json(sdk), PlanPrinter.json(TestPlans.of(stack)));
    }

    /** Resources registered from callbacks, after the program itself returned, are waited for. */
    @Test
    void resourcesRegisteredLaterFromCallbacksArePlanned() {
        var config = TestStacks.config("dev");
        var settings = TestPlans.settings("dev");
        var hub = Map.of("mgmt", new ReferencedStack(Map.of("name", "hub"), java.util.Set.<String>of()));
        java.util.function.Consumer<com.pulumi.Context> program = ctx -> {
            var ref = new StackReference("organization/kyeol-platform/mgmt");
            Output<String> chained = ref.output("name").applyValue(String::valueOf);
            for (int i = 0; i < 3; i++) {
                chained = chained.applyValue(v -> {
                    new Parameter("late-" + v.length() + "-" + v, ParameterArgs.builder().type("String").value(v).build());
                    return v + "x";
                });
            }
            ctx.export("last", chained);
        };
        Plan quiet = PlanRunner.run(config, settings, hub, program, true);
        Plan sdk = PlanRunner.run(config, settings, hub, program, false);
        assertEquals(3, quiet.ofType("aws:ssm/parameter:Parameter").size(), PlanPrinter.json(quiet));
        assertEquals("hubxxx", quiet.outputs().get("last"));
        assertEquals(PlanPrinter.json(sdk), PlanPrinter.json(quiet));
    }

    @Test
    void aFailureInACallbackFailsTheRunWithItsMessageOnBothRunners() {
        var config = TestStacks.config("dev");
        var settings = TestPlans.settings("dev");
        java.util.function.Consumer<com.pulumi.Context> program = ctx -> ctx.export("x", Output.of("a").applyValue(v -> {
            throw new IllegalStateException("no " + v);
        }));
        for (boolean quiet : List.of(true, false)) {
            var e = assertThrows(PlanRunner.PlanFailedException.class, () -> PlanRunner.run(config, settings, Map.of(), program, quiet));
            assertTrue(e.getMessage().contains("IllegalStateException: no a"), quiet + ": " + e.getMessage());
        }
    }
}
