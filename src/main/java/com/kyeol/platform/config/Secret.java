package com.kyeol.platform.config;

import com.pulumi.core.Output;

/**
 * A value from an encrypted stack-config key ({@code pulumi config set --secret}). It prints as
 * {@code [secret]} and reaches resources only as a secret {@link Output}.
 */
public final class Secret {

    private final String value;

    Secret(String value) {
        this.value = value;
    }

    /** The value as a secret output: the engine encrypts it in state and masks it in every display. */
    public Output<String> output() {
        return Output.ofSecret(value);
    }

    @Override
    public String toString() {
        return ProjectFiles.SECRET_PLACEHOLDER;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
