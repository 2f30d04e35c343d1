package com.kyeol.platform.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The public hostnames a stack file gives its stack, with the key that sets each: a workload's service hostname
 * (CloudFront's alias) and origin hostname (the ALB, kept by ExternalDNS), the hub's ArgoCD, Grafana and telemetry
 * endpoint hostnames. Each one is a
 * DNS record and a certificate of its own, so no two may be equal, within a stack or across the project's stack
 * files, and each must be a valid DNS name even when it is derived from {@code domain.site} and the stack name.
 */
final class Hostnames {

    /** RFC 1035: a label has at most 63 octets, a name at most 253 characters in text form. */
    static final int MAX_LABEL = 63;
    static final int MAX_NAME = 253;

    /** A hostname, the key that decides it ({@code kyeol-platform:domain.site} when it is derived) and what it is. */
    record Named(String hostname, String key, String what) {
    }

    private Hostnames() {
    }

    static String service(String stack, String site, String zone) {
        return stack + "-" + site + "." + zone;
    }

    static String origin(String stack, String site, String zone) {
        return "origin-" + stack + "-" + site + "." + zone;
    }

    static String argocd(String zone) {
        return "argocd." + zone;
    }

    static String grafana(String zone) {
        return "grafana." + zone;
    }

    static String telemetry(String zone) {
        return "telemetry." + zone;
    }

    /**
     * The hostnames of {@code config}, read leniently: values its own validation would refuse are left out (that
     * validation reports them when the file itself is loaded), an unreadable file has none.
     */
    static List<Named> of(StackConfig config) {
        List<Named> out = new ArrayList<>();
        if (!config.readable()) {
            return out;
        }
        var quiet = new Problems(config.source());
        String prefix = config.project() + ":";
        var root = new ConfigSection(prefix, SettingsLoader.ownKeys(config, quiet), quiet);
        Optional<Role> role = SettingsLoader.role(root);
        Optional<ConfigSection> domain = root.section("domain", false);
        Optional<String> zone = domain.flatMap(d -> d.string("zone", false, SettingsLoader::isHostname, ""));
        if (role.isEmpty() || zone.isEmpty()) {
            return out;
        }
        if (role.get() == Role.HUB) {
            Optional<String> explicit = root.section("hub", false).flatMap(h -> h.string("argocdHostname", false, v -> true, ""));
            out.add(new Named(explicit.orElse(argocd(zone.get())),
                    prefix + (explicit.isPresent() ? "hub.argocdHostname" : "domain.zone"), "ArgoCD hostname"));
            Optional<ConfigSection> observability = root.section("observability", false);
            Optional<String> grafana = observability.flatMap(o -> o.string("grafanaHostname", false, v -> true, ""));
            out.add(new Named(grafana.orElse(grafana(zone.get())),
                    prefix + (grafana.isPresent() ? "observability.grafanaHostname" : "domain.zone"), "Grafana hostname"));
            Optional<String> telemetry = observability.flatMap(o -> o.string("telemetryHostname", false, v -> true, ""));
            out.add(new Named(telemetry.orElse(telemetry(zone.get())),
                    prefix + (telemetry.isPresent() ? "observability.telemetryHostname" : "domain.zone"), "telemetry endpoint hostname"));
            return out;
        }
        Optional<String> site = domain.flatMap(d -> d.string("site", false, v -> true, ""));
        Optional<String> service = domain.flatMap(d -> d.string("serviceHostname", false, v -> true, ""));
        Optional<String> origin = domain.flatMap(d -> d.string("originHostname", false, v -> true, ""));
        if (service.isPresent()) {
            out.add(new Named(service.get(), prefix + "domain.serviceHostname", "service hostname"));
        } else {
            site.ifPresent(s -> out.add(new Named(service(config.stack(), s, zone.get()), prefix + "domain.site", "service hostname")));
        }
        if (origin.isPresent()) {
            out.add(new Named(origin.get(), prefix + "domain.originHostname", "origin hostname"));
        } else {
            site.ifPresent(s -> out.add(new Named(origin(config.stack(), s, zone.get()), prefix + "domain.site", "origin hostname")));
        }
        return out;
    }

    /** Why {@code hostname} cannot be a DNS name because of its length, if it cannot. */
    static Optional<String> lengthProblem(String hostname) {
        for (String label : hostname.split("\\.")) {
            if (label.length() > MAX_LABEL) {
                return Optional.of("its label '" + label + "' has " + label.length() + " characters");
            }
        }
        return hostname.length() > MAX_NAME ? Optional.of("it has " + hostname.length() + " characters") : Optional.empty();
    }
}
