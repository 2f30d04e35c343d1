package com.kyeol.platform.cost;

import com.google.gson.Gson;
import com.kyeol.platform.cluster.KubernetesVersions;
import com.kyeol.platform.config.CostSettings;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.plan.OfflinePlan;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The estimates of the repository's own stack files: every resource type of every plan priced or known to be free,
 * every priced resource with a price in its region, the app's and ArgoCD's ALBs found, budgets enforced.
 */
class StackEstimatesTest {

    private static final Map<String, CostEstimate> ESTIMATES = new LinkedHashMap<>();
    private static final Estimator ESTIMATOR = new Estimator(Prices.BOOK, Path.of("").toAbsolutePath(), LocalDate.parse("2026-12-01"));

    @BeforeAll
    static void estimateEveryStack() {
        for (String stack : TestStacks.stacks()) {
            StackSettings settings = TestPlans.settings(stack);
            ESTIMATES.put(stack, ESTIMATOR.estimate(TestPlans.of(stack), settings.region(), settings.cost()));
        }
    }

    @Test
    void everyResourceTypeOfEveryStackIsPricedOrKnownToBeFree() {
        ESTIMATES.forEach((stack, e) -> assertEquals(List.of(), e.unclassified(),
                stack + ": give these types a pricer or a reason in cost/ResourceTypes.java"));
    }

    @Test
    void everyPricedResourceOfEveryStackHasAPriceInItsRegion() {
        ESTIMATES.forEach((stack, e) -> assertEquals(List.of(), e.unpriced().stream().filter(u -> !u.contains("kubectl")).toList(),
                stack + ": add these prices to cost/Prices.java"));
        assumeTrue(SmallPlans.kubectl(), "kubectl is not installed: the app's Ingress (its ALB) cannot be rendered");
        ESTIMATES.forEach((stack, e) -> assertTrue(e.complete(), stack + ": " + e.unpriced()));
    }

    @Test
    void aStackWhoseRegionLacksAPriceIsReportedIncompleteNamingThePrice() {
        var book = new PriceBook.Builder();
        Prices.BOOK.regions().forEach((region, table) -> {
            book.region(region);
            table.values().stream().filter(p -> !p.key().equals("ec2.t3.medium")).forEach(book::add);
        });
        StackSettings settings = TestPlans.settings("dev");
        CostEstimate e = new Estimator(book.build(), Path.of("").toAbsolutePath(), LocalDate.parse("2026-12-01"))
                .estimate(TestPlans.of("dev"), settings.region(), settings.cost());
        assertFalse(e.complete());
        assertTrue(e.unpriced().stream().anyMatch(u -> u.startsWith("dev-nodes: " + TestPlans.settings("dev").cluster().nodeGroup().desiredSize() + " × t3.medium, 730 h: no price 'ec2.t3.medium' "
                + "for ap-northeast-3")), e.unpriced().toString());
        assertTrue(e.monthlyUsd() < ESTIMATES.get("dev").monthlyUsd());
    }

    @Test
    void everyKubernetesVersionThePlatformAcceptsHasASupportWindow() {
        for (String version : KubernetesVersions.supported()) {
            var window = KubernetesSupport.of(version).orElseThrow(() -> new AssertionError(version + " has no row in KubernetesSupport"));
            assertTrue(window.released().isBefore(window.endOfStandard()) && window.endOfStandard().isBefore(window.endOfExtended()));
        }
    }

    @Test
    void everyWorkloadStackPaysForTheAppsAlbAndTheHubForArgoCdsGrafanasAndTheTelemetryEndpoints() {
        assumeTrue(SmallPlans.kubectl(), "kubectl is not installed: the app's Ingress cannot be rendered");
        ESTIMATES.forEach((stack, e) -> {
            boolean hub = TestPlans.settings(stack).hub().isPresent();
            List<CostLine> albs = e.lines().stream().filter(l -> l.charges().stream().anyMatch(c -> c.price().key().equals("alb.hour")))
                    .toList();
            // A spoke's route on the hub's telemetry endpoint joins the hub's ALB: the spoke pays only for the app's.
            assertEquals(hub ? List.of("mgmt-argocd", "mgmt-grafana", "mgmt-telemetry-endpoint") : List.of(stack + "-argocd-application"),
                    albs.stream().map(CostLine::name).toList(), stack);
            assertEquals(hub ? List.of(Ingresses.RELEASE, Ingresses.RELEASE, Ingresses.INGRESS) : List.of(Ingresses.APPLICATION),
                    albs.stream().map(CostLine::type).toList(), stack);
            albs.forEach(alb -> assertTrue(alb.charges().stream().anyMatch(c -> c.what().contains("3 public IPv4 addresses (one per zone)")),
                    stack + ": internet-facing in the three public subnets' zones: " + alb));
        });
    }

