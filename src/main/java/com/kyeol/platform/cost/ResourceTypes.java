package com.kyeol.platform.cost;

import com.kyeol.platform.plan.PlannedResource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static com.kyeol.platform.config.UsageAssumption.ACCESS_LOGS_GB;
import static com.kyeol.platform.config.UsageAssumption.ALB_LCU;
import static com.kyeol.platform.config.UsageAssumption.CDN_DATA_OUT_GB;
import static com.kyeol.platform.config.UsageAssumption.CDN_REQUESTS_MILLIONS;
import static com.kyeol.platform.config.UsageAssumption.CLOUDWATCH_METRICS_K;
import static com.kyeol.platform.config.UsageAssumption.CONTROL_PLANE_LOGS_GB;
import static com.kyeol.platform.config.UsageAssumption.DATABASE_BACKUP_GB;
import static com.kyeol.platform.config.UsageAssumption.DATABASE_LOGS_GB;
import static com.kyeol.platform.config.UsageAssumption.ENDPOINT_DATA_GB;
import static com.kyeol.platform.config.UsageAssumption.FLOW_LOGS_GB;
import static com.kyeol.platform.config.UsageAssumption.MEDIA_STORAGE_GB;
import static com.kyeol.platform.config.UsageAssumption.NAT_DATA_GB;
import static com.kyeol.platform.config.UsageAssumption.OTHER_BUCKET_GB;
import static com.kyeol.platform.config.UsageAssumption.OTHER_LOGS_GB;
import static com.kyeol.platform.config.UsageAssumption.REGISTRY_STORAGE_GB;
import static com.kyeol.platform.config.UsageAssumption.WAF_LOGS_GB;
import static com.kyeol.platform.cost.Prices.HOURS_PER_MONTH;

/**
 * Every resource type a plan may hold, in one of three kinds: priced (a {@link Pricer}), free (AWS bills nothing for
 * it, or bills it through another line: the reason says which) or unclassified (a test fails for any in a stack's
 * plan). Adding a priced type: one entry in {@link #PRICED}, its price rows in {@link Prices}, a test of its arithmetic.
 */
public final class ResourceTypes {

    /** Prices one resource into its line. */
    @FunctionalInterface
    public interface Pricer {
        void price(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line);
    }

    /** How a type is treated; {@code reason} also explains a priced type's resources that turned out to cost nothing. */
    public record Kind(Optional<Pricer> pricer, boolean free, String reason) {
    }

    /** AWS-side costs no plan shows, left out of every estimate (printed with it). */
    public static final List<String> NOTES = List.of(
            "Data transfer is not estimated beyond CloudFront's: no internet egress from NAT or ALB (inbound is free), no "
                    + "cross-zone traffic, no origin fetches (free from AWS origins to CloudFront).",
            "Request charges of S3, KMS, Secrets Manager and ECR are not estimated (small next to storage at these volumes).",
            "Log storage is priced uncompressed at steady state (retention days of ingestion kept); CloudWatch bills "
                    + "compressed bytes, so it is an upper bound. Log groups that never expire are priced at 12 months.",
            "RDS storage is priced at the allocated size; storage autoscaling up to maxAllocatedStorage is not predicted.",
            "ElastiCache snapshots beyond the first per cluster and EBS snapshots are not priced.",
            "The AWS Free Tier (including CloudFront's always-free 1 TB and 10 million requests per account) is not credited: "
                    + "it is shared by every stack of an account.",
            "KMS keys are priced at $1/month; each of a rotated key's first two yearly rotations adds $1/month.",
            "The hosted zone (domain.zone) is referenced, not created, so its $0.50/month is not counted; Route 53 records "
                    + "cost nothing and alias queries to CloudFront and ALBs are free.");

    static final String PROMETHEUS = "kubernetes:monitoring.coreos.com/v1:Prometheus";
    private static final String CLUSTER_RUNS = "a Kubernetes object: what it runs uses the cluster's priced nodes, nothing "
            + "else in AWS";
    private static final Set<String> FREE_MANAGED_RULE_GROUPS = Set.of("AWSManagedRulesCommonRuleSet",
            "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesAnonymousIpList",
            "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesLinuxRuleSet", "AWSManagedRulesUnixRuleSet",
            "AWSManagedRulesWindowsRuleSet", "AWSManagedRulesPHPRuleSet", "AWSManagedRulesWordPressRuleSet",
            "AWSManagedRulesAdminProtectionRuleSet");

