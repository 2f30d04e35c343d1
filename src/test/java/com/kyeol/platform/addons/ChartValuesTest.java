package com.kyeol.platform.addons;

import com.kyeol.platform.plan.PlannedResource;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.kyeol.platform.support.PlanAssertions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Helm release of every stack's plan sets only keys its pinned chart version has (upstream {@code values.yaml}
 * from the shared folder): a release added anywhere in the program is picked up here, and fails when its chart
 * version has no upstream file to check against.
 */
class ChartValuesTest {

    static Stream<Arguments> releases() {
        return TestStacks.stacks().stream().flatMap(stack -> TestPlans.of(stack).ofType("kubernetes:helm.sh/v3:Release").stream()
                .map(r -> Arguments.of(stack, r.name(), r)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("releases")
    void everyReleaseSetsOnlyKeysItsChartVersionHas(String stack, String name, PlannedResource release) {
        String chart = (String) release.inputs().get("chart");
        String version = (String) release.inputs().get("version");
        ChartValues.assertKnownKeys(chart, version, map(release.inputs().get("values")), release.urn());
        // Without a subchart's own values.yaml only keys read by hand may be set under it (prometheus-community/helm-charts
        // at the tags kube-state-metrics-8.4.0 and prometheus-node-exporter-4.56.1, the versions kube-prometheus-stack 88.5.3
        // pins: both have `resources: {}`; kube-state-metrics has securityContext, with its own `enabled`, and
        // containerSecurityContext).
        List<String> unchecked = ChartValues.uncheckedSubchartKeys(chart, version, map(release.inputs().get("values")));
        assertTrue(unchecked.stream().allMatch(k -> k.endsWith(".resources") || k.equals("kube-state-metrics.securityContext")
                || k.equals("kube-state-metrics.containerSecurityContext")), release.urn() + " " + unchecked);
    }

    @Test
    void keysAcceptedFromCommentsReallyStandCommentedInTheirValuesYamlAndNothingElseIs() throws Exception {
        for (var entry : ChartValues.DOCUMENTED_IN_COMMENTS.entrySet()) {
            String chart = entry.getKey();
            String version = HelmChart.all().stream().filter(c -> c.chart().equals(chart)).findFirst().orElseThrow().version();
            String text = Files.readString(ChartValues.upstreamValues(chart, version));
            for (String key : entry.getValue()) {
                String parent = key.contains(".") ? key.substring(0, key.lastIndexOf('.') + 1) : "";
                String last = key.substring(key.lastIndexOf('.') + 1);
                // A top-level key stands commented at the start of a line ("# maxRunners: 5"), a nested one indented.
                String indent = parent.isEmpty() ? "" : "\\s*";
                assertTrue(text.lines().anyMatch(line -> line.matches(indent + "#\\s*" + last + ":.*")), chart + " does not document " + key);
                assertEquals(List.of(parent + "noSuchKey"), ChartValues.unknownKeys(chart, version, nested(parent + "noSuchKey")),
                        "only the documented key itself is accepted");
            }
        }
        assertEquals(List.of("runnerScaleSetNam"), ChartValues.unknownKeys("gha-runner-scale-set", "0.14.2", Map.of("runnerScaleSetNam", "x")));
    }

    @Test
    void subchartKeysAreCheckedAgainstTheSubchartWhenItsValuesAreThere() {
        Map<String, Object> values = Map.of("kube-state-metrics", Map.of("resources", Map.of(), "replicaz", 1));
        List<String> unknown = ChartValues.unknownKeys("kube-prometheus-stack", HelmChart.KUBE_PROMETHEUS_STACK.version(), values);
        List<String> unchecked = ChartValues.uncheckedSubchartKeys("kube-prometheus-stack", HelmChart.KUBE_PROMETHEUS_STACK.version(), values);
        // Either the subchart's file is in the upstream folder and the typo is caught, or neither key is checked.
        assertTrue(unknown.equals(List.of("kube-state-metrics.replicaz")) && unchecked.isEmpty()
                || unknown.isEmpty() && unchecked.size() == 2, unknown + " " + unchecked);
        // A key the parent's values.yaml itself sets under the subchart is documented there; a misspelling of it is not.
        Map<String, Object> override = Map.of("prometheus-node-exporter", Map.of("namespaceOverride", "x", "namespaceOveride", "x"));
        List<String> overrideUnchecked = ChartValues.uncheckedSubchartKeys("kube-prometheus-stack", HelmChart.KUBE_PROMETHEUS_STACK.version(), override);
        List<String> overrideUnknown = ChartValues.unknownKeys("kube-prometheus-stack", HelmChart.KUBE_PROMETHEUS_STACK.version(), override);
        assertTrue(overrideUnchecked.equals(List.of("prometheus-node-exporter.namespaceOveride")) && overrideUnknown.isEmpty()
                || overrideUnchecked.isEmpty() && overrideUnknown.equals(List.of("prometheus-node-exporter.namespaceOveride")),
                overrideUnknown + " " + overrideUnchecked);
        assertEquals(List.of("prometheus.agentModee"), ChartValues.unknownKeys("kube-prometheus-stack",
                HelmChart.KUBE_PROMETHEUS_STACK.version(), Map.of("prometheus", Map.of("agentModee", true))), "the chart's own keys still are");
    }

    /** {@code a.b.c} → {a: {b: {c: "x"}}}. */
    private static Map<String, Object> nested(String path) {
        String[] parts = path.split("\\.");
        Map<String, Object> value = Map.of(parts[parts.length - 1], "x");
        for (int i = parts.length - 2; i >= 0; i--) {
            value = Map.of(parts[i], value);
        }
        return value;
    }

    @Test
    void subchartKeysAreCheckedUnlessTheSubchartsValuesFileIsMissingWhichIsSaid() {
        List<String> missing = ChartValues.missingSubcharts("kube-prometheus-stack");
        java.util.Set<String> unchecked = new java.util.TreeSet<>();
        releases().map(a -> (PlannedResource) a.get()[2]).forEach(r -> unchecked.addAll(ChartValues.uncheckedSubchartKeys(
                (String) r.inputs().get("chart"), (String) r.inputs().get("version"), map(r.inputs().get("values")))));
        assertEquals(missing.isEmpty(), unchecked.isEmpty(), missing + " " + unchecked);
        org.junit.jupiter.api.Assumptions.assumeTrue(missing.isEmpty(), () -> "not checked against upstream: " + unchecked
                + " (the upstream folder has no charts/" + String.join("/values.yaml, charts/", missing)
                + "/values.yaml; the keys were read by hand at those tags of prometheus-community/helm-charts)");
    }

    @Test
    void everyStackHasReleasesToCheck() {
        for (String stack : TestStacks.stacks()) {
            assertTrue(TestPlans.of(stack).ofType("kubernetes:helm.sh/v3:Release").size() >= 4, stack);
        }
    }

    @Test
    void aKeyTheChartDoesNotHaveIsReportedWithItsPath() {
        assertEquals(List.of("replicaCountt"), ChartValues.unknownKeys("aws-load-balancer-controller", "3.5.0",
                Map.of("replicaCountt", 2, "clusterName", "x")));
        assertEquals(List.of("serviceAccount.nmae"), ChartValues.unknownKeys("external-dns", "1.21.1",
                Map.of("serviceAccount", Map.of("nmae", "x"))));
        assertEquals(List.of("controller.replica"), ChartValues.unknownKeys("argo-cd", "10.1.1",
                Map.of("controller", Map.of("replicas", 2, "replica", 2))), "a nested typo next to the real key");
        var failure = assertThrows(AssertionError.class, () -> ChartValues.assertKnownKeys("metrics-server", "3.13.1",
                Map.of("replica", 2), "urn:release"));
        assertTrue(failure.getMessage().contains("urn:release") && failure.getMessage().contains("[replica]"), failure.getMessage());
    }

    @Test
    void freeFormMapsAcceptAnyKey() {
        assertEquals(List.of(), ChartValues.unknownKeys("aws-load-balancer-controller", "3.5.0",
                Map.of("podDisruptionBudget", Map.of("maxUnavailable", 1))), "{} in the chart: any key");
        assertEquals(List.of(), ChartValues.unknownKeys("cluster-autoscaler", "9.59.0",
                Map.of("extraArgs", Map.of("balance-similar-node-groups", true))), "listed in FREE_FORM");
        assertEquals(List.of("extraArgss"), ChartValues.unknownKeys("cluster-autoscaler", "9.59.0",
                Map.of("extraArgss", Map.of("x", 1))), "the free-form key itself must still exist");
    }

    @Test
    void keysTheChartDocumentsOnlyInCommentsAreKnownAndTheirTyposAreNot() {
        assertEquals(List.of(), ChartValues.unknownKeys("gha-runner-scale-set", "0.14.2",
                Map.of("minRunners", 0, "maxRunners", 2, "listenerTemplate", Map.of("spec", Map.of("containers", List.of())))),
                "commented out in its values.yaml, read by its templates");
        assertEquals(List.of("maxRunner"), ChartValues.unknownKeys("gha-runner-scale-set", "0.14.2", Map.of("maxRunner", 2)));
        assertEquals(List.of(), ChartValues.unknownKeys("gha-runner-scale-set", "0.14.2",
                Map.of("template", Map.of("metadata", Map.of("annotations", Map.of()), "spec", Map.of("securityContext", Map.of())))),
                "template is a pod template (FREE_FORM)");
        assertEquals(List.of("templat"), ChartValues.unknownKeys("gha-runner-scale-set", "0.14.2", Map.of("templat", Map.of())),
                "but the free-form key itself must exist");
        assertEquals(List.of("minRunners"), ChartValues.unknownKeys("gha-runner-scale-set-controller", "0.14.2",
                Map.of("minRunners", 0)), "a key commented out in one chart is not known to another");
    }

    @Test
    void aChartVersionWithoutAnUpstreamFileFailsNamingThePath() {
        Upstream.require();
        var failure = assertThrows(AssertionError.class, () -> ChartValues.unknownKeys("external-dns", "0.0.1", Map.of("a", 1)));
        assertTrue(failure.getMessage().contains("charts/external-dns-0.0.1/values.yaml"), failure.getMessage());
    }

    @Test
    void chartReferencesResolveToTheChartName() {
        assertEquals("argo-cd", ChartValues.chartName("argo-cd"));
        assertEquals("argo-cd", ChartValues.chartName("argo/argo-cd"));
        assertEquals("gha-runner-scale-set", ChartValues.chartName("oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set"));
    }

    @Test
    void everyUpstreamValuesFileParses() {
        Path charts = Upstream.require().resolve("charts");
        List<Path> files = Upstream.files(charts).stream().filter(p -> p.getFileName().toString().equals("values.yaml")).toList();
        assertFalse(files.isEmpty());
        for (Path file : files) {
            String dir = file.getParent().toString();
            String chart = dir.replaceAll("-\\d+\\.\\d+\\.\\d+$", "");
            String version = dir.substring(chart.length() + 1);
            assertTrue(Files.isRegularFile(ChartValues.upstreamValues(chart, version)));
            assertEquals(List.of(), ChartValues.unknownKeys(chart, version, Map.of()), dir);
        }
    }
}
