package com.kyeol.platform.cost;

import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static com.kyeol.platform.config.UsageAssumption.ACCESS_LOGS_GB;
import static com.kyeol.platform.config.UsageAssumption.ALB_LCU;
import static com.kyeol.platform.config.UsageAssumption.CDN_DATA_OUT_GB;
import static com.kyeol.platform.config.UsageAssumption.CDN_REQUESTS_MILLIONS;
import static com.kyeol.platform.config.UsageAssumption.CLOUDWATCH_METRICS_K;
import static com.kyeol.platform.config.UsageAssumption.CONTROL_PLANE_LOGS_GB;
import static com.kyeol.platform.config.UsageAssumption.DATABASE_BACKUP_GB;
import static com.kyeol.platform.config.UsageAssumption.ENDPOINT_DATA_GB;
import static com.kyeol.platform.config.UsageAssumption.MEDIA_STORAGE_GB;
import static com.kyeol.platform.config.UsageAssumption.NAT_DATA_GB;
import static com.kyeol.platform.config.UsageAssumption.OTHER_LOGS_GB;
import static com.kyeol.platform.config.UsageAssumption.REGISTRY_STORAGE_GB;
import static com.kyeol.platform.config.UsageAssumption.WAF_LOGS_GB;
import static com.kyeol.platform.cost.SmallPlans.US_EAST_1;
import static com.kyeol.platform.cost.SmallPlans.estimate;
import static com.kyeol.platform.cost.SmallPlans.line;
import static com.kyeol.platform.cost.SmallPlans.map;
import static com.kyeol.platform.cost.SmallPlans.plan;
import static com.kyeol.platform.cost.SmallPlans.resource;
import static com.kyeol.platform.cost.SmallPlans.urn;
import static com.kyeol.platform.cost.SmallPlans.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The arithmetic of every priced type, on small plans priced from a book of round numbers. */
class PricersTest {

    private static final double EPS = 1e-9;
    private static final String LT = "aws:ec2/launchTemplate:LaunchTemplate";

    private static double monthly(Plan plan, String name) {
        return line(estimate(plan, usage()), name).monthlyUsd();
    }

    // ---- EKS ----

    private static PlannedResource cluster(String version, String supportType) {
        Map<String, Object> inputs = supportType == null ? map("name", "kyeol-t", "version", version)
                : map("name", "kyeol-t", "version", version, "upgradePolicy", map("supportType", supportType));
        return resource("aws:eks/cluster:Cluster", "t-eks", inputs);
    }

    @Test
    void anEksClusterCostsTheStandardRateWhileItsVersionIsInStandardSupport() {
        assertEquals(730 * 0.10, monthly(plan(cluster("1.35", "STANDARD")), "t-eks"), EPS);
        assertEquals(730 * 0.10, line(estimate(plan(cluster("1.35", "EXTENDED")), usage(), LocalDate.parse("2027-03-27")),
                "t-eks").monthlyUsd(), EPS, "the last day of standard support is still standard");
    }

    @Test
    void afterStandardSupportAClusterThatAllowsExtendedSupportCostsSixTimesAsMuch() {
        LocalDate later = LocalDate.parse("2027-03-28");
        assertEquals(730 * 0.60, line(estimate(plan(cluster("1.35", "EXTENDED")), usage(), later), "t-eks").monthlyUsd(), EPS);
        assertEquals(730 * 0.60, line(estimate(plan(cluster("1.35", null)), usage(), later), "t-eks").monthlyUsd(), EPS,
                "EKS's default upgrade policy is EXTENDED");
        CostLine upgraded = line(estimate(plan(cluster("1.35", "STANDARD")), usage(), later), "t-eks");
        assertEquals(730 * 0.10, upgraded.monthlyUsd(), EPS, "with STANDARD, EKS upgrades the cluster instead");
        assertTrue(upgraded.charges().get(0).what().contains("EKS upgrades the cluster"), upgraded.toString());
    }

    @Test
    void aKubernetesVersionWithoutSupportDatesIsNotPricedButNamed() {
        CostLine line = line(estimate(plan(cluster("1.99", "STANDARD")), usage()), "t-eks");
        assertEquals(0, line.monthlyUsd(), EPS);
        assertEquals(List.of("Kubernetes 1.99 has no support dates in cost/KubernetesSupport.java"), line.unpriced());
    }

    // ---- nodes ----

