package com.kyeol.platform.cost;

import com.kyeol.platform.config.UsageAssumption;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The faces of an estimate: a short block for the plan summary, the full breakdown ({@code --cost}) and JSON. */
public final class CostReport {

    private CostReport() {
    }

    public static String usd(double amount) {
        return String.format(Locale.ROOT, "%s$%,.2f", amount < -0.004 ? "-" : "", Math.abs(amount));
    }

    /** A signed amount per month, e.g. {@code +$58.40/mo}. */
    public static String signedUsd(double amount) {
        return (amount >= 0.005 ? "+" : amount <= -0.005 ? "-" : "±") + usd(Math.abs(amount)) + "/mo";
    }

    static String quantity(double q) {
        if (q == Math.rint(q)) {
            return String.format(Locale.ROOT, "%,d", (long) q);
        }
        return String.format(Locale.ROOT, "%,.4f", q).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String header(CostEstimate e) {
        return String.format("Cost estimate: %s per month (USD, on-demand list prices, %s)", usd(e.monthlyUsd()), e.region());
    }

    /** The block the plan summary ends with. */
    public static String summary(CostEstimate e) {
        var out = new StringBuilder();
        out.append(String.format("%n%s%n", header(e)));
        e.byComponent().forEach((component, amount) -> out.append(String.format("  %12s  %s%n", usd(amount), component)));
        budgetLine(e).ifPresent(l -> out.append("  ").append(l).append(System.lineSeparator()));
        out.append(String.format("  %s; %s%n", usageLine(e), pricesLine(e)));
        completeness(e).forEach(l -> out.append("  ").append(l).append(System.lineSeparator()));
        out.append(String.format("  (bin/plan %s --cost for every charge, the assumptions and what is not estimated)%n", e.stack()));
        return out.toString();
    }

    /** Every charge by component and resource, the usage assumed, what costs nothing and why, what is left out. */
    public static String breakdown(String project, CostEstimate e) {
        var out = new StringBuilder();
        out.append(String.format("%s/%s: %s%n", project, e.stack(), header(e)));
        Map<String, List<CostLine>> byComponent = e.lines().stream()
                .collect(Collectors.groupingBy(CostLine::component, LinkedHashMap::new, Collectors.toList()));
        e.byComponent().forEach((component, amount) -> {
            out.append(String.format("%n%-90s %12s%n", component, usd(amount)));
            for (CostLine line : byComponent.get(component)) {
                out.append(String.format("  %-88s %12s%n", line.label(), usd(line.monthlyUsd())));
                for (Charge c : line.charges()) {
                    out.append(String.format("      %s: %s %s × %s = %s%s%n", c.what(), quantity(c.quantity()), c.price().unit(),
                            unitPrice(c.price()), usd(c.monthlyUsd()),
                            c.usage().map(u -> "  [usage: " + u.configName() + "]").orElse("")));
                }
                line.unpriced().forEach(u -> out.append("      NOT PRICED: ").append(u).append(System.lineSeparator()));
            }
        });
        budgetLine(e).ifPresent(l -> out.append(System.lineSeparator()).append(l).append(System.lineSeparator()));
        completeness(e).forEach(l -> out.append(l).append(System.lineSeparator()));

        out.append(String.format("%nUsage assumed (%s; set any of them in the stack file under kyeol-platform:cost.usage):%n",
                e.cost().overridden().isEmpty() ? "the tier's defaults" : "the tier's defaults unless marked 'stack file'"));
        for (UsageAssumption u : e.usedAssumptions()) {
            out.append(String.format("  %-22s %10s %-26s %-11s %s%n", u.configName(), quantity(e.cost().usage(u)), u.unit(),
                    e.cost().overridden().contains(u) ? "stack file" : "default", u.meaning()));
        }
        out.append(String.format("%nFree, or priced on another line:%n"));
        e.free().forEach((type, reason) -> out.append(String.format("  %-70s %s%n", type, reason)));
        out.append(String.format("%nNot estimated:%n"));
        e.notes().forEach(n -> out.append("  - ").append(n).append(System.lineSeparator()));
        out.append(String.format("%nPrices used (%s; sources and dates in docs/cost.md):%n", pricesLine(e)));
        for (Price p : e.pricesUsed()) {
            out.append(String.format("  %-36s %-12s per %-24s %s%n", p.key(), unitPrice(p), p.unit(), p.basis().label()));
        }
        return out.toString();
    }

    static String unitPrice(Price p) {
        return "$" + new java.math.BigDecimal(Double.toString(p.usd())).stripTrailingZeros().toPlainString();
    }

    private static java.util.Optional<String> budgetLine(CostEstimate e) {
        return e.budget().map(b -> {
            double over = e.monthlyUsd() - b.monthlyUsd();
            return String.format("Budget: %s per month (%s): %s", usd(b.monthlyUsd()), b.enforcement().configValue(),
                    over > 0 ? "OVER by " + usd(over) : "within it, " + usd(-over) + " to spare");
        });
    }

    private static String usageLine(CostEstimate e) {
        long set = e.usedAssumptions().stream().filter(e.cost().overridden()::contains).count();
        return String.format("usage: %d assumptions (%d from the stack file, the rest tier defaults)", e.usedAssumptions().size(), set);
    }

    private static String pricesLine(CostEstimate e) {
        return String.format("prices: %d published, %d stand-ins from another region, %d recalled and unconfirmed",
                e.pricesOfBasis(Price.Basis.PUBLISHED), e.pricesOfBasis(Price.Basis.STAND_IN),
                e.pricesOfBasis(Price.Basis.RECALLED));
    }

    private static List<String> completeness(CostEstimate e) {
        List<String> lines = new ArrayList<>();
        if (!e.unpriced().isEmpty()) {
            lines.add("Incomplete (a lower bound): not priced: " + String.join("; ", e.unpriced()));
        }
        if (!e.unclassified().isEmpty()) {
            lines.add("Unclassified resource types (neither priced nor known to be free; see cost/ResourceTypes.java): "
                    + String.join(", ", e.unclassified()));
        }
        return lines;
    }

    /** The {@code cost} member of {@code bin/plan --json}. */
    public static Map<String, Object> json(CostEstimate e) {
        var root = new LinkedHashMap<String, Object>();
        root.put("currency", "USD");
        root.put("region", e.region());
        root.put("monthlyUsd", cents(e.monthlyUsd()));
        root.put("complete", e.complete());
        e.budget().ifPresent(b -> {
            var budget = new LinkedHashMap<String, Object>();
            budget.put("monthlyUsd", b.monthlyUsd());
            budget.put("enforcement", b.enforcement().configValue());
            budget.put("over", e.monthlyUsd() > b.monthlyUsd());
            root.put("budget", budget);
        });
        var components = new LinkedHashMap<String, Object>();
        e.byComponent().forEach((c, amount) -> components.put(c, cents(amount)));
        root.put("components", components);
        List<Map<String, Object>> resources = new ArrayList<>();
        for (CostLine line : e.lines()) {
            var item = new LinkedHashMap<String, Object>();
            item.put("urn", line.urn());
            item.put("type", line.type());
            item.put("name", line.name());
            item.put("component", line.component());
            item.put("label", line.label());
            item.put("monthlyUsd", cents(line.monthlyUsd()));
            List<Map<String, Object>> charges = new ArrayList<>();
            for (Charge c : line.charges()) {
                var charge = new LinkedHashMap<String, Object>();
                charge.put("what", c.what());
                charge.put("quantity", c.quantity());
                charge.put("unit", c.price().unit());
                charge.put("unitUsd", c.price().usd());
                charge.put("price", c.price().key());
                charge.put("monthlyUsd", cents(c.monthlyUsd()));
                c.usage().ifPresent(u -> charge.put("usage", u.configName()));
                charges.add(charge);
            }
            item.put("charges", charges);
            item.put("unpriced", line.unpriced());
            resources.add(item);
        }
        root.put("resources", resources);
        var usage = new LinkedHashMap<String, Object>();
        for (UsageAssumption u : e.usedAssumptions()) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("value", e.cost().usage(u));
            entry.put("unit", u.unit());
            entry.put("from", e.cost().overridden().contains(u) ? "stack file" : "tier default");
            usage.put(u.configName(), entry);
        }
        root.put("usage", usage);
        root.put("free", e.free());
        root.put("unclassified", e.unclassified());
        root.put("notes", e.notes());
        return root;
    }

    private static double cents(double amount) {
        return Math.round(amount * 100) / 100.0;
    }
}
