package com.kyeol.platform.config;

import com.kyeol.platform.support.TestSecrets;
import com.kyeol.platform.support.TestStacks;

import static com.kyeol.platform.support.SettingsAssertions.assertOneProblem;
import static com.kyeol.platform.support.SettingsAssertions.problems;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.kyeol.platform.support.TestStacks.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data tier's settings: the stack files' values, and every kind of configuration that would lose data or that
 * AWS would refuse, each reported as one line naming file and key.
 */
class DataSettingsTest {

    private static final String DB = "kyeol-platform:database";
    private static final String CACHE = "kyeol-platform:cache";
    private static final String REGISTRY = "kyeol-platform:registry";
    private final StackConfig dev = TestStacks.config("dev");
    private final StackConfig stage = TestStacks.config("stage");
    private final StackConfig prod = TestStacks.config("prod");
    private final StackConfig mgmt = TestStacks.config("mgmt");

    // ---- what the stack files say ----

    @Test
    void devDatabaseIsSmallSingleAzAndDisposable() {
        DatabaseSettings db = SettingsLoader.load(dev, List.of()).database().orElseThrow();
        assertEquals("db.t3.small", db.instanceClass());
        assertFalse(db.multiAz());
        assertEquals("17", db.engineVersion());
        assertTrue(db.autoMinorVersionUpgrade());
        assertEquals(1, db.backupRetentionDays());
        assertFalse(db.deletionProtection(), "development default");
        assertFalse(db.finalSnapshot(), "development default");
        assertTrue(db.performanceInsights(), "RDS for PostgreSQL supports Performance Insights on every class, db.t3.small included");
        assertEquals("17:00-17:30", db.backupWindow());
        assertEquals("sun:18:00-sun:19:00", db.maintenanceWindow());
    }

    @Test
    void stagingAndProductionDatabasesAreProtectedByDefault() {
        for (StackConfig config : List.of(stage, prod)) {
            DatabaseSettings db = SettingsLoader.load(config, List.of()).database().orElseThrow();
            assertEquals("db.t3.medium", db.instanceClass());
            assertTrue(db.multiAz());
            assertTrue(db.deletionProtection(), config.stack());
            assertTrue(db.finalSnapshot(), config.stack());
        }
        assertEquals(7, SettingsLoader.load(stage, List.of()).database().orElseThrow().backupRetentionDays());
        assertEquals(30, SettingsLoader.load(prod, List.of()).database().orElseThrow().backupRetentionDays());
    }

    @Test
    void cacheValuesPerStack() {
        CacheSettings devCache = SettingsLoader.load(dev, List.of()).cache().orElseThrow();
        assertEquals("8.1", devCache.engineVersion());
        assertEquals(0, devCache.snapshotRetentionDays());
        assertFalse(devCache.failover());
        CacheSettings prodCache = SettingsLoader.load(prod, List.of()).cache().orElseThrow();
        assertEquals("cache.t3.small", prodCache.nodeType());
        assertEquals(7, prodCache.snapshotRetentionDays());
    }

    @Test
    void theHubHasARegistryAndNoSaleorSecrets() {
        StackSettings hub = SettingsLoader.load(mgmt, List.of());
        assertEquals(List.of("api", "storefront", "dashboard"), hub.registry().orElseThrow().repositories());
        assertEquals(List.of(), hub.registry().orElseThrow().pullAccountIds());
        assertEquals(30, hub.registry().orElseThrow().keepLastImages());
        assertEquals(14, hub.registry().orElseThrow().untaggedExpiryDays());
        assertTrue(hub.saleorSecrets().isEmpty());
        assertTrue(hub.database().isEmpty());
    }

    @Test
    void tierMinimums() {
        assertEquals(List.of(1, 7, 14), List.of(Tier.DEVELOPMENT.minimumBackupRetentionDays(),
                Tier.STAGING.minimumBackupRetentionDays(), Tier.PRODUCTION.minimumBackupRetentionDays()));
        assertEquals(List.of(0, 1, 7), List.of(Tier.DEVELOPMENT.minimumCacheSnapshotDays(),
                Tier.STAGING.minimumCacheSnapshotDays(), Tier.PRODUCTION.minimumCacheSnapshotDays()));
    }

    // ---- configuration that would lose data ----

    @Test
    void productionLikeDatabaseWithoutDeletionProtection() {
        assertOneProblem(edit(stage, DB, "deletionProtection", false), DB + ".deletionProtection", "is false on a staging stack");
        assertOneProblem(edit(prod, DB, "deletionProtection", false), DB + ".deletionProtection", "is false on a production stack");
    }

    @Test
    void productionLikeDatabaseWithoutAFinalSnapshot() {
        assertOneProblem(edit(prod, DB, "finalSnapshot", false), DB + ".finalSnapshot", "is false on a production stack");
    }

    @Test
    void backupsSwitchedOff() {
        assertOneProblem(edit(prod, DB, "backupRetentionDays", 0), DB + ".backupRetentionDays",
                "is 0, which turns automated backups and point-in-time recovery off on a production stack");
        assertOneProblem(edit(dev, DB, "backupRetentionDays", 0), DB + ".backupRetentionDays", "expected at least 1 day");
    }