    private static Plan nodes(int desired) {
        PlannedResource template = resource(LT, "t-lt", map("blockDeviceMappings", List.of(map("deviceName", "/dev/xvda",
                "ebs", map("volumeSize", 50, "volumeType", "gp3")))));
        PlannedResource group = resource("aws:eks/nodeGroup:NodeGroup", "t-nodes", map("instanceTypes", List.of("t3.medium"),
                "capacityType", "ON_DEMAND", "scalingConfig", map("desiredSize", desired, "minSize", 1, "maxSize", 5)),
                template.urn());
        return plan(template, group);
    }

    @Test
    void nodeCountScalesEc2AndTheirRootVolumes() {
        CostLine two = line(estimate(nodes(2), usage()), "t-nodes");
        CostLine three = line(estimate(nodes(3), usage()), "t-nodes");
        assertEquals(2 * 730 * 0.05 + 2 * 50 * 0.10, two.monthlyUsd(), EPS);
        assertEquals(3 * 730 * 0.05 + 3 * 50 * 0.10, three.monthlyUsd(), EPS);
        assertEquals(2, three.charges().size());
        assertEquals(3 * 730, three.charges().get(0).quantity(), EPS, "instance-hours");
        assertEquals(150, three.charges().get(1).quantity(), EPS, "GB-months of gp3");
        assertEquals("node group t-nodes: 3 × t3.medium", three.label());
    }

    @Test
    void anInstanceTypeWithoutAPriceIsNotPricedAndTheEstimateSaysWhereToAddIt() {
        PlannedResource group = resource("aws:eks/nodeGroup:NodeGroup", "t-nodes", map("instanceTypes", List.of("c7g.large"),
                "scalingConfig", map("desiredSize", 2)));
        CostEstimate estimate = estimate(plan(group), usage());
        CostLine line = line(estimate, "t-nodes");
        assertEquals(0, line.monthlyUsd(), EPS);
        assertTrue(line.unpriced().get(0).contains("no price 'ec2.c7g.large' for ap-northeast-3 (add a row with its source to "
                + "cost/Prices.java)"), line.unpriced().toString());
        assertTrue(line.unpriced().get(1).contains("no launch template"), line.unpriced().toString());
        assertFalse(estimate.complete());
    }

    // ---- network ----

    @Test
    void aNatGatewayCostsItsHoursAndTheDataItProcessesAndItsElasticIpIsOneAddress() {
        PlannedResource eip = resource("aws:ec2/eip:Eip", "t-nat-eip", map("domain", "vpc"));
        PlannedResource nat = resource("aws:ec2/natGateway:NatGateway", "t-nat", map("connectivityType", "public"), eip.urn());
        CostEstimate estimate = estimate(plan(eip, nat), usage(NAT_DATA_GB, 200));
        assertEquals(730 * 0.05 + 200 * 0.05, line(estimate, "t-nat").monthlyUsd(), EPS);
        assertEquals(730 * 0.005, line(estimate, "t-nat-eip").monthlyUsd(), EPS);
    }

    @Test
    void aNatGatewayOnABroughtElasticIpStillPaysForItsPublicAddress() {
        PlannedResource nat = resource("aws:ec2/natGateway:NatGateway", "t-nat", map("allocationId", "eipalloc-0123456789abcdef0"));
        assertEquals(730 * 0.05 + 150 * 0.05 + 730 * 0.005, monthly(plan(nat), "t-nat"), EPS, "production default: 150 GB");
    }

    @Test
    void interfaceEndpointsCostPerZoneHourAndGatewayEndpointsNothing() {
        PlannedResource ecr = resource("aws:ec2/vpcEndpoint:VpcEndpoint", "t-ecr-api", map("vpcEndpointType", "Interface",
                "serviceName", "com.amazonaws.ap-northeast-3.ecr.api", "subnetIds", List.of("subnet-a", "subnet-b", "subnet-c")));
        PlannedResource s3 = resource("aws:ec2/vpcEndpoint:VpcEndpoint", "t-s3", map("vpcEndpointType", "Gateway",
                "serviceName", "com.amazonaws.ap-northeast-3.s3"));
        CostEstimate estimate = estimate(plan(ecr, s3), usage(ENDPOINT_DATA_GB, 40));
        CostLine line = line(estimate, "t-ecr-api");
        assertEquals(3 * 730 * 0.01 + 40 * 0.01, line.monthlyUsd(), EPS);
        assertEquals("interface endpoint ecr.api in 3 zones", line.label());
        assertTrue(estimate.lines().stream().noneMatch(l -> l.name().equals("t-s3")), "no line for the gateway endpoint");
    }