    @Test
    void theEstimatesFollowTheStackFiles() {
        // What the stack files say, as money: node groups at their desired sizes (prod 3, dev 3 since the collectors
        // came); stage and prod Multi-AZ databases.
        assertEquals(desired("prod") / desired("dev"), nodes("prod") / nodes("dev"), 1e-9);
        CostLine stageDb = database("stage");
        CostLine devDb = database("dev");
        assertTrue(stageDb.label().endsWith("Multi-AZ") && devDb.label().endsWith("single-AZ"));
        assertEquals(2 * Prices.HOURS_PER_MONTH, stageDb.charges().get(0).quantity(), 1e-9);
        assertTrue(ESTIMATES.get("prod").lines().stream().anyMatch(l -> l.type().equals("aws:wafv2/webAcl:WebAcl")));
        assertTrue(ESTIMATES.get("dev").lines().stream().noneMatch(l -> l.type().equals("aws:wafv2/webAcl:WebAcl")));
    }

    private static double desired(String stack) {
        return TestPlans.settings(stack).cluster().nodeGroup().desiredSize();
    }

    private static double nodes(String stack) {
        return ESTIMATES.get(stack).lines().stream().filter(l -> l.type().equals("aws:eks/nodeGroup:NodeGroup"))
                .mapToDouble(CostLine::monthlyUsd).sum();
    }

    private static CostLine database(String stack) {
        return ESTIMATES.get(stack).lines().stream().filter(l -> l.type().equals("aws:rds/instance:Instance")).findFirst().orElseThrow();
    }

    @Test
    void theJsonCostMemberIsTheEstimate() {
        var costed = PlanCosts.apply(TestPlans.of("prod"), TestPlans.settings("prod"), "Pulumi.prod.yaml", ESTIMATOR);
        Map<?, ?> json = new Gson().fromJson(PlanCosts.json(costed), Map.class);
        Map<?, ?> cost = (Map<?, ?>) json.get("cost");
        assertEquals(Math.round(costed.estimate().monthlyUsd() * 100) / 100.0, (Double) cost.get("monthlyUsd"), 1e-9);
        assertEquals(costed.estimate().lines().size(), ((List<?>) cost.get("resources")).size());
        assertEquals(Map.of("monthlyUsd", 1100.0, "enforcement", "mandatory", "over", false), cost.get("budget"));
        assertEquals("ap-northeast-3", cost.get("region"));
        assertTrue(((Map<?, ?>) cost.get("usage")).containsKey("cdnRequestsMillions"));
    }

    // ---- budgets ----

    private static StackSettings withBudget(String stack, double monthly, CostSettings.Enforcement enforcement) {
        StackSettings s = TestPlans.settings(stack);
        CostSettings cost = new CostSettings(Optional.of(new CostSettings.Budget(monthly, enforcement)), s.cost().usage(),
                s.cost().overridden());
        return new StackSettings(s.project(), s.environment(), s.role(), s.tier(), s.aws(), s.domain(), s.network(), s.cluster(),
                s.database(), s.cache(), s.edge(), s.registry(), s.saleorSecrets(), s.hub(), s.spoke(), cost, s.observability());
    }

    @Test
    void aPlanOverAMandatoryBudgetHasAMandatoryViolationNamingTheStackFile() {
        var costed = PlanCosts.apply(TestPlans.of("prod"), withBudget("prod", 100, CostSettings.Enforcement.MANDATORY),
                "Pulumi.prod.yaml", ESTIMATOR);
        Plan plan = costed.plan();
        assertTrue(plan.hasMandatoryViolation());
        Plan.Violation v = plan.violations().stream().filter(x -> x.policyName().equals(PlanCosts.BUDGET_POLICY)).findFirst().orElseThrow();
        assertEquals("mandatory", v.enforcementLevel());
        assertTrue(v.urn().endsWith("pulumi:pulumi:Stack::kyeol-platform-prod"), v.urn());
        assertTrue(v.message().startsWith("the estimate of $" ) && v.message().contains(" exceeds the budget of $100.00 per month "
                + "(kyeol-platform:cost.budget in Pulumi.prod.yaml) by $"), v.message());
        assertTrue(CostReport.summary(costed.estimate()).contains("Budget: $100.00 per month (mandatory): OVER by $"));
    }

    @Test
    void anAdvisoryBudgetOverrunIsReportedButDoesNotFailAndAPlanWithinBudgetHasNoViolation() {
        var advisory = PlanCosts.apply(TestPlans.of("dev"), withBudget("dev", 100, CostSettings.Enforcement.ADVISORY),
                "Pulumi.dev.yaml", ESTIMATOR);
        assertFalse(advisory.plan().hasMandatoryViolation());
        assertEquals(List.of("advisory"), advisory.plan().violations().stream().map(Plan.Violation::enforcementLevel).toList());
        var within = PlanCosts.apply(TestPlans.of("dev"), withBudget("dev", 10_000, CostSettings.Enforcement.MANDATORY),
                "Pulumi.dev.yaml", ESTIMATOR);
        assertEquals(List.of(), within.plan().violations());
        var none = PlanCosts.apply(TestPlans.of("dev"), TestPlans.settings("dev"), "Pulumi.dev.yaml", ESTIMATOR);
        assertEquals(List.of(), none.plan().violations(), "dev's own budget holds");
    }

