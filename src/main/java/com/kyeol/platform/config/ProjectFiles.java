package com.kyeol.platform.config;

import com.google.gson.Gson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Object name = YamlFile.read(file, problems).map(m -> m.get("name")).orElse(null);
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
     * Every other stack file, for the cross-stack checks (overlapping CIDRs, shared hostnames, the hub a workload
     * joins). A file that cannot be read is included as {@link StackConfig#unreadable}: the cross-stack checks skip
     * it, and a workload whose hub it is reports that file's own problems instead of blaming its {@code hubStack}.
     */
    public List<StackConfig> siblingsOf(String stack) {
        List<StackConfig> siblings = new java.util.ArrayList<>();
        for (String other : stacks()) {
            if (!other.equals(stack)) {
                try {
                    siblings.add(load(other));
                } catch (InvalidSettingsException e) {
                    siblings.add(StackConfig.unreadable(project, other, stackFile(other).getFileName().toString(), e.problems()));
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
        Optional<Map<String, Object>> read = YamlFile.read(file, problems);
        problems.throwIfAny();
        Map<String, Object> top = read.orElseThrow();
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
        } else if (config == null) {
            problems.add("config", "is empty", "config: with namespaced keys such as aws:region");
        } else {
            problems.add("config", "is " + (config instanceof List ? "a list" : "a single value") + ", not a mapping",
                    "config: with namespaced keys such as aws:region");
        }
        problems.throwIfAny();
        return new StackConfig(project, stack, source, values, secrets, true);
    }
}
