package com.kyeol.platform.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS window formats, in UTC: daily {@code hh24:mi-hh24:mi} (RDS backups, ElastiCache snapshots) and weekly
 * {@code ddd:hh24:mi-ddd:hh24:mi} (maintenance). A window is a span of minutes on a circle (a day or a week).
 */
final class TimeWindows {

    static final int DAY = 24 * 60;
    static final int WEEK = 7 * DAY;
    static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private static final Pattern DAILY = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)-([01]\\d|2[0-3]):([0-5]\\d)");
    private static final Pattern WEEKLY = Pattern.compile(
            "(mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):([0-5]\\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):([0-5]\\d)");

    /** {@code start} minutes after Monday 00:00 (weekly) or midnight (daily); {@code length} minutes long. */
    record Span(int start, int length) {
    }

    private TimeWindows() {
    }

    static Optional<Span> daily(String text) {
        Matcher m = DAILY.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int start = minutes(m.group(1), m.group(2));
        int end = minutes(m.group(3), m.group(4));
        return Optional.of(new Span(start, Math.floorMod(end - start, DAY)));
    }

    static Optional<Span> weekly(String text) {
        Matcher m = WEEKLY.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int start = DAYS.indexOf(m.group(1)) * DAY + minutes(m.group(2), m.group(3));
        int end = DAYS.indexOf(m.group(4)) * DAY + minutes(m.group(5), m.group(6));
        return Optional.of(new Span(start, Math.floorMod(end - start, WEEK)));
    }

    /** Whether the daily window, on any day of the week, overlaps the weekly one. */
    static boolean overlap(Span weekly, Span daily) {
        for (int day = 0; day < 7; day++) {
            if (overlap(weekly, new Span(day * DAY + daily.start(), daily.length()), WEEK)) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlap(Span a, Span b, int circle) {
        return Math.floorMod(b.start() - a.start(), circle) < a.length() || Math.floorMod(a.start() - b.start(), circle) < b.length();
    }

    private static int minutes(String hours, String minutes) {
        return Integer.parseInt(hours) * 60 + Integer.parseInt(minutes);
    }
}