    static final Map<String, Pricer> PRICED = new TreeMap<>(Map.ofEntries(
            Map.entry("aws:eks/cluster:Cluster", ResourceTypes::eksCluster),
            Map.entry("aws:eks/nodeGroup:NodeGroup", ResourceTypes::nodeGroup),
            Map.entry("aws:ec2/natGateway:NatGateway", ResourceTypes::natGateway),
            Map.entry("aws:ec2/eip:Eip", ResourceTypes::elasticIp),
            Map.entry("aws:ec2/vpcEndpoint:VpcEndpoint", ResourceTypes::vpcEndpoint),
            Map.entry("aws:rds/instance:Instance", ResourceTypes::database),
            Map.entry("aws:elasticache/replicationGroup:ReplicationGroup", ResourceTypes::cache),
            Map.entry("aws:cloudfront/distribution:Distribution", ResourceTypes::distribution),
            Map.entry("aws:wafv2/webAcl:WebAcl", ResourceTypes::webAcl),
            Map.entry("aws:cloudwatch/logGroup:LogGroup", ResourceTypes::logGroup),
            Map.entry("aws:cloudwatch/logDelivery:LogDelivery", ResourceTypes::logDelivery),
            Map.entry("aws:s3/bucketV2:BucketV2", ResourceTypes::bucket),
            Map.entry("aws:ecr/repository:Repository", ResourceTypes::repository),
            Map.entry("aws:kms/key:Key", (r, ctx, line) -> line.label("KMS key " + r.name())
                    .fixed("customer managed key", 1, "kms.key")),
            Map.entry("aws:secretsmanager/secret:Secret", (r, ctx, line) -> line.label("secret "
                    + Values.string(r.inputs(), "name").orElse(r.name())).fixed("secret", 1, "secretsmanager.secret")),
            Map.entry(Ingresses.RELEASE, ResourceTypes::release),
            Map.entry(Ingresses.APPLICATION, ResourceTypes::application),
            Map.entry("kubernetes:core/v1:Service", ResourceTypes::service),
            Map.entry(Ingresses.INGRESS, ResourceTypes::ingress),
            Map.entry(PROMETHEUS, ResourceTypes::prometheus)));

    /** Why a priced type's resource may still cost nothing (shown when none of a plan's resources of it cost anything). */
    private static final Map<String, String> PRICED_BUT_FREE_WHEN = Map.of(
            "aws:ec2/vpcEndpoint:VpcEndpoint", "gateway endpoints (S3, DynamoDB) cost nothing; interface endpoints are priced",
            "aws:s3/bucketV2:BucketV2", "buckets holding a few static files round to $0",
            Ingresses.RELEASE, CLUSTER_RUNS + "; releases whose values enable an ALB Ingress or volumes are priced",
            Ingresses.APPLICATION, CLUSTER_RUNS + "; the ALBs of its Ingresses are priced",
            "kubernetes:core/v1:Service", "ClusterIP and NodePort Services cost nothing; type LoadBalancer is flagged",
            Ingresses.INGRESS, "an Ingress applied to another stack's cluster (a spoke's route on the hub's telemetry endpoint) "
                    + "joins that stack's load balancer, priced there; one of class alb on this stack's cluster is priced",
            PROMETHEUS, "a Prometheus without a volume claim template keeps its data on the node (nothing in AWS); one with "
                    + "a template is priced as gp3");

