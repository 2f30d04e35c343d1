package com.kyeol.platform.addons;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which keys of a Helm release's values the pinned chart version's own {@code values.yaml} does not have, read from
 * the shared upstream folder ({@code charts/<chart>-<version>/values.yaml}, see {@link Upstream}).
 * {@code ChartValuesTest} runs it over every release of every stack's plan, so a release added anywhere is checked
 * without more code; a chart version with no upstream file fails that test (ask for the file), and the whole check is
 * skipped only where the upstream folder is absent.
 *
 * <p>A key must exist in the chart's map; below a key whose default is an empty map or null anything goes (the chart
 * documents it as free-form). Where a chart takes arbitrary keys under a non-empty default, list the key in
 * {@link #FREE_FORM} with the reason. Where a chart documents a top-level key only as a commented-out example (its
 * templates read it, its values.yaml has no default), list it in {@link #COMMENTED}: it must then appear commented out
 * at the start of a line of that values.yaml ({@code # key:}), and anything goes below it.
 */
public final class ChartValues {

    /** Per chart, dotted keys whose map the chart reads as free-form although its default has keys. */
    public static final Map<String, List<String>> FREE_FORM = Map.of(
            // extraArgs: "additional container arguments", one key per cluster-autoscaler flag.
            "cluster-autoscaler", List.of("extraArgs"),
            // argo-cd writes every key of configs.params into argocd-cmd-params-cm (its _helpers.tpl merges the map).
            "argo-cd", List.of("configs.params"),
            // The container's ResourceRequirements, rendered whole with toYaml; the defaults set requests and show
            // limits only in a comment.
            "metrics-server", List.of("resources"),
            // Alertmanager's own configuration file, rendered as is into its Secret.
            "kube-prometheus-stack", List.of("alertmanager.config"),
            // Loki's limits_config block, rendered as is (toYaml) into Loki's configuration.
            "loki", List.of("loki.limits_config"),
            // grafana.ini is Grafana's own ini file, section by section.
            "grafana", List.of("grafana.ini"),
            // template is the runner pods' template: autoscalingrunnerset.yaml reads template.metadata.{labels,annotations}
            // and copies every key of template.spec ("the PodSpec for each runner Pod", its values.yaml).
            "gha-runner-scale-set", List.of("template"));

    /**
     * Per chart, dotted keys the chart documents only in a comment of its values.yaml while its templates read them:
     * Loki's bucket names ("Please provide these values if you are using object storage"), Grafana's ingress class, and
     * the runner scale set's sizes, name, listener pod and controller service account (top-level, left unset so that
     * Helm does not merge them: {@code # maxRunners: 5}). {@code ChartValuesTest} proves each stands commented in that
     * file.
     */
    public static final Map<String, List<String>> DOCUMENTED_IN_COMMENTS = Map.of(
            "loki", List.of("loki.storage.bucketNames"),
            "grafana", List.of("ingress.ingressClassName"),
            "gha-runner-scale-set", List.of("minRunners", "maxRunners", "runnerScaleSetName", "listenerTemplate", "controllerServiceAccount"));

    /**
     * Subcharts whose values a chart passes through under their own name (kube-prometheus-stack 88.5.3's Chart.yaml
     * pins kube-state-metrics 8.4.0 and prometheus-node-exporter 4.56.1): their keys are checked against the
     * subchart's values.yaml when the upstream folder has it, and are otherwise listed by {@link #uncheckedSubchartKeys}.
     */
    public static final Map<String, Map<String, String>> SUBCHARTS = Map.of(
            "kube-prometheus-stack", Map.of(
                    "kube-state-metrics", "kube-state-metrics-8.4.0",
                    "prometheus-node-exporter", "prometheus-node-exporter-4.56.1"));

    private static final Map<Path, Map<?, ?>> PARSED = new ConcurrentHashMap<>();

    private ChartValues() {
    }

    /** The chart name of a release's {@code chart} input: a name, {@code repo/name} or an {@code oci://…/name} reference. */
    public static String chartName(String chart) {
        String trimmed = chart.replaceAll("/+$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** {@code charts/<chart>-<version>/values.yaml} of the upstream folder (skips when the folder is absent, fails when the file is). */
    public static Path upstreamValues(String chart, String version) {
        return Upstream.file("charts/" + chartName(chart) + "-" + version + "/values.yaml");
    }

    /** The chart version's {@code values.yaml} as parsed (once per test JVM; skips when the upstream folder is absent). */
    public static Map<?, ?> upstreamDefaults(String chart, String version) {
        return PARSED.computeIfAbsent(upstreamValues(chart, version), ChartValues::parse);
    }

    /** The keys of {@code values} (dotted) that the chart version's {@code values.yaml} does not have. */
    public static List<String> unknownKeys(String chart, String version, Map<String, Object> values) {
        Map<?, ?> upstream = upstreamDefaults(chart, version);
        List<String> unknown = new ArrayList<>();
        Map<String, String> subcharts = SUBCHARTS.getOrDefault(chartName(chart), Map.of());
        List<String> freeForm = FREE_FORM.getOrDefault(chartName(chart), List.of());
        List<String> commented = DOCUMENTED_IN_COMMENTS.getOrDefault(chartName(chart), List.of());
        for (var entry : values.entrySet()) {
            if (subcharts.containsKey(entry.getKey()) && entry.getValue() instanceof Map<?, ?> nested) {
                subchartValues(subcharts.get(entry.getKey()))
                        .ifPresent(sub -> walk(entry.getKey() + ".", nested, sub, List.of(), List.of(), unknown));
                continue;
            }
            walk("", Map.of(entry.getKey(), entry.getValue()), upstream, freeForm, commented, unknown);
        }
        return unknown;
    }

    /**
     * Keys under a subchart whose values.yaml the upstream folder does not have: {@link #unknownKeys} cannot check them.
     * A key the parent chart's own values.yaml sets under the subchart (kube-prometheus-stack's
     * {@code prometheus-node-exporter.namespaceOverride}) is the parent's documented passthrough, and counts as checked.
     */
    public static List<String> uncheckedSubchartKeys(String chart, String version, Map<String, Object> values) {
        Map<?, ?> parent = upstreamDefaults(chart, version);
        List<String> unchecked = new ArrayList<>();
        SUBCHARTS.getOrDefault(chartName(chart), Map.of()).forEach((key, subchart) -> {
            if (values.get(key) instanceof Map<?, ?> nested && subchartValues(subchart).isEmpty()) {
                Map<?, ?> documented = parent.get(key) instanceof Map<?, ?> m ? m : Map.of();
                nested.keySet().stream().filter(k -> !documented.containsKey(k)).forEach(k -> unchecked.add(key + "." + k));
            }
        });
        return unchecked;
    }

    /** The subcharts of {@code chart} ({@link #SUBCHARTS}) whose values.yaml the upstream folder does not have, as chart-version. */
    public static List<String> missingSubcharts(String chart) {
        return SUBCHARTS.getOrDefault(chartName(chart), Map.of()).values().stream().filter(dir -> subchartValues(dir).isEmpty())
                .sorted().toList();
    }

    private static java.util.Optional<Map<?, ?>> subchartValues(String dir) {
        return Upstream.folder().map(f -> f.resolve("charts").resolve(dir).resolve("values.yaml")).filter(Files::isRegularFile)
                .map(f -> PARSED.computeIfAbsent(f, ChartValues::parse));
    }

    /** Fails naming {@code where} and every key the chart version does not have. */
    public static void assertKnownKeys(String chart, String version, Map<String, Object> values, String where) {
        assertEquals(List.of(), unknownKeys(chart, version, values),
                () -> where + ": keys that " + chartName(chart) + " " + version + " does not have in its values.yaml");
    }

    private static Map<?, ?> parse(Path file) {
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
            if (!(loaded instanceof Map<?, ?> map)) {
                throw new AssertionError(file + " is not a YAML map");
            }
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void walk(String prefix, Map<?, ?> ours, Map<?, ?> theirs, List<String> freeForm, List<String> commented,
                             List<String> unknown) {
        for (var entry : ours.entrySet()) {
            String key = prefix + entry.getKey();
            if (commented.contains(key)) {
                continue;
            }
            if (!theirs.containsKey(entry.getKey())) {
                unknown.add(key);
                continue;
            }
            Object upstream = theirs.get(entry.getKey());
            if (entry.getValue() instanceof Map<?, ?> nested && upstream instanceof Map<?, ?> upstreamMap && !upstreamMap.isEmpty()
                    && !freeForm.contains(key)) {
                walk(key + ".", nested, upstreamMap, freeForm, commented, unknown);
            }
        }
    }
}
