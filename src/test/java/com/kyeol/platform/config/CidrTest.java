package com.kyeol.platform.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrTest {

    private static Cidr cidr(String text) {
        return Cidr.parse(text).orElseThrow();
    }

    @Test
    void parsesAndPrintsANetwork() {
        assertEquals("10.10.32.0/19", cidr("10.10.32.0/19").toString());
        assertEquals(8192, cidr("10.10.32.0/19").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.10.0.0/33", "10.10.0.1/16", "256.0.0.0/8", "10.10.0.0", "10.10.0/16", "ten/8", "", " /16"})
    void rejectsMalformedOrHostBits(String text) {
        assertTrue(Cidr.parse(text).isEmpty(), text);
    }

    @Test
    void containsAndOverlaps() {
        assertTrue(cidr("10.10.0.0/16").contains(cidr("10.10.32.0/19")));
        assertFalse(cidr("10.10.32.0/19").contains(cidr("10.10.0.0/16")));
        assertTrue(cidr("10.10.32.0/19").overlaps(cidr("10.10.0.0/16")));
        assertFalse(cidr("10.10.0.0/16").overlaps(cidr("10.20.0.0/16")));
        assertTrue(cidr("10.0.0.0/8").overlaps(cidr("10.20.0.0/16")));
    }
}
