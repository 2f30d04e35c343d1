package com.kyeol.platform.observability;

import com.kyeol.platform.config.Tier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pieces the plans are made of, checked against facts from their upstream sources. */
class ObservabilityPiecesTest {

    /** The alerts issue 13 lists, by what they watch: every one must be defined for every workload environment. */
    private static final List<String> ISSUE_ALERTS = List.of("KyeolNodeNotReady", "KyeolPodCrashLooping", "KyeolDeploymentUnavailable",
            "KyeolArgoCDApplicationDegraded", "KyeolArgoCDApplicationOutOfSync", "KyeolEdgeHigh5xxRate", "KyeolLoadBalancerHigh5xxRate",
            "KyeolDatabaseHighCPU", "KyeolDatabaseLowStorage", "KyeolDatabaseHighConnections", "KyeolCacheHighMemory",
            "KyeolCertificateExpiring", "KyeolScrapeTargetDown", "KyeolLogShippingStalled");

    @Test
    void theCatalogCoversEveryAlertTheIssueAsksFor() {
        Set<String> workload = Alert.forWorkload().stream().map(Alert::alertName).collect(Collectors.toSet());
        assertTrue(workload.containsAll(ISSUE_ALERTS), () -> "missing: " + ISSUE_ALERTS.stream().filter(a -> !workload.contains(a)).toList());
        Set<String> hub = Alert.forHub().stream().map(Alert::alertName).collect(Collectors.toSet());
        assertTrue(hub.containsAll(List.of("KyeolNodeNotReady", "KyeolPodCrashLooping", "KyeolScrapeTargetDown", "KyeolLogShippingStalled",
                "KyeolCertificateExpiring", "KyeolAlertNotificationsFailing")));
    }

    @Test
    void rulesCoverTheirCatalogScopeExactlyOnce() {
        var facts = new AlertRules.WorkloadFacts("kyeol-x-postgres", 2147483648L, 161, "kyeol-x-valkey", "saleor-x");
        List<Alert> workload = new java.util.ArrayList<>();
        AlertRules.cluster("x").forEach(r -> workload.add(r.alert()));
        AlertRules.workload("x", facts).forEach(r -> workload.add(r.alert()));
        AlertRules.argocd("saleor-x").forEach(r -> workload.add(r.alert()));
        assertEquals(Set.copyOf(Alert.forWorkload()), Set.copyOf(workload));
        assertEquals(workload.size(), Set.copyOf(workload).size(), "no alert defined twice");
        List<Alert> hub = new java.util.ArrayList<>();
        AlertRules.cluster("mgmt").forEach(r -> hub.add(r.alert()));
        AlertRules.hub().forEach(r -> hub.add(r.alert()));
        assertEquals(Set.copyOf(Alert.forHub()), Set.copyOf(hub));
    }

    @Test
    void everyExpressionIsBalancedAndSelectsItsEnvironment() {
        var facts = new AlertRules.WorkloadFacts("kyeol-x-postgres", 2147483648L, 161, "kyeol-x-valkey", "saleor-x");
        List<AlertRules.Rule> rules = new java.util.ArrayList<>(AlertRules.cluster("x"));
        rules.addAll(AlertRules.workload("x", facts));
        for (AlertRules.Rule rule : rules) {
            assertTrue(balanced(rule.expr()), rule.expr());
            assertTrue(rule.expr().contains("environment=\"x\""), rule.expr());
            assertTrue(rule.forDuration().matches("\\d+[mh]"), rule.forDuration());
        }
        assertTrue(AlertRules.workload("x", facts).stream().filter(r -> r.alert() == Alert.DATABASE_STORAGE).findFirst().orElseThrow()
                .expr().endsWith("< 2147483648"));
        assertTrue(!balanced("sum(rate(x[5m])"), "the check catches a missing parenthesis");
    }

    @Test
    void cloudWatchSeriesAreNamedTheWayTheExporterNamesThem() {
        // yet-another-cloudwatch-exporter's README (prometheus-community/yet-another-cloudwatch-exporter) shows these names.
        assertEquals("aws_ec2_cpuutilization_maximum", CloudWatchMetrics.prometheusName("AWS/EC2", "CPUUtilization", "Maximum"));
        assertEquals("aws_elb_httpcode_backend_4_xx_sum", CloudWatchMetrics.prometheusName("AWS/ELB", "HTTPCode_Backend_4XX", "Sum"));
        assertEquals("aws_es_free_storage_space_minimum", CloudWatchMetrics.prometheusName("AWS/ES", "FreeStorageSpace", "Minimum"));
        assertEquals("aws_applicationelb_httpcode_elb_5_xx_count_sum", CloudWatchMetrics.ALB_ELB_5XX.series("Sum"));
        assertEquals("aws_cloudfront_5xx_error_rate_average", CloudWatchMetrics.CLOUDFRONT_5XX_RATE.series("Average"));
        assertEquals("aws_elasticache_database_memory_usage_percentage_average", CloudWatchMetrics.VALKEY_MEMORY.series("Average"));
        assertEquals("aws_certificatemanager_days_to_expiry_minimum", CloudWatchMetrics.CERTIFICATE_DAYS_TO_EXPIRY.series("Minimum"));
        assertThrows(IllegalArgumentException.class, () -> CloudWatchMetrics.RDS_CPU.series("Sum"), "a statistic we do not collect");
    }

