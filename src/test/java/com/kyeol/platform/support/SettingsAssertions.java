package com.kyeol.platform.support;

import com.kyeol.platform.config.InvalidSettingsException;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.StackConfig;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every configuration problem must look like: one line naming file and key, what is wrong and what is expected. */
public final class SettingsAssertions {

    private SettingsAssertions() {
    }

    /** The problems loading {@code config} reports (it must report some). */
    public static List<String> problems(StackConfig config, List<StackConfig> siblings) {
        return assertThrows(InvalidSettingsException.class, () -> SettingsLoader.load(config, siblings)).problems();
    }

    public static List<String> problems(StackConfig config) {
        return problems(config, List.of());
    }

    public static void assertOneProblem(List<String> problems, String key, String fragment) {
        assertEquals(1, problems.size(), () -> "expected exactly one problem, got " + problems);
        String line = problems.get(0);
        assertTrue(line.startsWith("Pulumi."), line);
        assertTrue(line.contains(": " + key + ": "), () -> "key " + key + " not named in: " + line);
        assertTrue(line.contains(fragment), () -> "'" + fragment + "' not in: " + line);
        assertTrue(line.contains("; expected "), line);
        assertFalse(line.contains("\n"), line);
    }

    public static void assertOneProblem(StackConfig config, String key, String fragment) {
        assertOneProblem(problems(config), key, fragment);
    }

    /** Exactly these problem lines, in this order: the whole message, as the user reads it. */
    public static void assertProblems(List<String> problems, String... expected) {
        assertEquals(List.of(expected), problems, () -> "problems were:\n" + String.join("\n", problems));
    }

    /** The configuration loads: no problem. */
    public static void assertLoads(StackConfig config, List<StackConfig> siblings) {
        try {
            SettingsLoader.load(config, siblings);
        } catch (InvalidSettingsException e) {
            throw new AssertionError("expected no problem, got:\n" + String.join("\n", e.problems()));
        }
    }
}