    @Test
    void backupRetentionBelowTheTierMinimum() {
        assertOneProblem(edit(stage, DB, "backupRetentionDays", 3), DB + ".backupRetentionDays",
                "3 days is below the staging minimum on a staging stack; expected at least 7 days");
        assertOneProblem(edit(prod, DB, "backupRetentionDays", 7), DB + ".backupRetentionDays", "expected at least 14 days");
        assertOneProblem(edit(prod, DB, "backupRetentionDays", 36), DB + ".backupRetentionDays", "a whole number from 0 to 35");
    }

    @Test
    void productionLikeRetentionMustBeExplicit() {
        assertOneProblem(edit(prod, DB, "backupRetentionDays", null), DB + ".backupRetentionDays", "is missing");
        assertOneProblem(edit(stage, CACHE, "snapshotRetentionDays", null), CACHE + ".snapshotRetentionDays", "is missing");
    }

    @Test
    void productionLikeCacheWithoutSnapshots() {
        assertOneProblem(edit(stage, CACHE, "snapshotRetentionDays", 0), CACHE + ".snapshotRetentionDays",
                "is 0, which turns cache snapshots (the cache is also Celery's broker: queued tasks live there) off on a staging stack");
        assertOneProblem(edit(prod, CACHE, "snapshotRetentionDays", 3), CACHE + ".snapshotRetentionDays",
                "3 days is below the production minimum");
    }

    @Test
    void developmentMayGoWithoutProtection() {
        var settings = SettingsLoader.load(edit(edit(dev, DB, "deletionProtection", false), CACHE, "snapshotRetentionDays", 0), List.of());
        assertFalse(settings.database().orElseThrow().deletionProtection());
    }

    // ---- what AWS would refuse ----

    @Test
    void unsupportedOrMalformedPostgresVersion() {
        assertOneProblem(edit(dev, DB, "engineVersion", "15"), DB + ".engineVersion", "one of [16, 17]");
        assertOneProblem(edit(dev, DB, "engineVersion", "postgres17"), DB + ".engineVersion", "'postgres17' is not valid");
        assertOneProblem(edit(dev, DB, "engineVersion", null), DB + ".engineVersion", "is missing");
    }

    @Test
    void aPinnedMinorNeedsAutoMinorUpgradesOff() {
        assertOneProblem(edit(dev, DB, "engineVersion", "17.7"), DB + ".engineVersion",
                "17.7 pins a minor version while autoMinorVersionUpgrade is on");
        var pinned = SettingsLoader.load(edit(edit(dev, DB, "engineVersion", "16.11"), DB, "autoMinorVersionUpgrade", false), List.of());
        assertEquals("16", pinned.database().orElseThrow().engineMajor());
    }

    @Test
    void storageLimits() {
        assertOneProblem(edit(dev, DB, "allocatedStorageGiB", 10), DB + ".allocatedStorageGiB", "a whole number from 20 to 65536");
        assertOneProblem(edit(dev, DB, "maxAllocatedStorageGiB", 21), DB + ".maxAllocatedStorageGiB",
                "21 GiB is not at least 10% above allocatedStorageGiB 20; expected a storage autoscaling ceiling of 22 GiB or more");
        assertEquals(0, SettingsLoader.load(edit(dev, DB, "maxAllocatedStorageGiB", 0), List.of()).database().orElseThrow()
                .maxAllocatedStorageGiB(), "0 switches autoscaling off");
    }

    @Test
    void maintenanceAndBackupWindows() {
        assertOneProblem(edit(dev, DB, "backupWindow", "3:00-3:30"), DB + ".backupWindow", "hh24:mi-hh24:mi");
        assertOneProblem(edit(dev, DB, "maintenanceWindow", "Sun:18:00-Sun:19:00"), DB + ".maintenanceWindow", "ddd:hh24:mi-ddd:hh24:mi");
        assertOneProblem(edit(dev, DB, "backupWindow", "17:00-17:15"), DB + ".backupWindow", "is 15 minutes long; expected a window of at least 30 minutes");
        assertOneProblem(edit(dev, DB, "maintenanceWindow", "sun:17:15-sun:18:00"), DB + ".maintenanceWindow",
                "overlaps backupWindow 17:00-17:30");
        assertOneProblem(edit(dev, CACHE, "maintenanceWindow", "sat:23:30-sun:00:00"), CACHE + ".maintenanceWindow",
                "at least 60 minutes");
        // Across midnight and the week's end: sun 23:00 - mon 01:00 covers the daily 00:00-01:00 snapshot window.
        assertOneProblem(edit(edit(dev, CACHE, "snapshotWindow", "00:00-01:00"), CACHE, "maintenanceWindow", "sun:23:00-mon:01:00"),
                CACHE + ".maintenanceWindow", "overlaps snapshotWindow 00:00-01:00");
    }

    @Test
    void unsupportedValkeyVersion() {
        assertOneProblem(edit(dev, CACHE, "engineVersion", "7.2"), CACHE + ".engineVersion", "Valkey major.minor of major [8]");
        assertOneProblem(edit(dev, CACHE, "engineVersion", "8"), CACHE + ".engineVersion", "'8' is not valid");
    }