    @Test
    void everyMetricAnAlertOrDashboardReadsFromCloudWatchIsCollected() {
        Set<String> collected = CloudWatchMetrics.jobs("x", "kyeol-x", "ap-northeast-3", true, true).stream()
                .flatMap(j -> j.metrics().stream()).flatMap(m -> m.statistics().stream().map(m::series)).collect(Collectors.toSet());
        var facts = new AlertRules.WorkloadFacts("kyeol-x-postgres", 1, 1, "kyeol-x-valkey", "saleor-x");
        List<String> expressions = new java.util.ArrayList<>();
        AlertRules.cluster("x").forEach(r -> expressions.add(r.expr()));
        AlertRules.workload("x", facts).forEach(r -> expressions.add(r.expr()));
        for (Dashboard dashboard : Dashboards.all()) {
            for (Object panel : (List<?>) dashboard.model().get("panels")) {
                for (Object target : (List<?>) ((Map<?, ?>) panel).get("targets")) {
                    expressions.add((String) ((Map<?, ?>) target).get("expr"));
                }
            }
        }
        var awsSeries = java.util.regex.Pattern.compile("\\baws_[a-z0-9_]+");
        for (String expr : expressions) {
            var m = awsSeries.matcher(expr);
            while (m.find()) {
                assertTrue(collected.contains(m.group()), m.group() + " is read but never collected: " + expr);
            }
        }
    }

    @Test
    void theHubReadsOnlyWhatItHasAndWorkloadsTheirEdgeToo() {
        Set<String> hub = CloudWatchMetrics.jobs("mgmt", "kyeol-mgmt", "ap-northeast-3", false, false).stream()
                .map(CloudWatchMetrics.Job::namespace).collect(Collectors.toSet());
        assertEquals(Set.of("AWS/ApplicationELB", "AWS/NATGateway", "AWS/CertificateManager"), hub);
        var workload = CloudWatchMetrics.jobs("dev", "kyeol-dev", "ap-northeast-3", true, false);
        assertTrue(workload.stream().noneMatch(j -> j.namespace().equals("AWS/WAFV2")), "no WAF, no WAF metrics");
        assertEquals(List.of(CloudWatchMetrics.GLOBAL_REGION), workload.stream().filter(j -> j.namespace().equals("AWS/CloudFront"))
                .findFirst().orElseThrow().regions(), "CloudFront publishes in us-east-1");
        assertEquals(Map.of("elbv2.k8s.aws/cluster", "kyeol-dev"), workload.get(0).searchTags(), "the controller tags its ALBs so");
    }

    @Test
    void connectionAlarmsFollowTheInstanceClass() {
        assertEquals(202, DatabaseConnections.limit("db.t3.small"));
        assertEquals(405, DatabaseConnections.limit("db.t3.medium"));
        assertEquals(161, DatabaseConnections.alarm("db.t3.small"));
        assertEquals(1622, DatabaseConnections.limit("db.r6g.large"));
        assertEquals(5000, DatabaseConnections.limit("db.r6g.16xlarge"), "RDS caps max_connections at 5000");
        assertEquals(DatabaseConnections.UNKNOWN_CLASS_LIMIT, DatabaseConnections.limit("db.x2g.large"));
    }

    @Test
    void tiersMapToSeveritiesThatPageOnlyOnProduction() {
        assertTrue(AlertSeverity.of(Tier.PRODUCTION).pages());
        assertTrue(!AlertSeverity.of(Tier.STAGING).pages() && !AlertSeverity.of(Tier.DEVELOPMENT).pages());
    }

    @Test
    void runbookLinksPointAtTheDocsOfTheRepositoryArgoCdDeploysFrom() {
        assertEquals("https://github.com/kyeol/kyeol-platform/blob/main/docs/observability.md",
                AlertRules.runbookBase("https://github.com/kyeol/kyeol-platform.git"));
    }

    @Test
    void alloyStringsAreQuotedAndEscaped() {
        assertEquals("\"a\\\"b\\\\c\\n\"", AlloyConfig.quote("a\"b\\c\n"));
        assertEquals("x = {\"k/v\" = \"1\"}", AlloyConfig.attr("x", Map.of("k/v", "1")));
    }

    @Test
    void theDocsHaveARunbookLineForEveryAlertAndListEveryDashboard() throws Exception {
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("docs/observability.md"));
        for (Alert alert : Alert.values()) {
            // The heading GitHub turns into the anchor every rule's runbook_url points at.
            var heading = java.util.regex.Pattern.compile("^### " + alert.alertName() + "\\n\\n(.+)$", java.util.regex.Pattern.MULTILINE)
                    .matcher(docs);
            assertTrue(heading.find(), "no runbook heading for " + alert.alertName());
            assertEquals(alert.anchor(), alert.alertName().toLowerCase());
            assertTrue(heading.group(1).length() > 40, "the runbook line of " + alert.alertName() + " says what to do");
        }
        for (Dashboard dashboard : Dashboards.all()) {
            assertTrue(docs.contains("(`" + dashboard.uid() + "`)"), dashboard.uid() + " is not in the dashboards table");
        }
    }

    private static boolean balanced(String expr) {
        int depth = 0;
        boolean quoted = false;
        for (char c : expr.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                depth += "({[".indexOf(c) >= 0 ? 1 : ")}]".indexOf(c) >= 0 ? -1 : 0;
                if (depth < 0) {
                    return false;
                }
            }
        }
        return depth == 0 && !quoted;
    }
}
