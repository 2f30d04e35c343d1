package com.kyeol.platform.cost;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.kyeol.platform.cost.SmallPlans.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pull request's cost comment: its arithmetic and its words, from two sets of plan JSON. */
class CostDiffTest {

    private static Map<String, Object> resource(String name, String type, String label, double monthly) {
        return map("urn", "urn:" + name, "type", type, "name", name, "label", label, "monthlyUsd", monthly);
    }

    private static Map<String, Object> plan(String stack, Double budget, Object... resources) {
        List<Object> list = List.of(resources);
        double total = list.stream().mapToDouble(r -> ((Number) ((Map<?, ?>) r).get("monthlyUsd")).doubleValue()).sum();
        Map<String, Object> cost = map("currency", "USD", "monthlyUsd", total, "complete", true, "resources", list);
        if (budget != null) {
            cost.put("budget", map("monthlyUsd", budget, "enforcement", "mandatory", "over", total > budget));
        }
        return map("project", "kyeol-platform", "stack", stack, "resources", List.of(), "cost", cost);
    }

    private static final String ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    private static final Map<String, Object> NODES_2 = resource("nodes", "aws:eks/nodeGroup:NodeGroup", "node group: 2 × t3.medium", 89.02);
    private static final Map<String, Object> NODES_3 = resource("nodes", "aws:eks/nodeGroup:NodeGroup", "node group: 3 × t3.medium", 133.53);
    private static final Map<String, Object> NAT = resource("nat", "aws:ec2/natGateway:NatGateway", "NAT gateway t-nat", 48.36);
    private static final Map<String, Object> ECR_API = resource("ecr-api", ENDPOINT, "interface endpoint ecr.api in 3 zones", 30.96);
    private static final Map<String, Object> ECR_DKR = resource("ecr-dkr", ENDPOINT, "interface endpoint ecr.dkr in 3 zones", 30.96);
    private static final Map<String, Object> KEY = resource("key", "aws:kms/key:Key", "KMS key t-key", 1.0);

    private static Map<String, CostDiff.StackCost> load(Path dir, Map<String, Object>... plans) throws Exception {
        Files.createDirectories(dir);
        for (Map<String, Object> plan : plans) {
            Files.writeString(dir.resolve(plan.get("stack") + ".json"), new Gson().toJson(plan));
        }
        return CostDiff.load(dir);
    }

    @Test
    void addedResourcesOfATypeAreOneLineWithTheirSum(@TempDir Path dir) throws Exception {
        var base = load(dir.resolve("base"), plan("prod", null, NODES_2, NAT));
        var head = load(dir.resolve("head"), plan("prod", null, NODES_2, NAT, ECR_API, ECR_DKR));
        assertEquals(List.of("+$61.92/mo: added interface endpoint ecr.api in 3 zones, interface endpoint ecr.dkr in 3 zones"),
                CostDiff.changes(base.get("prod"), head.get("prod")));
    }

    @Test
    void changedAndRemovedResourcesComeLargestFirst(@TempDir Path dir) throws Exception {
        var base = load(dir.resolve("base"), plan("prod", null, NODES_2, NAT, KEY));
        var head = load(dir.resolve("head"), plan("prod", null, NODES_3, KEY));
        assertEquals(List.of("-$48.36/mo: removed NAT gateway t-nat",
                        "+$44.51/mo: node group: 2 × t3.medium → node group: 3 × t3.medium ($89.02 → $133.53)"),
                CostDiff.changes(base.get("prod"), head.get("prod")));
    }

    @Test
    void theCommentTabulatesEveryStackAndTheTotal(@TempDir Path dir) throws Exception {
        var base = load(dir.resolve("base"), plan("dev", null, NODES_2), plan("prod", 100.0, NODES_2, NAT));
        var head = load(dir.resolve("head"), plan("dev", null, NODES_2), plan("prod", 100.0, NODES_3, NAT));
        String md = CostDiff.markdown(base, head);
        assertTrue(md.startsWith("### Monthly cost estimate (offline, USD)\n\n| Stack | main | this change | difference | budget |\n"), md);
        assertTrue(md.contains("| dev | $89.02 | $89.02 | ±$0.00/mo |  |\n"), md);
        assertTrue(md.contains("| prod | $137.38 | $181.89 | +$44.51/mo | $100.00 mandatory — **over** |\n"), md);
        assertTrue(md.contains("| **all** | $226.40 | $270.91 | +$44.51/mo | |\n"), md);
        assertTrue(md.contains("**prod**\n- +$44.51/mo: node group: 2 × t3.medium → node group: 3 × t3.medium ($89.02 → $133.53)\n"), md);
        assertTrue(!md.contains("**dev**"), "an unchanged stack lists no changes");
    }

    @Test
    void nothingChangedSaysSo(@TempDir Path dir) throws Exception {
        var base = load(dir.resolve("base"), plan("dev", null, NODES_2));
        var head = load(dir.resolve("head"), plan("dev", null, NODES_2));
        assertTrue(CostDiff.markdown(base, head).contains("No stack's estimate changes."));
    }

    @Test
    void aBaseWithoutAnEstimateANewStackAndAGoneStackAreNamed(@TempDir Path dir) throws Exception {
        Map<String, Object> old = map("project", "kyeol-platform", "stack", "dev", "resources", List.of());
        var base = load(dir.resolve("base"), old, plan("qa", null, KEY));
        var head = load(dir.resolve("head"), plan("dev", null, NODES_2));
        assertEquals(List.of("+$89.02/mo: new stack, or the base has no estimate yet (its plan predates the cost estimate)"),
                CostDiff.changes(base.get("dev"), head.get("dev")));
        assertEquals(List.of("-$1.00/mo: the stack is gone"), CostDiff.changes(base.get("qa"), head.get("qa")));
        String md = CostDiff.markdown(base, head);
        assertTrue(md.contains("| dev | — | $89.02 | — |"), md);
    }

    @Test
    void theCommandReadsDirectoriesAndPlanFilesAndRefusesBadInputInOneLine(@TempDir Path dir) throws Exception {
        load(dir.resolve("base"), plan("dev", null, NODES_2));
        Path headFile = dir.resolve("head.json");
        Files.writeString(headFile, new Gson().toJson(List.of(plan("dev", null, NODES_3))));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = CostDiff.run(new String[] {dir.resolve("base").toString(), headFile.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("| dev | $89.02 | $133.53 | +$44.51/mo |"));

        Path notAPlan = dir.resolve("x.json");
        Files.writeString(notAPlan, "{\"hello\": 1}");
        for (String[] args : List.of(new String[] {dir.resolve("missing").toString(), headFile.toString()},
                new String[] {notAPlan.toString(), headFile.toString()}, new String[] {headFile.toString()})) {
            var e = new ByteArrayOutputStream();
            assertEquals(2, CostDiff.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(e, true, StandardCharsets.UTF_8)));
            String line = e.toString(StandardCharsets.UTF_8);
            assertEquals(1, line.lines().count(), line);
            assertTrue(!line.contains("Exception"), line);
        }
    }

    @Test
    void signedAmountsReadAsMoney() {
        assertEquals("+$1,234.57/mo", CostReport.signedUsd(1234.567));
        assertEquals("-$0.50/mo", CostReport.signedUsd(-0.5));
        assertEquals("±$0.00/mo", CostReport.signedUsd(0.004));
        assertEquals("$0.00", CostReport.usd(-0.001));
    }
}
