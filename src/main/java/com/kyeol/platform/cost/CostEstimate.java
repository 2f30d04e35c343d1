package com.kyeol.platform.cost;

import com.kyeol.platform.config.CostSettings;
import com.kyeol.platform.config.UsageAssumption;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The monthly estimate of one stack's plan: a line per priced resource, the resource types that cost nothing (and
 * why), the usage it assumed and the budget it is held to.
 *
 * @param free         resource types of the plan that AWS does not bill (or bills through another line), with the reason
 * @param unclassified resource types neither priced nor known to be free: the estimate cannot be trusted until each
 *                     gets a pricer or a reason ({@link ResourceTypes})
 * @param cost         the stack file's budget and usage assumptions
 * @param notes        what the estimate leaves out on purpose, for every stack
 */
public record CostEstimate(String stack, String region, List<CostLine> lines, Map<String, String> free,
                           List<String> unclassified, CostSettings cost, List<String> notes) {

    public CostEstimate {
        lines = List.copyOf(lines);
        free = new TreeMap<>(free);
        unclassified = List.copyOf(unclassified);
        notes = List.copyOf(notes);
    }

    public double monthlyUsd() {
        return lines.stream().mapToDouble(CostLine::monthlyUsd).sum();
    }

    /** Monthly cost per component, most expensive first. */
    public Map<String, Double> byComponent() {
        Map<String, Double> sums = lines.stream().collect(Collectors.groupingBy(CostLine::component, TreeMap::new,
                Collectors.summingDouble(CostLine::monthlyUsd)));
        return sums.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** The assumptions some charge used, in their declaration order. */
    public Set<UsageAssumption> usedAssumptions() {
        Set<UsageAssumption> used = EnumSet.noneOf(UsageAssumption.class);
        lines.forEach(l -> l.charges().forEach(c -> c.usage().ifPresent(used::add)));
        return used;
    }

    /** Every price a charge used, by key then region-independent identity. */
    public List<Price> pricesUsed() {
        return lines.stream().flatMap(l -> l.charges().stream()).map(Charge::price).distinct()
                .sorted(Comparator.comparing(Price::key)).toList();
    }

    public long pricesOfBasis(Price.Basis basis) {
        return pricesUsed().stream().filter(p -> p.basis() == basis).count();
    }

    /** Parts of resources that cost money but have no price here. */
    public List<String> unpriced() {
        return lines.stream().flatMap(l -> l.unpriced().stream().map(u -> l.name() + ": " + u)).toList();
    }

    /** Every priced resource fully priced and every type classified. */
    public boolean complete() {
        return unpriced().isEmpty() && unclassified.isEmpty();
    }

    public Optional<CostSettings.Budget> budget() {
        return cost.budget();
    }

    /** How far the estimate exceeds the budget (0 or less: within it). */
    public Optional<Double> overBudgetUsd() {
        return cost.budget().map(b -> monthlyUsd() - b.monthlyUsd());
    }
}
