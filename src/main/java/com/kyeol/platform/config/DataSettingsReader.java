package com.kyeol.platform.config;

import com.kyeol.platform.data.EngineVersions;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The data tier's part of {@link SettingsLoader}: {@code database}, {@code cache}, {@code registry} and Saleor's
 * secrets, read through the same {@link ConfigSection}s into the same problem list. The rules that keep data from
 * being lost by a careless stack file live here: staging and production databases keep deletion protection and a
 * final snapshot, no tier runs without backups, retention never drops below the tier's minimum
 * ({@link Tier#minimumBackupRetentionDays()}, {@link Tier#minimumCacheSnapshotDays()}).
 */
final class DataSettingsReader {

    static final String DEFAULT_BACKUP_WINDOW = "17:00-17:30";
    static final String DEFAULT_DB_MAINTENANCE_WINDOW = "sun:18:00-sun:19:00";
    static final String DEFAULT_SNAPSHOT_WINDOW = "15:30-16:30";
    static final String DEFAULT_CACHE_MAINTENANCE_WINDOW = "sun:19:00-sun:20:00";

    private static final Pattern DB_CLASS = Pattern.compile("db\\.[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern CACHE_NODE = Pattern.compile("cache\\.[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern POSTGRES_VERSION = Pattern.compile("(\\d{2})(\\.\\d{1,2})?");
    private static final Pattern VALKEY_VERSION = Pattern.compile("(\\d)\\.\\d{1,2}");
    /** ECR repository name rule (one path segment; the site's namespace is added). */
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");
    /** ElastiCache AUTH: 16-128 characters, letters, digits and only these specials: ! & # $ ^ < > - */
    private static final Pattern CACHE_TOKEN = Pattern.compile("[A-Za-z0-9!&#$^<>-]{16,128}");

    private DataSettingsReader() {
    }

    /** @param tier null when the tier itself is invalid (reported already): tier rules are then skipped */
    static Optional<DatabaseSettings> database(ConfigSection s, Tier tier) {
        int before = s.problems().lines().size();
        Optional<String> instanceClass = s.string("instanceClass", true, v -> DB_CLASS.matcher(v).matches(),
                "an RDS instance class such as db.t3.medium");
        Optional<Boolean> multiAz = s.bool("multiAz", true);
        Optional<String> version = s.string("engineVersion", true,
                v -> POSTGRES_VERSION.matcher(v).matches() && EngineVersions.postgresFamily(v.substring(0, 2)).isPresent(),
                "a PostgreSQL major the platform supports, one of " + EngineVersions.postgresMajors()
                        + " (e.g. 17), or a pinned major.minor such as 17.7");
        boolean autoMinor = s.bool("autoMinorVersionUpgrade", false).orElse(true);
        int allocated = s.integer("allocatedStorageGiB", false, 20, 65536).orElse(20);
        int maxAllocated = s.integer("maxAllocatedStorageGiB", false, 0, 65536).orElse(100);
        Optional<Integer> retention = s.integer("backupRetentionDays", tier != null && tier.isProductionLike(), 0, 35);
        String backupWindow = s.string("backupWindow", false, v -> TimeWindows.daily(v).isPresent(),
                "a daily UTC window hh24:mi-hh24:mi such as " + DEFAULT_BACKUP_WINDOW).orElse(DEFAULT_BACKUP_WINDOW);
        String maintenanceWindow = s.string("maintenanceWindow", false, v -> TimeWindows.weekly(v).isPresent(),
                "a weekly UTC window ddd:hh24:mi-ddd:hh24:mi such as " + DEFAULT_DB_MAINTENANCE_WINDOW).orElse(DEFAULT_DB_MAINTENANCE_WINDOW);
        boolean productionLike = tier != null && tier.isProductionLike();
        boolean deletionProtection = s.bool("deletionProtection", false).orElse(productionLike);
        boolean finalSnapshot = s.bool("finalSnapshot", false).orElse(productionLike);
        boolean performanceInsights = s.bool("performanceInsights", false).orElse(true);
        boolean iamAuthentication = s.bool("iamAuthentication", false).orElse(false);
        int logRetention = SettingsLoader.retentionDays(s, "logRetentionDays", 30);
        s.rejectUnknownKeys();

        if (version.isPresent() && version.get().contains(".") && autoMinor) {
            s.problems().add(s.key("engineVersion"), version.get() + " pins a minor version while autoMinorVersionUpgrade is on "
                            + "(RDS upgrades the minor in the maintenance window and the next `pulumi up` would try to downgrade it)",
                    "the major alone (" + version.get().substring(0, 2) + "), or autoMinorVersionUpgrade: false to pin the minor");
        }
        if (maxAllocated != 0 && (long) maxAllocated * 10 < (long) allocated * 11) {
            s.problems().add(s.key("maxAllocatedStorageGiB"), maxAllocated + " GiB is not at least 10% above allocatedStorageGiB "
                    + allocated, "a storage autoscaling ceiling of " + (allocated * 11 + 9) / 10 + " GiB or more, or 0 to switch autoscaling off");
        }
        int retentionDays = retention.orElse(tier == null ? 1 : tier.minimumBackupRetentionDays());
        if (tier != null && retention.isPresent()) {
            minimum(s, "backupRetentionDays", retentionDays, tier.minimumBackupRetentionDays(), tier,
                    "automated backups and point-in-time recovery");
        }
        if (productionLike && !deletionProtection) {
            s.problems().add(s.key("deletionProtection"), "is false on a " + tier.configValue() + " stack",
                    "true: a staging or production database must not be deletable by `pulumi destroy` or a replacement");
        }
        if (productionLike && !finalSnapshot) {
            s.problems().add(s.key("finalSnapshot"), "is false on a " + tier.configValue() + " stack",
                    "true: deleting a staging or production database must leave a final snapshot");
        }
        windows(s, "backupWindow", backupWindow, 30, "maintenanceWindow", maintenanceWindow, 30);
        if (s.problems().lines().size() > before || instanceClass.isEmpty() || multiAz.isEmpty() || version.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DatabaseSettings(instanceClass.get(), multiAz.get(), version.get(), autoMinor, allocated, maxAllocated,
                retentionDays, backupWindow, maintenanceWindow, deletionProtection, finalSnapshot, performanceInsights,
                iamAuthentication, logRetention));
    }

    static Optional<CacheSettings> cache(ConfigSection s, Tier tier) {
        int before = s.problems().lines().size();
        Optional<String> nodeType = s.string("nodeType", true, v -> CACHE_NODE.matcher(v).matches(),
                "an ElastiCache node type such as cache.t3.small");
        Optional<Integer> replicas = s.integer("replicas", true, 0, 5);
        Optional<String> version = s.string("engineVersion", true,
                v -> VALKEY_VERSION.matcher(v).matches() && EngineVersions.valkeyFamily(v.substring(0, 1)).isPresent(),
                "a Valkey major.minor of major " + EngineVersions.valkeyMajors() + " such as 8.1 (Saleor runs on Valkey 8)");
        Optional<Integer> snapshots = s.integer("snapshotRetentionDays", tier != null && tier.isProductionLike(), 0, 35);
        String snapshotWindow = s.string("snapshotWindow", false, v -> TimeWindows.daily(v).isPresent(),
                "a daily UTC window hh24:mi-hh24:mi such as " + DEFAULT_SNAPSHOT_WINDOW).orElse(DEFAULT_SNAPSHOT_WINDOW);
        String maintenanceWindow = s.string("maintenanceWindow", false, v -> TimeWindows.weekly(v).isPresent(),
                "a weekly UTC window ddd:hh24:mi-ddd:hh24:mi such as " + DEFAULT_CACHE_MAINTENANCE_WINDOW).orElse(DEFAULT_CACHE_MAINTENANCE_WINDOW);
        s.rejectUnknownKeys();

        int snapshotDays = snapshots.orElse(tier == null ? 0 : tier.minimumCacheSnapshotDays());
        if (tier != null && snapshots.isPresent()) {
            minimum(s, "snapshotRetentionDays", snapshotDays, tier.minimumCacheSnapshotDays(), tier,
                    "cache snapshots (the cache is also Celery's broker: queued tasks live there)");
        }
        windows(s, "snapshotWindow", snapshotWindow, 60, "maintenanceWindow", maintenanceWindow, 60);
        if (s.problems().lines().size() > before || nodeType.isEmpty() || replicas.isEmpty() || version.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CacheSettings(nodeType.get(), replicas.get(), version.get(), snapshotDays, snapshotWindow,
                maintenanceWindow));
    }

    static Optional<RegistrySettings> registry(ConfigSection s) {
        int before = s.problems().lines().size();
        Optional<List<String>> repositories = s.stringList("repositories", true, v -> REPOSITORY.matcher(v).matches() && v.length() <= 64,
                "repository names of lowercase letters and digits separated by . _ or -, such as api");
        List<String> pullAccounts = s.stringList("pullAccountIds", false, v -> v.matches("\\d{12}"),
                "12-digit AWS account ids of the workload stacks").orElse(List.of());
        int keepLast = s.integer("keepLastImages", false, 1, 1000).orElse(30);
        int untaggedDays = s.integer("untaggedExpiryDays", false, 1, 365).orElse(14);
        s.rejectUnknownKeys();
        repositories.ifPresent(list -> {
            if (list.isEmpty()) {
                s.problems().add(s.key("repositories"), "is empty", "at least one repository, e.g. [api, storefront, dashboard]");
            }
            s.rejectRepeats("repositories", list);
        });
        s.rejectRepeats("pullAccountIds", pullAccounts);
        if (s.problems().lines().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new RegistrySettings(repositories.orElseThrow(), pullAccounts, keepLast, untaggedDays));
    }

    /** The three encrypted top-level keys a workload stack needs; values are validated, never printed. */
    static Optional<SaleorSecrets> saleorSecrets(ConfigSection root, boolean required) {
        Optional<Secret> secretKey = root.secret(SaleorSecrets.SECRET_KEY, required,
                v -> v.length() >= 50 && v.length() <= 4096 && v.chars().distinct().count() >= 5
                        && v.chars().noneMatch(Character::isWhitespace),
                "Saleor's SECRET_KEY: a random string of 50 or more characters without whitespace (bin/generate-secrets makes one)");
        Optional<Secret> rsa = root.secret(SaleorSecrets.RSA_PRIVATE_KEY, required,
                v -> RsaPem.bits(v).filter(bits -> bits >= 2048).isPresent(),
                "Saleor's RSA_PRIVATE_KEY: a PEM RSA private key of 2048 bits or more (bin/generate-secrets makes a 3072-bit one)");
        Optional<Secret> token = root.secret(SaleorSecrets.CACHE_AUTH_TOKEN, required, v -> CACHE_TOKEN.matcher(v).matches(),
                "an ElastiCache AUTH token: 16 to 128 letters, digits or ! & # $ ^ < > - (bin/generate-secrets makes one)");
        if (secretKey.isEmpty() || rsa.isEmpty() || token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SaleorSecrets(secretKey.get(), rsa.get(), token.get()));
    }

    static void forbidSaleorSecrets(ConfigSection root) {
        for (String key : List.of(SaleorSecrets.SECRET_KEY, SaleorSecrets.RSA_PRIVATE_KEY, SaleorSecrets.CACHE_AUTH_TOKEN)) {
            root.forbid(key, "the hub (role: hub) runs no Saleor");
        }
    }

    private static void minimum(ConfigSection s, String key, int days, int minimum, Tier tier, String what) {
        if (days >= minimum) {
            return;
        }
        String problem = days == 0 ? "is 0, which turns " + what + " off" : days + " days is below the " + tier.configValue() + " minimum";
        s.problems().add(s.key(key), problem + " on a " + tier.configValue() + " stack",
                "at least " + minimum + (minimum == 1 ? " day" : " days") + " (up to 35)");
    }

    /** A daily and a weekly window: long enough, and never overlapping (AWS refuses overlapping windows). */
    private static void windows(ConfigSection s, String dailyKey, String daily, int dailyMinimum, String weeklyKey, String weekly,
                                int weeklyMinimum) {
        Optional<TimeWindows.Span> d = TimeWindows.daily(daily);
        Optional<TimeWindows.Span> w = TimeWindows.weekly(weekly);
        if (d.isPresent() && d.get().length() < dailyMinimum) {
            s.problems().add(s.key(dailyKey), daily + " is " + d.get().length() + " minutes long", "a window of at least " + dailyMinimum + " minutes");
            return;
        }
        if (w.isPresent() && w.get().length() < weeklyMinimum) {
            s.problems().add(s.key(weeklyKey), weekly + " is " + w.get().length() + " minutes long", "a window of at least " + weeklyMinimum + " minutes");
            return;
        }
        if (d.isPresent() && w.isPresent() && TimeWindows.overlap(w.get(), d.get())) {
            s.problems().add(s.key(weeklyKey), weekly + " overlaps " + dailyKey + " " + daily, "windows that do not overlap (both are UTC)");
        }
    }
}
