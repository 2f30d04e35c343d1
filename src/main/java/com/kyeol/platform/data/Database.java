package com.kyeol.platform.data;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.config.DatabaseSettings;
import com.kyeol.platform.config.Tier;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.rds.Instance;
import com.pulumi.aws.rds.InstanceArgs;
import com.pulumi.aws.rds.ParameterGroup;
import com.pulumi.aws.rds.ParameterGroupArgs;
import com.pulumi.aws.rds.SubnetGroup;
import com.pulumi.aws.rds.SubnetGroupArgs;
import com.pulumi.aws.rds.inputs.ParameterGroupParameterArgs;
import com.pulumi.aws.rds.outputs.InstanceMasterUserSecret;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saleor's PostgreSQL: one RDS instance per workload stack in the data subnets, reachable on 5432 only from the
 * cluster security group (nodes and pods), TLS-only, encrypted with its own rotating key, its master password
 * generated and rotated by RDS in Secrets Manager (never in config or state). On staging and production it
 * cannot be lost by a careless {@code pulumi up} or {@code destroy}: deletion protection, a final snapshot, automated
 * backups kept after deletion, and Pulumi {@code protect} on the instance and its key.
 */
public final class Database extends ComponentResource {

    public static final int PORT = 5432;
    public static final String DATABASE_NAME = "saleor";
    public static final String MASTER_USERNAME = "saleor";
    /** The logs exported to CloudWatch (the two RDS for PostgreSQL offers). */
    public static final List<String> LOG_EXPORTS = List.of("postgresql", "upgrade");
    /** The RSA 2048 CA RDS signs server certificates with (clients verify with sslmode=verify-full). */
    public static final String CA_CERTIFICATE = "rds-ca-rsa2048-g1";
    /** Where AWS publishes the CA bundle of a region's RDS certificates (RDS user guide, "Certificate bundles by AWS Region"). */
    static final String TRUSTSTORE = "https://truststore.pki.rds.amazonaws.com/";
    /** Performance Insights' free retention. RDS for PostgreSQL supports it on every instance class. */
    static final int PERFORMANCE_INSIGHTS_DAYS = 7;

    @Export(name = "address")
    public final Output<String> address;
    @Export(name = "port")
    public final Output<Integer> port;
    /** The RDS-managed master secret (JSON {@code username}, {@code password}); its ARN, never its value. */
    @Export(name = "masterUserSecretArn")
    public final Output<String> masterUserSecretArn;
    @Export(name = "engineVersionActual")
    public final Output<String> engineVersionActual;
    @Export(name = "securityGroupId")
    public final Output<String> securityGroupId;
    /** Encrypts storage, Performance Insights and the master secret (readers of the secret need kms:Decrypt). */
    @Export(name = "kmsKeyArn")
    public final Output<String> kmsKeyArn;

    /** The instance identifier, e.g. {@code kyeol-dev-postgres}. */
    public final String identifier;