    @Test
    void typoInADataKeyGetsAHint() {
        assertOneProblem(edit(dev, DB, "backupRetentionDay", 3), DB + ".backupRetentionDay", "did you mean 'backupRetentionDays'?");
    }

    @Test
    void registryRules() {
        assertOneProblem(edit(mgmt, REGISTRY, "repositories", List.of("api", "API")), REGISTRY + ".repositories[1]", "'API' is not valid");
        assertOneProblem(edit(mgmt, REGISTRY, "repositories", List.of("api", "api")), REGISTRY + ".repositories", "api is listed twice");
        assertOneProblem(edit(mgmt, REGISTRY, "repositories", List.of()), REGISTRY + ".repositories", "is empty");
        assertOneProblem(edit(mgmt, REGISTRY, "pullAccountIds", List.of("1234")), REGISTRY + ".pullAccountIds[0]", "12-digit AWS account ids");
        assertOneProblem(edit(mgmt, REGISTRY, "keepLastImages", 0), REGISTRY + ".keepLastImages", "a whole number from 1 to 1000");
        assertOneProblem(edit(mgmt, REGISTRY, null, null), REGISTRY, "is missing");
        assertOneProblem(edit(dev, REGISTRY, null, Map.of("repositories", List.of("api"))), REGISTRY,
                "workload stacks pull from the hub's registry");
    }

    // ---- secrets ----

    @Test
    void knownSecretsAreAcceptedAndNeverPrinted() {
        StackSettings settings = SettingsLoader.load(TestSecrets.withSecrets(dev), List.of());
        SaleorSecrets secrets = settings.saleorSecrets().orElseThrow();
        assertEquals("[secret]", secrets.secretKey().toString());
        assertFalse(settings.toString().contains(TestSecrets.SECRET_KEY));
        assertFalse(settings.toString().contains(TestSecrets.CACHE_TOKEN));
        assertFalse(settings.toString().contains(TestSecrets.rsaFingerprintLine()));
    }

    @Test
    void plainTextSecretsAreRefused() {
        var config = TestSecrets.withSecrets(dev);
        var plain = new StackConfig(config.project(), config.stack(), config.source(), config.values(),
                java.util.Set.of(TestSecrets.SECRET_KEY_NAME, TestSecrets.RSA_KEY_NAME, TestSecrets.ORIGIN_SECRET_NAME), false);
        assertOneProblem(plain, TestSecrets.CACHE_TOKEN_NAME, "is stored in plain text; expected an encrypted value: run "
                + "`pulumi config set --secret kyeol-platform:cacheAuthToken`");
    }

    @Test
    void invalidSecretsAreReportedWithoutTheirValues() {
        String badToken = "short/with@chars";
        List<String> problems = problems(secretEdited(TestSecrets.CACHE_TOKEN_NAME, badToken));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("kyeol-platform:cacheAuthToken: the secret value is not valid; expected an ElastiCache AUTH token"));
        assertFalse(problems.get(0).contains(badToken));

        String shortKey = "too-short-secret-key";
        List<String> keyProblems = problems(secretEdited(TestSecrets.SECRET_KEY_NAME, shortKey));
        assertTrue(keyProblems.get(0).contains("50 or more characters"), keyProblems::toString);
        assertFalse(keyProblems.get(0).contains(shortKey));

        assertOneProblem(secretEdited(TestSecrets.RSA_KEY_NAME, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----"),
                TestSecrets.RSA_KEY_NAME, "a PEM RSA private key of 2048 bits or more");
    }

    @Test
    void aTokenWithCharactersAwsRefuses() {
        // ElastiCache allows only letters, digits and ! & # $ ^ < > - ; '@', '"', '/', spaces, '%' and the like are refused.
        for (String token : List.of("abcdefghijklmnop@", "abcdefghijklmnop/", "abcdefghijklmnop%", "abcdefgh ijklmnop",
                "a".repeat(129), "a".repeat(15))) {
            assertEquals(1, problems(secretEdited(TestSecrets.CACHE_TOKEN_NAME, token)).size(), token);
        }
        SettingsLoader.load(secretEdited(TestSecrets.CACHE_TOKEN_NAME, "a".repeat(16)), List.of());
        SettingsLoader.load(secretEdited(TestSecrets.CACHE_TOKEN_NAME, "Ab1!&#$^<>-".repeat(12).substring(0, 128)), List.of());
    }

    @Test
    void theHubRefusesSaleorSecrets() {
        var config = TestSecrets.withSecrets(mgmt);
        List<String> problems = problems(config);
        assertEquals(3, problems.size(), problems::toString);
        assertTrue(problems.stream().allMatch(p -> p.contains("the hub (role: hub) runs no Saleor")), problems::toString);
    }

    private StackConfig secretEdited(String key, String value) {
        var config = TestSecrets.withSecrets(dev);
        var values = new java.util.HashMap<>(config.values());
        values.put(key, value);
        return new StackConfig(config.project(), config.stack(), config.source(), values, config.secretKeys(), false);
    }
}
