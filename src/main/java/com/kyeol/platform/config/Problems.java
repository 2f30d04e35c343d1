package com.kyeol.platform.config;

import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems of one source file so that all of them are reported at once. */
public final class Problems {

    private final String source;
    private final List<String> lines = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

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

    /**
     * Records {@code <source>:<line>:<column>: [<key>: ]<problem>; expected <expected>} for a problem found in the
     * file's text (YAML syntax, encoding, a repeated key), where a position says more than a key. Lines and columns
     * count from 1, as editors show them.
     */
    public void addAt(int line, int column, String key, String problem, String expected) {
        lines.add(String.format("%s:%d:%d: %s%s; expected %s", source, line, column, key == null ? "" : key + ": ", problem, expected));
    }

    /**
     * Takes over problems already reported as complete lines for another file (a stack file this one depends on,
     * such as the hub's): they keep naming that file.
     */
    public void include(List<String> otherFileLines) {
        lines.addAll(otherFileLines);
    }

    /** Something the user should know that is not a problem (e.g. an offline placeholder). */
    public void note(String key, String text) {
        notes.add(String.format("%s: %s: %s", source, key, text));
    }

    public List<String> notes() {
        return List.copyOf(notes);
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
