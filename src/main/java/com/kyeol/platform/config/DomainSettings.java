package com.kyeol.platform.config;

import java.util.Optional;

/**
 * DNS names of a stack. {@code zone} is the existing public hosted zone (referenced, never created).
 * Workload stacks have a service hostname (what customers type, CloudFront's alias) and an origin
 * hostname (kept by ExternalDNS, pointed at the ALB); the hub has neither.
 */
public record DomainSettings(String zone, Optional<String> serviceHostname, Optional<String> originHostname) {
}
