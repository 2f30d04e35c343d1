package com.kyeol.platform.data;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.network.NetworkComponent;
import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;

import java.util.Map;

/**
 * The data tier of a workload stack: {@link Database} (PostgreSQL), {@link Cache} (Valkey), {@link MediaStorage}
 * (S3) and {@link AppSecrets} (Secrets Manager), each its own component, in the stack's data subnets and reachable
 * only from its cluster. {@link #export} publishes what the application needs, never a secret value.
 */
public final class DataTier extends ComponentResource {

    public final Database database;
    public final Cache cache;
    public final MediaStorage media;
    public final AppSecrets secrets;

    private final StackSettings settings;

    public DataTier(StackSettings settings, NetworkComponent network, ClusterComponent cluster, AwsTarget aws,
                    ComponentResourceOptions options) {
        super("kyeol:data:DataTier", settings.environment(), options);
        this.settings = settings;
        String name = settings.environment();
        var children = ComponentResourceOptions.builder().parent(this).providers(aws.provider()).build();
        var saleorSecrets = settings.saleorSecrets().orElseThrow();
        this.database = new Database(name, settings.database().orElseThrow(), settings.tier(), network.vpcId, network.dataSubnetIds,
                cluster.clusterSecurityGroupId, aws, children);
        this.cache = new Cache(name, settings.cache().orElseThrow(), settings.tier(), saleorSecrets.cacheAuthToken(), network.vpcId,
                network.dataSubnetIds, cluster.clusterSecurityGroupId, aws, children);
        this.media = new MediaStorage(name, settings.domain().serviceHostname().orElseThrow(), settings.tier(), cluster, aws, children);
        this.secrets = new AppSecrets(name, saleorSecrets, settings.tier(), cache.primaryEndpointAddress, database.masterUserSecretArn,
                database.kmsKeyArn, aws, children);
        registerOutputs(Map.of());
    }

    /**
     * The stack outputs the GitOps side hands to Saleor (names in {@link DataOutputs}). Secret values stay in
     * Secrets Manager; only their ARNs are exported.
     */
    public void export(Context ctx) {
        ctx.export(DataOutputs.PUBLIC_URL, Output.of(publicUrl(settings.domain().serviceHostname().orElseThrow())));
        ctx.export(DataOutputs.DATABASE_HOST, database.address);
        ctx.export(DataOutputs.DATABASE_PORT, database.port);
        ctx.export(DataOutputs.DATABASE_NAME, Output.of(Database.DATABASE_NAME));
        ctx.export(DataOutputs.DATABASE_USERNAME, Output.of(Database.MASTER_USERNAME));
        ctx.export(DataOutputs.DATABASE_ENGINE_VERSION, database.engineVersionActual);
        ctx.export(DataOutputs.DATABASE_MASTER_SECRET_ARN, database.masterUserSecretArn);
        ctx.export(DataOutputs.CACHE_HOST, cache.primaryEndpointAddress);
        ctx.export(DataOutputs.CACHE_READER_HOST, cache.readerEndpointAddress);
        ctx.export(DataOutputs.CACHE_PORT, Output.of(Cache.PORT));
        ctx.export(DataOutputs.MEDIA_BUCKET_NAME, media.bucketName);
        ctx.export(DataOutputs.MEDIA_BUCKET_ARN, media.bucketArn);
        ctx.export(DataOutputs.MEDIA_BUCKET_REGIONAL_DOMAIN_NAME, media.bucketRegionalDomainName);
        ctx.export(DataOutputs.SALEOR_SECRET_ARN, secrets.secretArn);
        ctx.export(DataOutputs.SALEOR_MEDIA_ROLE_ARN, media.writerRoleArn);
        ctx.export(DataOutputs.SALEOR_NAMESPACE, Output.of(SaleorWorkload.NAMESPACE));
        ctx.export(DataOutputs.SALEOR_SERVICE_ACCOUNTS, Output.of(SaleorWorkload.MEDIA_WRITERS));
    }

    /** Saleor's PUBLIC_URL: the storefront hostname CloudFront serves. */
    public static String publicUrl(String serviceHostname) {
        return "https://" + serviceHostname + "/";
    }
}
