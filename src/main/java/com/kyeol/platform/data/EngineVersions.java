package com.kyeol.platform.data;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The engine majors the data tier supports and the parameter-group family of each: the one table to edit when a
 * new major is adopted (the stack files then name it, the tests follow).
 *
 * <ul>
 *   <li>PostgreSQL 16 and 17: Saleor 3.23 needs 14 or newer (its CI runs 15); both are in RDS standard support.
 *   <li>Valkey 8: what Saleor documents; ElastiCache family {@code valkey8} covers 8.0, 8.1 and 8.2.
 * </ul>
 */
public final class EngineVersions {

    private static final Map<String, String> POSTGRES = Map.of("16", "postgres16", "17", "postgres17");
    private static final Map<String, String> VALKEY = Map.of("8", "valkey8");

    private EngineVersions() {
    }

    public static Set<String> postgresMajors() {
        return new java.util.TreeSet<>(POSTGRES.keySet());
    }

    public static Set<String> valkeyMajors() {
        return new java.util.TreeSet<>(VALKEY.keySet());
    }

    /** {@code postgres17} for major {@code 17}. */
    public static Optional<String> postgresFamily(String major) {
        return Optional.ofNullable(POSTGRES.get(major));
    }

    /** {@code valkey8} for major {@code 8}. */
    public static Optional<String> valkeyFamily(String major) {
        return Optional.ofNullable(VALKEY.get(major));
    }
}
