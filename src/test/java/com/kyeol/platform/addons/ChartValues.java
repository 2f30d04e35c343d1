package com.kyeol.platform.addons;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which keys of a values map the pinned chart version's own {@code values.yaml} does not have. */
final class ChartValues {

    /**
     * Maps a chart documents as free-form although its default has keys: cluster-autoscaler's
     * {@code extraArgs} is "additional container arguments", one key per command-line flag.
     */
    private static final Map<String, List<String>> FREE_FORM = Map.of(
            "cluster-autoscaler", List.of("extraArgs"),
            // argo-cd writes every key of configs.params into argocd-cmd-params-cm (its _helpers.tpl merges the map).
            "argo-cd", List.of("configs.params"));

    private ChartValues() {
    }

    static List<String> unknownKeys(String chart, String version, Map<String, Object> values) {
        String path = "/charts/" + chart + "-" + version + "/values.yaml";
        try (InputStream in = ChartValues.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("no upstream values.yaml for " + chart + " " + version + " at src/test/resources" + path);
            }
            Map<?, ?> upstream = (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            List<String> unknown = new ArrayList<>();
            walk("", values, upstream, FREE_FORM.getOrDefault(chart, List.of()), unknown);
            return unknown;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key must exist in the chart's map; below a key whose default is an empty map or null anything goes. */
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
