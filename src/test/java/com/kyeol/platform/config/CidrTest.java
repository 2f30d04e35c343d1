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

    @Test
    void aSetOfBlocksCoversEveryAddressOnlyWhenItsUnionLeavesNoGap() {
        java.util.function.Function<String, java.util.List<Cidr>> list = text -> java.util.Arrays.stream(text.split(" ")).map(CidrTest::cidr).toList();
        assertTrue(Cidr.coverEveryAddress(list.apply("0.0.0.0/0")));
        assertTrue(Cidr.coverEveryAddress(list.apply("0.0.0.0/1 128.0.0.0/1")));
        assertTrue(Cidr.coverEveryAddress(list.apply("128.0.0.0/1 0.0.0.0/2 64.0.0.0/2")), "order does not matter");
        assertTrue(Cidr.coverEveryAddress(list.apply("0.0.0.0/1 64.0.0.0/2 128.0.0.0/1 198.51.100.0/24")), "overlaps do not matter");
        assertFalse(Cidr.coverEveryAddress(list.apply("0.0.0.0/1 128.0.0.0/2")), "192.0.0.0/2 is left out");
        assertFalse(Cidr.coverEveryAddress(list.apply("0.0.0.0/1 128.0.0.0/2 192.0.0.0/3 224.0.0.0/4 240.0.0.0/5 248.0.0.0/6 "
                + "252.0.0.0/7 254.0.0.0/8 255.0.0.0/9 255.128.0.0/10 255.192.0.0/11 255.224.0.0/12 255.240.0.0/13 255.248.0.0/14 "
                + "255.252.0.0/15 255.254.0.0/16 255.255.0.0/17 255.255.128.0/18 255.255.192.0/19 255.255.224.0/20 255.255.240.0/21 "
                + "255.255.248.0/22 255.255.252.0/23 255.255.254.0/24 255.255.255.0/25 255.255.255.128/26 255.255.255.192/27 "
                + "255.255.255.224/28 255.255.255.240/29 255.255.255.248/30 255.255.255.252/31")), "255.255.255.254/31 is left out");
        assertFalse(Cidr.coverEveryAddress(list.apply("1.0.0.0/8 0.0.0.0/8 2.0.0.0/7")));
        assertFalse(Cidr.coverEveryAddress(java.util.List.of()));
    }
}
