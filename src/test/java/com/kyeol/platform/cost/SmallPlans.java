package com.kyeol.platform.cost;

import com.kyeol.platform.config.CostSettings;
import com.kyeol.platform.config.Tier;
import com.kyeol.platform.config.UsageAssumption;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hand-made plans of a few resources and a price book of round numbers, so a test can state what a resource costs
 * as plain arithmetic ({@code 3 nodes × 730 h × $0.05}).
 */
final class SmallPlans {

    static final String STACK = "urn:pulumi:t::kyeol-platform::pulumi:pulumi:Stack::kyeol-platform-t";
    static final String COMPONENT = "urn:pulumi:t::kyeol-platform::pulumi:pulumi:Stack$kyeol:test:Box::box";
    static final String REGIONAL = "urn:pulumi:t::kyeol-platform::pulumi:providers:aws::aws-t";
    static final String US_EAST_1 = "urn:pulumi:t::kyeol-platform::pulumi:providers:aws::aws-us-east-1-t";
    static final LocalDate TODAY = LocalDate.parse("2026-12-01");

    /** Round prices: each test's expected amount is readable arithmetic. */
    static final PriceBook BOOK = new PriceBook.Builder()
            .region("ap-northeast-3")
            .add(p("eks.standard", 0.10)).add(p("eks.extended", 0.60))
            .add(p("ec2.t3.medium", 0.05)).add(p("ebs.gp3", 0.10))
            .add(p("nat.hour", 0.05)).add(p("nat.gb", 0.05)).add(p("ipv4.hour", 0.005))
            .add(p("vpce.hour", 0.01)).add(p("vpce.gb", 0.01))
            .add(p("alb.hour", 0.02)).add(p("alb.lcu", 0.01))
            .add(p("rds.postgres.db.t3.medium", 0.10)).add(p("rds.gp3", 0.10)).add(p("rds.backup", 0.10))
            .add(p("elasticache.valkey.cache.t3.small", 0.04))
            .add(p("kms.key", 1.0)).add(p("secretsmanager.secret", 0.40))
            .add(p("logs.ingest", 0.50)).add(p("logs.storage", 0.03))
            .add(p("s3.standard", 0.02)).add(p("ecr.storage", 0.10)).add(p("cloudwatch.getMetricData", 0.01))
            .region("us-east-1")
            .add(p("cloudfront.dataOut.apac", 0.10)).add(p("cloudfront.https.apac", 0.01))
            .add(p("waf.webAcl", 5.0)).add(p("waf.rule", 1.0)).add(p("waf.requests", 0.60))
            .add(p("logs.ingest", 0.50)).add(p("logs.storage", 0.03)).add(p("logs.vendedS3", 0.25))
            .add(p("s3.standard", 0.02))
            .build();

    private SmallPlans() {
    }

    /** kubectl is installed (ALBs come from the GitOps tree it renders). */
    static boolean kubectl() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    private static Price p(String key, double usd) {
        return new Price(key, usd, "unit", "Offer", "https://aws.amazon.com/", Price.Basis.PUBLISHED, "test", "2026-12-01");
    }

    /** A resource under the test component, on the stack region's provider. */
    static PlannedResource resource(String type, String name, Map<String, Object> inputs, String... dependsOn) {
        return resource(type, name, REGIONAL, inputs, dependsOn);
    }

    static PlannedResource resource(String type, String name, String provider, Map<String, Object> inputs, String... dependsOn) {
        return new PlannedResource(urn(type, name), type, name, COMPONENT, provider + "::id", List.of(dependsOn), false, true,
                inputs);
    }

    static String urn(String type, String name) {
        return "urn:pulumi:t::kyeol-platform::pulumi:pulumi:Stack$kyeol:test:Box$" + type + "::" + name;
    }

    /** A plan of {@code resources} with the stack, the component and the two aws providers around them. */
    static Plan plan(PlannedResource... resources) {
        List<PlannedResource> all = new ArrayList<>();
        all.add(new PlannedResource(STACK, "pulumi:pulumi:Stack", "kyeol-platform-t", "", "", List.of(), false, false, Map.of()));
        all.add(new PlannedResource(COMPONENT, "kyeol:test:Box", "box", STACK, "", List.of(), false, false, Map.of()));
        all.add(new PlannedResource(REGIONAL, "pulumi:providers:aws", "aws-t", STACK, "", List.of(), false, true,
                Map.of("region", "ap-northeast-3")));
        all.add(new PlannedResource(US_EAST_1, "pulumi:providers:aws", "aws-us-east-1-t", STACK, "", List.of(), false, true,
                Map.of("region", "us-east-1")));
        all.addAll(Arrays.asList(resources));
        return new Plan("kyeol-platform", "t", all, Map.of(), java.util.Set.of(), List.of(), "not run");
    }

    /** Production defaults with some assumptions set (as a stack file would). */
    static CostSettings usage(Object... assumptionThenValue) {
        Map<UsageAssumption, Double> usage = new EnumMap<>(CostSettings.defaults(Tier.PRODUCTION).usage());
        var overridden = EnumSet.noneOf(UsageAssumption.class);
        for (int i = 0; i < assumptionThenValue.length; i += 2) {
            UsageAssumption u = (UsageAssumption) assumptionThenValue[i];
            usage.put(u, ((Number) assumptionThenValue[i + 1]).doubleValue());
            overridden.add(u);
        }
        return new CostSettings(Optional.empty(), usage, overridden);
    }

    static CostEstimate estimate(Plan plan, CostSettings cost) {
        return estimate(plan, cost, TODAY);
    }

    static CostEstimate estimate(Plan plan, CostSettings cost, LocalDate date) {
        return new Estimator(BOOK, Path.of("").toAbsolutePath(), date).estimate(plan, "ap-northeast-3", cost);
    }

    /** The line of the resource named {@code name}. */
    static CostLine line(CostEstimate estimate, String name) {
        return estimate.lines().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no cost line for " + name + " in " + estimate.lines()));
    }

    /** An ordered map from alternating keys and values. */
    static Map<String, Object> map(Object... keyThenValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyThenValue.length; i += 2) {
            m.put((String) keyThenValue[i], keyThenValue[i + 1]);
        }
        return m;
    }
}
