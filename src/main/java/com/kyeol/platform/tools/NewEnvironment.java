package com.kyeol.platform.tools;

import com.kyeol.platform.config.Cidr;
import com.kyeol.platform.config.InvalidSettingsException;
import com.kyeol.platform.config.ProjectFiles;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.StackConfig;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.config.Tier;
import com.kyeol.platform.cost.CostDocs;
import com.kyeol.platform.plan.OfflinePlan;
import com.kyeol.platform.plan.ReadmeDiagrams;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/new-environment <name> [--from <stack>]}: a new environment is its stack file. This copies
 * {@code Pulumi.<from>.yaml} to {@code Pulumi.<name>.yaml} with a free VPC CIDR (every subnet moved with it) and
 * without what belongs to the source alone (its encrypted secrets, secrets provider, hostname overrides and Elastic
 * IP), validates the copy with the settings loader against every other stack file, and creates what cannot be derived
 * from it: the GitOps overlay of a workload stack (its tier and storefront image tag). It then adds the new stack's
 * row to docs/capacity.md (its source's) and rewrites the generated pages that show every stack: the diagrams of
 * {@code docs/diagrams.md}, the estimates of {@code docs/cost.md} and the README's stacks table. Everything else (policy strictness, workflow matrices, hostnames, the
 * secret name) is derived from the stack file. Nothing is written unless the copy is valid.
 * Exit codes: 0 created, 1 the new stack does not plan, 2 invalid name, source or configuration (one line each).
 */
public final class NewEnvironment {

