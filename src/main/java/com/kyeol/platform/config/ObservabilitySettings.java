package com.kyeol.platform.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Operability of one stack. Every stack ships its metrics and logs to the hub; the hub also runs the stores,
 * Grafana and alert routing ({@link Hub}). Validated by {@link ObservabilitySettingsReader}.
 *
 * @param traces workload stacks: Saleor exports OpenTelemetry traces (to AWS X-Ray) and metrics (to the hub)
 * @param hub    the hub only: stores, Grafana, alerting
 */
public record ObservabilitySettings(boolean traces, Optional<Hub> hub) {

    /** What every workload stack gets without an {@code observability} section: no traces. */
    public static ObservabilitySettings workloadDefaults() {
        return new ObservabilitySettings(false, Optional.empty());
    }

    /**
     * @param grafanaHostname     where Grafana is served (ALB with TLS, like ArgoCD)
     * @param grafanaAllowedCidrs who may reach Grafana's load balancer (never 0.0.0.0/0)
     * @param telemetryHostname   where the spokes push metrics and logs (ALB with TLS; each spoke admits only its NAT address)
     * @param alertEmails         addresses subscribed to the paging topic (each confirms once by e-mail)
     * @param retention           how long each tier's metrics and logs are kept
     */
    public record Hub(String grafanaHostname, List<Cidr> grafanaAllowedCidrs, String telemetryHostname, List<String> alertEmails,
                      Map<Tier, Retention> retention) {

        public Hub {
            grafanaAllowedCidrs = List.copyOf(grafanaAllowedCidrs);
            alertEmails = List.copyOf(alertEmails);
            var copy = new EnumMap<Tier, Retention>(Tier.class);
            copy.putAll(retention);
            retention = Map.copyOf(copy);
        }

        public Retention retention(Tier tier) {
            return retention.get(tier);
        }
    }

    /**
     * @param metricsDays how long the tier's Prometheus keeps samples
     * @param logsDays    how long Loki keeps the tier's log streams
     */
    public record Retention(int metricsDays, int logsDays) {

        /** Defaults: short on development, longer on production. */
        public static Retention defaults(Tier tier) {
            return switch (tier) {
                case DEVELOPMENT -> new Retention(7, 7);
                case STAGING -> new Retention(15, 30);
                case PRODUCTION -> new Retention(30, 90);
            };
        }
    }
}
