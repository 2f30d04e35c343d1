package com.kyeol.platform.config;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code kyeol-platform:cost} part of {@link SettingsLoader}, read through the same {@link ConfigSection}s into
 * the same problem list:
 * <pre>
 * kyeol-platform:cost:
 *   budget: {monthlyUsd: 1500, enforcement: mandatory}   # optional; enforcement advisory (default) or mandatory
 *   usage: {cdnRequestsMillions: 50, natDataGB: 300}     # optional; any {@link UsageAssumption}, others keep the tier's default
 * </pre>
 */
final class CostSettingsReader {

    /** Largest budget or usage value accepted: a typo such as an extra zero is still caught by the budget itself. */
    static final double MAX_AMOUNT = 10_000_000;
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,8}(\\.\\d{1,4})?");

    private CostSettingsReader() {
    }

    /** @param tier null when the tier itself is invalid (reported already): defaults are then production's */
    static CostSettings read(Optional<ConfigSection> section, Tier tier) {
        CostSettings defaults = CostSettings.defaults(tier == null ? Tier.PRODUCTION : tier);
        if (section.isEmpty()) {
            return defaults;
        }
        ConfigSection s = section.get();
        Optional<CostSettings.Budget> budget = s.section("budget", false).flatMap(CostSettingsReader::budget);
        Map<UsageAssumption, Double> usage = new EnumMap<>(defaults.usage());
        Set<UsageAssumption> overridden = EnumSet.noneOf(UsageAssumption.class);
        s.section("usage", false).ifPresent(u -> {
            for (UsageAssumption assumption : UsageAssumption.values()) {
                amount(u, assumption.configName(), false, "a number of " + assumption.unit() + " from 0 to " + (long) MAX_AMOUNT
                        + " (" + assumption.meaning() + ")").ifPresent(value -> {
                            usage.put(assumption, value);
                            overridden.add(assumption);
                        });
            }
            u.rejectUnknownKeys();
        });
        s.rejectUnknownKeys();
        return new CostSettings(budget, usage, overridden);
    }

    private static Optional<CostSettings.Budget> budget(ConfigSection b) {
        Optional<Double> monthly = amount(b, "monthlyUsd", true, "the most this stack may cost per month in USD, e.g. 1500")
                .filter(v -> {
                    if (v <= 0) {
                        b.problems().add(b.key("monthlyUsd"), ConfigSection.render(v) + " is not a budget", "a positive amount in USD, e.g. 1500");
                        return false;
                    }
                    return true;
                });
        CostSettings.Enforcement enforcement = b.string("enforcement", false,
                        v -> v.equals("advisory") || v.equals("mandatory"),
                        "advisory (report an overrun) or mandatory (an overrun fails bin/plan with exit code 3)")
                .map(v -> v.equals("mandatory") ? CostSettings.Enforcement.MANDATORY : CostSettings.Enforcement.ADVISORY)
                .orElse(CostSettings.Enforcement.ADVISORY);
        b.rejectUnknownKeys();
        return monthly.map(m -> new CostSettings.Budget(m, enforcement));
    }

    private static Optional<Double> amount(ConfigSection s, String name, boolean required, String expected) {
        return s.string(name, required, v -> AMOUNT.matcher(v).matches() && Double.parseDouble(v) <= MAX_AMOUNT, expected)
                .map(Double::parseDouble);
    }
}
