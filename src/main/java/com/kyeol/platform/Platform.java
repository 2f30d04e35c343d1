package com.kyeol.platform;

import com.kyeol.platform.addons.ExternalSecrets;
import com.kyeol.platform.addons.PlatformAddons;
import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.HostedZone;
import com.kyeol.platform.cluster.ClusterAccess;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.config.HubSettings;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.config.Tier;
import com.kyeol.platform.ci.GithubActionsComponent;
import com.kyeol.platform.ci.RunnerScaleSets;
import com.kyeol.platform.edge.EdgeComponent;
import com.kyeol.platform.gitops.HubComponent;
import com.kyeol.platform.gitops.HubOutputs;
import com.kyeol.platform.gitops.HubReference;
import com.kyeol.platform.gitops.IngressPatch;
import com.kyeol.platform.gitops.SpokeComponent;
import com.kyeol.platform.data.DataOutputs;
import com.kyeol.platform.data.Cache;
import com.kyeol.platform.data.DataTier;
import com.kyeol.platform.data.Database;
import com.kyeol.platform.data.MediaStorage;
import com.kyeol.platform.data.SaleorWorkload;
import com.kyeol.platform.edge.MediaOrigin;
import com.kyeol.platform.network.NetworkComponent;
import com.kyeol.platform.observability.AlertRules;
import com.kyeol.platform.observability.DatabaseConnections;
import com.kyeol.platform.observability.ObservabilityHub;
import com.kyeol.platform.observability.ObservabilitySpoke;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        // Spokes reference the hub (never the reverse) and allowlist its NAT address on their API endpoint.
        Optional<HubReference> hub = settings.spoke().map(s -> new HubReference(settings.environment(), s.hubStack()));
        Output<List<String>> hubAccess = hub.map(h -> h.require(HubOutputs.NAT_PUBLIC_IP).applyValue(ip -> List.of(ip + "/32")))
                .orElse(Output.of(List.of()));
        // Deployers and viewers work in the platform's workload namespace of this cluster: Saleor's, or ArgoCD's on the hub.
        List<String> accessNamespaces = List.of(settings.role() == Role.HUB ? HubComponent.NAMESPACE : SpokeComponent.APP_NAMESPACE);
        // The CI identities live on the hub; every cluster admits them (the hub's own directly, spokes from its outputs).
        Optional<HubIdentities> identities = settings.hub().map(h -> hubIdentities(settings, h, aws, onAws));
        var ci = identities.map(i -> new ClusterAccess.Ci(i.ci().deployRoleArn, i.ci().previewRoleArn))
                .orElseGet(() -> new ClusterAccess.Ci(hub.orElseThrow().require(HubOutputs.CI_DEPLOY_ROLE_ARN),
                        hub.orElseThrow().require(HubOutputs.CI_PREVIEW_ROLE_ARN)));
        var cluster = new ClusterComponent(settings.environment(), settings.cluster(), network.privateSubnetIds,
                settings.tier().isProductionLike(), hubAccess, accessNamespaces, ci, aws, onAws);
        var addons = new PlatformAddons(settings.environment(), settings.cluster(), network.vpcId, zone, cluster, aws, onAws);

        ctx.export("environment", Output.of(settings.environment()));
        ctx.export("role", Output.of(settings.role().configValue()));
        ctx.export("tier", Output.of(settings.tier().configValue()));
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

        if (settings.role() == Role.HUB) {
            hub(ctx, settings, identities.orElseThrow(), zone, cluster, addons, aws, onAws);
        } else {
            var data = new DataTier(settings, network, cluster, aws, onAws);
            data.export(ctx);
            var edge = edge(ctx, settings, aws, data.media);
            // The media bucket's one policy: TLS only, and reads by this environment's distribution alone.
            data.media.attachPolicy(List.of(MediaStorage.cloudFrontReadStatement(data.media.bucketArn, edge.distributionArn)));
            var link = spoke(ctx, settings, hub.orElseThrow(), network, cluster, addons, edge, data, aws, onAws);
            observability(settings, hub.orElseThrow(), network, cluster, addons, link, aws, onAws);
        }
    }

    /** What the hub defines before its cluster: the registry and the CI identities its cluster (and every other) admits. */
    private record HubIdentities(Registry registry, GithubActionsComponent ci) {
    }

    private static HubIdentities hubIdentities(StackSettings settings, HubSettings hubSettings, AwsTarget aws,
                                               ComponentResourceOptions onAws) {
        var registry = new Registry(settings.environment(), settings.domain().site(), settings.registry().orElseThrow(),
                settings.tier(), aws, onAws);
        return new HubIdentities(registry, new GithubActionsComponent(settings.environment(), settings.project(), hubSettings,
                settings.tier().isProductionLike(), registry.repositoryArns, aws, onAws));
    }

    /** Central CD, CI runners and CI identities on the hub; the outputs spokes read are {@link HubOutputs}. */
    private static void hub(Context ctx, StackSettings settings, HubIdentities identities, HostedZone zone,
                            ClusterComponent cluster, PlatformAddons addons, AwsTarget aws, ComponentResourceOptions onAws) {
        var hubSettings = settings.hub().orElseThrow();
        var argocd = new HubComponent(settings.environment(), hubSettings, zone, cluster, addons.readyForWorkloads, aws, onAws);
        var registry = identities.registry();
        var ci = identities.ci();
        // The hub's one External Secrets Operator (one release, one ClusterSecretStore, one role): it reads alerting's
        // Slack webhook (installed when ObservabilityHub asks for it) and the runners' GitHub App credentials.
        var githubApp = new ExternalSecrets.Read(ci.githubAppSecretArn, Optional.empty());
        var observability = new ObservabilityHub(settings.environment(), settings.tier(), settings.region(),
                settings.observability().hub().orElseThrow(), zone, AlertRules.runbookBase(hubSettings.gitopsRepoUrl()), cluster,
                addons.readyForWorkloads, slack -> ExternalSecrets.install(settings.environment(), cluster,
                        ExternalSecrets.readPolicy(List.of(slack, githubApp), settings.region()), addons.readyForWorkloads,
                        "External Secrets Operator of " + settings.cluster().name()
                                + ": reads the alerting Slack webhook and the self-hosted runners' GitHub App", aws, addons),
                aws, onAws);
        var runners = new RunnerScaleSets(settings.environment(), new RunnerScaleSets.Args(hubSettings,
                settings.network().vpcCidr().toString(), ci.githubAppSecretArn, observability.externalSecrets),
                cluster, addons.readyForWorkloads, onAws);

        ctx.export(HubOutputs.ARGOCD_ROLE_ARN, argocd.argocdRoleArn);
        ctx.export(HubOutputs.ARGOCD_NAMESPACE, Output.of(HubComponent.NAMESPACE));
        ctx.export(HubOutputs.GITOPS_REPO_URL, Output.of(hubSettings.gitopsRepoUrl()));
        ctx.export("argocdUrl", argocd.argocdUrl);
        ctx.export("ciImagePushRoleArn", ci.imagePushRoleArn);
        ctx.export(HubOutputs.CI_PREVIEW_ROLE_ARN, ci.previewRoleArn);
        ctx.export(HubOutputs.CI_DEPLOY_ROLE_ARN, ci.deployRoleArn);
        ctx.export("ciGithubAppSecretName", Output.of(GithubActionsComponent.githubAppSecretName(settings.environment())));
        ctx.export("ciRunnerScaleSets", runners.scaleSets);
        ctx.export(DataOutputs.ECR_REPOSITORY_URLS, registry.repositoryUrls);
        ctx.export(HubOutputs.OBSERVABILITY, observability.endpoint);
        ctx.export("grafanaUrl", observability.grafanaUrl);
        ctx.export("alertTopicArn", observability.alertTopicArn);
        ctx.export("slackWebhookSecretArn", observability.slackWebhookSecretArn);
        ctx.export("logBucket", observability.logBucket);
    }

    /** The environment's collectors, and its route to the hub's telemetry endpoint and its alert rules there. */
    private static void observability(StackSettings settings, HubReference hub, NetworkComponent network, ClusterComponent cluster,
                                      PlatformAddons addons, SpokeComponent link, AwsTarget aws, ComponentResourceOptions onAws) {
        String env = settings.environment();
        var database = settings.database().orElseThrow();
        var facts = new AlertRules.WorkloadFacts(Database.identifier(env), (long) database.allocatedStorageGiB() * 1024 * 1024 * 1024 / 10,
                DatabaseConnections.alarm(database.instanceClass()), Cache.replicationGroupId(env), SpokeComponent.applicationName(env));
        new ObservabilitySpoke(env, new ObservabilitySpoke.Args(env, settings.tier(), settings.region(),
                settings.edge().orElseThrow().waf().enabled(), settings.observability().traces(), network.natPublicIp, facts, hub,
                link.hubKubernetes, addons.readyForWorkloads), cluster, aws, onAws);
    }

    /** The environment's registration in the hub's ArgoCD, its Application and the platform facts for the app. */
    private static SpokeComponent spoke(Context ctx, StackSettings settings, HubReference hub, NetworkComponent network,
                              ClusterComponent cluster, PlatformAddons addons, EdgeComponent edge, DataTier data,
                              AwsTarget aws, ComponentResourceOptions onAws) {
        String env = settings.environment();
        var domain = settings.domain();
        String service = domain.serviceHostname().orElseThrow();
        String origin = domain.originHostname().orElseThrow();
        Map<String, Output<String>> facts = new LinkedHashMap<>();
        facts.put("ENVIRONMENT", Output.of(env));
        facts.put("AWS_REGION", Output.of(settings.region()));
        facts.put("AWS_S3_REGION_NAME", Output.of(settings.region()));
        facts.put("VPC_ID", network.vpcId);
        facts.put("PUBLIC_URL", Output.of("https://" + service + "/"));
        facts.put(SpokeComponent.SERVICE_HOSTNAME_FACT, Output.of(service));
        facts.put(SpokeComponent.ORIGIN_HOSTNAME_FACT, Output.of(origin));
        facts.put("ALLOWED_HOSTS", Output.of(origin + "," + service));
        facts.put("ALLOWED_CLIENT_HOSTS", Output.of(service));
        facts.put("ALLOWED_GRAPHQL_ORIGINS", Output.of("https://" + service));
        facts.put("AWS_MEDIA_CUSTOM_DOMAIN", Output.of(service));
        facts.put("AWS_LOCATION", Output.of("media"));
        facts.put("AWS_MEDIA_BUCKET_NAME", data.media.bucketName);
        facts.put("DATABASE_HOST", data.database.address);
        facts.put("DATABASE_PORT", data.database.port.applyValue(String::valueOf));
        facts.put("DATABASE_NAME", Output.of(Database.DATABASE_NAME));
        facts.put("DATABASE_USER", Output.of(Database.MASTER_USERNAME));
        facts.put(SaleorWorkload.DATABASE_CA_BUNDLE_URL, Output.of(Database.caBundleUrl(settings.region())));
        facts.put("CACHE_HOST", data.cache.primaryEndpointAddress);
        facts.put("CACHE_PORT", Output.of(String.valueOf(Cache.PORT)));
        ObservabilitySpoke.openTelemetryFacts(env, settings.observability().traces()).forEach((k, v) -> facts.put(k, Output.of(v)));
        var link = new SpokeComponent(env, new SpokeComponent.Args(settings.spoke().orElseThrow(), settings.region(),
                settings.tier(), settings.network(), settings.observability().traces(), hub, cluster, addons.ingressPlatform,
                addons.readyForWorkloads, facts,
                IngressPatch.originProtection(edge.originVerifySecret, edge.originCertificateArn), data.secrets.readPolicyDocument,
                new SpokeComponent.DatabaseEndpoint(data.database.address, data.database.port, Database.DATABASE_NAME,
                        data.database.masterUserSecretArn)), aws, onAws);
        ctx.export("argocdSpokeRoleArn", link.spokeRoleArn);
        ctx.export("argocdApplication", link.application);
        return link;
    }

    /** CloudFront in front of the environment, with its own us-east-1 target (same account, tags and guards). */
    private static EdgeComponent edge(Context ctx, StackSettings settings, AwsTarget aws, MediaStorage media) {
        var global = target(settings, EdgeComponent.CLOUDFRONT_REGION, "aws-" + EdgeComponent.CLOUDFRONT_REGION + "-" + settings.environment(),
                aws.accountId());
        var domain = settings.domain();
        var edge = new EdgeComponent(settings.environment(), new EdgeComponent.Args(
                domain.serviceHostname().orElseThrow(), domain.originHostname().orElseThrow(), domain.zone(),
                settings.edge().orElseThrow(), settings.tier() == Tier.DEVELOPMENT, Optional.of(MediaOrigin.of(media))),
                aws, global, ComponentResourceOptions.builder().providers(aws.provider()).build());

        ctx.export("serviceHostname", Output.of(domain.serviceHostname().orElseThrow()));
        ctx.export("originHostname", Output.of(domain.originHostname().orElseThrow()));
        ctx.export("cloudfrontDistributionId", edge.distributionId);
        ctx.export("cloudfrontDomainName", edge.distributionDomainName);
        ctx.export("serviceCertificateArn", edge.serviceCertificateArn);
        ctx.export("originCertificateArn", edge.originCertificateArn);
        ctx.export("cloudfrontPrefixListId", edge.cloudfrontPrefixListId);
        ctx.export("originVerifyHeaderName", Output.of(EdgeComponent.ORIGIN_VERIFY_HEADER));
        ctx.export("originVerifySecret", edge.originVerifySecret);
        ctx.export("edgeAccessLogBucket", edge.accessLogBucket);
        edge.webAclArn.ifPresent(arn -> ctx.export("webAclArn", arn));
        edge.wafLogGroupName.ifPresent(group -> ctx.export("wafLogGroupName", group));
        edge.maintenanceBucket.ifPresent(bucket -> ctx.export("maintenanceBucket", bucket));
        return edge;
    }

    /** The stack's explicit aws provider (region, default tags, account guard) and its account id. */
    private static AwsTarget regionalTarget(StackSettings settings) {
        var provider = provider(settings, settings.region(), "aws-" + settings.environment());
        var accountId = AwsFunctions.getCallerIdentity(GetCallerIdentityArgs.builder().build(),
                        InvokeOptions.builder().provider(provider).build())
                .applyValue(GetCallerIdentityResult::accountId);
        return new AwsTarget(provider, settings.region(), accountId);
    }

    /** Another region of the same account, with the same default tags and account guard. */
    private static AwsTarget target(StackSettings settings, String region, String name, Output<String> accountId) {
        return new AwsTarget(provider(settings, region, name), region, accountId);
    }

    private static Provider provider(StackSettings settings, String region, String name) {
        var args = ProviderArgs.builder()
                .region(region)
                .defaultTags(ProviderDefaultTagsArgs.builder().tags(settings.defaultTags()).build());
        settings.aws().profile().ifPresent(args::profile);
        if (!settings.aws().allowedAccountIds().isEmpty()) {
            args.allowedAccountIds(settings.aws().allowedAccountIds());
        }
        return new Provider(name, args.build());
    }
}
