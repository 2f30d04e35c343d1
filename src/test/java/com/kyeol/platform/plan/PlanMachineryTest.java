package com.kyeol.platform.plan;

import com.kyeol.platform.config.StackConfig;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.ssm.Parameter;
import com.pulumi.aws.ssm.ParameterArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.StackReference;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline engine itself: secrets stay masked, references resolve, answers are deterministic. */
class PlanMachineryTest {

    private static final String KNOWN_SECRET = "KNOWN-secret-value-7f3a9c";
    private final StackConfig config = TestStacks.config("dev");
    private final StackSettings settings = TestStacks.settings("dev");

    @Test
    void theTestJvmPlansEqualInputsOnceAndDifferentInputsAfresh() {
        assertTrue(Boolean.getBoolean("kyeol.plan.memo"), "surefire sets kyeol.plan.memo (pom.xml)");
        var references = Map.of("mgmt", TestPlans.of("mgmt").asReference());
        Plan first = PlanRunner.run(TestStacks.config("dev"), TestPlans.settings("dev"), references);
        assertSame(first, PlanRunner.run(TestStacks.config("dev"), TestPlans.settings("dev"), new HashMap<>(references)));
        assertSame(first, TestPlans.of("dev"), "the shared test plans come from the same memo");
        Plan traces = TestPlans.edited("dev", "kyeol-platform:observability", "traces", true);
        assertNotEquals(first, traces, "an edited stack file is planned afresh");
    }

    @Test
    void aSecretInputNeverAppearsInTheJsonEvenWhenItFlowsIntoOutputs() {
        Plan plan = PlanRunner.run(config, settings, Map.of(), ctx -> {
            var parameter = new Parameter("token", ParameterArgs.builder()
                    .type("SecureString")
                    .value(Output.ofSecret(KNOWN_SECRET))
                    .build());
            ctx.export("direct", Output.ofSecret(KNOWN_SECRET));
            ctx.export("throughResource", parameter.value());
            ctx.export("derived", parameter.value().applyValue(v -> "prefix-" + v));
        });
        String json = PlanPrinter.json(plan);
        assertFalse(json.contains(KNOWN_SECRET), json);
        assertFalse(PlanPrinter.summary(plan).contains(KNOWN_SECRET));
        assertEquals("[secret]", plan.resources().stream().filter(r -> r.type().equals("aws:ssm/parameter:Parameter"))
                .findFirst().orElseThrow().inputs().get("value"));
        assertEquals(Set.of("direct", "throughResource", "derived"), plan.secretOutputNames());
        assertEquals("[secret]", plan.maskedOutputs().get("derived"));
    }

    @Test
    void eachResourceRecordsWhichResourcesFedEachInputAndTheStateTheEngineReturned() {
        Plan plan = PlanRunner.run(config, settings, Map.of(), ctx -> {
            var token = new Parameter("token", ParameterArgs.builder()
                    .type("SecureString")
                    .value(Output.ofSecret(KNOWN_SECRET))
                    .build());
            var plainOne = new Parameter("plain", ParameterArgs.builder().type("String").value("v")
                    .description("visible").build());
            new Parameter("copy", ParameterArgs.builder()
                    .type("String")
                    .value(plainOne.arn())
                    .description(token.name())
                    .build());
        });
        PlannedResource token = resource(plan, "token");
        PlannedResource plainOne = resource(plan, "plain");
        PlannedResource copy = resource(plan, "copy");
        assertEquals(Map.of("value", List.of(plainOne.urn()), "description", List.of(token.urn())), copy.propertyDependencies());
        assertEquals(Map.of(), plainOne.propertyDependencies());
        // Outputs: the engine's answer, computed attributes included, secrets masked exactly as in inputs
        // (the provider declares a parameter's value a secret output).
        assertEquals("visible", plainOne.outputs().get("description"));
        assertEquals("[secret]", plainOne.outputs().get("value"));
        assertEquals(plainOne.outputs().get("arn"), copy.inputs().get("value"));
        assertEquals("[secret]", token.outputs().get("value"));
        String json = PlanPrinter.json(plan);
        assertFalse(json.contains(KNOWN_SECRET), json);
        assertTrue(json.contains("\"propertyDependencies\": {\n") && json.contains("\"outputs\": {\n"), json);
    }

