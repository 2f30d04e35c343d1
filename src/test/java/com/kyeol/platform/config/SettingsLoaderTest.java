package com.kyeol.platform.config;

import com.kyeol.platform.support.TestStacks;

import static com.kyeol.platform.support.SettingsAssertions.assertLoads;
import static com.kyeol.platform.support.SettingsAssertions.assertOneProblem;
import static com.kyeol.platform.support.SettingsAssertions.assertProblems;
import static com.kyeol.platform.support.SettingsAssertions.problems;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.kyeol.platform.support.TestStacks.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every class of bad input gets one clear line naming file and key; good input gives complete settings. */
class SettingsLoaderTest {

    private static final String NET = "kyeol-platform:network";
    private final StackConfig dev = TestStacks.config("dev");
    private final StackConfig stage = TestStacks.config("stage");

    @Test
    void devStackParsesIntoTheSeedsValues() {
        StackSettings s = SettingsLoader.load(dev, List.of());
        assertEquals(Role.WORKLOAD, s.role());
        assertEquals(Tier.DEVELOPMENT, s.tier());
        assertEquals("ap-northeast-3", s.region());
        assertEquals("10.10.0.0/16", s.network().vpcCidr().toString());
        assertEquals(3, s.network().zones().size());
        assertEquals(new NodeGroupSettings("t3.medium", 3, 3, 4, 50), s.cluster().nodeGroup());
        assertEquals("db.t3.small", s.database().orElseThrow().instanceClass());
        assertFalse(s.database().orElseThrow().multiAz());
        assertEquals("cache.t3.micro", s.cache().orElseThrow().nodeType());
        assertEquals(0, s.cache().orElseThrow().replicas());
        assertEquals("dev-kyeol.msp-g1.click", s.domain().serviceHostname().orElseThrow());
        assertEquals("origin-dev-kyeol.msp-g1.click", s.domain().originHostname().orElseThrow());
        assertEquals("kyeol-dev", s.cluster().name());
        assertEquals(Map.of("Project", "kyeol-platform", "Environment", "dev", "Stack", "kyeol-platform/dev",
                "ManagedBy", "pulumi"), s.defaultTags());
    }

    @Test
    void malformedVpcCidr() {
        assertOneProblem(problems(edit(dev, NET, "vpcCidr", "10.10.0.0/33")), NET + ".vpcCidr", "'10.10.0.0/33' is not valid");
        assertOneProblem(problems(edit(dev, NET, "vpcCidr", "10.10.0.1/16")), NET + ".vpcCidr", "host bits");
    }

    @Test
    void publicVpcCidrIsRejected() {
        assertOneProblem(problems(edit(edit(dev, NET, "vpcCidr", "8.8.0.0/16"), NET, "publicSubnets",
                List.of("8.8.0.0/24", "8.8.1.0/24", "8.8.2.0/24"))).subList(0, 1), NET + ".vpcCidr", "private IPv4 CIDR");
    }

    @Test
    void malformedSubnetIsNamedByIndex() {
        var config = edit(dev, NET, "privateSubnets", List.of("10.10.32.0/19", "10.10.64.0/40", "10.10.96.0/19"));
        assertOneProblem(problems(config), NET + ".privateSubnets[1]", "'10.10.64.0/40' is not valid");
    }

    @Test
    void subnetOutsideTheVpc() {
        var config = edit(dev, NET, "dataSubnets", List.of("10.10.10.0/24", "10.99.11.0/24", "10.10.12.0/24"));
        assertOneProblem(problems(config), NET + ".dataSubnets[1]", "10.99.11.0/24 is outside the VPC 10.10.0.0/16");
    }

    @Test
    void overlappingSubnets() {
        var config = edit(dev, NET, "dataSubnets", List.of("10.10.10.0/24", "10.10.11.0/24", "10.10.1.0/24"));
        assertOneProblem(problems(config), NET + ".dataSubnets[2]", "overlaps kyeol-platform:network.publicSubnets[1]");
    }

