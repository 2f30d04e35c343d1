package com.kyeol.platform.plan;

import com.kyeol.platform.config.InvalidSettingsException;
import com.kyeol.platform.config.ProjectFiles;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.SpokeSettings;
import com.kyeol.platform.config.StackConfig;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.cost.Estimator;
import com.kyeol.platform.cost.PlanCosts;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/plan <stack>|all [options]}: the whole graph of a stack without an AWS account, as a summary, JSON, a
 * Mermaid diagram or its monthly cost estimate (every option in {@link #OPTIONS}; {@code bin/plan --help} prints them). Exit codes: 0 planned, 1 the
 * program failed, 2 invalid configuration or usage, 3 a mandatory policy violation.
 */
public final class OfflinePlan {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;
    public static final int VIOLATIONS = 3;

    /** The project bin/plan plans when there is no --project-dir: the repository the script belongs to (set by bin/plan). */
    public static final String PROJECT_DIR_PROPERTY = "kyeol.projectDir";

    /** One command-line option: how it is written, the name of its value (null for a flag) and one line of help. */
    public record Option(String name, String value, String help) {

        String synopsis() {
            return value == null ? name : name + " " + value;
        }
    }

    /** Every option, in the order --help lists them. A new option is a row here and a case in {@link Options#parse}. */
    public static final List<Option> OPTIONS = List.of(
            new Option("--json", null, "print the plan as JSON (an array of plans for all); fields in docs/offline-plan.md"),
            new Option("--mermaid", null, "print a Mermaid flowchart (for all: a Markdown heading and diagram per stack)"),
            new Option("--cost", null, "print the monthly cost estimate, by component and resource (docs/cost.md)"),
            new Option("--config-file", "PATH", "plan the stack from another stack file (try a change before you make it)"),
            new Option("--out", "DIR", "also write DIR/<stack>.json for every stack planned"),
            new Option("--project-dir", "DIR", "the project to plan (default: the repository bin/plan belongs to)"),
            new Option("--no-policy", null, "do not run the policy pack over the plan"),
            new Option("--verbose", null, "list every secret planned as a placeholder, with the command that sets it"),
            new Option("--help", null, "this help (also -h)"));

    static final String USAGE = "usage: bin/plan <stack>|all [--json|--mermaid|--cost] [--config-file PATH] [--out DIR] "
            + "[--project-dir DIR] [--no-policy] [--verbose]";

    private OfflinePlan() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Everything {@link #main} does, with the streams and exit code in the caller's hands (tests use it). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("bin/plan: " + e.getMessage());
            err.println(USAGE + " (bin/plan --help lists them)");
            return INVALID;
        }
        if (options.help) {
            help(options.projectDir, out);
            return OK;
        }
        try {
            var project = ProjectFiles.open(options.projectDir);
            List<String> known = project.stacks();
            List<String> stacks = options.target.equals("all") ? known : List.of(options.target);
            if (stacks.isEmpty()) {
                err.println("bin/plan: " + options.projectDir + ": no Pulumi.<stack>.yaml files; expected at least one stack file");
                return INVALID;
            }
            if (!options.target.equals("all") && options.configFile.isEmpty() && !known.contains(options.target)) {
                err.println("bin/plan: no stack '" + options.target + "' (no Pulumi." + options.target + ".yaml in " + options.projectDir
                        + "); the stacks are: " + String.join(", ", known) + " (or all)");
                return INVALID;
            }
            // Validate every stack before planning any: all problems at once, nothing half done.
            Map<String, StackConfig> configs = new LinkedHashMap<>();
            Map<String, StackSettings> settings = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            Placeholders placeholders = new Placeholders();
            // The stacks to plan: the ones asked for, and the hubs they reference (planned first, not printed).
            List<String> toPlan = new ArrayList<>(stacks);
            for (int i = 0; i < toPlan.size(); i++) {
                String stack = toPlan.get(i);
                try {
                    StackConfig config = options.configFile.filter(f -> stacks.contains(stack))
                            .map(f -> project.load(stack, f))
                            .orElseGet(() -> project.load(stack));
                    configs.put(stack, config);
                    var loaded = SettingsLoader.loadWithNotes(config, project.siblingsOf(stack));
                    if (stacks.contains(stack)) {
                        loaded.notes().forEach(note -> placeholders.add(stack, note));
                    }
                    settings.put(stack, loaded.settings());
                    loaded.settings().spoke().map(SpokeSettings::hubStackName)
                            .filter(hub -> !toPlan.contains(hub)).ifPresent(toPlan::add);
                } catch (InvalidSettingsException e) {
                    problems.addAll(e.problems());
                }
            }
            if (!problems.isEmpty()) {
                // A broken hub file is reported by the hub and by each workload that joins it: once is enough.
                problems.stream().distinct().forEach(err::println);
                return INVALID;
            }
            placeholders.report(err, options.verbose);
            // The hub first: workload stacks reference its outputs.
            List<String> order = new ArrayList<>(toPlan);
            order.sort(Comparator.comparing((String s) -> settings.get(s).role() != Role.HUB));
            Map<String, ReferencedStack> planned = new LinkedHashMap<>();
            List<Plan> plans = new ArrayList<>();
            // The checker starts now and loads the pack while the JVM plans; it gets every plan at once.
            try (var policy = options.policy ? new PolicyCheck(options.projectDir).start() : null) {
                var cache = ReferenceCache.forJar(options.projectDir);
                for (String stack : order) {
                    // A stack planned only for its outputs (the hub of a workload stack) comes from the cache when it can.
                    Optional<ReferencedStack> cached = stacks.contains(stack) ? Optional.empty()
                            : cache.flatMap(c -> c.get(configs.get(stack)));
                    if (cached.isPresent()) {
                        planned.put(stack, cached.get());
                        continue;
                    }
                    Plan plan = PlanRunner.run(configs.get(stack), settings.get(stack), planned);
                    planned.put(stack, plan.asReference());
                    cache.ifPresent(c -> c.put(configs.get(stack), plan.asReference()));
                    if (stacks.contains(stack)) {
                        plans.add(plan);
                    }
                }
                plans.sort(Comparator.comparing(p -> stacks.indexOf(p.stack())));
                plans = policy != null ? policy.check(plans)
                        : plans.stream().map(p -> p.withPolicyResult(List.of(), PolicyCheck.SKIPPED_BY_OPTION)).toList();
            }
            // The monthly estimate of each plan (a budget overrun joins its violations).
            var estimator = Estimator.standard(options.projectDir);
            List<PlanCosts.Costed> costed = new ArrayList<>();
            for (Plan plan : plans) {
                costed.add(PlanCosts.apply(plan, settings.get(plan.stack()), configs.get(plan.stack()).source(), estimator));
            }
            if (options.outDir.isPresent()) {
                Files.createDirectories(options.outDir.get());
                for (PlanCosts.Costed c : costed) {
                    Files.writeString(options.outDir.get().resolve(c.plan().stack() + ".json"), PlanCosts.json(c));
                }
            }
            boolean one = costed.size() == 1 && !options.target.equals("all");
            if (options.json) {
                out.println(one ? PlanCosts.json(costed.get(0)) : PlanCosts.json(costed));
            } else if (options.mermaid) {
                List<Plan> bare = costed.stream().map(PlanCosts.Costed::plan).toList();
                out.print(one ? PlanMermaid.flowchart(bare.get(0)) : PlanMermaid.markdown(bare));
            } else if (options.cost) {
                out.print(PlanCosts.breakdowns(costed));
            } else {
                costed.forEach(c -> out.println(PlanCosts.summary(c)));
            }
            return costed.stream().anyMatch(c -> c.plan().hasMandatoryViolation()) ? VIOLATIONS : OK;
        } catch (InvalidSettingsException e) {
            e.problems().forEach(err::println);
            return INVALID;
        } catch (PlanRunner.PlanFailedException e) {
            err.println("bin/plan: the program failed under the offline engine: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("bin/plan: cannot write the plan: " + e.getMessage());
            return FAILED;
        }
    }

    /** {@code bin/plan --help}: what it does, every argument and option on one line each, the exit codes. */
    static void help(Path projectDir, PrintStream out) {
        String stacks;
        try {
            stacks = String.join(", ", ProjectFiles.open(projectDir).stacks());
        } catch (InvalidSettingsException e) {
            stacks = "none found in " + projectDir;
        }
        out.println(USAGE);
        out.println();
        out.println("The complete resource graph of a stack, from the real program on a mocked engine, checked by the policy pack.");
        out.println("No AWS account and no Pulumi CLI; relative paths are relative to the current directory.");
        out.println();
        out.printf("  %-20s %s%n", "<stack>", "a stack with a Pulumi.<stack>.yaml: " + stacks);
        out.printf("  %-20s %s%n", "all", "every stack file, the hub first (workload stacks read its outputs)");
        for (Option option : OPTIONS) {
            out.printf("  %-20s %s%n", option.synopsis(), option.help());
        }
        out.println();
        out.println("Exit codes: 0 planned, 1 the program failed, 2 invalid configuration or usage, 3 a mandatory policy violation.");
        out.println("More: docs/offline-plan.md");
    }

    /**
     * The settings loader's notes for the stacks printed. Secrets a fresh clone lacks (planned as placeholders) become
     * one line for all of them unless --verbose; any other note is printed as it is.
     */
    static final class Placeholders {

        /** {@code <file>: <namespace:key>: is not set; planned with a [secret] placeholder (...)}, as the loader notes it. */
        private static final Pattern PLACEHOLDER = Pattern.compile("^[^:]+: ([^ ]+): is not set; planned with a "
                + Pattern.quote(ProjectFiles.SECRET_PLACEHOLDER) + " placeholder.*");

        private final Map<String, List<String>> keysByStack = new TreeMap<>();
        private final List<String> details = new ArrayList<>();
        private final List<String> other = new ArrayList<>();

        void add(String stack, String note) {
            Matcher m = PLACEHOLDER.matcher(note);
            if (m.matches()) {
                keysByStack.computeIfAbsent(stack, s -> new ArrayList<>()).add(m.group(1));
                details.add(note);
            } else {
                other.add(note);
            }
        }

        void report(PrintStream err, boolean verbose) {
            other.forEach(note -> err.println("bin/plan: note: " + note));
            if (verbose) {
                details.forEach(note -> err.println("bin/plan: note: " + note));
                return;
            }
            int count = keysByStack.values().stream().mapToInt(List::size).sum();
            if (count == 0) {
                return;
            }
            String where = keysByStack.size() == 1 ? "in " + keysByStack.keySet().iterator().next()
                    : "(" + String.join(", ", keysByStack.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size()).toList()) + ")";
            err.println("bin/plan: note: " + count + (count == 1 ? " secret is" : " secrets are") + " not set " + where
                    + " and planned as [secret] placeholders; pulumi up refuses to run without them (docs/secrets.md; --verbose lists them)");
        }
    }

    private record Options(String target, boolean json, boolean mermaid, boolean cost, Optional<Path> configFile,
                           Optional<Path> outDir, Path projectDir, boolean policy, boolean verbose, boolean help) {

        /** Every path is resolved against the current directory. */
        static Options parse(String[] args) {
            String target = null;
            boolean json = false;
            boolean policy = true;
            boolean mermaid = false;
            boolean cost = false;
            boolean verbose = false;
            boolean help = false;
            Path configFile = null;
            Path outDir = null;
            String defaultProject = System.getProperty(PROJECT_DIR_PROPERTY);
            Path projectDir = Path.of(defaultProject == null ? "" : defaultProject).toAbsolutePath();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--json" -> json = true;
                    case "--no-policy" -> policy = false;
                    case "--mermaid" -> mermaid = true;
                    case "--cost" -> cost = true;
                    case "--verbose" -> verbose = true;
                    case "--help", "-h" -> help = true;
                    case "--config-file" -> configFile = Path.of(value(args, ++i, arg)).toAbsolutePath();
                    case "--out" -> outDir = Path.of(value(args, ++i, arg)).toAbsolutePath();
                    case "--project-dir" -> projectDir = Path.of(value(args, ++i, arg)).toAbsolutePath();
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        if (target != null) {
                            throw new IllegalArgumentException("one stack at a time (or all), got " + target + " and " + arg);
                        }
                        target = arg;
                    }
                }
            }
            if (help) {
                return new Options("", false, false, false, Optional.empty(), Optional.empty(), projectDir, false, false, true);
            }
            if (target == null) {
                throw new IllegalArgumentException("which stack? name one, or all");
            }
            if ((json ? 1 : 0) + (mermaid ? 1 : 0) + (cost ? 1 : 0) > 1) {
                throw new IllegalArgumentException("one of --json, --mermaid and --cost (the JSON has the cost in it)");
            }
            if (configFile != null && target.equals("all")) {
                throw new IllegalArgumentException("--config-file goes with one stack, not all");
            }
            return new Options(target, json, mermaid, cost, Optional.ofNullable(configFile), Optional.ofNullable(outDir), projectDir,
                    policy, verbose, false);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
