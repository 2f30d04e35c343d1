package com.kyeol.platform.addons;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which keys of a values map the pinned chart version's own {@code values.yaml} does not have. The chart defaults
 * come from {@code src/test/resources/charts/} or, for charts without a copy there, from the shared upstream folder
 * next to the repository's main checkout ({@code KYEOL_UPSTREAM}, {@code <repo>/../shared/upstream} or
 * {@code /work/shared/upstream}); {@link #available} says whether a chart's defaults can be read at all.
 */
final class ChartValues {

    /**
     * Maps a chart documents as free-form although its default has keys: cluster-autoscaler's
     * {@code extraArgs} is "additional container arguments", one key per command-line flag.
     */
    private static final Map<String, List<String>> FREE_FORM = Map.of(
            "cluster-autoscaler", List.of("extraArgs"),
            // argo-cd writes every key of configs.params into argocd-cmd-params-cm (its _helpers.tpl merges the map).
            "argo-cd", List.of("configs.params"),
            // Alertmanager's own configuration file, rendered as is into its Secret.
            "kube-prometheus-stack", List.of("alertmanager.config"),
            // Loki's limits_config block, rendered as is (toYaml) into Loki's configuration.
            "loki", List.of("loki.limits_config"),
            // grafana.ini is Grafana's own ini file, section by section.
            "grafana", List.of("grafana.ini"));

    /**
     * Keys a chart documents only in a comment of its values.yaml (its templates read them): Loki's bucket names
     * ("Please provide these values if you are using object storage") and Grafana's ingress class.
     * {@code ChartValuesTest} proves each stands commented in that file.
     */
    static final Map<String, List<String>> DOCUMENTED_IN_COMMENTS = Map.of(
            "loki", List.of("loki.storage.bucketNames"),
            "grafana", List.of("ingress.ingressClassName"));

    /**
     * Subcharts whose values a chart passes through under their name (kube-prometheus-stack 88.5.3's Chart.yaml pins
     * kube-state-metrics 8.4.0 and prometheus-node-exporter 4.56.1). Their keys are checked against the subchart's own
     * values.yaml when the upstream folder has it; otherwise they are returned by {@link #uncheckedSubchartKeys}.
     */
    static final Map<String, Map<String, String>> SUBCHARTS = Map.of(
            "kube-prometheus-stack", Map.of(
                    "kube-state-metrics", "kube-state-metrics-8.4.0",
                    "prometheus-node-exporter", "prometheus-node-exporter-4.56.1"));

    private ChartValues() {
    }

    /** Can this chart's defaults be read (a copy in the test resources, or the shared upstream folder)? */
    static boolean available(String chart, String version) {
        return ChartValues.class.getResource(resource(chart + "-" + version)) != null
                || upstream().map(u -> Files.isRegularFile(u.resolve("charts").resolve(chart + "-" + version).resolve("values.yaml")))
                .orElse(false);
    }

    static List<String> unknownKeys(String chart, String version, Map<String, Object> values) {
        Map<?, ?> upstream = load(chart + "-" + version).orElseThrow(() -> new AssertionError("no upstream values.yaml for "
                + chart + " " + version + " at src/test/resources" + resource(chart + "-" + version) + " nor in the shared upstream folder"));
        List<String> unknown = new ArrayList<>();
        List<String> freeForm = FREE_FORM.getOrDefault(chart, List.of());
        List<String> commented = DOCUMENTED_IN_COMMENTS.getOrDefault(chart, List.of());
        Map<String, String> subcharts = SUBCHARTS.getOrDefault(chart, Map.of());
        for (var entry : values.entrySet()) {
            if (subcharts.containsKey(entry.getKey()) && entry.getValue() instanceof Map<?, ?> nested) {
                load(subcharts.get(entry.getKey())).ifPresent(sub -> walk(entry.getKey() + ".", nested, sub, List.of(), List.of(), unknown));
                continue;
            }
            walk("", Map.of(entry.getKey(), entry.getValue()), upstream, freeForm, commented, unknown);
        }
        return unknown;
    }

    /** Keys under a subchart whose values.yaml is not in the upstream folder: not checked by {@link #unknownKeys}. */
    static List<String> uncheckedSubchartKeys(String chart, Map<String, Object> values) {
        List<String> unchecked = new ArrayList<>();
        SUBCHARTS.getOrDefault(chart, Map.of()).forEach((key, subchart) -> {
            if (values.get(key) instanceof Map<?, ?> nested && load(subchart).isEmpty()) {
                nested.keySet().forEach(k -> unchecked.add(key + "." + k));
            }
        });
        return unchecked;
    }

    /** The text of a chart's values.yaml (comments included). */
    static String text(String chart, String version) {
        String dir = chart + "-" + version;
        try (InputStream in = open(dir).orElseThrow(() -> new AssertionError("no values.yaml for " + dir))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Map<?, ?>> load(String dir) {
        Optional<InputStream> in = open(dir);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream stream = in.get()) {
            return Optional.of((Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(stream));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<InputStream> open(String dir) {
        InputStream copy = ChartValues.class.getResourceAsStream(resource(dir));
        if (copy != null) {
            return Optional.of(copy);
        }
        return upstream().map(u -> u.resolve("charts").resolve(dir).resolve("values.yaml")).filter(Files::isRegularFile).map(p -> {
            try {
                return Files.newInputStream(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String resource(String dir) {
        return "/charts/" + dir + "/values.yaml";
    }

    /** The shared upstream folder, if this machine has one. */
    static Optional<Path> upstream() {
        Path repo = Path.of("").toAbsolutePath();
        return Stream.of(Optional.ofNullable(System.getenv("KYEOL_UPSTREAM")).map(Path::of),
                        Optional.of(repo.resolve("../shared/upstream").normalize()),
                        Optional.of(Path.of("/work/shared/upstream")))
                .flatMap(Optional::stream)
                .filter(p -> Files.isDirectory(p.resolve("charts")))
                .findFirst();
    }

    /** A key must exist in the chart's map; below a key whose default is an empty map or null anything goes. */
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
