package com.kyeol.platform.cost;

import com.google.gson.Gson;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import com.kyeol.platform.tools.StackList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/cost.md shows today's estimates, assumptions and prices, generated from the code: stale, this fails. */
class CostDocsTest {

    private static final Path DOC = Path.of("docs", "cost.md");

    @SuppressWarnings("unchecked")
    private static String plansJson() {
        Estimator estimator = Estimator.standard(Path.of("").toAbsolutePath());
        List<Object> plans = TestStacks.stacks().stream()
                .map(s -> (Object) PlanCosts.jsonTree(PlanCosts.apply(TestPlans.of(s), TestPlans.settings(s), "Pulumi." + s + ".yaml",
                        estimator)))
                .toList();
        return new Gson().toJson(plans);
    }

    @Test
    @SuppressWarnings("unchecked")
    void docsCostMdShowsTodaysEstimateOfEveryStack() throws IOException {
        String doc = Files.readString(DOC);
        String json = plansJson();
        String body = CostDocs.render((List<Map<String, Object>>) new Gson().fromJson(json, List.class));
        assertEquals(CostDocs.splice(doc, body), doc,
                "docs/cost.md is stale: run bin/cost-docs and commit docs/cost.md");
        for (String stack : TestStacks.stacks()) {
            assertTrue(doc.contains("\n| " + stack + " | ap-northeast-3 | $"), "no estimate row for " + stack);
        }
        for (var region : Prices.BOOK.regionNames()) {
            assertTrue(doc.contains("#### " + region + "\n"), "no price table for " + region);
        }
        assertTrue(Files.readString(Path.of("README.md")).contains("(docs/cost.md)"), "the README links the cost page");
    }

    @Test
    @SuppressWarnings("unchecked")
    void readmeShowsEveryStackFileAndItsEstimate() throws IOException {
        Path readme = Path.of("README.md");
        String doc = Files.readString(readme);
        List<StackList.Entry> entries = TestStacks.stacks().stream()
                .map(s -> new StackList.Entry(s, TestPlans.settings(s)))
                .sorted(StackList.PROMOTION_ORDER)
                .toList();
        Map<String, Map<String, Object>> costs = new LinkedHashMap<>();
        for (Map<String, Object> plan : (List<Map<String, Object>>) new Gson().fromJson(plansJson(), List.class)) {
            costs.put((String) plan.get("stack"), (Map<String, Object>) plan.get("cost"));
        }
        assertEquals(ReadmeStacks.SECTION.splice(doc, ReadmeStacks.render(entries, costs)), doc,
                "README.md's stacks table is stale: run bin/cost-docs and commit README.md");
        for (String stack : TestStacks.stacks()) {
            var nodes = TestPlans.settings(stack).cluster().nodeGroup();
            String monthly = CostReport.usd(((Number) costs.get(stack).get("monthlyUsd")).doubleValue());
            assertTrue(doc.lines().anyMatch(l -> l.startsWith("| " + stack + " |") && l.contains(" × " + nodes.instanceType() + " |")
                    && l.contains("| " + monthly)), "README row of " + stack + " with its nodes and " + monthly);
        }
        var prod = new LinkedHashMap<>(costs);
        prod.remove("prod");
        var missing = assertThrows(IllegalArgumentException.class, () -> ReadmeStacks.render(entries, prod));
        assertEquals("no plan with a cost for stack prod", missing.getMessage());
    }

    @Test
    void checkFailsOnAStaleDocAndTheRewriteFixesIt(@TempDir Path dir) throws IOException {
        Path doc = dir.resolve("cost.md");
        Files.writeString(doc, "# cost\n" + CostDocs.START + "\nold numbers\n" + CostDocs.END + "\n");
        var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        String json = plansJson();
        assertEquals(1, CostDocs.run(new String[] {"--check", doc.toString()}, json, sink, sink));
        assertTrue(Files.readString(doc).contains("old numbers"), "--check changes nothing");
        assertEquals(0, CostDocs.run(new String[] {doc.toString()}, json, sink, sink));
        assertEquals(0, CostDocs.run(new String[] {"--check", doc.toString()}, json, sink, sink));
        assertTrue(Files.readString(doc).contains("### Today's estimates"));
        assertEquals(2, CostDocs.run(new String[] {}, json, sink, sink));
        assertEquals(2, CostDocs.run(new String[] {doc.toString()}, "{not json", sink, sink));
        assertEquals(2, CostDocs.run(new String[] {doc.toString()}, "[{\"stack\": \"dev\"}]", sink, sink), "a plan without cost");
        assertEquals(2, CostDocs.run(new String[] {"--check", doc.toString(), "README.md", "x.md"}, json, sink, sink));
        assertEquals(2, CostDocs.run(new String[] {"--check", "--verbose", doc.toString()}, json, sink, sink));
    }
}
