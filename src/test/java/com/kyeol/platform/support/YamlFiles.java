package com.kyeol.platform.support;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** YAML files of the repository (workflows, the bootstrap program) as plain maps and lists; see {@link PlanAssertions#map}. */
public final class YamlFiles {

    private YamlFiles() {
    }

    public static Map<String, Object> read(Path file) {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            return PlanAssertions.map(assertInstanceOf(Map.class, doc, file + " is not a YAML mapping"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code path} (dot-separated keys) inside {@code root}, or null when any step is missing. */
    public static Object at(Object root, String path) {
        Object at = root;
        for (String key : path.split("\\.")) {
            if (!(at instanceof Map<?, ?> m)) {
                return null;
            }
            at = m.get(key);
        }
        return at;
    }
}
