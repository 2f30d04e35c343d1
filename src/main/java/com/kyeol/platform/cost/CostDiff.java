package com.kyeol.platform.cost;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a change moves each stack's monthly estimate, from two sets of offline plans (the {@code cost} member of
 * {@code bin/plan --json}): {@code bin/cost-diff BASE HEAD}, each a directory of {@code <stack>.json} (what
 * {@code bin/plan all --out DIR} writes) or one JSON file with a plan or an array of plans. Prints Markdown for the
 * pull request: a table of totals, then what moved, largest first, e.g.
 * {@code +$61.32/mo: added interface endpoint ecr.api in 3 zones, interface endpoint ecr.dkr in 3 zones}.
 * Needs no credentials, so pull requests from forks get it too.
 */
public final class CostDiff {

    /** Changes smaller than half a cent are rounding, not changes. */
    static final double EPSILON = 0.005;

    /** One stack's estimate as the JSON has it: total, budget, and every priced resource. */
    record StackCost(String stack, double monthlyUsd, Map<String, Resource> resources, Budget budget, boolean complete) {
    }

    record Budget(double monthlyUsd, String enforcement) {
    }

    record Resource(String urn, String type, String label, double monthlyUsd) {
    }

    /** Bad input: one line, exit code 2. */
    static final class InputException extends Exception {
        InputException(String message) {
            super(message);
        }
    }