    @Test
    void privateSubnetsTooSmallForTheVpcCni() {
        var config = edit(dev, NET, "privateSubnets", List.of("10.10.32.0/19", "10.10.64.0/19", "10.10.96.0/24"));
        assertOneProblem(problems(config), NET + ".privateSubnets[2]", "too small");
    }

    @Test
    void subnetCountMustMatchZones() {
        var config = edit(dev, NET, "publicSubnets", List.of("10.10.0.0/24", "10.10.1.0/24"));
        assertOneProblem(problems(config), NET + ".publicSubnets", "2 subnets for 3 availability zones");
    }

    @Test
    void zonesMustBelongToTheRegion() {
        var config = edit(dev, NET, "availabilityZones", List.of("ap-northeast-3a", "us-east-1b", "ap-northeast-3c"));
        assertOneProblem(problems(config), NET + ".availabilityZones[1]", "'us-east-1b' is not valid");
    }

    @Test
    void vpcCidrOverlappingAnotherStackFile() {
        var qa = TestStacks.renamed(edit(stage, "kyeol-platform:domain", "site", "qa"), "qa");
        assertOneProblem(problems(qa, List.of(dev, stage, TestStacks.config("mgmt"))), NET + ".vpcCidr",
                "10.20.0.0/16 overlaps 10.20.0.0/16 of Pulumi.stage.yaml");
    }

    @Test
    void hostnameUsedByAnotherStackFile() {
        var prod = TestStacks.config("prod");
        var config = edit(dev, "kyeol-platform:domain", "serviceHostname", "kyeol.msp-g1.click");
        assertOneProblem(problems(config, List.of(prod, TestStacks.config("mgmt"))), "kyeol-platform:domain.serviceHostname",
                "kyeol.msp-g1.click is also the service hostname of Pulumi.prod.yaml");
    }

    @Test
    void nodeCountsOutOfOrder() {
        var config = edit(dev, "kyeol-platform:cluster", "nodeGroup.desiredSize", 5);
        assertOneProblem(problems(config), "kyeol-platform:cluster.nodeGroup.desiredSize",
                "minSize 3, desiredSize 5, maxSize 4 are out of order");
        var negative = edit(dev, "kyeol-platform:cluster", "nodeGroup.minSize", -1);
        assertOneProblem(problems(negative), "kyeol-platform:cluster.nodeGroup.minSize", "a whole number from 0 to 450");
    }

