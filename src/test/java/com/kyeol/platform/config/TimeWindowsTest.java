package com.kyeol.platform.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeWindowsTest {

    @Test
    void dailyAndWeeklyLengthsWrapAroundMidnightAndTheWeek() {
        assertEquals(30, TimeWindows.daily("17:00-17:30").orElseThrow().length());
        assertEquals(60, TimeWindows.daily("23:30-00:30").orElseThrow().length());
        assertEquals(120, TimeWindows.weekly("sun:23:00-mon:01:00").orElseThrow().length());
        assertTrue(TimeWindows.daily("24:00-01:00").isEmpty());
        assertTrue(TimeWindows.weekly("sun:18:00-19:00").isEmpty());
    }

    @Test
    void overlapOnAnyDay() {
        var maintenance = TimeWindows.weekly("wed:03:00-wed:04:00").orElseThrow();
        assertTrue(TimeWindows.overlap(maintenance, TimeWindows.daily("03:30-04:30").orElseThrow()));
        assertTrue(TimeWindows.overlap(maintenance, TimeWindows.daily("02:00-03:01").orElseThrow()));
        assertFalse(TimeWindows.overlap(maintenance, TimeWindows.daily("02:00-03:00").orElseThrow()), "touching is not overlapping");
        assertFalse(TimeWindows.overlap(maintenance, TimeWindows.daily("04:00-04:30").orElseThrow()));
        assertTrue(TimeWindows.overlap(TimeWindows.weekly("sun:23:30-mon:00:30").orElseThrow(), TimeWindows.daily("00:00-00:30").orElseThrow()));
    }
}
