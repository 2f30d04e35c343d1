package com.kyeol.platform.config;

import java.util.List;
import java.util.Optional;

/**
 * What the stack's explicit aws provider is built from ({@code aws:region}, {@code aws:profile},
 * {@code aws:allowedAccountIds}). Explicit providers do not read {@code aws:} config on their own.
 */
public record AwsSettings(String region, Optional<String> profile, List<String> allowedAccountIds) {
}
