package com.kyeol.platform.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One stack's raw configuration as the Pulumi engine hands it to a program: namespaced keys
 * ({@code kyeol-platform:network}, {@code aws:region}) mapped to strings, structured values as JSON.
 *
 * @param source     where it came from, named in every problem (e.g. {@code Pulumi.dev.yaml})
 * @param secretKeys keys whose values are secrets (never printed)
 */
public record StackConfig(String project, String stack, String source, Map<String, String> values, Set<String> secretKeys) {

    public StackConfig {
        values = Map.copyOf(values);
        secretKeys = Set.copyOf(secretKeys);
    }

    /**
     * A copy in which each of {@code keys} holds the secret placeholder, as a stack file's {@code secure:} value
     * does offline. Only the offline plan and the tests use this, for required secrets a fresh clone cannot have
     * (see {@link SettingsLoader#missingSecrets}); {@code pulumi up} never does.
     */
    public StackConfig withSecretPlaceholders(Collection<String> keys) {
        Map<String, String> newValues = new HashMap<>(values);
        Set<String> newSecrets = new HashSet<>(secretKeys);
        for (String key : keys) {
            newValues.put(key, ProjectFiles.SECRET_PLACEHOLDER);
            newSecrets.add(key);
        }
        return new StackConfig(project, stack, source, newValues, newSecrets);
    }
}