    private static PlannedResource resource(Plan plan, String name) {
        return plan.resources().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void stackReferencesResolveToTheReferencedStacksOfflineOutputs() {
        var hub = new ReferencedStack(Map.of("natPublicIp", "203.0.113.9", "adminToken", "hub-" + KNOWN_SECRET),
                Set.of("adminToken"));
        Plan plan = PlanRunner.run(config, settings, Map.of("mgmt", hub), ctx -> {
            var ref = new StackReference("organization/kyeol-platform/mgmt");
            ctx.export("hubIp", ref.output("natPublicIp"));
            ctx.export("hubToken", ref.output("adminToken"));
        });
        assertEquals("203.0.113.9", plan.outputs().get("hubIp"));
        assertEquals("[secret]", plan.maskedOutputs().get("hubToken"));
        assertFalse(PlanPrinter.json(plan).contains(KNOWN_SECRET));
        // What the reference returned is in the plan (proofs read it), its secret outputs masked.
        PlannedResource reference = plan.resources().stream().filter(r -> r.type().equals("pulumi:pulumi:StackReference"))
                .findFirst().orElseThrow();
        assertEquals(Map.of("natPublicIp", "203.0.113.9", "adminToken", "[secret]"), reference.outputs().get("outputs"));
    }

    @Test
    void anUnresolvableStackReferenceFailsWithAClearMessage() {
        var failure = assertThrows(PlanRunner.PlanFailedException.class, () -> PlanRunner.run(config, settings, Map.of(), ctx -> {
            var ref = new StackReference("organization/kyeol-platform/nowhere");
            ctx.export("x", ref.output("y"));
        }));
        assertTrue(failure.getMessage().contains("stack reference 'nowhere' cannot be resolved offline"), failure.getMessage());
    }

    @Test
    void anInvokeWithoutAnOfflineAnswerFailsLoudly() {
        var failure = assertThrows(PlanRunner.PlanFailedException.class, () -> PlanRunner.run(config, settings, Map.of(),
                ctx -> ctx.export("x", AwsFunctions.getBillingServiceAccount().applyValue(r -> r.arn()))));
        assertTrue(failure.getMessage().contains("no answer for invoke aws:index/getBillingServiceAccount"), failure.getMessage());
    }

    @Test
    void twoPlansOfTheSameStackAreIdentical() {
        String first = PlanPrinter.json(TestPlans.run(config, settings));
        String second = PlanPrinter.json(TestPlans.run(config, settings));
        assertEquals(first, second);
        assertTrue(first.contains("\"resources\""));
        assertTrue(List.of("project", "stack", "resources", "outputs", "violations").stream()
                .allMatch(k -> first.contains("\"" + k + "\"")));
    }

    @Test
    void anSnsTopicHasTheArnSnsGivesIt() {
        // SNS: arn:aws:sns:<region>:<account>:<name>; the alert topic's publishers are granted exactly this ARN.
        var topic = TestPlans.of("mgmt").ofType("aws:sns/topic:Topic").get(0);
        assertEquals("arn:aws:sns:ap-northeast-3:111122223333:kyeol-mgmt-alerts", topic.outputs().get("arn"));
        assertEquals(topic.outputs().get("arn"), topic.outputs().get("id"));
    }

    @Test
    void anOidcProviderHasTheArnIamGivesIt() {
        // IAM: arn:aws:iam::<account>:oidc-provider/<issuer without https://>, no region; trust policies name exactly this.
        var provider = TestPlans.of("mgmt").ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider").get(0);
        assertEquals("arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", provider.outputs().get("arn"));
        String trust = String.valueOf(TestPlans.of("mgmt").ofType("aws:iam/role:Role").stream()
                .filter(r -> String.valueOf(r.inputs().get("assumeRolePolicy")).contains("Federated")).findFirst().orElseThrow()
                .inputs().get("assumeRolePolicy"));
        assertTrue(trust.contains("\"Federated\":\"" + provider.outputs().get("arn") + "\""), trust);
    }
}
