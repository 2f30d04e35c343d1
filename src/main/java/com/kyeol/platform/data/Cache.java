package com.kyeol.platform.data;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.config.CacheSettings;
import com.kyeol.platform.config.Secret;
import com.kyeol.platform.config.Tier;
import com.pulumi.aws.elasticache.ParameterGroup;
import com.pulumi.aws.elasticache.ParameterGroupArgs;
import com.pulumi.aws.elasticache.ReplicationGroup;
import com.pulumi.aws.elasticache.ReplicationGroupArgs;
import com.pulumi.aws.elasticache.SubnetGroup;
import com.pulumi.aws.elasticache.SubnetGroupArgs;
import com.pulumi.aws.elasticache.inputs.ParameterGroupParameterArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.List;
import java.util.Map;

/**
 * Saleor's Valkey (Django cache and Celery broker): an ElastiCache replication group with one shard, so that
 * replicas can be added later in place; encrypted at rest with its own key and in transit (TLS required), an AUTH
 * token from encrypted stack config, reachable on 6379 only from the cluster security group, with automatic
 * failover and Multi-AZ as soon as there is a replica, and daily snapshots per tier.
 */
public final class Cache extends ComponentResource {

    public static final int PORT = 6379;

    /** The primary endpoint (writes; what Saleor and Celery use). */
    @Export(name = "primaryEndpointAddress")
    public final Output<String> primaryEndpointAddress;
    /** The reader endpoint (replicas; the primary when there are none). */
    @Export(name = "readerEndpointAddress")
    public final Output<String> readerEndpointAddress;
    @Export(name = "securityGroupId")
    public final Output<String> securityGroupId;

    /** The replication group id, e.g. {@code kyeol-dev-valkey}. */
    public final String replicationGroupId;

    public Cache(String name, CacheSettings settings, Tier tier, Secret authToken, Output<String> vpcId,
                 Output<List<String>> dataSubnetIds, Output<String> clusterSecurityGroupId, AwsTarget aws,
                 ComponentResourceOptions options) {
        super("kyeol:data:Cache", name, options);
        boolean keep = tier.isProductionLike();
        this.replicationGroupId = replicationGroupId(name);
        String family = EngineVersions.valkeyFamily(settings.engineMajor()).orElseThrow();

        Key key = EncryptionKeys.key(name + "-valkey-key", "At-rest encryption of " + replicationGroupId + " and its snapshots",
                keep, aws, this);
        var subnets = new SubnetGroup(name + "-valkey-subnets", SubnetGroupArgs.builder()
                .name(replicationGroupId)
                .description("Data subnets of " + replicationGroupId)
                .subnetIds(dataSubnetIds)
                .build(), aws.child(this));
        var securityGroup = ClusterOnlyAccess.securityGroup(name + "-valkey", replicationGroupId, "Valkey", PORT, vpcId, clusterSecurityGroupId,
                aws, this);
        // Our own group, so that a parameter can change later without replacing the cluster. volatile-lru (the
        // ElastiCache default, made explicit): under memory pressure only keys with a TTL (Django's cache entries)
        // are evicted, never Celery's queued tasks, which carry none.
        var parameters = new ParameterGroup(name + "-valkey-params", ParameterGroupArgs.builder()
                .family(family)
                .description("Cache and Celery broker settings of " + replicationGroupId)
                .parameters(ParameterGroupParameterArgs.builder().name("maxmemory-policy").value("volatile-lru").build())
                .build(), aws.child(this));

        var args = ReplicationGroupArgs.builder()
                .replicationGroupId(replicationGroupId)
                .description("Valkey cache and Celery broker of Saleor in " + name)
                .engine("valkey")
                .engineVersion(settings.engineVersion())
                .nodeType(settings.nodeType())
                .clusterMode("disabled")
                .numCacheClusters(1 + settings.replicas())
                .automaticFailoverEnabled(settings.failover())
                .multiAzEnabled(settings.failover())
                .port(PORT)
                .parameterGroupName(parameters.name())
                .subnetGroupName(subnets.name())
                .securityGroupIds(securityGroup.id().applyValue(List::of))
                .atRestEncryptionEnabled(true)
                .kmsKeyId(key.arn())
                .transitEncryptionEnabled(true)
                .transitEncryptionMode("required")
                .authToken(authToken.output())
                // A new token is added next to the old one, so running pods keep working until they restart.
                .authTokenUpdateStrategy("ROTATE")
                .autoMinorVersionUpgrade(true)
                .maintenanceWindow(settings.maintenanceWindow())
                .snapshotRetentionLimit(settings.snapshotRetentionDays())
                .applyImmediately(!keep);
        if (settings.snapshotRetentionDays() > 0) {
            args.snapshotWindow(settings.snapshotWindow());
        }
        if (keep) {
            args.finalSnapshotIdentifier(finalSnapshotIdentifier(name));
        }
        var group = new ReplicationGroup(name + "-valkey", args.build(), CustomResourceOptions.builder()
                .parent(this).provider(aws.provider()).protect(keep).build());

        this.primaryEndpointAddress = group.primaryEndpointAddress();
        this.readerEndpointAddress = group.readerEndpointAddress();
        this.securityGroupId = securityGroup.id();
        registerOutputs(Map.of(
                "primaryEndpointAddress", primaryEndpointAddress,
                "readerEndpointAddress", readerEndpointAddress,
                "securityGroupId", securityGroupId));
    }

    /** {@code kyeol-<env>-valkey}: at most 40 lowercase letters, digits and single hyphens. */
    public static String replicationGroupId(String environment) {
        return "kyeol-" + environment + "-valkey";
    }

    public static String finalSnapshotIdentifier(String environment) {
        return replicationGroupId(environment) + "-final";
    }
}
