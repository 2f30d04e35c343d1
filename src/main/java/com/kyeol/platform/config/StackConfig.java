package com.kyeol.platform.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One stack's raw configuration as the Pulumi engine hands it to a program: namespaced keys
 * ({@code kyeol-platform:network}, {@code aws:region}) mapped to strings, structured values as JSON.
 *
 * @param source       where it came from, named in every problem (e.g. {@code Pulumi.dev.yaml})
 * @param secretKeys   keys whose values are secrets (never printed)
 * @param offline      read from the stack file without the Pulumi CLI: secrets cannot be decrypted there, so
 *                     a secret the file does not carry yet stands as a placeholder instead of being an error
 * @param readProblems why the stack file could not be read at all (YAML syntax, encoding, repeated keys), as
 *                     complete problem lines naming that file; empty for a readable file. Only siblings are kept
 *                     unreadable ({@link ProjectFiles#siblingsOf}): a stack that depends on one reports these.
 */
public record StackConfig(String project, String stack, String source, Map<String, String> values, Set<String> secretKeys,
                          boolean offline, List<String> readProblems) {

    public StackConfig {
        values = Map.copyOf(values);
        secretKeys = Set.copyOf(secretKeys);
        readProblems = List.copyOf(readProblems);
    }

    public StackConfig(String project, String stack, String source, Map<String, String> values, Set<String> secretKeys,
                       boolean offline) {
        this(project, stack, source, values, secretKeys, offline, List.of());
    }

    /** A stack file that exists but cannot be read; {@code problems} are its own problem lines. */
    public static StackConfig unreadable(String project, String stack, String source, List<String> problems) {
        return new StackConfig(project, stack, source, Map.of(), Set.of(), true, problems);
    }

    public boolean readable() {
        return readProblems.isEmpty();
    }
}