    /** The whole path: stack file → settings → estimate → violation → bin/plan exits 3. */
    @Test
    void binPlanExitsThreeForAStackFileOverItsMandatoryBudget(@TempDir Path dir) throws IOException {
        Path tight = dir.resolve("tight.yaml");
        Files.writeString(tight, Files.readString(Path.of("Pulumi.prod.yaml"))
                .replace("budget: {monthlyUsd: 1100, enforcement: mandatory}", "budget: {monthlyUsd: 500, enforcement: mandatory}"));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = OfflinePlan.run(new String[] {"prod", "--config-file", tight.toString(), "--no-policy", "--cost"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String breakdown = out.toString(StandardCharsets.UTF_8);
        assertEquals(3, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(breakdown.startsWith("kyeol-platform/prod: Cost estimate: $"), breakdown);
        assertTrue(breakdown.contains("Budget: $500.00 per month (mandatory): OVER by $"), breakdown);
        assertTrue(breakdown.contains("node group prod-nodes: 3 × t3.medium"), breakdown);
        assertTrue(breakdown.contains("Usage assumed (") && breakdown.contains("Not estimated:")
                && breakdown.contains("Prices used ("), breakdown);
    }

    @Test
    void costIsItsOwnOutputAndTheJsonAlreadyCarriesIt() {
        var err = new ByteArrayOutputStream();
        int code = OfflinePlan.run(new String[] {"dev", "--cost", "--json"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("one of --json, --mermaid and --cost"));
    }

    @Test
    void theBreakdownOfAllStacksEndsWithEachStacksTotalAndTheSum() {
        List<PlanCosts.Costed> all = TestStacks.stacks().stream().map(s -> PlanCosts.apply(TestPlans.of(s), TestPlans.settings(s),
                "Pulumi." + s + ".yaml", ESTIMATOR)).toList();
        String text = PlanCosts.breakdowns(all);
        double sum = 0;
        for (PlanCosts.Costed c : all) {
            assertTrue(text.contains("kyeol-platform/" + c.plan().stack() + ": Cost estimate: " + CostReport.usd(c.estimate().monthlyUsd())),
                    c.plan().stack());
            assertTrue(text.contains(String.format("  %-8s %12s%n", c.plan().stack(), CostReport.usd(c.estimate().monthlyUsd()))));
            sum += c.estimate().monthlyUsd();
        }
        assertTrue(text.endsWith(String.format("  %-8s %12s%n", "total", CostReport.usd(sum))), text);
    }

    @Test
    void noStackFileIsOverAMandatoryBudget() {
        List<String> over = new ArrayList<>();
        ESTIMATES.forEach((stack, e) -> e.budget().filter(b -> b.enforcement() == CostSettings.Enforcement.MANDATORY)
                .filter(b -> e.monthlyUsd() > b.monthlyUsd()).ifPresent(b -> over.add(stack + " " + CostReport.usd(e.monthlyUsd()))));
        assertEquals(List.of(), over, "bin/plan all would exit 3: reduce the stack or raise its budget");
        assertTrue(ESTIMATES.get("prod").budget().isPresent(), "prod's stack file has a mandatory budget");
    }

    // ---- the price tables ----

    @Test
    void everyPriceSaysWhereItIsPublishedWhatWasReadAndWhen() {
        Set<String> regions = new HashSet<>(Prices.BOOK.regionNames());
        TestStacks.stacks().forEach(s -> assertTrue(regions.contains(TestPlans.settings(s).region()), s));
        assertTrue(regions.contains("us-east-1"), "CloudFront and WAF for CloudFront bill through us-east-1");
        Prices.BOOK.regions().forEach((region, table) -> table.values().forEach(p -> {
            String where = region + " " + p.key();
            assertTrue(p.usd() > 0, where);
            assertTrue(p.page().startsWith("https://aws.amazon.com/"), where + ": the AWS pricing page");
            assertTrue(p.offerFile(region).endsWith("/" + p.offer() + "/current/" + region + "/index.json"), where);
            assertTrue(p.asOf().matches("\\d{4}(-\\d{2}){0,2}|undated"), where + ": " + p.asOf());
            assertFalse(p.evidence().isBlank(), where);
            if (p.basis() == Price.Basis.STAND_IN) {
                assertTrue(p.evidence().contains("ap-northeast-1") || p.evidence().contains("us-east-1")
                        || p.evidence().contains("Tokyo"), where + ": a stand-in names the region it stands in for");
            }
        }));
    }
}
