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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

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
            // template is the runner pods' template: autoscalingrunnerset.yaml reads template.metadata.{labels,annotations}
            // and copies every key of template.spec ("the PodSpec for each runner Pod", its values.yaml).
            "gha-runner-scale-set", List.of("template"));

    /**
     * Per chart, top-level keys its values.yaml documents only in comments ({@code # maxRunners: 5}) and its templates
     * read ({@code .Values.maxRunners}): gha-runner-scale-set leaves its sizes, name, listener pod and controller
     * service account unset so that Helm does not merge them.
     */
    public static final Map<String, List<String>> COMMENTED = Map.of(
            "gha-runner-scale-set", List.of("minRunners", "maxRunners", "runnerScaleSetName", "listenerTemplate",
                    "controllerServiceAccount"));

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

    /** The keys of {@code values} (dotted) that the chart version's {@code values.yaml} does not have. */
    public static List<String> unknownKeys(String chart, String version, Map<String, Object> values) {
        Path file = upstreamValues(chart, version);
        Map<?, ?> upstream = PARSED.computeIfAbsent(file, ChartValues::parse);
        List<String> unknown = new ArrayList<>();
        Map<String, Object> known = new LinkedHashMap<>();
        upstream.forEach((k, v) -> known.put(String.valueOf(k), v));
        for (String key : COMMENTED.getOrDefault(chartName(chart), List.of())) {
            if (!commentedOut(file, key)) {
                throw new AssertionError(file + " has no commented-out top-level '# " + key + ":' (ChartValues.COMMENTED is wrong)");
            }
            known.putIfAbsent(key, null);
        }
        walk("", values, known, FREE_FORM.getOrDefault(chartName(chart), List.of()), unknown);
        return unknown;
    }

    /** Whether {@code file} has a line {@code # key:} (a commented-out top-level key, one space after the hash). */
    static boolean commentedOut(Path file, String key) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().anyMatch(line -> line.matches("#\\s?" + Pattern.quote(key) + ":.*"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static void walk(String prefix, Map<?, ?> ours, Map<?, ?> theirs, List<String> freeForm, List<String> unknown) {
        for (var entry : ours.entrySet()) {
            String key = prefix + entry.getKey();
            if (!theirs.containsKey(entry.getKey())) {
                unknown.add(key);
                continue;
            }
            Object upstream = theirs.get(entry.getKey());
            if (entry.getValue() instanceof Map<?, ?> nested && upstream instanceof Map<?, ?> upstreamMap && !upstreamMap.isEmpty()
                    && !freeForm.contains(key)) {
                walk(key + ".", nested, upstreamMap, freeForm, unknown);
            }
        }
    }
}
