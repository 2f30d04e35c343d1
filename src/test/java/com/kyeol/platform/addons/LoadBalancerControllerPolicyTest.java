package com.kyeol.platform.addons;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;

import static com.kyeol.platform.support.PlanAssertions.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load balancer controller's permissions are the program's own expression ({@link LoadBalancerControllerPolicy}),
 * and grant exactly what the controller's published policy at v3.5.0 grants ({@code iam/} of the shared upstream folder).
 */
class LoadBalancerControllerPolicyTest {

    static final String UPSTREAM = "iam/aws-load-balancer-controller-v3.5.0-iam_policy.json";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    static List<String> stacks() {
        return TestStacks.stacks();
    }

    private static String upstream() {
        try {
            return Files.readString(Upstream.file(UPSTREAM), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The upstream document with {@code edit} applied to its statements. */
    private static String upstreamEdited(Consumer<JsonArray> edit) {
        JsonObject doc = JsonParser.parseString(upstream()).getAsJsonObject();
        edit.accept(doc.getAsJsonArray("Statement"));
        return GSON.toJson(doc);
    }

    private static JsonObject statementWith(JsonArray statements, String action) {
        for (var s : statements) {
            JsonObject statement = s.getAsJsonObject();
            var actions = statement.get("Action");
            if (actions.isJsonArray() ? actions.getAsJsonArray().contains(new com.google.gson.JsonPrimitive(action)) : actions.getAsString().equals(action)) {
                return statement;
            }
        }
        throw new AssertionError("no upstream statement with " + action);
    }

    @Test
    void ourStatementsGrantExactlyWhatTheUpstreamPolicyGrants() {
        assertEquals(List.of(), IamGrants.differences(LoadBalancerControllerPolicy.document(), upstream()));
        assertTrue(IamGrants.of(upstream()).size() > 80, "the comparison covers the whole upstream policy");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyStackAttachesThatPolicyToTheControllersRole(String stack) {
        var policy = named(TestPlans.of(stack), "aws:iam/policy:Policy", stack + "-aws-load-balancer-controller-policy");
        assertEquals(List.of(), IamGrants.differences((String) policy.inputs().get("policy"), upstream()));
    }

    @Test
    void itIsOurOwnExpressionNotACopyOfTheFile() {
        String ours = LoadBalancerControllerPolicy.document();
        assertNotEquals(upstream().replaceAll("\\s", ""), ours.replaceAll("\\s", ""));
        // IAM's limit for a managed policy: 6,144 characters, whitespace not counted.
        assertTrue(ours.replaceAll("\\s", "").length() <= 6144, ours.length() + " characters");
    }

    @Test
    void layoutDoesNotMatterToTheComparison() {
        String reshaped = upstreamEdited(statements -> {
            JsonArray reversed = new JsonArray();
            for (int i = statements.size() - 1; i >= 0; i--) {
                JsonObject s = statements.get(i).getAsJsonObject();
                s.addProperty("Sid", "S" + i);
                JsonArray actions = s.getAsJsonArray("Action");
                JsonArray backwards = new JsonArray();
                for (int j = actions.size() - 1; j >= 0; j--) {
                    backwards.add(actions.get(j));
                }
                s.add("Action", backwards.size() == 1 ? backwards.get(0) : backwards);
                if (s.get("Resource").isJsonPrimitive()) {
                    JsonArray one = new JsonArray();
                    one.add(s.get("Resource"));
                    s.add("Resource", one);
                }
                reversed.add(s);
            }
            while (statements.size() > 0) {
                statements.remove(0);
            }
            statements.addAll(reversed);
        });
        assertEquals(List.of(), IamGrants.differences(reshaped, upstream()));
    }

    @Test
    void aMissingActionIsListed() {
        String fewer = upstreamEdited(s -> statementWith(s, "elasticloadbalancing:SetWebAcl").getAsJsonArray("Action")
                .remove(new com.google.gson.JsonPrimitive("elasticloadbalancing:SetWebAcl")));
        assertEquals(List.of("missing: Allow elasticloadbalancing:setwebacl on *"), IamGrants.differences(fewer, upstream()));
    }

    @Test
    void anExtraActionIsListed() {
        String more = upstreamEdited(s -> statementWith(s, "ec2:DescribeVpcs").getAsJsonArray("Action").add("ec2:DeleteVpc"));
        assertEquals(List.of("extra: Allow ec2:deletevpc on *"), IamGrants.differences(more, upstream()));
    }

    @Test
    void aChangedConditionIsListedBothWays() {
        String loosened = upstreamEdited(s -> statementWith(s, "ec2:DeleteSecurityGroup").remove("Condition"));
        List<String> differences = IamGrants.differences(loosened, upstream());
        assertEquals(4, differences.size(), String.join("\n", differences));
        assertTrue(differences.contains("missing: Allow ec2:deletesecuritygroup on * if {Null={aws:resourcetag/elbv2.k8s.aws/cluster=[false]}}"),
                String.join("\n", differences));
        assertTrue(differences.contains("extra: Allow ec2:deletesecuritygroup on *"), String.join("\n", differences));
        String otherValue = upstreamEdited(s -> statementWith(s, "iam:CreateServiceLinkedRole").getAsJsonObject("Condition")
                .getAsJsonObject("StringEquals").addProperty("iam:AWSServiceName", "ec2.amazonaws.com"));
        assertEquals(2, IamGrants.differences(otherValue, upstream()).size());
    }

    @Test
    void aWidenedResourceIsListed() {
        String wider = upstreamEdited(s -> statementWith(s, "elasticloadbalancing:RegisterTargets").addProperty("Resource", "*"));
        assertEquals(List.of(
                "missing: Allow elasticloadbalancing:deregistertargets on arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
                "missing: Allow elasticloadbalancing:registertargets on arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
                "extra: Allow elasticloadbalancing:deregistertargets on *",
                "extra: Allow elasticloadbalancing:registertargets on *"), IamGrants.differences(wider, upstream()));
    }

    @Test
    void statementsTheComparisonCannotJudgeAreRefused() {
        String notAction = upstreamEdited(s -> statementWith(s, "ec2:CreateSecurityGroup").add("NotAction", new JsonArray()));
        assertThrows(AssertionError.class, () -> IamGrants.of(notAction));
    }
}
