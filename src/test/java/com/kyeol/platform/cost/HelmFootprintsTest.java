package com.kyeol.platform.cost;

import com.kyeol.platform.addons.Upstream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The values paths the estimate reads (Ingress blocks, volume sizes) exist in each chart's own values.yaml. */
class HelmFootprintsTest {

    private static List<Path> valuesOf(Path charts, String chart) throws IOException {
        try (Stream<Path> dirs = Files.list(charts)) {
            return dirs.filter(d -> d.getFileName().toString().matches(java.util.regex.Pattern.quote(chart) + "-\\d.*"))
                    .map(d -> d.resolve("values.yaml")).filter(Files::isRegularFile).toList();
        }
    }

    /** A path is known when every key exists, or the walk reaches a default that is empty (anything goes below it). */
    static boolean known(Map<?, ?> values, String path) {
        Object current = values;
        for (String key : path.split("\\.")) {
            if (current == null || (current instanceof Map<?, ?> m && m.isEmpty())) {
                return true;
            }
            if (!(current instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return false;
            }
            current = m.get(key);
        }
        return true;
    }

    @Test
    void everyFootprintPathIsAValuesKeyOfItsChart() throws IOException {
        Path charts = Upstream.require().resolve("charts");
        List<String> unknown = new ArrayList<>();
        List<String[]> paths = new ArrayList<>();
        HelmFootprints.INGRESSES.forEach(i -> {
            paths.add(new String[] {i.chart(), i.path() + ".enabled"});
            paths.add(new String[] {i.chart(), i.path() + ".annotations"});
        });
        HelmFootprints.VOLUMES.forEach(v -> {
            paths.add(new String[] {v.chart(), v.sizePath()});
            paths.add(new String[] {v.chart(), v.replicasPath()});
            if (v.enabledPath() != null) {
                paths.add(new String[] {v.chart(), v.enabledPath()});
            }
        });
        Map<Path, Map<?, ?>> parsed = new java.util.HashMap<>();
        for (String[] p : paths) {
            List<Path> files = valuesOf(charts, p[0]);
            assertFalse(files.isEmpty(), "no upstream values.yaml for " + p[0]);
            for (Path file : files) {
                if (!parsed.containsKey(file)) {
                    parsed.put(file, new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file)));
                }
                Map<?, ?> values = parsed.get(file);
                if (!known(values, p[1])) {
                    unknown.add(file.getParent().getFileName() + ": " + p[1]);
                }
            }
        }
        assertEquals(List.of(), unknown);
    }

    @Test
    void theRuleCatchesAMisspelledPath() {
        Map<String, Object> values = Map.of("server", Map.of("ingress", Map.of("enabled", false)), "extra", Map.of());
        assertEquals(true, known(values, "server.ingress.enabled"));
        assertEquals(false, known(values, "server.ingres.enabled"));
        assertEquals(false, known(values, "server.ingress.enable"));
        assertEquals(true, known(values, "extra.anything.below"), "an empty default takes any key");
    }
}
