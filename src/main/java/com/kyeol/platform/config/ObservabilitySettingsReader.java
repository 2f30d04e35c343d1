package com.kyeol.platform.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code observability} part of {@link SettingsLoader}, read through the same {@link ConfigSection}s into the
 * same problem list. The hub must say who may reach Grafana; retention may only grow from development to production
 * ("short on dev, longer on prod"); workload stacks may only turn traces on.
 */
final class ObservabilitySettingsReader {

    static final int MAX_METRICS_DAYS = 365;
    static final int MAX_LOGS_DAYS = 731;
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final List<String> HUB_KEYS = List.of("grafanaHostname", "grafanaAllowedCidrs", "telemetryHostname",
            "alertEmails", "retention");

    private ObservabilitySettingsReader() {
    }

    /** The workload part: {@code traces} only; the hub's keys are refused. An absent section means the defaults. */
    static ObservabilitySettings workload(Optional<ConfigSection> section) {
        if (section.isEmpty()) {
            return ObservabilitySettings.workloadDefaults();
        }
        var s = section.get();
        boolean traces = s.bool("traces", false).orElse(false);
        HUB_KEYS.forEach(k -> s.forbid(k, "only the hub (role: hub) runs the stores and Grafana"));
        s.rejectUnknownKeys();
        return new ObservabilitySettings(traces, Optional.empty());
    }

    /**
     * The hub part.
     *
     * @param zone the hosted zone (null when invalid, reported already): hostnames default into it. That no two of the
     *             hub's hostnames (ArgoCD's, Grafana's, the telemetry endpoint's) or any other stack's are equal is
     *             checked with all the project's hostnames ({@link Hostnames})
     */
    static Optional<ObservabilitySettings> hub(ConfigSection s, String zone) {
        int before = s.problems().lines().size();
        s.forbid("traces", "the hub runs no Saleor to trace (set it on a workload stack)");
        String grafana = hostname(s, "grafanaHostname", zone, zone == null ? "" : Hostnames.grafana(zone));
        String telemetry = hostname(s, "telemetryHostname", zone, zone == null ? "" : Hostnames.telemetry(zone));
        Optional<List<Cidr>> allowed = SettingsLoader.accessCidrs(s, "grafanaAllowedCidrs",
                "CIDRs of the people who use Grafana (never 0.0.0.0/0)");
        List<String> emails = s.stringList("alertEmails", false, v -> EMAIL.matcher(v).matches(),
                "e-mail addresses such as ops@example.com").orElse(List.of());
        s.rejectRepeats("alertEmails", emails);
        Map<Tier, ObservabilitySettings.Retention> retention = retention(s.section("retention", false));
        s.rejectUnknownKeys();
        if (s.problems().lines().size() > before || allowed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ObservabilitySettings(false, Optional.of(new ObservabilitySettings.Hub(grafana, allowed.get(),
                telemetry, emails, retention))));
    }

    private static String hostname(ConfigSection s, String key, String zone, String fallback) {
        return s.string(key, false, v -> SettingsLoader.isHostname(v) && (zone == null || v.endsWith("." + zone)),
                        "a DNS name inside domain.zone" + (zone == null ? "" : " " + zone) + ", such as " + fallback
                                + " (its certificate is validated and its record kept in that hosted zone)")
                .orElse(fallback);
    }

    /** Per tier, days of metrics and logs; each defaults to {@link ObservabilitySettings.Retention#defaults}. */
    private static Map<Tier, ObservabilitySettings.Retention> retention(Optional<ConfigSection> section) {
        var out = new EnumMap<Tier, ObservabilitySettings.Retention>(Tier.class);
        for (Tier tier : Tier.values()) {
            var defaults = ObservabilitySettings.Retention.defaults(tier);
            var tierSection = section.flatMap(r -> r.section(tier.configValue(), false));
            int metrics = tierSection.flatMap(t -> t.integer("metricsDays", false, 1, MAX_METRICS_DAYS)).orElse(defaults.metricsDays());
            int logs = tierSection.flatMap(t -> t.integer("logsDays", false, 1, MAX_LOGS_DAYS)).orElse(defaults.logsDays());
            tierSection.ifPresent(ConfigSection::rejectUnknownKeys);
            out.put(tier, new ObservabilitySettings.Retention(metrics, logs));
        }
        section.ifPresent(r -> {
            r.rejectUnknownKeys();
            shorterAboveFails(r, out, Tier.DEVELOPMENT, Tier.STAGING);
            shorterAboveFails(r, out, Tier.STAGING, Tier.PRODUCTION);
        });
        return out;
    }

    /** A higher tier may not keep anything shorter than the tier below it. */
    private static void shorterAboveFails(ConfigSection r, Map<Tier, ObservabilitySettings.Retention> retention, Tier lower, Tier higher) {
        var low = retention.get(lower);
        var high = retention.get(higher);
        if (high.metricsDays() < low.metricsDays()) {
            r.problems().add(r.key(higher.configValue() + ".metricsDays"), high.metricsDays() + " days is shorter than "
                    + lower.configValue() + "'s " + low.metricsDays(), "at least as long as the tier below (short on dev, longer on prod)");
        }
        if (high.logsDays() < low.logsDays()) {
            r.problems().add(r.key(higher.configValue() + ".logsDays"), high.logsDays() + " days is shorter than "
                    + lower.configValue() + "'s " + low.logsDays(), "at least as long as the tier below (short on dev, longer on prod)");
        }
    }
}