    // ---- data ----

    private static PlannedResource database(boolean multiAz) {
        return resource("aws:rds/instance:Instance", "t-postgres", map("engine", "postgres", "instanceClass", "db.t3.medium",
                "multiAz", multiAz, "allocatedStorage", 50, "storageType", "gp3", "backupRetentionPeriod", 14,
                "manageMasterUserPassword", true));
    }

    @Test
    void multiAzDoublesTheDatabaseInstanceAndItsStorage() {
        CostEstimate single = estimate(plan(database(false)), usage(DATABASE_BACKUP_GB, 80));
        CostEstimate multi = estimate(plan(database(true)), usage(DATABASE_BACKUP_GB, 80));
        double backupAndSecret = (80 - 50) * 0.10 + 0.40;
        assertEquals(730 * 0.10 + 50 * 0.10 + backupAndSecret, line(single, "t-postgres").monthlyUsd(), EPS);
        assertEquals(2 * 730 * 0.10 + 2 * 50 * 0.10 + backupAndSecret, line(multi, "t-postgres").monthlyUsd(), EPS);
        assertEquals(2 * line(single, "t-postgres").charges().get(0).monthlyUsd(),
                line(multi, "t-postgres").charges().get(0).monthlyUsd(), EPS, "the instance charge doubles");
    }

    @Test
    void backupStorageUpToTheAllocatedStorageIsFree() {
        CostLine line = line(estimate(plan(database(false)), usage(DATABASE_BACKUP_GB, 40)), "t-postgres");
        var backup = line.charges().stream().filter(c -> c.price().key().equals("rds.backup")).findFirst().orElseThrow();
        assertEquals(0, backup.quantity(), EPS);
        assertEquals(DATABASE_BACKUP_GB, backup.usage().orElseThrow());
    }

    @Test
    void replicasMultiplyCacheNodes() {
        PlannedResource single = resource("aws:elasticache/replicationGroup:ReplicationGroup", "t-valkey", map("engine", "valkey",
                "nodeType", "cache.t3.small", "numCacheClusters", 1));
        PlannedResource replicated = resource("aws:elasticache/replicationGroup:ReplicationGroup", "t-valkey2", map("engine",
                "valkey", "nodeType", "cache.t3.small", "numCacheClusters", 3));
        PlannedResource sharded = resource("aws:elasticache/replicationGroup:ReplicationGroup", "t-valkey3", map("engine",
                "valkey", "nodeType", "cache.t3.small", "numNodeGroups", 2, "replicasPerNodeGroup", 1));
        CostEstimate estimate = estimate(plan(single, replicated, sharded), usage());
        assertEquals(730 * 0.04, line(estimate, "t-valkey").monthlyUsd(), EPS);
        assertEquals(3 * 730 * 0.04, line(estimate, "t-valkey2").monthlyUsd(), EPS);
        assertEquals(4 * 730 * 0.04, line(estimate, "t-valkey3").monthlyUsd(), EPS, "2 shards × (primary + replica)");
        assertEquals("ElastiCache valkey cache.t3.small: 1 primary + 2 replicas", line(estimate, "t-valkey2").label());
    }

    @Test
    void keysSecretsAndRepositories() {
        PlannedResource key = resource("aws:kms/key:Key", "t-key", map("enableKeyRotation", true));
        PlannedResource secret = resource("aws:secretsmanager/secret:Secret", "t-secret", map("name", "kyeol/t/saleor"));
        PlannedResource repo = resource("aws:ecr/repository:Repository", "t-ecr", map("name", "kyeol/api"));
        CostEstimate estimate = estimate(plan(key, secret, repo), usage(REGISTRY_STORAGE_GB, 12));
        assertEquals(1.0, line(estimate, "t-key").monthlyUsd(), EPS);
        assertEquals(0.40, line(estimate, "t-secret").monthlyUsd(), EPS);
        assertEquals(12 * 0.10, line(estimate, "t-ecr").monthlyUsd(), EPS);
    }

    // ---- logs and buckets ----

