package com.kyeol.platform.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The labels every namespace gets, and the one way to enforce less than restricted: saying why. */
class PodSecurityTest {

    @Test
    void enforceAtTheLevelWarnAndAuditAtRestricted() {
        assertEquals(Map.of("pod-security.kubernetes.io/enforce", "baseline", "pod-security.kubernetes.io/warn", "restricted",
                "pod-security.kubernetes.io/audit", "restricted"), PodSecurity.labels(PodSecurity.Level.BASELINE));
        assertEquals(List.of("restricted", "baseline", "privileged"),
                List.of(PodSecurity.Level.values()).stream().map(PodSecurity.Level::label).toList());
        assertTrue(PodSecurity.Level.fromLabel("Restricted").isEmpty(), "labels are lowercase");
    }

    @Test
    void belowRestrictedOnlyWithAReasonAndNeverForRestricted() {
        var blank = assertThrows(IllegalArgumentException.class,
                () -> PodSecurity.below("r", "runners", PodSecurity.Level.PRIVILEGED, " ", null));
        assertTrue(blank.getMessage().contains("runners"), blank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PodSecurity.below("r", "runners", PodSecurity.Level.BASELINE, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> PodSecurity.below("r", "runners", PodSecurity.Level.RESTRICTED, "why not", null));
    }
}
