package com.kyeol.platform.config;

import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.kyeol.platform.support.SettingsAssertions.assertOneProblem;
import static com.kyeol.platform.support.SettingsAssertions.problems;
import static com.kyeol.platform.support.TestStacks.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code observability} section: the stack files load, every bad one gets one clear line, all at once. */
class ObservabilitySettingsTest {

    private static final String KEY = "kyeol-platform:observability";
    private final StackConfig dev = TestStacks.config("dev");
    private final StackConfig mgmt = TestStacks.config("mgmt");

    @Test
    void theHubServesGrafanaAndTheTelemetryEndpointInItsZoneAndKeepsProductionLongest() {
        var hub = SettingsLoader.load(mgmt, List.of()).observability().hub().orElseThrow();
        assertEquals("grafana.msp-g1.click", hub.grafanaHostname());
        assertEquals("telemetry.msp-g1.click", hub.telemetryHostname());
        assertEquals(List.of("198.51.100.0/24"), hub.grafanaAllowedCidrs().stream().map(Cidr::toString).toList());
        assertEquals(new ObservabilitySettings.Retention(7, 7), hub.retention(Tier.DEVELOPMENT));
        assertEquals(new ObservabilitySettings.Retention(30, 90), hub.retention(Tier.PRODUCTION));
        assertFalse(SettingsLoader.load(mgmt, List.of()).observability().traces());
    }

    @Test
    void workloadsShipWithoutTracesByDefaultAndMayTurnThemOn() {
        assertFalse(SettingsLoader.load(dev, List.of()).observability().traces());
        assertTrue(SettingsLoader.load(dev, List.of()).observability().hub().isEmpty());
        assertTrue(SettingsLoader.load(edit(dev, KEY, "traces", true), List.of()).observability().traces());
        assertFalse(SettingsLoader.load(edit(dev, KEY, null, null), List.of()).observability().traces(), "the section is optional");
    }

    @Test
    void retentionDefaultsPerTierWhenNotGiven() {
        var hub = SettingsLoader.load(edit(mgmt, KEY, "retention", null), List.of()).observability().hub().orElseThrow();
        for (Tier tier : Tier.values()) {
            assertEquals(ObservabilitySettings.Retention.defaults(tier), hub.retention(tier));
        }
    }

    @Test
    void theHubMustSayWhoMayReachGrafana() {
        assertOneProblem(problems(edit(mgmt, KEY, null, null)), KEY, "is missing");
        assertOneProblem(problems(edit(mgmt, KEY, "grafanaAllowedCidrs", null)), KEY + ".grafanaAllowedCidrs", "is missing");
        assertOneProblem(problems(edit(mgmt, KEY, "grafanaAllowedCidrs", List.of("0.0.0.0/0"))), KEY + ".grafanaAllowedCidrs[0]",
                "'0.0.0.0/0' is not valid");
        assertOneProblem(problems(edit(mgmt, KEY, "grafanaAllowedCidrs", List.of("0.0.0.0/1", "128.0.0.0/1"))), KEY + ".grafanaAllowedCidrs",
                "together cover every IPv4 address");
    }

    @Test
    void productionMayNotKeepLessThanTheTierBelow() {
        assertOneProblem(problems(edit(mgmt, KEY, "retention.production.logsDays", 14)), KEY + ".retention.production.logsDays",
                "14 days is shorter than staging's 30");
        assertOneProblem(problems(edit(mgmt, KEY, "retention.staging.metricsDays", 3)), KEY + ".retention.staging.metricsDays",
                "3 days is shorter than development's 7");
        assertOneProblem(problems(edit(mgmt, KEY, "retention.production.metricsDays", 400)), KEY + ".retention.production.metricsDays",
                "'400' is not valid; expected a whole number from 1 to 365");
    }

    @Test
    void misspelledKeysAndTiersAreRefusedWithAHint() {
        assertOneProblem(problems(edit(mgmt, KEY, "retention.prod", Map.of("logsDays", 90))), KEY + ".retention.prod",
                "is not a known key");
        assertOneProblem(problems(edit(mgmt, KEY, "grafanaAllowedCidr", List.of("10.0.0.0/8"))), KEY + ".grafanaAllowedCidr",
                "did you mean 'grafanaAllowedCidrs'?");
        assertOneProblem(problems(edit(mgmt, KEY, "retention.development.logDays", 3)), KEY + ".retention.development.logDays",
                "did you mean 'logsDays'?");
    }

    @Test
    void hostnamesStayInTheZoneAndDoNotCollide() {
        assertOneProblem(problems(edit(mgmt, KEY, "grafanaHostname", "grafana.example.com")), KEY + ".grafanaHostname",
                "expected a DNS name inside domain.zone msp-g1.click, such as grafana.msp-g1.click");
        assertOneProblem(problems(edit(mgmt, KEY, "telemetryHostname", "grafana.msp-g1.click")), KEY + ".telemetryHostname",
                "grafana.msp-g1.click is also this stack's Grafana hostname; expected a hostname of its own for each endpoint");
        assertOneProblem(problems(edit(mgmt, KEY, "grafanaHostname", "argocd.msp-g1.click")), KEY + ".grafanaHostname",
                "argocd.msp-g1.click is also this stack's ArgoCD hostname");
        // Across stack files too: the hub's Grafana may not take a workload's hostname.
        assertOneProblem(problems(edit(mgmt, KEY, "grafanaHostname", "dev-kyeol.msp-g1.click"), List.of(dev, mgmt)),
                KEY + ".grafanaHostname", "dev-kyeol.msp-g1.click is also the service hostname of Pulumi.dev.yaml");
        assertOneProblem(problems(edit(mgmt, KEY, "alertEmails", List.of("ops-at-example"))), KEY + ".alertEmails[0]",
                "expected e-mail addresses such as ops@example.com");
    }

    @Test
    void rolesKeepToTheirOwnKeys() {
        assertOneProblem(problems(edit(dev, KEY, "grafanaAllowedCidrs", List.of("10.0.0.0/8"))), KEY + ".grafanaAllowedCidrs",
                "only the hub (role: hub) runs the stores and Grafana");
        assertOneProblem(problems(edit(mgmt, KEY, "traces", true)), KEY + ".traces", "the hub runs no Saleor to trace");
        assertOneProblem(problems(edit(dev, KEY, "traces", "sometimes")), KEY + ".traces", "is not a boolean");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        var config = edit(edit(edit(mgmt, KEY, "retention.production.logsDays", 14), KEY, "grafanaAllowedCidrs", List.of("0.0.0.0/0")),
                KEY, "grafanaHostname", "grafana.example.com");
        assertEquals(3, problems(config).size(), () -> String.join("\n", problems(config)));
    }
}
