package com.kyeol.platform.config;

import java.util.Optional;

/**
 * DNS names of a stack. {@code zone} is the existing public hosted zone (referenced, never created).
 * Workload stacks have a service hostname (what customers type, CloudFront's alias) and an origin
 * hostname (kept by ExternalDNS, pointed at the ALB); the hub has neither. {@code site} also namespaces the hub's
 * ECR repositories ({@code kyeol/api}).
 */
public record DomainSettings(String zone, String site, Optional<String> serviceHostname, Optional<String> originHostname) {
}
