package com.kyeol.platform.observability;

import java.util.Map;
import java.util.Optional;

/**
 * RDS for PostgreSQL's default {@code max_connections} is {@code LEAST({DBInstanceClassMemory/9531392}, 5000)}; this
 * estimates it from the instance class's memory (90% of the nominal memory, which is about what
 * DBInstanceClassMemory reports) so the connection alarm follows the stack file's instance class.
 */
public final class DatabaseConnections {

    /** GiB of memory per size, by the letter the instance family starts with (t: burstable, m: general, r: memory). */
    private static final Map<Character, Map<String, Integer>> MEMORY_GIB = Map.of(
            't', Map.of("micro", 1, "small", 2, "medium", 4, "large", 8, "xlarge", 16, "2xlarge", 32),
            'm', Map.of("large", 8, "xlarge", 16, "2xlarge", 32, "4xlarge", 64, "8xlarge", 128, "12xlarge", 192, "16xlarge", 256),
            'r', Map.of("large", 16, "xlarge", 32, "2xlarge", 64, "4xlarge", 128, "8xlarge", 256, "12xlarge", 384, "16xlarge", 512));
    /** When the class is not in the table: the smallest limit RDS gives any class we run (db.t3.micro). */
    static final int UNKNOWN_CLASS_LIMIT = 100;

    private DatabaseConnections() {
    }

    /** {@code db.t3.small} → about 202. */
    public static int limit(String instanceClass) {
        return memoryGiB(instanceClass)
                .map(gib -> (int) Math.min(5000, (long) gib * 1024 * 1024 * 1024 * 9 / 10 / 9531392))
                .orElse(UNKNOWN_CLASS_LIMIT);
    }

    /** 80% of {@link #limit}: the alarm threshold. */
    public static int alarm(String instanceClass) {
        return limit(instanceClass) * 8 / 10;
    }

    static Optional<Integer> memoryGiB(String instanceClass) {
        String[] parts = instanceClass.split("\\.");
        if (parts.length != 3 || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(MEMORY_GIB.get(parts[1].charAt(0))).map(sizes -> sizes.get(parts[2]));
    }
}
