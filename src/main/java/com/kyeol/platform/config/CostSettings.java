package com.kyeol.platform.config;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the offline cost estimate needs from a stack file ({@code kyeol-platform:cost}, optional): an optional
 * monthly budget and the usage the plan cannot show. Read by {@link CostSettingsReader}.
 *
 * @param budget     a plan estimated above it is a policy violation at the budget's enforcement level
 * @param usage      every {@link UsageAssumption}: the tier's default unless the stack file sets it
 * @param overridden the assumptions the stack file set (the estimate says which values are defaults)
 */
public record CostSettings(Optional<Budget> budget, Map<UsageAssumption, Double> usage, Set<UsageAssumption> overridden) {

    public CostSettings {
        usage = Map.copyOf(new EnumMap<>(usage));
        overridden = Set.copyOf(overridden);
        for (UsageAssumption u : UsageAssumption.values()) {
            if (!usage.containsKey(u)) {
                throw new IllegalArgumentException("no value for usage assumption " + u.configName());
            }
        }
    }

    /** How a budget overrun is reported; the same words as a policy's enforcement level. */
    public enum Enforcement {
        ADVISORY("advisory"),
        MANDATORY("mandatory");

        private final String configValue;

        Enforcement(String configValue) {
            this.configValue = configValue;
        }

        public String configValue() {
            return configValue;
        }
    }

    /** A monthly budget in USD (the currency of AWS list prices). */
    public record Budget(double monthlyUsd, Enforcement enforcement) {
    }

    public double usage(UsageAssumption assumption) {
        return usage.get(assumption);
    }

    /** The tier's defaults, no budget: what a stack file without {@code cost} gets. */
    public static CostSettings defaults(Tier tier) {
        Map<UsageAssumption, Double> usage = new EnumMap<>(UsageAssumption.class);
        for (UsageAssumption u : UsageAssumption.values()) {
            usage.put(u, u.defaultFor(tier));
        }
        return new CostSettings(Optional.empty(), usage, Set.of());
    }
}
