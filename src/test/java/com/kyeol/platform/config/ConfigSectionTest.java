package com.kyeol.platform.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigSectionTest {

    private final Problems problems = new Problems("Pulumi.dev.yaml");

    private ConfigSection section(Map<String, Object> values, Set<String> secretKeys) {
        return new ConfigSection("kyeol-platform:", values, problems, secretKeys, false);
    }

    @Test
    void anEncryptedSecretIsReadAndNeverPrinted() {
        var secret = section(Map.of("token", "a-long-enough-token-value"), Set.of("token"))
                .secret("token", true, v -> v.length() >= 16, "16 characters or more").orElseThrow();
        assertEquals("[secret]", secret.toString());
        assertTrue(problems.isEmpty(), problems.lines()::toString);
    }

    @Test
    void aPlainTextSecretIsRefusedWithTheCommandToFixIt() {
        var read = section(Map.of("token", "hunter2-in-the-repo"), Set.of()).secret("token", true, v -> true, "a token");
        assertTrue(read.isEmpty());
        assertEquals("Pulumi.dev.yaml: kyeol-platform:token: is stored in plain text; expected an encrypted value: "
                + "run `pulumi config set --secret kyeol-platform:token`", problems.lines().get(0));
    }

    @Test
    void anInvalidSecretIsReportedWithoutItsValue() {
        var read = section(Map.of("token", "short"), Set.of("token")).secret("token", true, v -> v.length() >= 16, "16+ chars");
        assertTrue(read.isEmpty());
        assertEquals(1, problems.lines().size());
        assertTrue(!problems.lines().get(0).contains("short"), problems.lines().get(0));
    }

    @Test
    void offlineThePlaceholderIsNotValidated() {
        var read = section(Map.of("token", ProjectFiles.SECRET_PLACEHOLDER), Set.of("token"))
                .secret("token", true, v -> v.length() >= 16, "16+ chars");
        assertTrue(read.isPresent());
        assertTrue(problems.isEmpty());
    }

    @Test
    void offlineAMissingRequiredSecretIsPlannedAsAPlaceholder() {
        var read = new ConfigSection("kyeol-platform:", Map.of(), problems, Set.of(), true)
                .secret("token", true, v -> true, "a token");
        assertEquals("[secret]", read.orElseThrow().toString());
        assertTrue(problems.isEmpty(), problems.lines()::toString);
    }

    @Test
    void aMissingRequiredSecretSaysHowToSetIt() {
        section(Map.of(), Set.of()).secret("token", true, v -> true, "a token");
        assertTrue(problems.lines().get(0).contains("is missing; expected a token, set with `pulumi config set --secret kyeol-platform:token`"),
                problems.lines().get(0));
    }
}
