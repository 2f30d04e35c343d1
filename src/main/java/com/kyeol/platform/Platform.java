package com.kyeol.platform;

import com.kyeol.platform.addons.PlatformAddons;
import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.HostedZone;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.data.DataOutputs;
import com.kyeol.platform.data.DataTier;
import com.kyeol.platform.network.NetworkComponent;
import com.kyeol.platform.registry.Registry;
import com.pulumi.Context;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.Provider;
import com.pulumi.aws.ProviderArgs;
import com.pulumi.aws.inputs.GetCallerIdentityArgs;
import com.pulumi.aws.inputs.ProviderDefaultTagsArgs;
import com.pulumi.aws.outputs.GetCallerIdentityResult;
import com.pulumi.core.Output;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.ComponentResourceOptions;

import java.util.List;

/**
 * The whole platform of one stack, built from validated settings. The real run ({@link Main}), the
 * tests and the offline plan all call {@link #define}; nothing here reads Pulumi config.
 */
public final class Platform {

    private Platform() {
    }

    public static void define(Context ctx, StackSettings settings) {
        var aws = regionalTarget(settings);
        var onAws = ComponentResourceOptions.builder().providers(aws.provider()).build();
        var network = new NetworkComponent(settings.environment(), settings.network(), settings.cluster().name(), aws, onAws);
        var zone = HostedZone.lookUp(settings.domain().zone(), aws);
        var cluster = new ClusterComponent(settings.environment(), settings.cluster(), network.vpcId, network.privateSubnetIds,
                aws, onAws);
        var addons = new PlatformAddons(settings.environment(), settings.cluster(), network.vpcId, zone, cluster, aws, onAws);

        ctx.export("environment", Output.of(settings.environment()));
        ctx.export("role", Output.of(settings.role().configValue()));
        ctx.export("region", Output.of(settings.region()));
        ctx.export("vpcId", network.vpcId);
        ctx.export("vpcCidr", Output.of(settings.network().vpcCidr().toString()));
        ctx.export("publicSubnetIds", network.publicSubnetIds);
        ctx.export("privateSubnetIds", network.privateSubnetIds);
        ctx.export("dataSubnetIds", network.dataSubnetIds);
        ctx.export("natPublicIp", network.natPublicIp);
        ctx.export("flowLogGroupName", network.flowLogGroupName);
        ctx.export("clusterName", cluster.clusterName);
        ctx.export("clusterArn", cluster.clusterArn);
        ctx.export("clusterEndpoint", cluster.endpoint);
        ctx.export("clusterCertificateAuthority", cluster.certificateAuthorityData);
        ctx.export("clusterSecurityGroupId", cluster.clusterSecurityGroupId);
        ctx.export("nodeRoleArn", cluster.nodeRoleArn);
        ctx.export("hostedZoneId", zone.zoneId());
        ctx.export("loadBalancerControllerRoleArn", addons.loadBalancerControllerRoleArn);

        if (settings.role() == Role.WORKLOAD) {
            var data = new DataTier(settings, network, cluster, aws, onAws);
            // The media bucket's one policy. The edge passes its CloudFront read statement here
            // (MediaStorage.cloudFrontReadStatement) once its distribution exists; it never adds a policy of its own.
            data.media.attachPolicy(List.of());
            data.export(ctx);
        } else {
            var registry = new Registry(settings.environment(), settings.domain().site(), settings.registry().orElseThrow(),
                    settings.tier(), aws, onAws);
            ctx.export(DataOutputs.ECR_REPOSITORY_URLS, registry.repositoryUrls);
        }
    }

    /** The stack's explicit aws provider (region, default tags, account guard) and its account id. */
    private static AwsTarget regionalTarget(StackSettings settings) {
        var args = ProviderArgs.builder()
                .region(settings.region())
                .defaultTags(ProviderDefaultTagsArgs.builder().tags(settings.defaultTags()).build());
        settings.aws().profile().ifPresent(args::profile);
        if (!settings.aws().allowedAccountIds().isEmpty()) {
            args.allowedAccountIds(settings.aws().allowedAccountIds());
        }
        var provider = new Provider("aws-" + settings.environment(), args.build());
        var accountId = AwsFunctions.getCallerIdentity(GetCallerIdentityArgs.builder().build(),
                        InvokeOptions.builder().provider(provider).build())
                .applyValue(GetCallerIdentityResult::accountId);
        return new AwsTarget(provider, settings.region(), accountId);
    }
}