    @Test
    void aLogGroupCostsItsIngestionAndRetentionDaysOfStorageByWhatItHolds() {
        PlannedResource eks = resource("aws:cloudwatch/logGroup:LogGroup", "t-eks-logs", map("name", "/aws/eks/kyeol-t/cluster",
                "retentionInDays", 90));
        PlannedResource waf = resource("aws:cloudwatch/logGroup:LogGroup", "t-waf-logs", US_EAST_1, map("name",
                "aws-waf-logs-kyeol-t", "retentionInDays", 30));
        PlannedResource forever = resource("aws:cloudwatch/logGroup:LogGroup", "t-app-logs", map("name", "/kyeol/t/app"));
        CostEstimate estimate = estimate(plan(eks, waf, forever), usage(CONTROL_PLANE_LOGS_GB, 20, WAF_LOGS_GB, 10,
                OTHER_LOGS_GB, 1));
        assertEquals(20 * 0.50 + 20 * 3 * 0.03, line(estimate, "t-eks-logs").monthlyUsd(), EPS, "90 days = 3 months kept");
        assertEquals(10 * 0.50 + 10 * 1 * 0.03, line(estimate, "t-waf-logs").monthlyUsd(), EPS);
        assertEquals(1 * 0.50 + 1 * 12 * 0.03, line(estimate, "t-app-logs").monthlyUsd(), EPS, "never expires: 12 months");
    }

    @Test
    void bucketsAreStorageByWhatTheyHoldAndLogBucketsKeepTheirExpiryDays() {
        PlannedResource media = resource("aws:s3/bucketV2:BucketV2", "t-media", map("bucket", "kyeol-t-media"));
        PlannedResource logs = resource("aws:s3/bucketV2:BucketV2", "t-edge-logs", US_EAST_1, map());
        PlannedResource expiry = resource("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "t-expiry",
                US_EAST_1, map("rules", List.of(map("id", "expire-logs", "expiration", map("days", 90)))), logs.urn());
        PlannedResource page = resource("aws:s3/bucketV2:BucketV2", "t-maintenance", US_EAST_1, map());
        CostEstimate estimate = estimate(plan(media, logs, expiry, page), usage(MEDIA_STORAGE_GB, 100, ACCESS_LOGS_GB, 10));
        assertEquals(100 * 0.02, line(estimate, "t-media").monthlyUsd(), EPS);
        assertEquals(10 * 3 * 0.02, line(estimate, "t-edge-logs").monthlyUsd(), EPS, "90 days of 10 GB a month");
        assertTrue(estimate.lines().stream().noneMatch(l -> l.name().equals("t-maintenance")));
        assertTrue(estimate.free().containsKey("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"));
    }

    @Test
    void cloudFrontAccessLogsDeliveredToS3AreVendedLogs() {
        PlannedResource destination = resource("aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", "t-dest",
                US_EAST_1, map("deliveryDestinationConfiguration", map("destinationResourceArn", "arn:aws:s3:::t-edge-logs/cf")));
        PlannedResource delivery = resource("aws:cloudwatch/logDelivery:LogDelivery", "t-delivery", US_EAST_1, map(),
                destination.urn());
        assertEquals(10 * 0.25, line(estimate(plan(destination, delivery), usage(ACCESS_LOGS_GB, 10)), "t-delivery").monthlyUsd(),
                EPS);
    }

    // ---- edge ----

    @Test
    void cloudFrontIsPricedPerGbAndPer10000RequestsFromTheUsEast1Table() {
        PlannedResource cdn = resource("aws:cloudfront/distribution:Distribution", "t-cdn", US_EAST_1,
                map("priceClass", "PriceClass_200"));
        CostLine line = line(estimate(plan(cdn), usage(CDN_DATA_OUT_GB, 500, CDN_REQUESTS_MILLIONS, 30)), "t-cdn");
        assertEquals(500 * 0.10 + 30 * 100 * 0.01, line.monthlyUsd(), EPS);
        assertEquals(3000, line.charges().get(1).quantity(), EPS, "30 million requests = 3,000 × 10,000");
    }

    @Test
    void aWebAclCostsItsFixedPartsAndEveryInspectedRequest() {
        List<Object> rules = List.of(
                map("name", "ip", "statement", map("managedRuleGroupStatement", map("name", "AWSManagedRulesAmazonIpReputationList"))),
                map("name", "rate", "statement", map("rateBasedStatement", map("limit", 2000))),
                map("name", "common", "statement", map("managedRuleGroupStatement", map("name", "AWSManagedRulesCommonRuleSet"))));
        PlannedResource acl = resource("aws:wafv2/webAcl:WebAcl", "t-acl", US_EAST_1, map("name", "kyeol-t", "scope",
                "CLOUDFRONT", "rules", rules));
        CostLine line = line(estimate(plan(acl), usage(CDN_REQUESTS_MILLIONS, 30)), "t-acl");
        assertEquals(5 + 3 * 1 + 30 * 0.60, line.monthlyUsd(), EPS);
        assertEquals(List.of(), line.unpriced());
    }

