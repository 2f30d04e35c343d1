package com.kyeol.platform.data;

import com.google.gson.Gson;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.StackConfig;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.PlanAssertions.named;
import static com.kyeol.platform.support.PlanAssertions.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data tier of every workload stack file, from its offline plan: PostgreSQL, Valkey, media bucket, secrets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataTierPlanTest {

    /** RDS identifier and snapshot naming: a letter first, letters, digits, single hyphens, no trailing hyphen. */
    private static final Pattern RDS_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    /** The seed's sizing table. */
    private static final Map<String, String> SEED_DB_CLASS = Map.of("dev", "db.t3.small", "stage", "db.t3.medium", "prod", "db.t3.medium");
    private static final Map<String, Boolean> SEED_MULTI_AZ = Map.of("dev", false, "stage", true, "prod", true);
    private static final Map<String, String> SEED_CACHE_NODE = Map.of("dev", "cache.t3.micro", "stage", "cache.t3.small", "prod", "cache.t3.small");

    List<String> workloads() {
        return TestStacks.stacks().stream().filter(s -> TestPlans.settings(s).role() == Role.WORKLOAD).toList();
    }

    private static Plan plan(String stack) {
        return TestPlans.of(stack);
    }

    private static StackSettings settings(String stack) {
        return TestPlans.settings(stack);
    }

    private static PlannedResource database(String stack) {
        return one(plan(stack), "aws:rds/instance:Instance");
    }

    private static PlannedResource cache(String stack) {
        return one(plan(stack), "aws:elasticache/replicationGroup:ReplicationGroup");
    }

    private static Object output(String stack, String name) {
        return plan(stack).outputs().get(name);
    }

    @Test
    void theSeedsSizingForTheThreeWorkloads() {
        for (String stack : List.of("dev", "stage", "prod")) {
            assertEquals(SEED_DB_CLASS.get(stack), database(stack).inputs().get("instanceClass"), stack);
            assertEquals(SEED_MULTI_AZ.get(stack), database(stack).inputs().get("multiAz"), stack);
            assertEquals(SEED_CACHE_NODE.get(stack), cache(stack).inputs().get("nodeType"), stack);
        }
    }

    // ---- PostgreSQL ----

    @ParameterizedTest
    @MethodSource("workloads")
    void postgresFromSettingsEncryptedWithItsOwnRotatingKey(String stack) {
        var db = database(stack).inputs();
        var s = settings(stack).database().orElseThrow();
        assertEquals("postgres", db.get("engine"));
        assertEquals(s.engineVersion(), db.get("engineVersion"));
        assertEquals(s.instanceClass(), db.get("instanceClass"));
        assertEquals(s.multiAz(), db.get("multiAz"));
        assertEquals("gp3", db.get("storageType"));
        assertEquals((double) s.allocatedStorageGiB(), ((Number) db.get("allocatedStorage")).doubleValue());
        assertEquals(true, db.get("storageEncrypted"));
        var key = named(plan(stack), "aws:kms/key:Key", stack + "-postgres-key");
        assertEquals(true, key.inputs().get("enableKeyRotation"));
        String keyArn = (String) db.get("kmsKeyId");
        assertTrue(keyArn.startsWith("arn:aws:kms:"), keyArn);
        assertEquals(keyArn, db.get("performanceInsightsKmsKeyId"));
        assertEquals(keyArn, db.get("masterUserSecretKmsKeyId"));
        assertTrue(database(stack).dependsOn().contains(key.urn()));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void masterPasswordIsManagedByRdsNeverPassed(String stack) {
        var db = database(stack).inputs();
        assertEquals(true, db.get("manageMasterUserPassword"));
        assertNull(db.get("password"), "no password in config, inputs or state");
        assertEquals("saleor", db.get("username"));
        assertEquals("saleor", db.get("dbName"));
        String arn = (String) output(stack, DataOutputs.DATABASE_MASTER_SECRET_ARN);
        assertTrue(arn.startsWith("arn:aws:secretsmanager:"), arn);
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void privateInTheDataSubnetsWithAutoMinorUpgradesInTheMaintenanceWindow(String stack) {
        var db = database(stack).inputs();
        var s = settings(stack).database().orElseThrow();
        assertEquals(false, db.get("publiclyAccessible"));
        assertEquals(true, db.get("copyTagsToSnapshot"));
        assertEquals(true, db.get("autoMinorVersionUpgrade"));
        assertEquals(s.maintenanceWindow(), db.get("maintenanceWindow"));
        assertEquals(s.backupWindow(), db.get("backupWindow"));
        assertEquals((double) s.backupRetentionDays(), ((Number) db.get("backupRetentionPeriod")).doubleValue());
        assertEquals(Database.CA_CERTIFICATE, db.get("caCertIdentifier"));
        var subnets = one(plan(stack), "aws:rds/subnetGroup:SubnetGroup");
        assertEquals(output(stack, "dataSubnetIds"), subnets.inputs().get("subnetIds"));
        assertEquals(subnets.inputs().get("name"), db.get("dbSubnetGroupName"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void productionLikeDatabasesCannotBeLostByAPulumiCommand(String stack) {
        var db = database(stack);
        boolean productionLike = settings(stack).tier().isProductionLike();
        assertEquals(productionLike, db.protect(), "Pulumi protect");
        assertEquals(productionLike, db.inputs().get("deletionProtection"));
        assertEquals(!productionLike, db.inputs().get("skipFinalSnapshot"));
        assertEquals(!productionLike, db.inputs().get("deleteAutomatedBackups"));
        assertEquals(productionLike, named(plan(stack), "aws:kms/key:Key", stack + "-postgres-key").protect(), "the key too");
        if (productionLike) {
            String finalSnapshot = (String) db.inputs().get("finalSnapshotIdentifier");
            assertTrue(RDS_NAME.matcher(finalSnapshot).matches() && finalSnapshot.length() <= 255, finalSnapshot);
            assertEquals("kyeol-" + stack + "-postgres-final", finalSnapshot);
        }
        String identifier = (String) db.inputs().get("identifier");
        assertTrue(RDS_NAME.matcher(identifier).matches() && identifier.length() <= 63, identifier);
    }

    @Test
    void stageAndProdAreProtectedDevIsNot() {
        assertTrue(database("stage").protect());
        assertTrue(database("prod").protect());
        assertFalse(database("dev").protect());
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void tlsOnlyParameterGroupOfTheEnginesFamilyWithUsefulLogging(String stack) {
        var group = one(plan(stack), "aws:rds/parameterGroup:ParameterGroup");
        assertEquals("postgres" + settings(stack).database().orElseThrow().engineMajor(), group.inputs().get("family"));
        Map<Object, Object> parameters = list(group.inputs().get("parameters")).stream().map(p -> map(p))
                .collect(Collectors.toMap(p -> p.get("name"), p -> p.get("value")));
        assertEquals("1", parameters.get("rds.force_ssl"));
        assertEquals("1000", parameters.get("log_min_duration_statement"));
        assertEquals("1", parameters.get("log_connections"));
        // Auto-named (a new family on a major upgrade makes a new group before the old one goes); the instance uses it.
        assertTrue(database(stack).dependsOn().contains(group.urn()));
        assertTrue(((String) database(stack).inputs().get("parameterGroupName")).startsWith(stack + "-postgres-params-"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void logsExportedIntoGroupsWithRetentionCreatedFirst(String stack) {
        var db = database(stack);
        assertEquals(List.of("postgresql", "upgrade"), db.inputs().get("enabledCloudwatchLogsExports"));
        for (String log : List.of("postgresql", "upgrade")) {
            var group = named(plan(stack), "aws:cloudwatch/logGroup:LogGroup", stack + "-postgres-log-" + log);
            assertEquals("/aws/rds/instance/kyeol-" + stack + "-postgres/" + log, group.inputs().get("name"));
            assertEquals((double) settings(stack).database().orElseThrow().logRetentionDays(),
                    ((Number) group.inputs().get("retentionInDays")).doubleValue());
            assertTrue(db.dependsOn().contains(group.urn()));
        }
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void performanceInsightsOnEvenOnDbT3Small(String stack) {
        var db = database(stack).inputs();
        assertEquals(true, db.get("performanceInsightsEnabled"));
        assertEquals(7.0, ((Number) db.get("performanceInsightsRetentionPeriod")).doubleValue());
    }

    // ---- network access: only from the cluster security group ----

    @ParameterizedTest
    @MethodSource("workloads")
    void dataStoresAdmitOnlyTheClusterSecurityGroupOnTheirPort(String stack) {
        Plan plan = plan(stack);
        String clusterSg = (String) output(stack, "clusterSecurityGroupId");
        Map<String, Object> storeGroups = Map.of(
                "postgres", database(stack).inputs().get("vpcSecurityGroupIds"),
                "valkey", cache(stack).inputs().get("securityGroupIds"));
        Map<String, Double> ports = Map.of("postgres", 5432.0, "valkey", 6379.0);
        for (String store : List.of("postgres", "valkey")) {
            var sg = named(plan, "aws:ec2/securityGroup:SecurityGroup", stack + "-" + store + "-sg");
            assertNull(sg.inputs().get("ingress"), "no inline rules");
            assertNull(sg.inputs().get("egress"), "no egress: a data store starts no connections");
            List<Object> groups = list(storeGroups.get(store));
            assertEquals(1, groups.size(), store + " is in exactly its own group");
            var rules = plan.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").stream()
                    .filter(r -> groups.get(0).equals(r.inputs().get("securityGroupId"))).toList();
            assertEquals(1, rules.size(), store + ": one way in");
            var rule = rules.get(0).inputs();
            assertEquals(clusterSg, rule.get("referencedSecurityGroupId"), "from the cluster security group (nodes and pods)");
            assertEquals(ports.get(store), ((Number) rule.get("fromPort")).doubleValue());
            assertEquals(ports.get(store), ((Number) rule.get("toPort")).doubleValue());
            assertEquals("tcp", rule.get("ipProtocol"));
            assertNull(rule.get("cidrIpv4"), "never a CIDR");
            assertNull(rule.get("cidrIpv6"));
            assertNull(rule.get("prefixListId"));
        }
    }

    // ---- Valkey ----

    @ParameterizedTest
    @MethodSource("workloads")
    void valkeyEncryptedInTransitAndAtRestWithAnAuthToken(String stack) {
        var rg = cache(stack).inputs();
        var s = settings(stack).cache().orElseThrow();
        assertEquals("valkey", rg.get("engine"));
        assertEquals(s.engineVersion(), rg.get("engineVersion"));
        assertEquals(true, rg.get("transitEncryptionEnabled"));
        assertEquals("required", rg.get("transitEncryptionMode"));
        assertEquals(true, rg.get("atRestEncryptionEnabled"));
        assertTrue(((String) rg.get("kmsKeyId")).startsWith("arn:aws:kms:"));
        assertEquals("[secret]", rg.get("authToken"));
        assertFalse(((String) rg.get("description")).isBlank(), "ElastiCache requires a description");
        assertEquals("disabled", rg.get("clusterMode"));
        assertEquals(6379.0, ((Number) rg.get("port")).doubleValue());
        assertEquals((double) s.snapshotRetentionDays(), ((Number) rg.get("snapshotRetentionLimit")).doubleValue());
        assertEquals(s.maintenanceWindow(), rg.get("maintenanceWindow"));
        var group = one(plan(stack), "aws:elasticache/parameterGroup:ParameterGroup");
        assertEquals("valkey8", group.inputs().get("family"));
        assertTrue(cache(stack).dependsOn().contains(group.urn()));
        assertEquals(output(stack, "dataSubnetIds"), one(plan(stack), "aws:elasticache/subnetGroup:SubnetGroup").inputs().get("subnetIds"));
        String id = (String) rg.get("replicationGroupId");
        assertTrue(id.length() <= 40 && RDS_NAME.matcher(id).matches(), id);
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void valkeyFailoverFollowsTheReplicaCount(String stack) {
        var rg = cache(stack).inputs();
        int replicas = settings(stack).cache().orElseThrow().replicas();
        assertEquals((double) replicas + 1, ((Number) rg.get("numCacheClusters")).doubleValue());
        assertEquals(replicas > 0, rg.get("automaticFailoverEnabled"));
        assertEquals(replicas > 0, rg.get("multiAzEnabled"));
        boolean productionLike = settings(stack).tier().isProductionLike();
        assertEquals(productionLike, cache(stack).protect());
        assertEquals(productionLike ? "kyeol-" + stack + "-valkey-final" : null, rg.get("finalSnapshotIdentifier"));
    }

    @Test
    void replicasTurnOnFailoverAndMultiAzInPlace() {
        StackConfig config = TestStacks.edit(TestStacks.config("stage"), "kyeol-platform:cache", "replicas", 2);
        Plan plan = TestPlans.run(config, SettingsLoader.load(config, List.of()));
        var rg = one(plan, "aws:elasticache/replicationGroup:ReplicationGroup");
        assertEquals(3.0, ((Number) rg.inputs().get("numCacheClusters")).doubleValue());
        assertEquals(true, rg.inputs().get("automaticFailoverEnabled"));
        assertEquals(true, rg.inputs().get("multiAzEnabled"));
        assertEquals(cache("stage").urn(), rg.urn(), "the same replication group: replicas are added, nothing is replaced");
    }

    // ---- media bucket ----

    @ParameterizedTest
    @MethodSource("workloads")
    void mediaBucketIsPrivateEncryptedVersionedAndExpiresOldVersions(String stack) {
        Plan plan = plan(stack);
        var bucket = named(plan, "aws:s3/bucketV2:BucketV2", stack + "-media");
        assertEquals("kyeol-" + stack + "-media-111122223333", bucket.inputs().get("bucket"));
        assertEquals(false, bucket.inputs().get("forceDestroy"));
        assertEquals(settings(stack).tier().isProductionLike(), bucket.protect());
        var block = named(plan, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", stack + "-media-public-access").inputs();
        for (String flag : List.of("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")) {
            assertEquals(true, block.get(flag), flag);
        }
        assertEquals("BucketOwnerEnforced", map(named(plan, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", stack + "-media-ownership").inputs().get("rule"))
                .get("objectOwnership"));
        var sse = map(list(named(plan, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", stack + "-media-encryption")
                .inputs().get("rules")).get(0));
        assertEquals("AES256", map(sse.get("applyServerSideEncryptionByDefault")).get("sseAlgorithm"));
        assertEquals("Enabled", map(named(plan, "aws:s3/bucketVersioningV2:BucketVersioningV2", stack + "-media-versioning").inputs().get("versioningConfiguration"))
                .get("status"));
        var rule = map(list(named(plan, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", stack + "-media-lifecycle").inputs().get("rules")).get(0));
        assertEquals("Enabled", rule.get("status"));
        assertEquals(30.0, ((Number) map(rule.get("noncurrentVersionExpiration")).get("noncurrentDays")).doubleValue());
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void corsAllowsOnlyTheStorefrontOriginToRead(String stack) {
        var rule = map(list(named(plan(stack), "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2", stack + "-media-cors").inputs().get("corsRules")).get(0));
        assertEquals(List.of("https://" + settings(stack).domain().serviceHostname().orElseThrow()), rule.get("allowedOrigins"));
        assertEquals(List.of("GET", "HEAD"), rule.get("allowedMethods"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theMediaBucketPolicyDeniesPlainHttpAndGrantsNoPublicAccess(String stack) {
        var policy = named(plan(stack), "aws:s3/bucketPolicy:BucketPolicy", stack + "-media-policy");
        Map<?, ?> doc = new Gson().fromJson((String) policy.inputs().get("policy"), Map.class);
        List<?> statements = (List<?>) doc.get("Statement");
        Map<?, ?> deny = (Map<?, ?>) statements.get(0);
        assertEquals("Deny", deny.get("Effect"));
        assertEquals(Map.of("Bool", Map.of("aws:SecureTransport", "false")), deny.get("Condition"));
        for (Object s : statements) {
            Map<?, ?> statement = (Map<?, ?>) s;
            assertFalse("Allow".equals(statement.get("Effect")) && "*".equals(statement.get("Principal")), statement.toString());
        }
    }

    @Test
    void theEdgeSeamCloudFrontReadsOnlyForItsDistribution() {
        String bucketArn = "arn:aws:s3:::kyeol-prod-media-111122223333";
        String distribution = "arn:aws:cloudfront::111122223333:distribution/E2EXAMPLE";
        Map<?, ?> doc = new Gson().fromJson(MediaStorage.policyDocument(bucketArn,
                List.of(MediaStorage.cloudFrontReadStatement(bucketArn, distribution))), Map.class);
        List<?> statements = (List<?>) doc.get("Statement");
        assertEquals(2, statements.size(), "TLS deny first, then the edge's statement");
        Map<?, ?> read = (Map<?, ?>) statements.get(1);
        assertEquals(Map.of("Service", "cloudfront.amazonaws.com"), read.get("Principal"));
        assertEquals(List.of("s3:GetObject"), read.get("Action"));
        assertEquals(bucketArn + "/*", read.get("Resource"));
        assertEquals(Map.of("StringEquals", Map.of("AWS:SourceArn", distribution)), read.get("Condition"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void saleorWritesMediaThroughPodIdentityLimitedToThisBucket(String stack) {
        Plan plan = plan(stack);
        var role = named(plan, "aws:iam/role:Role", stack + "-saleor-media-role");
        Map<?, ?> trust = new Gson().fromJson((String) role.inputs().get("assumeRolePolicy"), Map.class);
        Map<?, ?> statement = (Map<?, ?>) ((List<?>) trust.get("Statement")).get(0);
        assertEquals(Map.of("Service", "pods.eks.amazonaws.com"), statement.get("Principal"));
        assertTrue(statement.toString().contains((String) output(stack, "clusterArn")), "trust limited to this cluster");

        var policy = named(plan, "aws:iam/policy:Policy", stack + "-saleor-media-policy");
        Map<?, ?> doc = new Gson().fromJson((String) policy.inputs().get("policy"), Map.class);
        String bucketArn = (String) output(stack, DataOutputs.MEDIA_BUCKET_ARN);
        for (Object s : (List<?>) doc.get("Statement")) {
            Object resource = ((Map<?, ?>) s).get("Resource");
            assertTrue(resource.equals(bucketArn) || resource.equals(bucketArn + "/*"), resource::toString);
            assertFalse(((List<?>) ((Map<?, ?>) s).get("Action")).stream().anyMatch(a -> a.toString().contains("Acl")
                    || a.toString().endsWith("*")), s::toString);
        }

        var associations = plan.ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation").stream()
                .filter(a -> SaleorWorkload.NAMESPACE.equals(a.inputs().get("namespace"))).toList();
        assertEquals(Set.of("saleor-api", "saleor-worker"),
                associations.stream().map(a -> a.inputs().get("serviceAccount")).collect(Collectors.toSet()));
        for (var association : associations) {
            assertEquals(output(stack, DataOutputs.SALEOR_MEDIA_ROLE_ARN), association.inputs().get("roleArn"));
            assertEquals(output(stack, "clusterName"), association.inputs().get("clusterName"));
        }
    }

    // ---- application secrets ----

    @ParameterizedTest
    @MethodSource("workloads")
    void oneKmsEncryptedJsonSecretPerEnvironmentWithASecretValue(String stack) {
        Plan plan = plan(stack);
        var secret = one(plan, "aws:secretsmanager/secret:Secret");
        assertEquals("kyeol/" + stack + "/saleor", secret.inputs().get("name"));
        var key = named(plan, "aws:kms/key:Key", stack + "-saleor-secrets-key");
        assertTrue(((String) secret.inputs().get("kmsKeyId")).startsWith("arn:aws:kms:"));
        assertEquals(true, key.inputs().get("enableKeyRotation"));
        assertEquals(settings(stack).tier().isProductionLike(), secret.protect());
        assertEquals("[secret]", one(plan, "aws:secretsmanager/secretVersion:SecretVersion").inputs().get("secretString"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theSecretsReaderCanReadAndDecryptBothSecretsOnlyThroughSecretsManager(String stack) {
        // Both secrets are encrypted with customer-managed keys: GetSecretValue also needs kms:Decrypt on each key, or
        // External Secrets syncs neither saleor-app nor saleor-database. The reader is ESO's Pod Identity role.
        Plan plan = plan(stack);
        var policy = named(plan, "aws:iam/policy:Policy", stack + "-external-secrets-policy");
        Map<?, ?> doc = new Gson().fromJson((String) policy.inputs().get("policy"), Map.class);
        List<?> statements = (List<?>) doc.get("Statement");
        Map<?, ?> read = (Map<?, ?>) statements.get(0);
        assertEquals(List.of(output(stack, DataOutputs.SALEOR_SECRET_ARN), output(stack, DataOutputs.DATABASE_MASTER_SECRET_ARN)),
                read.get("Resource"));
        Map<?, ?> decrypt = (Map<?, ?>) statements.get(1);
        assertEquals(List.of("kms:Decrypt"), decrypt.get("Action"));
        String appKey = (String) one(plan, "aws:secretsmanager/secret:Secret").inputs().get("kmsKeyId");
        String masterSecretKey = (String) database(stack).inputs().get("masterUserSecretKmsKeyId");
        assertEquals(List.of(appKey, masterSecretKey), decrypt.get("Resource"), "the keys of both secrets");
        assertEquals(Map.of("StringEquals", Map.of("kms:ViaService", "secretsmanager.ap-northeast-3.amazonaws.com")), decrypt.get("Condition"));
        assertEquals(2, statements.size(), "nothing else");
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyDataKeyRotatesAndProductionKeysAreProtected(String stack) {
        for (String key : List.of("-postgres-key", "-valkey-key", "-saleor-secrets-key")) {
            var k = named(plan(stack), "aws:kms/key:Key", stack + key);
            assertEquals(true, k.inputs().get("enableKeyRotation"), key);
            assertEquals(30.0, ((Number) k.inputs().get("deletionWindowInDays")).doubleValue());
            assertEquals(settings(stack).tier().isProductionLike(), k.protect(), key);
        }
    }

    // ---- outputs for the application ----

    @ParameterizedTest
    @MethodSource("workloads")
    void theApplicationGetsEveryNonSecretFactAsAnOutput(String stack) {
        Plan plan = plan(stack);
        for (String name : DataOutputs.WORKLOAD) {
            assertTrue(plan.outputs().containsKey(name), name);
            assertFalse(plan.secretOutputNames().contains(name), name + " is not a secret");
        }
        assertEquals("https://" + settings(stack).domain().serviceHostname().orElseThrow() + "/", output(stack, DataOutputs.PUBLIC_URL));
        assertEquals(5432, ((Number) output(stack, DataOutputs.DATABASE_PORT)).intValue());
        assertEquals(6379, ((Number) output(stack, DataOutputs.CACHE_PORT)).intValue());
        assertEquals("saleor", output(stack, DataOutputs.SALEOR_NAMESPACE));
        assertEquals(List.of("saleor-api", "saleor-worker"), output(stack, DataOutputs.SALEOR_SERVICE_ACCOUNTS));
        assertTrue(((String) output(stack, DataOutputs.CACHE_HOST)).startsWith("master.kyeol-" + stack + "-valkey."));
        assertTrue(((String) output(stack, DataOutputs.MEDIA_BUCKET_REGIONAL_DOMAIN_NAME)).endsWith(".s3.ap-northeast-3.amazonaws.com"));
    }

    @Test
    void theHubHasNoDataTier() {
        Plan hub = plan("mgmt");
        assertTrue(hub.ofType("aws:rds/instance:Instance").isEmpty());
        assertTrue(hub.ofType("aws:elasticache/replicationGroup:ReplicationGroup").isEmpty());
        // Its one bucket is Loki's (observability), not a media bucket.
        assertTrue(hub.ofType("aws:s3/bucketV2:BucketV2").stream().noneMatch(b -> b.name().contains("media")));
        assertTrue(DataOutputs.WORKLOAD.stream().noneMatch(hub.outputs()::containsKey));
    }
}
