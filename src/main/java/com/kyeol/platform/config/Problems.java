package com.kyeol.platform.config;

import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems of one source file so that all of them are reported at once. */
public final class Problems {

    private final String source;
    private final List<String> lines = new ArrayList<>();

    public Problems(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    /** Records {@code <source>: <key>: <problem>; expected <expected>}. */
    public void add(String key, String problem, String expected) {
        lines.add(String.format("%s: %s: %s; expected %s", source, key, problem, expected));
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public void throwIfAny() {
        if (!lines.isEmpty()) {
            throw new InvalidSettingsException(lines);
        }
    }
}