    @Test
    void aPaidManagedRuleGroupIsFlaggedAsNotPriced() {
        PlannedResource acl = resource("aws:wafv2/webAcl:WebAcl", "t-acl", US_EAST_1, map("scope", "CLOUDFRONT", "rules",
                List.of(map("name", "bots", "statement", map("managedRuleGroupStatement", map("name",
                        "AWSManagedRulesBotControlRuleSet"))))));
        CostLine line = line(estimate(plan(acl), usage()), "t-acl");
        assertEquals(List.of("managed rule group AWSManagedRulesBotControlRuleSet: its subscription and request fees"),
                line.unpriced());
    }

    // ---- in the cluster: ALBs from Helm values, volumes ----

    private static PlannedResource subnet(String name, String zone, String role) {
        return resource("aws:ec2/subnet:Subnet", name, map("availabilityZone", zone, "tags", map(role, "1")));
    }

    private static PlannedResource argocd(Map<String, Object> ingress) {
        return resource(Ingresses.RELEASE, "t-argocd", map("chart", "argo-cd", "name", "argocd", "namespace", "argocd",
                "values", map("server", map("ingress", ingress))));
    }

    @Test
    void anInternetFacingIngressIsAnAlbWithAPublicAddressInEachZone() {
        Plan plan = plan(subnet("pub-a", "ap-northeast-3a", "kubernetes.io/role/elb"),
                subnet("pub-b", "ap-northeast-3b", "kubernetes.io/role/elb"),
                subnet("priv-a", "ap-northeast-3a", "kubernetes.io/role/internal-elb"),
                argocd(map("enabled", true, "controller", "aws", "ingressClassName", "alb",
                        "annotations", map("alb.ingress.kubernetes.io/scheme", "internet-facing"))));
        CostLine line = line(estimate(plan, usage(ALB_LCU, 2)), "t-argocd");
        assertEquals(730 * 0.02 + 2 * 730 * 0.01 + 2 * 730 * 0.005, line.monthlyUsd(), EPS, "2 public subnets' zones");
    }

    @Test
    void anInternalIngressHasNoPublicAddressesAndADisabledOneNoAlb() {
        PlannedResource internal = argocd(map("enabled", true, "ingressClassName", "alb"));
        assertEquals(730 * 0.02 + 3 * 730 * 0.01, monthly(plan(internal), "t-argocd"), EPS, "scheme defaults to internal");
        CostEstimate off = estimate(plan(argocd(map("enabled", false, "ingressClassName", "alb"))), usage());
        assertTrue(off.lines().isEmpty(), off.lines().toString());
        CostEstimate nginx = estimate(plan(argocd(map("enabled", true, "ingressClassName", "nginx"))), usage());
        assertTrue(nginx.lines().isEmpty(), "an Ingress of another class makes no ALB");
    }

    @Test
    void ingressesSharingAGroupShareOneAlb() {
        Map<String, Object> grouped = map("enabled", true, "ingressClassName", "alb", "annotations",
                map("alb.ingress.kubernetes.io/group.name", "hub"));
        PlannedResource argocd = argocd(grouped);
        PlannedResource grafana = resource(Ingresses.RELEASE, "t-grafana", map("chart", "grafana", "name", "grafana",
                "values", map("ingress", grouped)));
        CostEstimate estimate = estimate(plan(argocd, grafana), usage(ALB_LCU, 1));
        assertEquals(730 * 0.02 + 730 * 0.01, line(estimate, "t-argocd").monthlyUsd(), EPS, "the group's ALB, charged once");
        assertTrue(estimate.lines().stream().noneMatch(l -> l.name().equals("t-grafana")), estimate.lines().toString());
    }