    @Test
    void typoInANestedKeyIsUnknownWithAHint() {
        var config = edit(edit(dev, NET, "vpcCidr", null), NET, "vpcCdir", "10.10.0.0/16");
        List<String> problems = problems(config);
        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains(NET + ".vpcCidr: is missing")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains(NET + ".vpcCdir: is not a known key (did you mean 'vpcCidr'?)")),
                problems::toString);
    }

    @Test
    void typoInATopLevelKeyAndUnknownNamespace() {
        assertOneProblem(problems(edit(dev, "kyeol-platform:databse", null, Map.of("x", 1))), "kyeol-platform:databse",
                "did you mean 'database'?");
        assertOneProblem(problems(edit(dev, "kyeol-platfrom:role", null, "workload")), "kyeol-platfrom:role",
                "unknown namespace 'kyeol-platfrom'");
        assertOneProblem(problems(edit(dev, "aws:regoin", null, "ap-northeast-2")), "aws:regoin", "did you mean 'aws:region'?");
    }

    @Test
    void missingRequiredKeys() {
        assertOneProblem(problems(edit(dev, "kyeol-platform:role", null, null)), "kyeol-platform:role", "is missing");
        assertOneProblem(problems(edit(dev, "aws:region", null, null)), "aws:region", "is missing");
        assertOneProblem(problems(edit(dev, "kyeol-platform:cluster", "nodeGroup.instanceType", null)),
                "kyeol-platform:cluster.nodeGroup.instanceType", "is missing");
        assertOneProblem(problems(edit(dev, "kyeol-platform:database", null, null)), "kyeol-platform:database", "is missing");
    }

    @Test
    void stagingDatabaseWithoutMultiAz() {
        var config = edit(stage, "kyeol-platform:database", "multiAz", false);
        assertOneProblem(problems(config), "kyeol-platform:database.multiAz", "is false on a staging stack");
        var prod = edit(TestStacks.config("prod"), "kyeol-platform:database", "multiAz", false);
        assertOneProblem(problems(prod), "kyeol-platform:database.multiAz", "is false on a production stack");
    }

    @Test
    void invalidDomainNames() {
        assertOneProblem(problems(edit(dev, "kyeol-platform:domain", "zone", "MSP_G1..click")), "kyeol-platform:domain.zone",
                "'MSP_G1..click' is not valid");
        assertOneProblem(problems(edit(dev, "kyeol-platform:domain", "serviceHostname", "shop.example.com")),
                "kyeol-platform:domain.serviceHostname", "ending in .msp-g1.click");
    }

    @Test
    void unknownRoleAndTier() {
        assertOneProblem(problems(edit(dev, "kyeol-platform:role", null, "spoke")), "kyeol-platform:role",
                "'spoke' is not valid; expected workload or hub");
        assertOneProblem(problems(edit(dev, "kyeol-platform:tier", null, "prod")), "kyeol-platform:tier",
                "expected development, staging or production");
    }

    @Test
    void hubMayNotHaveADatabase() {
        var mgmt = TestStacks.config("mgmt");
        var config = edit(mgmt, "kyeol-platform:database", null, Map.of("instanceClass", "db.t3.small", "multiAz", true));
        assertOneProblem(problems(config), "kyeol-platform:database", "the hub (role: hub) runs no database");
    }

    @Test
    void invalidEipAllocationAndRetention() {
        assertOneProblem(problems(edit(dev, NET, "natEipAllocationId", "eip-123")), NET + ".natEipAllocationId", "eipalloc-");
        assertOneProblem(problems(edit(dev, NET, "flowLogRetentionDays", 31)), NET + ".flowLogRetentionDays",
                "31 is not a CloudWatch Logs retention period");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        var config = edit(edit(edit(edit(dev, NET, "vpcCidr", "10.10.0.0/33"),
                "kyeol-platform:role", null, "spoke"),
                "kyeol-platform:cluster", "nodeGroup.maxSize", 0),
                "kyeol-platform:cache", "nodeTyp", "cache.t3.micro");
        List<String> problems = problems(config);
        assertEquals(4, problems.size(), problems::toString);
        assertTrue(problems.stream().allMatch(p -> p.startsWith("Pulumi.dev.yaml: ")), problems::toString);
    }

    @Test
    void badStackNameCannotNameResources() {
        assertOneProblem(problems(TestStacks.renamed(edit(dev, NET, "vpcCidr", "10.10.0.0/16"), "Dev_1")),
                "(stack name)", "'Dev_1' cannot name resources");
    }

    @Test
    void clusterSettings() {
        String cluster = "kyeol-platform:cluster";
        assertOneProblem(problems(edit(dev, cluster, "version", "1.29")), cluster + ".version", "one of [1.35]");
        assertOneProblem(problems(edit(dev, cluster, "publicAccessCidrs", List.of("0.0.0.0/0"))), cluster + ".publicAccessCidrs[0]",
                "never 0.0.0.0/0");
        assertOneProblem(problems(edit(dev, cluster, "adminPrincipalArns", List.of("admin"))), cluster + ".adminPrincipalArns[0]",
                "IAM role or user ARNs");
        assertOneProblem(problems(edit(dev, cluster, "externalDnsPolicy", "delete-all")), cluster + ".externalDnsPolicy",
                "sync, upsert-only or create-only");
        assertOneProblem(problems(edit(dev, cluster, "logRetentionDays", 10)), cluster + ".logRetentionDays",
                "10 is not a CloudWatch Logs retention period");
        var privateOnly = SettingsLoader.load(edit(dev, cluster, "publicAccessCidrs", List.of()), List.of());
        assertTrue(privateOnly.cluster().publicAccessCidrs().isEmpty());
        assertEquals("upsert-only", TestStacks.settings("prod").cluster().externalDnsPolicy(), "production never deletes records");
    }

    // --- regions and zones (config/AwsRegions.java, a dated table) ---------------------------------------------

    @Test
    void aRegionThatIsNotAnAwsRegion() {
        assertProblems(problems(edit(dev, "aws:region", null, "ap-northeast-9")),
                "Pulumi.dev.yaml: aws:region: 'ap-northeast-9' is not an AWS region (did you mean ap-northeast-1?); expected a region "
                        + "code such as ap-northeast-2 (the regions known on 2025-11 are in config/AwsRegions.java; add one AWS opened since)");
        assertOneProblem(problems(edit(dev, "aws:region", null, "eu-west-9")), "aws:region", "'eu-west-9' is not an AWS region");
        assertOneProblem(problems(edit(dev, "aws:region", null, "AP-NORTHEAST-3")), "aws:region", "is not an AWS region");
    }

    @Test
    void zonesThatAreNotTheRegions() {
        assertProblems(problems(edit(dev, NET, "availabilityZones", List.of("ap-northeast-3a", "ap-northeast-3b", "ap-northeast-3d"))),
                "Pulumi.dev.yaml: kyeol-platform:network.availabilityZones[2]: 'ap-northeast-3d' is not valid; expected availability "
                        + "zones of ap-northeast-3: ap-northeast-3a, ap-northeast-3b, ap-northeast-3c (as of 2025-11)");
        // a zone id, a Local Zone and another region's zone are not zone names of this region
        var config = edit(dev, NET, "availabilityZones", List.of("apne3-az1", "ap-northeast-3-osa-1a", "ap-northeast-2a"));
        List<String> problems = problems(config);
        assertEquals(3, problems.size(), problems::toString);
        assertTrue(problems.stream().allMatch(p -> p.contains("expected availability zones of ap-northeast-3:")), problems::toString);
    }

    @Test
    void zonesOfAnotherRegionLoadWithThatRegion() {
        var seoul = edit(edit(dev, "aws:region", null, "ap-northeast-2"), NET, "availabilityZones",
                List.of("ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2d"));
        assertEquals(List.of("ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2d"),
                SettingsLoader.load(seoul, List.of()).network().zones().stream().map(NetworkSettings.ZoneSubnets::availabilityZone).toList());
    }

    // --- node groups that cannot run the platform ----------------------------------------------------------------

    private static final String NODES = "kyeol-platform:cluster";

    @Test
    void aNodeGroupThatMayScaleToZero() {
        assertProblems(problems(edit(edit(dev, NODES, "nodeGroup.minSize", 0), NODES, "nodeGroup.desiredSize", 0)),
                "Pulumi.dev.yaml: kyeol-platform:cluster.nodeGroup.minSize: is 0: the node group may scale to no nodes at all; "
                        + "expected at least 1: CoreDNS, the load balancer controller and the cluster autoscaler itself run on these "
                        + "nodes, and at 0 nothing is left to scale the group back up");
        assertOneProblem(problems(edit(dev, NODES, "nodeGroup.minSize", 0)), NODES + ".nodeGroup.minSize", "is 0");
    }

    @Test
    void aNodeGroupThatCanNeverHaveANode() {
        var none = edit(edit(edit(dev, NODES, "nodeGroup.minSize", 0), NODES, "nodeGroup.desiredSize", 0), NODES, "nodeGroup.maxSize", 0);
        assertProblems(problems(none),
                "Pulumi.dev.yaml: kyeol-platform:cluster.nodeGroup.maxSize: is 0: the node group can never have a node; "
                        + "expected at least 1 (the platform's pods need nodes)",
                "Pulumi.dev.yaml: kyeol-platform:cluster.nodeGroup.minSize: is 0: the node group may scale to no nodes at all; "
                        + "expected at least 1: CoreDNS, the load balancer controller and the cluster autoscaler itself run on these "
                        + "nodes, and at 0 nothing is left to scale the group back up");
        assertOneProblem(problems(edit(dev, NODES, "nodeGroup.maxSize", 0)), NODES + ".nodeGroup.maxSize", "can never have a node");
    }

    @Test
    void instanceSizesWhoseNodesTheDaemonSetsFill() {
        assertProblems(problems(edit(dev, NODES, "nodeGroup.instanceType", "t3.micro")),
                "Pulumi.dev.yaml: kyeol-platform:cluster.nodeGroup.instanceType: t3.micro runs at most 4 pods with the VPC CNI, all "
                        + "taken by the 4 add-on DaemonSets every node runs (aws-node, kube-proxy, eks-pod-identity-agent, "
                        + "ebs-csi-node); expected a size with room for the platform's pods, such as t3.medium (17 pods)");
        assertOneProblem(problems(edit(dev, NODES, "nodeGroup.instanceType", "t4g.nano")), NODES + ".nodeGroup.instanceType", "t4g.nano");
        assertLoads(edit(dev, NODES, "nodeGroup.instanceType", "t3.large"), List.of());
    }

    // --- CIDR lists that add up to the whole internet ------------------------------------------------------------

    @Test
    void publicAccessCidrsThatTogetherAreTheWholeInternet() {
        assertProblems(problems(edit(dev, NODES, "publicAccessCidrs", List.of("0.0.0.0/1", "128.0.0.0/1"))),
                "Pulumi.dev.yaml: kyeol-platform:cluster.publicAccessCidrs: 0.0.0.0/1, 128.0.0.0/1 together cover every IPv4 "
                        + "address, like 0.0.0.0/0; expected CIDRs of operators and CI (never 0.0.0.0/0); [] for a private endpoint");
        assertOneProblem(problems(edit(dev, NODES, "publicAccessCidrs", List.of("198.51.100.0/24", "128.0.0.0/1", "0.0.0.0/2", "64.0.0.0/2"))),
                NODES + ".publicAccessCidrs", "together cover every IPv4 address");
        assertLoads(edit(dev, NODES, "publicAccessCidrs", List.of("0.0.0.0/1", "128.0.0.0/2")), List.of());
    }

    @Test
    void argocdAllowedCidrsThatTogetherAreTheWholeInternet() {
        assertProblems(problems(edit(TestStacks.config("mgmt"), "kyeol-platform:hub", "argocdAllowedCidrs",
                        List.of("128.0.0.0/2", "0.0.0.0/1", "192.0.0.0/2"))),
                "Pulumi.mgmt.yaml: kyeol-platform:hub.argocdAllowedCidrs: 128.0.0.0/2, 0.0.0.0/1, 192.0.0.0/2 together cover every "
                        + "IPv4 address, like 0.0.0.0/0; expected CIDRs of the people and CI that use ArgoCD (never 0.0.0.0/0)");
        assertOneProblem(problems(edit(TestStacks.config("mgmt"), "kyeol-platform:hub", "argocdAllowedCidrs", List.of("0.0.0.0/0"))),
                "kyeol-platform:hub.argocdAllowedCidrs[0]", "never 0.0.0.0/0");
    }

    @Test
    void everyRealStackFileLoadsWithoutAProblem() {
        for (String stack : TestStacks.stacks()) {
            assertLoads(TestStacks.config(stack), TestStacks.project().siblingsOf(stack));
        }
        assertTrue(TestStacks.stacks().containsAll(List.of("dev", "mgmt", "prod", "stage")), TestStacks.stacks()::toString);
    }
}
