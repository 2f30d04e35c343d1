package com.kyeol.platform.plan;

import com.kyeol.platform.config.InvalidSettingsException;
import com.kyeol.platform.config.ProjectFiles;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.StackConfig;
import com.kyeol.platform.config.SpokeSettings;
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

/**
 * {@code bin/plan <stack>|all [--json|--mermaid|--cost] [--config-file PATH] [--out DIR]}: the whole graph of a stack
 * without an AWS account, as a summary, JSON, a Mermaid diagram or its monthly cost estimate. Exit codes: 0 planned, 1 the program failed, 2 invalid configuration or usage,
 * 3 a mandatory policy violation.
 */
public final class OfflinePlan {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;
    public static final int VIOLATIONS = 3;

    static final String USAGE = "usage: bin/plan <stack>|all [--json|--mermaid|--cost] [--config-file PATH] [--out DIR] [--project-dir DIR] [--no-policy]";

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
            err.println(USAGE);
            return INVALID;
        }
        try {
            var project = ProjectFiles.open(options.projectDir);
            List<String> stacks = options.target.equals("all") ? project.stacks() : List.of(options.target);
            if (stacks.isEmpty()) {
                err.println("bin/plan: " + options.projectDir + ": no Pulumi.<stack>.yaml files; expected at least one stack file");
                return INVALID;
            }
            // Validate every stack before planning any: all problems at once, nothing half done.
            Map<String, StackConfig> configs = new LinkedHashMap<>();
            Map<String, StackSettings> settings = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
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
                        loaded.notes().forEach(note -> err.println("bin/plan: note: " + note));
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
            // The hub first: workload stacks reference its outputs.
            List<String> order = new ArrayList<>(toPlan);
            order.sort(Comparator.comparing((String s) -> settings.get(s).role() != Role.HUB));
            Map<String, ReferencedStack> planned = new LinkedHashMap<>();
            List<PlanCosts.Costed> plans = new ArrayList<>();
            var policy = new PolicyCheck(options.projectDir);
            var estimator = Estimator.standard(options.projectDir);
            for (String stack : order) {
                Plan plan = PlanRunner.run(configs.get(stack), settings.get(stack), planned);
                planned.put(stack, plan.asReference());
                if (stacks.contains(stack)) {
                    Plan checked = options.policy ? policy.check(plan) : plan.withPolicyResult(List.of(), "skipped: --no-policy");
                    plans.add(PlanCosts.apply(checked, settings.get(stack), configs.get(stack).source(), estimator));
                }
            }
            plans.sort(Comparator.comparing(p -> stacks.indexOf(p.plan().stack())));
            if (options.outDir.isPresent()) {
                Files.createDirectories(options.outDir.get());
                for (PlanCosts.Costed costed : plans) {
                    Files.writeString(options.outDir.get().resolve(costed.plan().stack() + ".json"), PlanCosts.json(costed));
                }
            }
            boolean one = plans.size() == 1 && !options.target.equals("all");
            if (options.json) {
                out.println(one ? PlanCosts.json(plans.get(0)) : PlanCosts.json(plans));
            } else if (options.mermaid) {
                List<Plan> bare = plans.stream().map(PlanCosts.Costed::plan).toList();
                out.print(one ? PlanMermaid.flowchart(bare.get(0)) : PlanMermaid.markdown(bare));
            } else if (options.cost) {
                out.print(PlanCosts.breakdowns(plans));
            } else {
                plans.forEach(p -> out.println(PlanCosts.summary(p)));
            }
            return plans.stream().anyMatch(p -> p.plan().hasMandatoryViolation()) ? VIOLATIONS : OK;
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

    private record Options(String target, boolean json, boolean mermaid, Optional<Path> configFile, Optional<Path> outDir,
                           Path projectDir, boolean policy, boolean cost) {

        static Options parse(String[] args) {
            String target = null;
            boolean json = false;
            boolean policy = true;
            boolean mermaid = false;
            boolean cost = false;
            Path configFile = null;
            Path outDir = null;
            Path projectDir = Path.of("").toAbsolutePath();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--json" -> json = true;
                    case "--no-policy" -> policy = false;
                    case "--mermaid" -> mermaid = true;
                    case "--cost" -> cost = true;
                    case "--config-file" -> configFile = Path.of(value(args, ++i, arg)).toAbsolutePath();
                    case "--out" -> outDir = Path.of(value(args, ++i, arg));
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
            if (target == null) {
                throw new IllegalArgumentException("which stack? name one, or all");
            }
            if ((json ? 1 : 0) + (mermaid ? 1 : 0) + (cost ? 1 : 0) > 1) {
                throw new IllegalArgumentException("one of --json, --mermaid and --cost (the JSON has the cost in it)");
            }
            if (configFile != null && target.equals("all")) {
                throw new IllegalArgumentException("--config-file goes with one stack, not all");
            }
            return new Options(target, json, mermaid, Optional.ofNullable(configFile), Optional.ofNullable(outDir), projectDir,
                    policy, cost);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
