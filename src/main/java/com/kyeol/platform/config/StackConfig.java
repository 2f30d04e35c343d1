package com.kyeol.platform.config;

import java.util.Map;
import java.util.Set;

/**
 * One stack's raw configuration as the Pulumi engine hands it to a program: namespaced keys
 * ({@code kyeol-platform:network}, {@code aws:region}) mapped to strings, structured values as JSON.
 *
 * @param source     where it came from, named in every problem (e.g. {@code Pulumi.dev.yaml})
 * @param secretKeys keys whose values are secrets (never printed)
 * @param offline    read from the stack file without the Pulumi CLI: secrets cannot be decrypted there, so
 *                   a secret the file does not carry yet stands as a placeholder instead of being an error
 */
public record StackConfig(String project, String stack, String source, Map<String, String> values, Set<String> secretKeys,
                          boolean offline) {

    public StackConfig {
        values = Map.copyOf(values);
        secretKeys = Set.copyOf(secretKeys);
    }
}
