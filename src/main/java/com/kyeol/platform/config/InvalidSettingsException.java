package com.kyeol.platform.config;

import java.util.List;

/**
 * Every problem found in one stack's configuration, each a complete one-line message
 * ({@code <file>: <key>: <what is wrong>; expected <what>}). Thrown once, after all checks ran.
 */
public final class InvalidSettingsException extends RuntimeException {

    private final List<String> problems;

    public InvalidSettingsException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
