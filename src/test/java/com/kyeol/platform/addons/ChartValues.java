package com.kyeol.platform.addons;

import org.junit.jupiter.api.Assumptions;
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

/** Which keys of a values map the pinned chart version's own {@code values.yaml} does not have. */
final class ChartValues {

    /**
     * Maps a chart documents as free-form although its default has keys: cluster-autoscaler's
     * {@code extraArgs} is "additional container arguments", one key per command-line flag.
     */
    private static final Map<String, List<String>> FREE_FORM = Map.of(
            "cluster-autoscaler", List.of("extraArgs"),
            // argo-cd writes every key of configs.params into argocd-cmd-params-cm (its _helpers.tpl merges the map).
            "argo-cd", List.of("configs.params"),
            // The container's ResourceRequirements, rendered whole with toYaml; the defaults set requests and show
            // limits only in a comment.
            "metrics-server", List.of("resources"));

    private ChartValues() {
    }

    static List<String> unknownKeys(String chart, String version, Map<String, Object> values) {
        Map<?, ?> upstream = upstreamValues(chart, version);
        List<String> unknown = new ArrayList<>();
        walk("", values, upstream, FREE_FORM.getOrDefault(chart, List.of()), unknown);
        return unknown;
    }

    /**
     * The chart's own values.yaml: the copy under src/test/resources/charts, else the shared upstream folder next to
     * the repository's main checkout ({@code KYEOL_UPSTREAM}, {@code ../shared/upstream}, {@code /work/shared/upstream});
     * the test is skipped, saying so, when neither has it.
     */
    static Map<?, ?> upstreamValues(String chart, String version) {
        String file = chart + "-" + version + "/values.yaml";
        try (InputStream in = ChartValues.class.getResourceAsStream("/charts/" + file)) {
            if (in != null) {
                return (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("KYEOL_UPSTREAM")).ifPresent(dir -> candidates.add(Path.of(dir)));
        candidates.add(Path.of("..", "shared", "upstream"));
        candidates.add(Path.of("/work/shared/upstream"));
        Path found = candidates.stream().map(dir -> dir.resolve("charts").resolve(file)).filter(Files::isRegularFile).findFirst()
                .orElse(null);
        Assumptions.assumeTrue(found != null, "skipped: no upstream values.yaml for " + chart + " " + version + " in " + candidates);
        try {
            return (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(found));
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
