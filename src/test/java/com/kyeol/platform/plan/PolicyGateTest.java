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
    void everyStacksTierHasAPolicyConfiguration(String stack) {
        String tier = TestPlans.settings(stack).tier().configValue();
        assertEquals(tier, TestPlans.of(stack).outputs().get("tier"), "the checker reads the tier from the plan");
        assertTrue(Files.isRegularFile(Path.of("policy", "config", tier + ".json")), tier);
    }

    /** A plan whose tier has no policy configuration is a configuration problem (exit 2), not a crash. */
    @Test
    void aTierWithoutPolicyConfigurationIsAConfigurationProblem() {
        Plan dev = TestPlans.of("dev");
        var outputs = new java.util.TreeMap<>(dev.outputs());
        outputs.put("tier", "qa");
        Plan unknown = new Plan(dev.project(), dev.stack(), dev.resources(), outputs, dev.secretOutputNames(), List.of(), "not run");
        var e = org.junit.jupiter.api.Assertions.assertThrows(com.kyeol.platform.config.InvalidSettingsException.class,
                () -> policy.check(unknown));
        assertEquals(List.of("check-plan: unknown tier \"qa\": expected one of development, staging, production"), e.problems());
    }

    /** policy/check-plan reads every output of bin/plan --json, the array of `all` included: each stack with its own tier. */
    @Test
    void checkPlanReadsTheOutputOfBinPlanAll(@TempDir Path dir) throws Exception {
        var out = new ByteArrayOutputStream();
        assertEquals(0, OfflinePlan.run(new String[] {"all", "--json", "--no-policy"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        Path plans = Files.writeString(dir.resolve("all.json"), out.toString(StandardCharsets.UTF_8));
        Process p = new ProcessBuilder("bash", Path.of("policy/check-plan").toAbsolutePath().toString(), plans.toString()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), stderr);
        for (String stack : TestStacks.stacks()) {
            String tier = TestPlans.settings(stack).tier().configValue();
            int resources = TestPlans.of(stack).resources().size();
            assertTrue(stdout.matches("(?s).*check-plan: stack " + stack + " \\(" + tier + "\\): 0 mandatory, 0 advisory violation\\(s\\) "
                    + "\\(\\d+ policies, " + resources + " resources\\).*"), stack + " in " + stdout);
        }
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
        for (String part : List.of("check-plan", "with-node", "toolchain", "bin", "node_modules", "src", "index.ts", "package.json",
                "tsconfig.json", "PulumiPolicy.yaml")) {
            Path link = Files.createSymbolicLink(pack.resolve(part), Path.of("policy", part).toAbsolutePath());
            // The links are not newer than the built checker, so it is used as built.
            Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(old, old, old);
        }
        Files.createDirectories(pack.resolve("config"));
        // A stricter pack configuration than the repository's: Kubernetes 1.35 is not allowed.
        Files.writeString(pack.resolve("config/development.json"), "{\"eks-supported-version\": {\"allowedVersions\": [\"1.34\"]}}");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = OfflinePlan.run(new String[] {"dev", "--project-dir", project.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(OfflinePlan.VIOLATIONS, code, err.toString(StandardCharsets.UTF_8));
        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("[mandatory/high] eks-supported-version"), summary);
    }
}
