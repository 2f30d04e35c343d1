package com.kyeol.platform.plan;

import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy pack runs over every offline plan (policy/check-plan), and catches broken variants. */
class PolicyGateTest {

    private final PolicyCheck policy = new PolicyCheck(Path.of("").toAbsolutePath());

    static List<String> stacks() {
        return TestStacks.stacks();
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyStackPassesThePolicyPack(String stack) {
        assertNull(policy.unavailableReason(), "the policy pack is installed by the test command");
        Plan checked = policy.check(TestPlans.of(stack));
        assertTrue(checked.violations().stream().noneMatch(Plan.Violation::mandatory), checked.violations()::toString);
        assertTrue(checked.policyCheck().startsWith("passed"), checked.policyCheck());
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyStackFileHasAPolicyConfiguration(String stack) {
        assertTrue(Files.isRegularFile(policy.configFile(stack)));
    }

    @Test
    void aStackWithoutPolicyConfigurationIsAConfigurationProblem() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(com.kyeol.platform.config.InvalidSettingsException.class,
                () -> policy.configFile("qa"));
        assertTrue(e.problems().get(0).startsWith("policy/config/qa.json: (file): does not exist"), e.problems().get(0));
    }

    /** A copy of the plan with the inputs of the first resource of {@code type} edited. */
    private static Plan breaking(Plan plan, String type, UnaryOperator<Map<String, Object>> edit) {
        return breaking(plan, type, null, edit);
    }

    /** A copy of the plan with the inputs of the resource of {@code type} named {@code name} (the first if null) edited. */
    static Plan breaking(Plan plan, String type, String name, UnaryOperator<Map<String, Object>> edit) {
        List<PlannedResource> resources = new ArrayList<>();
        boolean done = false;
        for (PlannedResource r : plan.resources()) {
            if (!done && r.type().equals(type) && (name == null || r.name().equals(name))) {
                r = new PlannedResource(r.urn(), r.type(), r.name(), r.parent(), r.provider(), r.dependsOn(), r.protect(),
                        r.custom(), edit.apply(new LinkedHashMap<>(r.inputs())));
                done = true;
            }
            resources.add(r);
        }
        assertTrue(done, "no " + type + " to break");
        return new Plan(plan.project(), plan.stack(), resources, plan.outputs(), plan.secretOutputNames(), List.of(), "not run");
    }

    @Test
    void brokenVariantsAreCaughtByName() {
        Plan dev = TestPlans.of("dev");
        Plan broken = breaking(breaking(breaking(dev,
                "aws:eks/cluster:Cluster", in -> {
                    in.put("vpcConfig", Map.of("endpointPublicAccess", true, "endpointPrivateAccess", true,
                            "publicAccessCidrs", List.of("0.0.0.0/0"), "subnetIds", List.of("subnet-1")));
                    return in;
                }),
                "aws:kms/key:Key", in -> {
                    in.put("enableKeyRotation", false);
                    return in;
                }),
                "aws:ec2/launchTemplate:LaunchTemplate", in -> {
                    in.put("metadataOptions", Map.of("httpTokens", "optional"));
                    return in;
                });
        Plan checked = policy.check(broken);
        Set<String> names = checked.violations().stream().filter(Plan.Violation::mandatory)
                .map(Plan.Violation::policyName).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("eks-public-endpoint-restricted", "kms-key-rotation", "launch-template-imdsv2")),
                names::toString);
        assertTrue(checked.hasMandatoryViolation());
        assertTrue(checked.policyCheck().startsWith("failed"), checked.policyCheck());
    }

    @Test
    void aMandatoryViolationMakesBinPlanExitThree(@TempDir Path project) throws IOException {
        for (String file : List.of("Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.stage.yaml", "Pulumi.prod.yaml", "Pulumi.mgmt.yaml")) {
            Files.copy(Path.of(file), project.resolve(file));
        }
        Path pack = Files.createDirectories(project.resolve("policy"));
        var old = FileTime.fromMillis(0);
        for (String part : List.of("check-plan", "bin", "node_modules", "src", "index.ts", "package.json", "tsconfig.json")) {
            Path link = Files.createSymbolicLink(pack.resolve(part), Path.of("policy", part).toAbsolutePath());
            // The links are not newer than the built checker, so it is used as built.
            Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(old, old, old);
        }
        Files.createDirectories(pack.resolve("config"));
        // A stricter pack configuration than the repository's: Kubernetes 1.35 is not allowed.
        Files.writeString(pack.resolve("config/dev.json"), "{\"eks-supported-version\": {\"allowedVersions\": [\"1.34\"]}}");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = OfflinePlan.run(new String[] {"dev", "--project-dir", project.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(OfflinePlan.VIOLATIONS, code, err.toString(StandardCharsets.UTF_8));
        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("[mandatory/high] eks-supported-version"), summary);
    }
}
