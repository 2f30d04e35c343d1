package com.kyeol.platform.config;

import com.google.gson.Gson;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project directory: {@code Pulumi.yaml} and its stack files {@code Pulumi.<stack>.yaml}, read the way
 * the Pulumi CLI passes them to a program (see {@link StackConfig}). Secure values cannot be decrypted
 * without the CLI; they are kept as {@link #SECRET_PLACEHOLDER} and listed as secret keys.
 */
public final class ProjectFiles {

    /** Stands for a value that only the Pulumi CLI can decrypt. */
    public static final String SECRET_PLACEHOLDER = "[secret]";

    private static final Pattern STACK_FILE = Pattern.compile("Pulumi\\.([A-Za-z0-9_.-]+)\\.yaml");
    private static final Gson GSON = new Gson();

    private final Path directory;
    private final String project;

    private ProjectFiles(Path directory, String project) {
        this.directory = directory;
        this.project = project;
    }

    /** Reads {@code Pulumi.yaml} in {@code directory}; a missing or nameless one is a configuration problem. */
    public static ProjectFiles open(Path directory) {
        Path file = directory.resolve("Pulumi.yaml");
        var problems = new Problems(file.toString());
        Object name = readYaml(file, problems).map(m -> m.get("name")).orElse(null);
        if (problems.isEmpty() && !(name instanceof String)) {
            problems.add("name", "is missing", "the project name");
        }
        problems.throwIfAny();
        return new ProjectFiles(directory, (String) name);
    }

    public String project() {
        return project;
    }

    public Path directory() {
        return directory;
    }

    public Path stackFile(String stack) {
        return directory.resolve("Pulumi." + stack + ".yaml");
    }

    /** Stack names that have a stack file, sorted. */
    public List<String> stacks() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> STACK_FILE.matcher(p.getFileName().toString()))
                    .filter(java.util.regex.Matcher::matches)
                    .map(m -> m.group(1))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new InvalidSettingsException(List.of(directory + ": cannot list stack files (" + e.getMessage() + ")"));
        }
    }

    /**
     * Every other stack file that parses, for the cross-stack checks (overlapping CIDRs, shared hostnames);
     * a sibling that does not parse reports its own problems when it is planned or deployed.
     */
    public List<StackConfig> siblingsOf(String stack) {
        List<StackConfig> siblings = new java.util.ArrayList<>();
        for (String other : stacks()) {
            if (!other.equals(stack)) {
                try {
                    siblings.add(load(other));
                } catch (InvalidSettingsException e) {
                    // reported when that stack itself is loaded
                }
            }
        }
        return siblings;
    }

    /** The stack's configuration from its stack file. */
    public StackConfig load(String stack) {
        return load(stack, stackFile(stack));
    }

    /** The stack's configuration from {@code file} (used by {@code bin/plan --config-file}). */
    public StackConfig load(String stack, Path file) {
        String source = directory.equals(file.getParent()) || file.getParent() == null
                ? file.getFileName().toString() : file.toString();
        var problems = new Problems(source);
        Map<String, Object> top = readYaml(file, problems).orElse(Map.of());
        Object config = top.getOrDefault("config", Map.of());
        for (String key : top.keySet()) {
            if (!Set.of("config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment").contains(key)) {
                problems.add(key, "is not a stack file setting", "config, secretsprovider, encryptedkey or encryptionsalt");
            }
        }
        Map<String, String> values = new TreeMap<>();
        Set<String> secrets = new TreeSet<>();
        if (config instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (v instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("secure")) {
                    values.put(key, SECRET_PLACEHOLDER);
                    secrets.add(key);
                } else if (v instanceof Map || v instanceof List) {
                    values.put(key, GSON.toJson(v));
                } else if (v != null) {
                    values.put(key, String.valueOf(v));
                }
            });
        } else {
            problems.add("config", "is not a mapping", "config: with namespaced keys such as aws:region");
        }
        problems.throwIfAny();
        return new StackConfig(project, stack, source, values, secrets, true);
    }

    private static Optional<Map<String, Object>> readYaml(Path file, Problems problems) {
        if (!Files.isRegularFile(file)) {
            problems.add("(file)", "does not exist", "a readable YAML file");
            return Optional.empty();
        }
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            if (doc == null) {
                return Optional.of(Map.of());
            }
            if (!(doc instanceof Map<?, ?> map)) {
                problems.add("(file)", "is not a YAML mapping", "top-level keys such as config:");
                return Optional.empty();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return Optional.of(out);
        } catch (IOException e) {
            problems.add("(file)", "cannot be read (" + e.getMessage() + ")", "a readable YAML file");
        } catch (YAMLException e) {
            problems.add("(file)", "is not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")",
                    "well-formed YAML");
        }
        return Optional.empty();
    }
}