    @Test
    void chartVolumesArePricedAsGp3PerReplica() {
        PlannedResource grafana = resource(Ingresses.RELEASE, "t-grafana", map("chart", "grafana", "name", "grafana",
                "values", map("replicas", 2, "persistence", map("enabled", true, "size", "20Gi"))));
        PlannedResource prometheus = resource(Ingresses.RELEASE, "t-kps", map("chart", "kube-prometheus-stack", "values",
                map("prometheus", map("prometheusSpec", map("storageSpec", map("volumeClaimTemplate", map("spec",
                        map("resources", map("requests", map("storage", "500Mi"))))))))));
        PlannedResource defaultsOff = resource(Ingresses.RELEASE, "t-grafana2", map("chart", "grafana", "values", map()));
        CostEstimate estimate = estimate(plan(grafana, prometheus, defaultsOff), usage());
        assertEquals(2 * 20 * 0.10, line(estimate, "t-grafana").monthlyUsd(), EPS);
        assertEquals(500.0 / 1024 * 0.10, line(estimate, "t-kps").monthlyUsd(), EPS);
        assertTrue(estimate.lines().stream().noneMatch(l -> l.name().equals("t-grafana2")), "persistence is off by default");
    }

    @Test
    void lokisVolumeAndPrometheusObjectsVolumesArePricedAsGp3() {
        PlannedResource loki = resource(Ingresses.RELEASE, "t-loki", map("chart", "loki", "values", map("singleBinary", map("replicas", 1))));
        PlannedResource lokiOff = resource(Ingresses.RELEASE, "t-loki2", map("chart", "loki", "values", map()));
        PlannedResource receiver = resource(ResourceTypes.PROMETHEUS, "t-receiver", map("metadata", map("name", "receiver"),
                "spec", map("replicas", 2, "storage", map("volumeClaimTemplate", map("spec", map("resources", map("requests", map("storage", "10Gi"))))))));
        PlannedResource ephemeral = resource(ResourceTypes.PROMETHEUS, "t-ephemeral", map("spec", map("replicas", 1)));
        CostEstimate estimate = estimate(plan(loki, lokiOff, receiver, ephemeral), usage());
        assertEquals(10 * 0.10, line(estimate, "t-loki").monthlyUsd(), EPS, "the chart's default 10Gi, one replica");
        assertEquals(2 * 10 * 0.10, line(estimate, "t-receiver").monthlyUsd(), EPS);
        assertTrue(estimate.lines().stream().noneMatch(l -> l.name().equals("t-loki2") || l.name().equals("t-ephemeral")),
                "no single-binary replica (the chart's default 0), no volume claim template: no volume");
        assertTrue(estimate.complete(), estimate.unpriced().toString());
    }

    @Test
    void alloyReadingCloudWatchPaysForTheMetricsItRequests() {
        PlannedResource reads = resource(Ingresses.RELEASE, "t-alloy", map("chart", "alloy", "values",
                map("alloy", map("configMap", map("content", "prometheus.exporter.cloudwatch \"aws\" {\n}\n")))));
        PlannedResource logsOnly = resource(Ingresses.RELEASE, "t-alloy-logs", map("chart", "alloy", "values",
                map("alloy", map("configMap", map("content", "loki.source.kubernetes \"pods\" {\n}\n")))));
        CostEstimate estimate = estimate(plan(reads, logsOnly), usage(CLOUDWATCH_METRICS_K, 350));
        assertEquals(350 * 0.01, line(estimate, "t-alloy").monthlyUsd(), EPS, "350 thousand metrics at $0.01 per thousand");
        assertTrue(estimate.lines().stream().noneMatch(l -> l.name().equals("t-alloy-logs")));
    }

    @Test
    void anIngressObjectOnTheStacksOwnClusterIsAnAlbAndOneOnAnotherStacksClusterJoinsThatStacksAlb() {
        PlannedResource cluster = resource("aws:eks/cluster:Cluster", "t-eks", map("version", "1.33"));
        PlannedResource reference = resource("pulumi:pulumi:StackReference", "t-hub", map("name", "organization/kyeol-platform/mgmt"));
        PlannedResource own = kubernetesProvider("t-k8s", cluster);
        PlannedResource hub = kubernetesProvider("t-hub-k8s", reference);
        Map<String, Object> ingress = map("metadata", map("name", "endpoint", "namespace", "monitoring",
                "annotations", map("alb.ingress.kubernetes.io/group.name", "telemetry")), "spec", map("ingressClassName", "alb"));
        PlannedResource anchor = resource(Ingresses.INGRESS, "t-anchor", own.urn(), ingress);
        PlannedResource route = resource(Ingresses.INGRESS, "t-route", hub.urn(), ingress);
        PlannedResource nginx = resource(Ingresses.INGRESS, "t-nginx", own.urn(), map("metadata", map("name", "n"), "spec", map("ingressClassName", "nginx")));
        CostEstimate estimate = estimate(plan(cluster, reference, own, hub, anchor, route, nginx), usage(ALB_LCU, 1));
        assertEquals(730 * 0.02 + 730 * 0.01, line(estimate, "t-anchor").monthlyUsd(), EPS, "internal (no scheme), no public addresses");
        assertEquals("Ingress monitoring/endpoint", line(estimate, "t-anchor").label());
        assertTrue(estimate.lines().stream().noneMatch(l -> l.name().equals("t-route") || l.name().equals("t-nginx")), estimate.lines().toString());
    }