    static final Map<String, String> FREE = new TreeMap<>(Map.ofEntries(
            Map.entry("aws:acm/certificate:Certificate", "public ACM certificates are free"),
            Map.entry("aws:acm/certificateValidation:CertificateValidation", "a wait for validation, nothing in AWS"),
            Map.entry("aws:cloudfront/cachePolicy:CachePolicy", "CloudFront policies cost nothing (the distribution's traffic is priced)"),
            Map.entry("aws:cloudfront/originAccessControl:OriginAccessControl", "CloudFront origin access control costs nothing"),
            Map.entry("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy", "CloudFront policies cost nothing"),
            Map.entry("aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", "configuration; the delivery is priced on its LogDelivery"),
            Map.entry("aws:cloudwatch/logDeliverySource:LogDeliverySource", "configuration; the delivery is priced on its LogDelivery"),
            Map.entry("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "security groups cost nothing"),
            Map.entry("aws:ec2/securityGroup:SecurityGroup", "security groups cost nothing"),
            Map.entry("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "security group rules cost nothing"),
            Map.entry("aws:ec2/flowLog:FlowLog", "free itself; the ingestion and storage of its log group are priced"),
            Map.entry("aws:ec2/internetGateway:InternetGateway", "no hourly charge (internet egress is not estimated)"),
            Map.entry("aws:ec2/launchTemplate:LaunchTemplate", "priced with the node group that launches it (root volume per node)"),
            Map.entry("aws:ec2/route:Route", "routes cost nothing"),
            Map.entry("aws:ec2/routeTable:RouteTable", "route tables cost nothing"),
            Map.entry("aws:ec2/routeTableAssociation:RouteTableAssociation", "route tables cost nothing"),
            Map.entry("aws:ec2/subnet:Subnet", "subnets cost nothing"),
            Map.entry("aws:ec2/vpc:Vpc", "VPCs cost nothing"),
            Map.entry("aws:ecr/lifecyclePolicy:LifecyclePolicy", "ECR policies cost nothing"),
            Map.entry("aws:ecr/repositoryPolicy:RepositoryPolicy", "ECR policies cost nothing"),
            Map.entry("aws:eks/accessEntry:AccessEntry", "EKS access entries cost nothing"),
            Map.entry("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "EKS access entries cost nothing"),
            Map.entry("aws:eks/addon:Addon", "managed add-ons cost nothing; their pods run on the priced nodes"),
            Map.entry("aws:eks/podIdentityAssociation:PodIdentityAssociation", "EKS Pod Identity costs nothing"),
            Map.entry("aws:elasticache/parameterGroup:ParameterGroup", "parameter groups cost nothing"),
            Map.entry("aws:elasticache/subnetGroup:SubnetGroup", "subnet groups cost nothing"),
            Map.entry("aws:rds/parameterGroup:ParameterGroup", "parameter groups cost nothing"),
            Map.entry("aws:rds/subnetGroup:SubnetGroup", "subnet groups cost nothing"),
            Map.entry("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "IAM costs nothing"),
            Map.entry("aws:iam/policy:Policy", "IAM costs nothing"),
            Map.entry("aws:iam/role:Role", "IAM costs nothing"),
            Map.entry("aws:iam/rolePolicy:RolePolicy", "IAM costs nothing"),
            Map.entry("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "IAM costs nothing"),
            Map.entry("aws:route53/record:Record", "records cost nothing; alias queries to CloudFront and ALBs are free and the "
                    + "ACM validation CNAMEs are queried rarely; the hosted zone is referenced, not created, and not counted"),
            Map.entry("aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2", "bucket configuration; storage is priced on the bucket"),
            Map.entry("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "bucket configuration; its expiry shortens the bucket's priced storage"),
            Map.entry("aws:s3/bucketObjectv2:BucketObjectv2", "a few KB in its bucket"),
            Map.entry("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "bucket configuration; storage is priced on the bucket"),
            Map.entry("aws:s3/bucketPolicy:BucketPolicy", "bucket configuration; storage is priced on the bucket"),
            Map.entry("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "bucket configuration; storage is priced on the bucket"),
            Map.entry("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "SSE-S3 costs nothing"),
            Map.entry("aws:s3/bucketVersioningV2:BucketVersioningV2", "bucket configuration; noncurrent versions count as the bucket's storage"),
            Map.entry("aws:secretsmanager/secretVersion:SecretVersion", "versions are included in the secret's price"),
            Map.entry("aws:sns/topic:Topic", "topics cost nothing; the first million publishes and 1,000 e-mail deliveries a "
                    + "month are free (https://aws.amazon.com/sns/pricing/), far above the platform's alerts"),
            Map.entry("aws:sns/topicSubscription:TopicSubscription", "subscriptions cost nothing; deliveries are counted on the topic"),
            Map.entry("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "free; its log group is priced")));

    private ResourceTypes() {
    }

    public static Kind classify(String type) {
        Pricer pricer = PRICED.get(type);
        if (pricer != null) {
            return new Kind(Optional.of(pricer), false, PRICED_BUT_FREE_WHEN.getOrDefault(type, "nothing to price in this plan"));
        }
        String reason = FREE.get(type);
        if (reason != null) {
            return new Kind(Optional.empty(), true, reason);
        }
        if (type.startsWith("kubernetes:")) {
            return new Kind(Optional.empty(), true, CLUSTER_RUNS);
        }
        if (type.startsWith("pulumi:")) {
            return new Kind(Optional.empty(), true, "Pulumi's own bookkeeping, nothing in AWS");
        }
        return new Kind(Optional.empty(), false, "not classified: give it a pricer or a reason in cost/ResourceTypes.java");
    }

    // ---- pricers ----

    static void eksCluster(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        String version = Values.string(r.inputs(), "version").orElse("(unset)");
        // EKS's default when a cluster names no upgrade policy is EXTENDED: it stays on its version, at the extended rate.
        String support = Values.string(r.inputs(), "upgradePolicy.supportType").orElse("EXTENDED");
        line.label("EKS control plane " + Values.string(r.inputs(), "name").orElse(r.name()) + " (Kubernetes " + version + ")");
        var window = KubernetesSupport.of(version);
        if (window.isEmpty()) {
            line.unpriced("Kubernetes " + version + " has no support dates in cost/KubernetesSupport.java");
            return;
        }
        var end = window.get().endOfStandard();
        if (window.get().standardOn(ctx.date())) {
            line.fixed("control plane, standard support until " + end, HOURS_PER_MONTH, "eks.standard");
        } else if (support.equals("STANDARD")) {
            line.fixed("control plane, standard support (" + version + " left it " + end
                    + "; upgradePolicy STANDARD: EKS upgrades the cluster)", HOURS_PER_MONTH, "eks.standard");
        } else {
            line.fixed("control plane, extended support (" + version + " left standard support " + end + ")",
                    HOURS_PER_MONTH, "eks.extended");
        }
    }

    static void nodeGroup(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        int nodes = Values.number(r.inputs(), "scalingConfig.desiredSize").orElse(0d).intValue();
        List<?> types = Values.list(r.inputs(), "instanceTypes");
        String type = types.isEmpty() ? "t3.medium" : String.valueOf(types.get(0)); // EKS's default instance type
        line.label("node group " + r.name() + ": " + nodes + " × " + type);
        if ("SPOT".equals(Values.string(r.inputs(), "capacityType").orElse("ON_DEMAND"))) {
            line.unpriced("spot instances: the spot price moves, not estimated");
        } else {
            line.fixed(nodes + " × " + type + (types.size() > 1 ? " (first of " + types + ")" : "") + ", 730 h",
                    nodes * HOURS_PER_MONTH, "ec2." + type);
        }
        var templates = ctx.dependencies(r, "aws:ec2/launchTemplate:LaunchTemplate");
        if (templates.isEmpty()) {
            line.unpriced("root volumes (no launch template: the EKS default disk is not priced)");
            return;
        }
        List<?> mappings = Values.list(templates.get(0).inputs(), "blockDeviceMappings");
        if (mappings.isEmpty() || !(mappings.get(0) instanceof Map<?, ?>)) {
            line.unpriced("root volumes (the launch template maps no block device: the AMI's default is not priced)");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) mappings.get(0);
        double size = Values.number(first, "ebs.volumeSize").orElse(0d);
        String volumeType = Values.string(first, "ebs.volumeType").orElse("gp2");
        line.fixed(nodes + " × " + (long) size + " GiB " + volumeType + " root volume", nodes * size, "ebs." + volumeType);
    }

    static void natGateway(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        line.label("NAT gateway " + r.name());
        line.fixed("NAT gateway, 730 h", HOURS_PER_MONTH, "nat.hour");
        line.usage("data processed", NAT_DATA_GB, 1, "nat.gb");
        boolean isPublic = !"private".equals(Values.string(r.inputs(), "connectivityType").orElse("public"));
        if (isPublic && ctx.dependencies(r, "aws:ec2/eip:Eip").isEmpty()) {
            line.fixed("public IPv4 of its Elastic IP (brought: not in this plan), 730 h", HOURS_PER_MONTH, "ipv4.hour");
        }
    }

    static void elasticIp(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        line.label("Elastic IP " + r.name());
        line.fixed("public IPv4 address, 730 h", HOURS_PER_MONTH, "ipv4.hour");
    }

    static void vpcEndpoint(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        if (!"Interface".equals(Values.string(r.inputs(), "vpcEndpointType").orElse("Gateway"))) {
            return;
        }
        String service = Values.string(r.inputs(), "serviceName").orElse("?").replaceFirst("^com\\.amazonaws\\.[a-z0-9-]+\\.", "");
        int zones = Values.list(r.inputs(), "subnetIds").size();
        line.label("interface endpoint " + service + " in " + zones + " zones");
        line.fixed(zones + " zones × 730 h", zones * HOURS_PER_MONTH, "vpce.hour");
        line.usage("data processed", ENDPOINT_DATA_GB, 1, "vpce.gb");
    }

    static void database(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        String engine = Values.string(r.inputs(), "engine").orElse("?");
        String instanceClass = Values.string(r.inputs(), "instanceClass").orElse("?");
        boolean multiAz = Values.bool(r.inputs(), "multiAz", false);
        int copies = multiAz ? 2 : 1;
        line.label("RDS " + engine + " " + instanceClass + (multiAz ? " Multi-AZ" : " single-AZ"));
        line.fixed(copies + " × " + instanceClass + (multiAz ? " (primary and standby)" : "") + ", 730 h",
                copies * HOURS_PER_MONTH, "rds." + engine + "." + instanceClass);
        double allocated = Values.number(r.inputs(), "allocatedStorage").orElse(0d);
        String storage = Values.string(r.inputs(), "storageType").orElse("gp2");
        line.fixed(copies + " × " + (long) allocated + " GB " + storage + " storage", copies * allocated, "rds." + storage);
        if (Values.number(r.inputs(), "backupRetentionPeriod").orElse(1d) > 0) {
            double assumed = ctx.usage(DATABASE_BACKUP_GB);
            double billable = Math.max(0, assumed - allocated);
            line.usageQuantity("backup storage beyond the free " + (long) allocated + " GB (" + fmt(assumed) + " GB kept)",
                    DATABASE_BACKUP_GB, billable, "rds.backup");
        }
        if (Values.bool(r.inputs(), "manageMasterUserPassword", false)) {
            line.fixed("its RDS-managed master password (a Secrets Manager secret)", 1, "secretsmanager.secret");
        }
        if (Values.bool(r.inputs(), "performanceInsightsEnabled", false)
                && Values.number(r.inputs(), "performanceInsightsRetentionPeriod").orElse(7d) > 7) {
            line.unpriced("Performance Insights retention beyond the free 7 days");
        }
    }

    static void cache(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        String engine = Values.string(r.inputs(), "engine").orElse("redis");
        String nodeType = Values.string(r.inputs(), "nodeType").orElse("?");
        int nodes;
        String shape;
        if (Values.number(r.inputs(), "numNodeGroups").isPresent()) {
            int shards = Values.number(r.inputs(), "numNodeGroups").get().intValue();
            int replicas = Values.number(r.inputs(), "replicasPerNodeGroup").orElse(0d).intValue();
            nodes = shards * (1 + replicas);
            shape = shards + " shards × (1 primary + " + replicas + " replicas)";
        } else {
            nodes = Values.number(r.inputs(), "numCacheClusters").orElse(1d).intValue();
            shape = "1 primary + " + (nodes - 1) + " replicas";
        }
        line.label("ElastiCache " + engine + " " + nodeType + ": " + shape);
        line.fixed(nodes + " × " + nodeType + ", 730 h", nodes * HOURS_PER_MONTH, "elasticache." + engine + "." + nodeType);
    }

    static void distribution(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        String priceClass = Values.string(r.inputs(), "priceClass").orElse("PriceClass_All");
        line.label("CloudFront " + r.name() + " (" + priceClass + ")");
        line.usageIn("us-east-1", "data to viewers, at the South Korea rate", CDN_DATA_OUT_GB, 1, "cloudfront.dataOut.apac");
        line.usageIn("us-east-1", "HTTPS requests (10,000 per unit)", CDN_REQUESTS_MILLIONS, 100, "cloudfront.https.apac");
    }

    static void webAcl(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        boolean cloudFront = "CLOUDFRONT".equals(Values.string(r.inputs(), "scope").orElse(""));
        String region = cloudFront ? "us-east-1" : line.region();
        List<?> rules = Values.list(r.inputs(), "rules");
        line.label("WAF web ACL " + Values.string(r.inputs(), "name").orElse(r.name()) + " (" + rules.size() + " rules)");
        line.fixedIn(region, "web ACL", 1, "waf.webAcl");
        line.fixedIn(region, rules.size() + " rules (a managed rule group counts as one)", rules.size(), "waf.rule");
        line.usageIn(region, "requests inspected (those of the distribution)", CDN_REQUESTS_MILLIONS, 1, "waf.requests");
        for (Object rule : rules) {
            if (rule instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                String group = Values.string((Map<String, Object>) map, "statement.managedRuleGroupStatement.name").orElse(null);
                if (group != null && !FREE_MANAGED_RULE_GROUPS.contains(group)) {
                    line.unpriced("managed rule group " + group + ": its subscription and request fees");
                }
            }
        }
    }

    static void logGroup(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        String name = Values.string(r.inputs(), "name").orElse(r.name());
        var assumption = name.startsWith("/aws/eks/") ? CONTROL_PLANE_LOGS_GB
                : name.startsWith("/aws/rds/") ? DATABASE_LOGS_GB
                : name.startsWith("aws-waf-logs-") ? WAF_LOGS_GB
                : name.contains("flow-logs") ? FLOW_LOGS_GB
                : OTHER_LOGS_GB;
        var days = Values.number(r.inputs(), "retentionInDays");
        double months = days.map(d -> d / 30.0).orElse(12.0);
        line.label("log group " + name);
        line.usage("ingested", assumption, 1, "logs.ingest");
        line.usage("stored: " + days.map(d -> d.longValue() + " days").orElse("never expires, priced at 12 months")
                + " of ingestion", assumption, months, "logs.storage");
    }

    static void logDelivery(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        var destinations = ctx.dependencies(r, "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination");
        String arn = destinations.isEmpty() ? "" : Values.string(destinations.get(0).inputs(),
                "deliveryDestinationConfiguration.destinationResourceArn").orElse("");
        line.label("access log delivery " + r.name());
        if (arn.startsWith("arn:aws:s3:")) {
            line.usage("logs delivered to S3", ACCESS_LOGS_GB, 1, "logs.vendedS3");
        } else {
            line.unpriced("delivery to " + (arn.isEmpty() ? "an unknown destination" : arn) + " is not priced");
        }
    }

    /** Buckets by what they hold, from the resource name's suffix. */
    static void bucket(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        String name = r.name();
        if (name.endsWith("-maintenance")) {
            return;
        }
        line.label("S3 bucket " + name);
        if (name.endsWith("-media")) {
            line.usage("stored (S3 Standard, current and noncurrent versions)", MEDIA_STORAGE_GB, 1, "s3.standard");
        } else if (name.endsWith("-logs")) {
            var days = ctx.plan().ofType("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2").stream()
                    .filter(l -> l.dependsOn().contains(r.urn()))
                    .flatMap(l -> Values.list(l.inputs(), "rules").stream())
                    .filter(Map.class::isInstance)
                    .map(rule -> {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> m = (Map<String, Object>) rule;
                        return Values.number(m, "expiration.days");
                    })
                    .flatMap(Optional::stream).findFirst();
            line.usage("access logs kept " + days.map(d -> d.longValue() + " days").orElse("forever, priced at 12 months"),
                    ACCESS_LOGS_GB, days.map(d -> d / 30.0).orElse(12.0), "s3.standard");
        } else {
            line.usage("stored (S3 Standard)", OTHER_BUCKET_GB, 1, "s3.standard");
        }
    }

    static void repository(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        line.label("ECR repository " + Values.string(r.inputs(), "name").orElse(r.name()));
        line.usage("images stored", REGISTRY_STORAGE_GB, 1, "ecr.storage");
    }

    static void release(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        String chart = String.valueOf(r.inputs().get("chart"));
        line.label("Helm release " + Values.string(r.inputs(), "name").orElse(r.name()) + " (" + chart + ")");
        albs(r, ctx, line);
        Map<String, Object> values = Values.map(r.inputs(), "values");
        if (HelmFootprints.readsCloudWatch(chart, values)) {
            line.usage("CloudWatch metrics read with GetMetricData (thousands)", CLOUDWATCH_METRICS_K, 1, "cloudwatch.getMetricData");
        }
        for (HelmFootprints.Volume volume : HelmFootprints.VOLUMES) {
            if (!volume.chart().equals(chart)) {
                continue;
            }
            var size = Values.string(values, volume.sizePath()).or(() -> Optional.ofNullable(volume.defaultSize()));
            boolean on = volume.enabledPath() == null ? Values.string(values, volume.sizePath()).isPresent()
                    : Values.bool(values, volume.enabledPath(), volume.defaultEnabled());
            if (!on || size.isEmpty()) {
                continue;
            }
            int replicas = Values.number(values, volume.replicasPath()).orElse((double) volume.defaultReplicas()).intValue();
            if (replicas == 0) {
                continue;
            }
            var gib = Values.gibibytes(size.get());
            if (gib.isEmpty()) {
                line.unpriced(volume.what() + " volume of size '" + size.get() + "'");
                continue;
            }
            line.fixed(replicas + " × " + size.get() + " " + volume.what() + " volume (gp3)", replicas * gib.get(), "ebs.gp3");
        }
    }

    static void ingress(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        if (!ctx.ingresses().of(r.urn()).isEmpty() || !ctx.ingresses().problemsOf(r.urn()).isEmpty()) {
            line.label("Ingress " + Values.string(r.inputs(), "metadata.namespace").orElse("default") + "/"
                    + Values.string(r.inputs(), "metadata.name").orElse(r.name()));
        }
        albs(r, ctx, line);
    }

    /** A Prometheus the operator runs from an object the program makes: a gp3 volume per replica and shard. */
    static void prometheus(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        var size = Values.string(r.inputs(), "spec.storage.volumeClaimTemplate.spec.resources.requests.storage");
        if (size.isEmpty()) {
            return;
        }
        line.label("Prometheus " + Values.string(r.inputs(), "metadata.name").orElse(r.name()));
        int pods = Values.number(r.inputs(), "spec.replicas").orElse(1.0).intValue()
                * Values.number(r.inputs(), "spec.shards").orElse(1.0).intValue();
        var gib = Values.gibibytes(size.get());
        if (gib.isEmpty()) {
            line.unpriced("TSDB volume of size '" + size.get() + "'");
            return;
        }
        line.fixed(pods + " × " + size.get() + " Prometheus TSDB volume (gp3)", pods * gib.get(), "ebs.gp3");
    }

    static void application(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        line.label("Application " + Values.string(r.inputs(), "metadata.name").orElse(r.name()) + " ("
                + Values.string(r.inputs(), "spec.source.path").orElse("?") + ")");
        albs(r, ctx, line);
    }

    static void service(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        if ("LoadBalancer".equals(Values.string(r.inputs(), "spec.type").orElse(""))) {
            line.label("Service " + r.name());
            line.unpriced("type LoadBalancer: the load balancer controller makes an NLB for it, not priced here");
        }
    }

    private static void albs(PlannedResource r, Estimator.Context ctx, Estimator.LineBuilder line) {
        ctx.ingresses().problemsOf(r.urn()).forEach(line::unpriced);
        for (Ingresses.Alb alb : ctx.ingresses().of(r.urn())) {
            String name = "ALB for " + alb.name() + (alb.internetFacing() ? ", internet-facing" : ", internal");
            line.fixed(name + ", 730 h", HOURS_PER_MONTH, "alb.hour");
            line.usage(name + ": LCUs, 730 h", ALB_LCU, HOURS_PER_MONTH, "alb.lcu");
            if (alb.internetFacing()) {
                line.fixed(name + ": " + alb.zones() + " public IPv4 addresses (one per zone), 730 h",
                        alb.zones() * HOURS_PER_MONTH, "ipv4.hour");
            }
        }
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