    public Database(String name, DatabaseSettings settings, Tier tier, Output<String> vpcId, Output<List<String>> dataSubnetIds,
                    Output<String> clusterSecurityGroupId, AwsTarget aws, ComponentResourceOptions options) {
        super("kyeol:data:Database", name, options);
        boolean keep = tier.isProductionLike();
        this.identifier = identifier(name);
        String family = EngineVersions.postgresFamily(settings.engineMajor()).orElseThrow();

        Key key = EncryptionKeys.key(name + "-postgres-key", "Storage, Performance Insights and master secret of " + identifier,
                keep, aws, this);
        var subnets = new SubnetGroup(name + "-postgres-subnets", SubnetGroupArgs.builder()
                .name(identifier)
                .description("Data subnets of " + identifier)
                .subnetIds(dataSubnetIds)
                .build(), aws.child(this));
        var securityGroup = ClusterOnlyAccess.securityGroup(name + "-postgres", identifier, "PostgreSQL", PORT, vpcId, clusterSecurityGroupId,
                aws, this);
        var parameters = new ParameterGroup(name + "-postgres-params", ParameterGroupArgs.builder()
                .family(family)
                .description("TLS-only connections and useful logging for " + identifier)
                .parameters(parameters())
                .build(), CustomResourceOptions.builder().parent(this).provider(aws.provider())
                // A new major means a new family: the new group exists before the instance moves to it.
                .deleteBeforeReplace(false).build());
        // Created before the instance so that RDS writes into groups with our retention (it never expires its own).
        List<Resource> logGroups = new ArrayList<>();
        for (String log : LOG_EXPORTS) {
            logGroups.add(new LogGroup(name + "-postgres-log-" + log, LogGroupArgs.builder()
                    .name("/aws/rds/instance/" + identifier + "/" + log)
                    .retentionInDays(settings.logRetentionDays())
                    .build(), aws.child(this)));
        }

        var args = InstanceArgs.builder()
                .identifier(identifier)
                .engine("postgres")
                .engineVersion(settings.engineVersion())
                .autoMinorVersionUpgrade(settings.autoMinorVersionUpgrade())
                // Only a reviewed change of engineVersion's major in the stack file can trigger one.
                .allowMajorVersionUpgrade(true)
                .instanceClass(settings.instanceClass())
                .multiAz(settings.multiAz())
                .dbName(DATABASE_NAME)
                .username(MASTER_USERNAME)
                .manageMasterUserPassword(true)
                .masterUserSecretKmsKeyId(key.arn())
                .iamDatabaseAuthenticationEnabled(settings.iamAuthentication())
                .port(PORT)
                .dbSubnetGroupName(subnets.name())
                .vpcSecurityGroupIds(securityGroup.id().applyValue(List::of))
                .publiclyAccessible(false)
                .networkType("IPV4")
                .caCertIdentifier(CA_CERTIFICATE)
                .parameterGroupName(parameters.name())
                .storageType("gp3")
                .allocatedStorage(settings.allocatedStorageGiB())
                .storageEncrypted(true)
                .kmsKeyId(key.arn())
                .backupRetentionPeriod(settings.backupRetentionDays())
                .backupWindow(settings.backupWindow())
                .maintenanceWindow(settings.maintenanceWindow())
                .copyTagsToSnapshot(true)
                .deletionProtection(settings.deletionProtection())
                // Automated backups outlive the instance on staging and production.
                .deleteAutomatedBackups(!keep)
                .skipFinalSnapshot(!settings.finalSnapshot())
                .enabledCloudwatchLogsExports(LOG_EXPORTS)
                .performanceInsightsEnabled(settings.performanceInsights())
                // Size and class changes wait for the maintenance window on staging and production.
                .applyImmediately(!keep);
        if (settings.maxAllocatedStorageGiB() > 0) {
            args.maxAllocatedStorage(settings.maxAllocatedStorageGiB());
        }
        if (settings.finalSnapshot()) {
            args.finalSnapshotIdentifier(finalSnapshotIdentifier(name));
        }
        if (settings.performanceInsights()) {
            args.performanceInsightsKmsKeyId(key.arn()).performanceInsightsRetentionPeriod(PERFORMANCE_INSIGHTS_DAYS);
        }
        var instance = new Instance(name + "-postgres", args.build(), CustomResourceOptions.builder()
                .parent(this).provider(aws.provider()).dependsOn(logGroups).protect(keep).build());

        this.address = instance.address();
        this.port = instance.port();
        this.masterUserSecretArn = instance.masterUserSecrets()
                .applyValue(secrets -> secrets.stream().findFirst().map(Database::secretArn).orElse(""));
        this.engineVersionActual = instance.engineVersionActual();
        this.securityGroupId = securityGroup.id();
        this.kmsKeyArn = key.arn();
        registerOutputs(Map.of(
                "address", address,
                "port", port,
                "masterUserSecretArn", masterUserSecretArn,
                "engineVersionActual", engineVersionActual,
                "securityGroupId", securityGroupId,
                "kmsKeyArn", kmsKeyArn));
    }

    /** {@code kyeol-<env>-postgres}: letters, digits and single hyphens, as RDS identifiers must be. */
    public static String identifier(String environment) {
        return "kyeol-" + environment + "-postgres";
    }

    /**
     * The HTTPS address of the RDS CA bundle for {@code region} ({@code <region>/<region>-bundle.pem}): it holds the
     * region's root CAs of every RDS CA, {@link #CA_CERTIFICATE} included. Pods fetch it at start to verify the server
     * (sslmode=verify-full); the repository keeps no copy of AWS's file.
     */
    public static String caBundleUrl(String region) {
        return TRUSTSTORE + region + "/" + region + "-bundle.pem";
    }

    /** The snapshot RDS takes when the instance is deleted (same naming rules as identifiers). */
    public static String finalSnapshotIdentifier(String environment) {
        return identifier(environment) + "-final";
    }

    /**
     * TLS only ({@code rds.force_ssl}), and logging that helps without flooding: statements slower than a second,
     * connections and disconnections, lock waits, and autovacuum runs over a second. All are dynamic parameters.
     */
    static List<ParameterGroupParameterArgs> parameters() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("rds.force_ssl", "1");
        values.put("log_min_duration_statement", "1000");
        values.put("log_connections", "1");
        values.put("log_disconnections", "1");
        values.put("log_lock_waits", "1");
        values.put("log_autovacuum_min_duration", "1000");
        return values.entrySet().stream()
                .map(e -> ParameterGroupParameterArgs.builder().name(e.getKey()).value(e.getValue()).applyMethod("immediate").build())
                .toList();
    }

    private static String secretArn(InstanceMasterUserSecret secret) {
        return secret.secretArn().orElse("");
    }
}