    @Test
    void alertTopicsAndTheirSubscriptionsAreFree() {
        CostEstimate estimate = estimate(plan(resource("aws:sns/topic:Topic", "t-alerts", map("name", "alerts")),
                resource("aws:sns/topicSubscription:TopicSubscription", "t-alerts-email", map("protocol", "email"))), usage());
        assertEquals(List.of(), estimate.unclassified());
        assertTrue(estimate.lines().isEmpty(), estimate.lines().toString());
    }

    private static PlannedResource kubernetesProvider(String name, PlannedResource kubeconfigFrom) {
        return new PlannedResource(urn("pulumi:providers:kubernetes", name), "pulumi:providers:kubernetes", name, SmallPlans.COMPONENT, "",
                List.of(kubeconfigFrom.urn()), false, true, Map.of(), Map.of("kubeconfig", List.of(kubeconfigFrom.urn())), Map.of());
    }

    @Test
    void aLoadBalancerServiceIsFlaggedAsNotPriced() {
        PlannedResource service = resource("kubernetes:core/v1:Service", "t-svc", map("spec", map("type", "LoadBalancer")));
        PlannedResource plain = resource("kubernetes:core/v1:Service", "t-svc2", map("spec", map("type", "ClusterIP")));
        CostEstimate estimate = estimate(plan(service, plain), usage());
        assertEquals(1, line(estimate, "t-svc").unpriced().size());
        assertTrue(estimate.lines().stream().noneMatch(l -> l.name().equals("t-svc2")));
    }

    // ---- regions, classification, components ----

    @Test
    void aResourceIsPricedFromItsOwnProvidersRegionAndAMissingRowIsNamed() {
        PlannedResource key = resource("aws:kms/key:Key", "t-key-use1", US_EAST_1, map());
        CostLine line = line(estimate(plan(key), usage()), "t-key-use1");
        assertEquals(List.of("customer managed key: no price 'kms.key' for us-east-1 (add a row with its source to "
                + "cost/Prices.java)"), line.unpriced());
    }

    @Test
    void everyTypeIsPricedFreeOrReportedUnclassified() {
        PlannedResource vpc = resource("aws:ec2/vpc:Vpc", "t-vpc", map());
        PlannedResource mystery = resource("aws:sagemaker/endpoint:Endpoint", "t-endpoint", map());
        PlannedResource object = resource("kubernetes:core/v1:ConfigMap", "t-cm", map());
        CostEstimate estimate = estimate(plan(vpc, mystery, object), usage());
        assertEquals(List.of("aws:sagemaker/endpoint:Endpoint"), estimate.unclassified());
        assertEquals("VPCs cost nothing", estimate.free().get("aws:ec2/vpc:Vpc"));
        assertTrue(estimate.free().containsKey("kubernetes:core/v1:ConfigMap"));
        assertTrue(estimate.free().containsKey("pulumi:providers:aws"));
        assertFalse(estimate.complete());
    }

    @Test
    void linesAddUpPerComponentAndPerStack() {
        PlannedResource key = resource("aws:kms/key:Key", "t-key", map());
        PlannedResource secret = resource("aws:secretsmanager/secret:Secret", "t-secret", map());
        CostEstimate estimate = estimate(plan(key, secret), usage());
        assertEquals(Map.of("kyeol:test:Box box", 1.40), estimate.byComponent());
        assertEquals(1.40, estimate.monthlyUsd(), EPS);
        assertEquals("kyeol:test:Box box", line(estimate, "t-key").component());
        assertEquals(urn("aws:kms/key:Key", "t-key"), line(estimate, "t-key").urn());
    }
}
