package com.kyeol.platform.tools;

import com.google.gson.Gson;
import com.kyeol.platform.config.InvalidSettingsException;
import com.kyeol.platform.config.ProjectFiles;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.config.Tier;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/stacks [--json|--github-output]}: every stack file with its role, tier and hostnames, read through the
 * settings loader, in promotion order (hubs first, then workload stacks development → staging → production). The
 * workflows build their matrices from it at run time, so a new {@code Pulumi.<stack>.yaml} is previewed, deployed in
 * order, checked for drift and gets its storefront image without a workflow edit.
 * Exit codes: 0 listed, 2 invalid configuration or usage (one line per problem).
 */
public final class StackList {

    static final String USAGE = "usage: bin/stacks [--json|--github-output]";
    private static final Gson GSON = new Gson();

    /** The promotion stages the deploy workflow runs one after another: the hubs, then workload stacks per tier. */
    public static final List<String> STAGES = List.of("hub", Tier.DEVELOPMENT.configValue(), Tier.STAGING.configValue(),
            Tier.PRODUCTION.configValue());

    /** Hubs first, then workload stacks development → staging → production, by name within a stage. */
    public static final Comparator<Entry> PROMOTION_ORDER = Comparator.comparing((Entry e) -> STAGES.indexOf(e.stage()))
            .thenComparing(Entry::stack);

    private StackList() {
    }

    /** One stack file as the workflows see it. */
    public record Entry(String stack, StackSettings settings) {

        public String stage() {
            return settings.role() == Role.HUB ? "hub" : settings.tier().configValue();
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("stack", stack);
            json.put("role", settings.role().configValue());
            json.put("tier", settings.tier().configValue());
            settings.domain().serviceHostname().ifPresent(h -> json.put("serviceHostname", h));
            settings.domain().originHostname().ifPresent(h -> json.put("originHostname", h));
            return json;
        }
    }

    /** Every stack of the project, validated (all problems at once), in promotion order. */
    public static List<Entry> entries(ProjectFiles project) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String stack : project.stacks()) {
            try {
                entries.add(new Entry(stack, SettingsLoader.load(project.load(stack), project.siblingsOf(stack))));
            } catch (InvalidSettingsException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        entries.sort(PROMOTION_ORDER);
        return entries;
    }

    /** {@code name=<json>} lines for $GITHUB_OUTPUT: every stack, the stacks of each promotion stage, the storefront builds. */
    public static List<String> githubOutputs(List<Entry> entries) {
        List<String> lines = new ArrayList<>();
        lines.add("stacks=" + GSON.toJson(entries.stream().map(Entry::stack).toList()));
        for (String stage : STAGES) {
            lines.add(stage + "=" + GSON.toJson(entries.stream().filter(e -> e.stage().equals(stage)).map(Entry::stack).toList()));
        }
        List<Map<String, String>> storefront = new ArrayList<>();
        for (Entry e : entries) {
            e.settings().domain().serviceHostname().ifPresent(host -> {
                Map<String, String> build = new LinkedHashMap<>();
                build.put("environment", e.stack());
                build.put("service-hostname", host);
                storefront.add(build);
            });
        }
        lines.add("storefront=" + GSON.toJson(storefront));
        return lines;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String format = "table";
        Path projectDir = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> format = "json";
                case "--github-output" -> format = "github";
                case "--project-dir" -> {
                    if (++i >= args.length) {
                        err.println("bin/stacks: --project-dir needs a value");
                        return 2;
                    }
                    projectDir = Path.of(args[i]).toAbsolutePath();
                }
                case "-h", "--help" -> {
                    out.println(USAGE);
                    out.println("  (no option)      a table: stack, role, tier, public hostname, in promotion order");
                    out.println("  --json           the same as a JSON array of {stack, role, tier, serviceHostname, originHostname}");
                    out.println("  --github-output  stacks=, hub=, development=, staging=, production=, storefront= lines for $GITHUB_OUTPUT");
                    return 0;
                }
                default -> {
                    err.println("bin/stacks: unknown argument " + args[i]);
                    err.println(USAGE);
                    return 2;
                }
            }
        }
        List<Entry> entries;
        try {
            entries = entries(ProjectFiles.open(projectDir));
        } catch (InvalidSettingsException e) {
            e.problems().forEach(err::println);
            return 2;
        }
        switch (format) {
            case "json" -> out.println(GSON.toJson(entries.stream().map(Entry::json).toList()));
            case "github" -> githubOutputs(entries).forEach(out::println);
            default -> {
                out.printf("%-12s %-9s %-12s %s%n", "STACK", "ROLE", "TIER", "PUBLIC HOSTNAME");
                entries.forEach(e -> out.printf("%-12s %-9s %-12s %s%n", e.stack(), e.settings().role().configValue(),
                        e.settings().tier().configValue(), e.settings().domain().serviceHostname().orElse("-")));
            }
        }
        return 0;
    }
}