    static final String USAGE = "usage: bin/new-environment <name> [--from <stack>]";
    private static final Pattern CIDR = Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}\\b");
    /** Lines that belong to the source stack alone (block style, as the stack files are written). */
    private static final Pattern OWN_LINE = Pattern.compile(
            "^(secretsprovider|encryptedkey|encryptionsalt):.*|^\\s+(serviceHostname|originHostname|natEipAllocationId|path):.*");
    private static final Pattern SECURE_KEY = Pattern.compile("^(\\s+)[\\w-]+:[\\w.]+:\\s*$");
    private static final List<Cidr> PRIVATE_RANGES = List.of(Cidr.parse("10.0.0.0/8").orElseThrow(),
            Cidr.parse("172.16.0.0/12").orElseThrow(), Cidr.parse("192.168.0.0/16").orElseThrow());

    private NewEnvironment() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Path.of("").toAbsolutePath(), System.out, System.err));
    }

    public static int run(String[] args, Path projectDir, PrintStream out, PrintStream err) {
        String name = null;
        String from = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--from" -> {
                    if (++i >= args.length) {
                        return usage(err, "--from needs a stack");
                    }
                    from = args[i];
                }
                case "--project-dir" -> {
                    if (++i >= args.length) {
                        return usage(err, "--project-dir needs a directory");
                    }
                    projectDir = Path.of(args[i]).toAbsolutePath();
                }
                case "-h", "--help" -> {
                    out.println(USAGE);
                    out.println("  <name>         the new stack: a lowercase letter then up to 11 lowercase letters or digits");
                    out.println("  --from STACK   the stack file to copy (default: the development workload stack)");
                    return 0;
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        return usage(err, "unknown option " + args[i]);
                    }
                    if (name != null) {
                        return usage(err, "one environment at a time, got " + name + " and " + args[i]);
                    }
                    name = args[i];
                }
            }
        }
        if (name == null) {
            return usage(err, "which environment? name it");
        }
        try {
            return create(ProjectFiles.open(projectDir), name, Optional.ofNullable(from), out, err);
        } catch (InvalidSettingsException e) {
            e.problems().forEach(err::println);
            return 2;
        } catch (IOException e) {
            err.println("bin/new-environment: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("bin/new-environment: " + problem);
        err.println(USAGE);
        return 2;
    }

    private static int create(ProjectFiles project, String name, Optional<String> from, PrintStream out, PrintStream err)
            throws IOException {
        List<StackList.Entry> stacks = StackList.entries(project);
        Path stackFile = project.stackFile(name);
        if (Files.exists(stackFile)) {
            throw new InvalidSettingsException(List.of(stackFile.getFileName() + ": (file): exists already; expected a new stack name"));
        }
        StackList.Entry source = from.map(f -> stacks.stream().filter(e -> e.stack().equals(f)).findFirst()
                        .orElseThrow(() -> new InvalidSettingsException(List.of("bin/new-environment: --from " + f + ": no Pulumi." + f
                                + ".yaml; expected one of " + String.join(", ", stacks.stream().map(StackList.Entry::stack).toList())))))
                .orElseGet(() -> defaultSource(stacks));
        StackSettings settings = source.settings();
        Cidr oldVpc = settings.network().vpcCidr();
        Cidr newVpc = freeVpc(oldVpc, stacks.stream().map(e -> e.settings().network().vpcCidr()).toList());
        String text = copy(Files.readString(project.stackFile(source.stack())), source.stack(), name, oldVpc, newVpc);

        // Validate the copy as if it were already in place, against every other stack file.
        Path draft = Files.createTempFile("kyeol-new-environment-", ".yaml");
        try {
            Files.writeString(draft, text);
            StackConfig config = project.load(name, draft);
            List<StackConfig> siblings = new ArrayList<>();
            stacks.forEach(e -> siblings.add(project.load(e.stack())));
            try {
                SettingsLoader.load(config, siblings);
            } catch (InvalidSettingsException e) {
                throw new InvalidSettingsException(e.problems().stream()
                        .map(p -> p.replace(draft.toString(), stackFile.getFileName().toString())).toList());
            }
        } finally {
            Files.deleteIfExists(draft);
        }
        Path overlay = project.directory().resolve("gitops").resolve("overlays").resolve(name).resolve("kustomization.yaml");
        boolean workload = settings.role() == Role.WORKLOAD;
        if (workload && Files.exists(overlay)) {
            throw new InvalidSettingsException(List.of(project.directory().relativize(overlay) + ": (file): exists already; expected a new stack name"));
        }

        Files.writeString(stackFile, text);
        out.println("created " + stackFile.getFileName() + " from Pulumi." + source.stack() + ".yaml (" + settings.role().configValue()
                + ", " + settings.tier().configValue() + ", VPC " + newVpc + ")");
        if (workload) {
            Files.createDirectories(overlay.getParent());
            Files.writeString(overlay, overlay(name, settings.tier()));
            out.println("created " + project.directory().relativize(overlay) + " (tier " + settings.tier().configValue()
                    + ", storefront image tag " + name + "-0000000)");
        }
        if (copyCapacityRow(project.directory(), source.stack(), name)) {
            out.println("added " + name + "'s row to docs/capacity.md (" + source.stack() + "'s: the same node group and tier)");
        }
        int generated = rewriteGeneratedDocs(project.directory(), out, err);
        if (generated != 0) {
            return generated;
        }
        out.println();
        out.println("Next: bin/plan " + name + "; before its first pulumi up, see docs/operations.md \"A new environment\""
                + " (stack init, secrets, egress CIDRs" + (workload ? ", storefront image" : "") + ").");
        return 0;
    }

    /** The development workload stack (a new environment starts as a copy of the least strict one). */
    private static StackList.Entry defaultSource(List<StackList.Entry> stacks) {
        return stacks.stream().filter(e -> e.settings().role() == Role.WORKLOAD && e.settings().tier() == Tier.DEVELOPMENT).findFirst()
                .or(() -> stacks.stream().filter(e -> e.settings().role() == Role.WORKLOAD).findFirst())
                .orElseThrow(() -> new InvalidSettingsException(List.of("bin/new-environment: no workload stack to copy; pass --from <stack>")));
    }

    /** The first block of the same size, above every VPC in the same private range, that overlaps none of {@code used}. */
    static Cidr freeVpc(Cidr source, List<Cidr> used) {
        Cidr range = PRIVATE_RANGES.stream().filter(r -> r.contains(source)).findFirst().orElseThrow(() -> new InvalidSettingsException(
                List.of("bin/new-environment: the source VPC " + source + " is not in a private range; expected 10/8, 172.16/12 or 192.168/16")));
        long highest = used.stream().filter(range::contains).mapToLong(Cidr::network).max().orElse(source.network());
        for (long candidate = highest + source.size(); candidate + source.size() <= range.network() + range.size();
             candidate += source.size()) {
            Cidr c = new Cidr(candidate, source.prefix());
            if (used.stream().noneMatch(c::overlaps)) {
                return c;
            }
        }
        throw new InvalidSettingsException(List.of("bin/new-environment: no free /" + source.prefix() + " left in " + range
                + " above the existing VPCs; set network.vpcCidr and the subnets of the new stack file yourself"));
    }

    /** The source stack file as the new stack's: CIDRs moved, the source's own lines dropped, comments renamed. */
    static String copy(String source, String from, String name, Cidr oldVpc, Cidr newVpc) {
        List<String> lines = new ArrayList<>(List.of("# " + name + ": made by `bin/new-environment " + name + " --from " + from
                + "` from Pulumi." + from + ".yaml, VPC " + newVpc + "."));
        String[] in = source.split("\n", -1);
        Pattern word = Pattern.compile("\\b" + Pattern.quote(from) + "\\b");
        for (int i = 0; i < in.length; i++) {
            String line = in[i];
            Matcher key = SECURE_KEY.matcher(line);
            if (key.matches() && i + 1 < in.length && in[i + 1].trim().startsWith("secure:")) {
                i++;  // an encrypted value of the source stack: its own secret, unreadable with another stack's key
                continue;
            }
            if (OWN_LINE.matcher(line).matches()) {
                continue;
            }
            int hash = commentStart(line);
            String code = hash < 0 ? line : line.substring(0, hash);
            String comment = hash < 0 ? "" : word.matcher(line.substring(hash)).replaceAll(Matcher.quoteReplacement(name));
            lines.add(moveCidrs(code, oldVpc, newVpc) + comment);
        }
        return String.join("\n", lines);
    }

    private static int commentStart(String line) {
        int quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '\'') {
                quote = quote == c ? 0 : quote == 0 ? c : quote;
            } else if (c == '#' && quote == 0 && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    private static String moveCidrs(String code, Cidr oldVpc, Cidr newVpc) {
        Matcher m = CIDR.matcher(code);
        var out = new StringBuilder();
        while (m.find()) {
            String moved = Cidr.parse(m.group()).filter(oldVpc::contains)
                    .map(c -> new Cidr(c.network() - oldVpc.network() + newVpc.network(), c.prefix()).toString())
                    .orElse(m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(moved));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The one per-environment thing that is not derived: its tier's sizes and its storefront image tag. */
    static String overlay(String name, Tier tier) {
        return String.join("\n",
                "# Saleor in " + name + ": its tier's sizes and its storefront image, the one thing here that is not derived from",
                "# Pulumi." + name + ".yaml. Hostnames, the Secrets Manager secret and the dashboard's API URL come from the stack through the",
                "# Application's patches (gitops/README.md). Made by bin/new-environment for a new stack.",
                "apiVersion: kustomize.config.k8s.io/v1beta1",
                "kind: Kustomization",
                "resources:",
                "  - ../../tiers/" + tier.configValue(),
                "images:",
                "  # The storefront image built for " + name + " by .github/workflows/storefront-image.yml (tag <env>-<source sha>);",
                "  # promote a build by changing this tag in a pull request.",
                "  - name: storefront",
                "    newTag: " + name + "-0000000",
                "");
    }

    /**
     * docs/capacity.md has a row per stack (CapacityPlanTest computes each and fails on a wrong or missing one): the
     * copy schedules what its source schedules on the same node group, so its row is the source's under its own name.
     * False when the page or the source's row is missing.
     */
    static boolean copyCapacityRow(Path projectDir, String source, String name) throws IOException {
        Path page = projectDir.resolve("docs").resolve("capacity.md");
        if (!Files.isRegularFile(page)) {
            return false;
        }
        List<String> lines = new ArrayList<>(Files.readString(page).lines().toList());
        lines.removeIf(l -> l.startsWith("| " + name + " | "));
        int row = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| " + source + " | ")) {
                row = i;
            }
        }
        if (row < 0) {
            return false;
        }
        int last = row;
        while (last + 1 < lines.size() && lines.get(last + 1).startsWith("| ")) {
            last++;
        }
        lines.add(last + 1, "| " + name + lines.get(row).substring(("| " + source).length()));
        Files.writeString(page, String.join("\n", lines) + "\n");
        return true;
    }

    /**
     * The generated pages show every stack file: plan them all once, then splice the diagrams into docs/diagrams.md,
     * and the estimates into docs/cost.md and the README's stacks table (what bin/readme-diagrams and bin/cost-docs do).
     */
    private static int rewriteGeneratedDocs(Path projectDir, PrintStream out, PrintStream err) throws IOException {
        Path diagrams = projectDir.resolve("docs").resolve("diagrams.md");
        Path cost = projectDir.resolve("docs").resolve("cost.md");
        Path readme = projectDir.resolve("README.md");
        if (!Files.isRegularFile(diagrams) && !Files.isRegularFile(cost)) {
            return 0;
        }
        var mermaid = new ByteArrayOutputStream();
        var problems = new ByteArrayOutputStream();
        Path plans = Files.createTempDirectory("kyeol-new-environment");
        try {
            int code = OfflinePlan.run(new String[] {"all", "--mermaid", "--no-policy", "--out", plans.toString(),
                    "--project-dir", projectDir.toString()},
                    new PrintStream(mermaid, true, StandardCharsets.UTF_8), new PrintStream(problems, true, StandardCharsets.UTF_8));
            if (code != 0) {
                err.print(problems.toString(StandardCharsets.UTF_8));
                err.println("bin/new-environment: the stacks do not plan (exit " + code + "); docs/diagrams.md, docs/cost.md "
                        + "and README.md are unchanged");
                return 1;
            }
            if (Files.isRegularFile(diagrams)) {
                Files.writeString(diagrams, ReadmeDiagrams.splice(Files.readString(diagrams), mermaid.toString(StandardCharsets.UTF_8)));
                out.println("rewrote docs/diagrams.md (the diagram of every stack)");
            }
            if (Files.isRegularFile(cost)) {
                List<String> json = new ArrayList<>();
                for (String stack : ProjectFiles.open(projectDir).stacks()) {
                    json.add(Files.readString(plans.resolve(stack + ".json")));
                }
                var quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
                int rewritten = CostDocs.rewrite(cost, Optional.of(readme).filter(Files::isRegularFile), projectDir,
                        CostDocs.plans("[" + String.join(",", json) + "]"), false, quiet, err);
                if (rewritten != 0) {
                    return rewritten;
                }
                out.println("rewrote docs/cost.md and the README's stacks table (every stack's estimate)");
            }
            return 0;
        } finally {
            try (var files = Files.list(plans)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(plans);
        }
    }
}
