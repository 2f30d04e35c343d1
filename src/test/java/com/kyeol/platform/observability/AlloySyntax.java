package com.kyeol.platform.observability;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A structural check of an Alloy configuration (no Alloy binary offline): braces and brackets balance outside string
 * literals, every top-level block is a component Alloy 1.18 has, and every component export the configuration
 * refers to ({@code loki.write.hub.receiver}) belongs to a component it declares. Returns one line per problem.
 */
final class AlloySyntax {

    /** Components of Alloy v1.18 (docs/sources/reference/components at helm-chart/1.11.1) this platform may use. */
    static final Set<String> COMPONENTS = Set.of("discovery.kubernetes", "discovery.relabel", "local.file_match", "loki.source.file",
            "loki.process", "loki.write", "loki.source.kubernetes_events", "prometheus.exporter.cloudwatch", "prometheus.scrape",
            "prometheus.remote_write", "otelcol.receiver.otlp", "otelcol.processor.batch", "otelcol.exporter.prometheus",
            "otelcol.auth.sigv4", "otelcol.exporter.otlphttp");

    private static final Pattern TOP_LEVEL = Pattern.compile("^([a-z_]+(?:\\.[a-z_]+)+) \"([a-z_]+)\" \\{$");
    private static final Pattern REFERENCE = Pattern.compile("\\b((?:[a-z_]+\\.)+[a-z_]+)\\.([a-z_]+)\\.(receiver|targets|output|input|handler)\\b");

    private AlloySyntax() {
    }

    static List<String> problems(String config) {
        List<String> problems = new ArrayList<>();
        String code = withoutStrings(config);
        int depth = 0;
        for (char c : code.toCharArray()) {
            depth += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
            if (depth < 0) {
                problems.add("a closing brace or bracket without its opening one");
                depth = 0;
            }
        }
        if (depth != 0) {
            problems.add(depth + " unclosed brace(s) or bracket(s)");
        }
        Set<String> declared = new LinkedHashSet<>();
        for (String line : config.split("\n")) {
            Matcher m = TOP_LEVEL.matcher(line);
            if (m.matches()) {
                if (!COMPONENTS.contains(m.group(1))) {
                    problems.add("unknown component " + m.group(1));
                }
                if (!declared.add(m.group(1) + "." + m.group(2))) {
                    problems.add("declared twice: " + m.group(1) + " \"" + m.group(2) + "\"");
                }
            }
        }
        Matcher refs = REFERENCE.matcher(code);
        while (refs.find()) {
            String component = refs.group(1) + "." + refs.group(2);
            if (!declared.contains(component)) {
                problems.add("refers to " + component + " which is not declared");
            }
        }
        return problems;
    }

    /** The configuration with every string literal's contents blanked (strings may hold braces). */
    private static String withoutStrings(String config) {
        var out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < config.length(); i++) {
            char c = config.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                    out.append('"');
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            }
            out.append(c);
        }
        return out.toString();
    }
}