    private CostDiff() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: bin/cost-diff BASE HEAD   (each a directory of <stack>.json from bin/plan all --out, or a plan JSON file)");
            return 2;
        }
        try {
            out.print(markdown(load(Path.of(args[0])), load(Path.of(args[1]))));
            return 0;
        } catch (InputException e) {
            err.println("bin/cost-diff: " + e.getMessage());
            return 2;
        }
    }

    /** Stacks by name; a stack whose plan has no {@code cost} member maps to null (made before the estimate existed). */
    static Map<String, StackCost> load(Path path) throws InputException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> list = Files.list(path)) {
                list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new InputException(path + ": " + e.getMessage());
            }
        } else if (Files.isRegularFile(path)) {
            files.add(path);
        } else {
            throw new InputException(path + ": no such file or directory");
        }
        Map<String, StackCost> stacks = new LinkedHashMap<>();
        for (Path file : files) {
            Object parsed;
            try {
                parsed = new Gson().fromJson(Files.readString(file), Object.class);
            } catch (IOException | JsonParseException e) {
                throw new InputException(file + ": not a plan JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            List<?> plans = parsed instanceof List<?> list ? list : List.of(Objects.requireNonNullElse(parsed, ""));
            for (Object plan : plans) {
                if (!(plan instanceof Map<?, ?> map) || !(map.get("stack") instanceof String stack)) {
                    throw new InputException(file + ": expected a plan object with \"stack\" (bin/plan --json)");
                }
                stacks.put(stack, stackCost(stack, map.get("cost")));
            }
        }
        return stacks;
    }

    private static StackCost stackCost(String stack, Object cost) {
        if (!(cost instanceof Map<?, ?> c)) {
            return null;
        }
        Map<String, Resource> resources = new LinkedHashMap<>();
        if (c.get("resources") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> r) {
                    String urn = String.valueOf(r.get("urn"));
                    resources.put(urn, new Resource(urn, String.valueOf(r.get("type")), String.valueOf(r.get("label")),
                            number(r.get("monthlyUsd"))));
                }
            }
        }
        Budget budget = null;
        if (c.get("budget") instanceof Map<?, ?> b) {
            budget = new Budget(number(b.get("monthlyUsd")), String.valueOf(b.get("enforcement")));
        }
        return new StackCost(stack, number(c.get("monthlyUsd")), resources, budget, !Boolean.FALSE.equals(c.get("complete")));
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    /** The pull request comment. */
    static String markdown(Map<String, StackCost> base, Map<String, StackCost> head) {
        Set<String> stacks = new LinkedHashSet<>(head.keySet());
        stacks.addAll(base.keySet());
        var out = new StringBuilder();
        out.append("### Monthly cost estimate (offline, USD)\n\n");
        out.append("| Stack | main | this change | difference | budget |\n|---|---:|---:|---:|---|\n");
        double baseTotal = 0;
        double headTotal = 0;
        for (String stack : stacks) {
            StackCost b = base.get(stack);
            StackCost h = head.get(stack);
            baseTotal += b == null ? 0 : b.monthlyUsd();
            headTotal += h == null ? 0 : h.monthlyUsd();
            out.append(String.format("| %s | %s | %s | %s | %s |%n", stack, b == null ? "—" : CostReport.usd(b.monthlyUsd()),
                    h == null ? "—" : CostReport.usd(h.monthlyUsd()),
                    b == null || h == null ? "—" : CostReport.signedUsd(h.monthlyUsd() - b.monthlyUsd()),
                    h == null || h.budget() == null ? "" : budgetCell(h)));
        }
        out.append(String.format("| **all** | %s | %s | %s | |%n%n", CostReport.usd(baseTotal), CostReport.usd(headTotal),
                CostReport.signedUsd(headTotal - baseTotal)));
        for (String stack : stacks) {
            List<String> changes = changes(base.get(stack), head.get(stack));
            if (!changes.isEmpty()) {
                out.append("**").append(stack).append("**\n");
                changes.forEach(c -> out.append("- ").append(c).append('\n'));
                out.append('\n');
            }
        }
        if (stacks.stream().allMatch(s -> changes(base.get(s), head.get(s)).isEmpty())) {
            out.append("No stack's estimate changes.\n\n");
        }
        stacks.stream().filter(s -> head.get(s) != null && !head.get(s).complete()).forEach(s ->
                out.append("⚠️ ").append(s).append(": the estimate is incomplete (a lower bound): see `bin/plan ").append(s)
                        .append(" --cost`.\n\n"));
        out.append("<sub>Both sides are `bin/plan` offline plans (the base branch and this change) priced by the same rules; "
                + "list prices, usage assumptions and what is not estimated: docs/cost.md.</sub>\n");
        return out.toString();
    }

    private static String budgetCell(StackCost h) {
        return CostReport.usd(h.budget().monthlyUsd()) + " " + h.budget().enforcement()
                + (h.monthlyUsd() > h.budget().monthlyUsd() ? " — **over**" : "");
    }

    /** What moved in one stack, largest change first. */
    static List<String> changes(StackCost base, StackCost head) {
        if (head == null) {
            return base == null ? List.of() : List.of(CostReport.signedUsd(-base.monthlyUsd()) + ": the stack is gone");
        }
        if (base == null) {
            return List.of(CostReport.signedUsd(head.monthlyUsd())
                    + ": new stack, or the base has no estimate yet (its plan predates the cost estimate)");
        }
        record Change(double delta, String text) {
        }
        List<Change> changes = new ArrayList<>();
        Map<String, List<Resource>> added = head.resources().values().stream()
                .filter(r -> !base.resources().containsKey(r.urn()) && Math.abs(r.monthlyUsd()) >= EPSILON)
                .collect(Collectors.groupingBy(Resource::type, LinkedHashMap::new, Collectors.toList()));
        added.values().forEach(list -> changes.add(new Change(sum(list), "added " + labels(list))));
        Map<String, List<Resource>> removed = base.resources().values().stream()
                .filter(r -> !head.resources().containsKey(r.urn()) && Math.abs(r.monthlyUsd()) >= EPSILON)
                .collect(Collectors.groupingBy(Resource::type, LinkedHashMap::new, Collectors.toList()));
        removed.values().forEach(list -> changes.add(new Change(-sum(list), "removed " + labels(list))));
        for (Resource now : head.resources().values()) {
            Resource before = base.resources().get(now.urn());
            if (before != null && Math.abs(now.monthlyUsd() - before.monthlyUsd()) >= EPSILON) {
                String what = now.label().equals(before.label()) ? now.label() : before.label() + " → " + now.label();
                changes.add(new Change(now.monthlyUsd() - before.monthlyUsd(), what + " (" + CostReport.usd(before.monthlyUsd())
                        + " → " + CostReport.usd(now.monthlyUsd()) + ")"));
            }
        }
        return changes.stream().sorted(Comparator.comparingDouble((Change c) -> -Math.abs(c.delta())).thenComparing(Change::text))
                .map(c -> CostReport.signedUsd(c.delta()) + ": " + c.text()).toList();
    }

    private static double sum(List<Resource> resources) {
        return resources.stream().mapToDouble(Resource::monthlyUsd).sum();
    }

    private static String labels(List<Resource> resources) {
        return resources.stream().map(Resource::label).sorted().collect(Collectors.joining(", "));
    }
}
