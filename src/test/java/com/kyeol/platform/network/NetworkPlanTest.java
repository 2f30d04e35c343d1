package com.kyeol.platform.network;

import com.google.gson.Gson;
import com.kyeol.platform.config.NetworkSettings.ZoneSubnets;
import com.kyeol.platform.config.SettingsLoader;
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
import java.util.stream.Collectors;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.PlanAssertions.named;
import static com.kyeol.platform.support.PlanAssertions.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network layer of every stack file in the repository (a new Pulumi.<stack>.yaml is picked up):
 * each stack is planned once, then checked by many small assertions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkPlanTest {


    List<String> stacks() {
        return TestStacks.stacks();
    }

    @Test
    void theRepositoryHasTheFourSeedStacks() {
        assertTrue(stacks().containsAll(List.of("dev", "stage", "prod", "mgmt")), stacks()::toString);
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void oneVpcWithTheConfiguredCidrAndDns(String stack) {
        var vpc = one(TestPlans.of(stack), "aws:ec2/vpc:Vpc");
        assertEquals(TestPlans.settings(stack).network().vpcCidr().toString(), vpc.inputs().get("cidrBlock"));
        assertEquals(true, vpc.inputs().get("enableDnsHostnames"));
        assertEquals(true, vpc.inputs().get("enableDnsSupport"));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void publicPrivateAndDataSubnetsInEveryZone(String stack) {
        var subnets = TestPlans.of(stack).ofType("aws:ec2/subnet:Subnet");
        List<ZoneSubnets> zones = TestPlans.settings(stack).network().zones();
        assertEquals(3, zones.size(), "the seed's stacks span 3 availability zones");
        assertEquals(3 * zones.size(), subnets.size());
        for (String tier : List.of("public", "private", "data")) {
            Set<Object> azs = subnets.stream().filter(s -> map(s.inputs().get("tags")).get("kyeol.io/subnet-tier").equals(tier))
                    .map(s -> s.inputs().get("availabilityZone")).collect(Collectors.toSet());
            assertEquals(zones.stream().map(ZoneSubnets::availabilityZone).collect(Collectors.toSet()), azs, tier);
        }
        assertTrue(subnets.stream().allMatch(s -> Boolean.FALSE.equals(s.inputs().get("mapPublicIpOnLaunch"))),
                "no subnet hands out public IPs");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void subnetsCarryTheLoadBalancerControllerTags(String stack) {
        String cluster = "kubernetes.io/cluster/" + SettingsLoader.clusterName(stack);
        for (PlannedResource subnet : TestPlans.of(stack).ofType("aws:ec2/subnet:Subnet")) {
            Map<String, Object> tags = map(subnet.inputs().get("tags"));
            switch ((String) tags.get("kyeol.io/subnet-tier")) {
                case "public" -> {
                    assertEquals("1", tags.get("kubernetes.io/role/elb"), subnet.name());
                    assertEquals("shared", tags.get(cluster), subnet.name());
                }
                case "private" -> {
                    assertEquals("1", tags.get("kubernetes.io/role/internal-elb"), subnet.name());
                    assertEquals("shared", tags.get(cluster), subnet.name());
                }
                default -> assertFalse(tags.keySet().stream().anyMatch(k -> k.startsWith("kubernetes.io/")),
                        "data subnets are not for load balancers: " + subnet.name());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void exactlyOneNatGatewayOnAProtectedElasticIp(String stack) {
        Plan plan = TestPlans.of(stack);
        var nat = one(plan, "aws:ec2/natGateway:NatGateway");
        var eip = one(plan, "aws:ec2/eip:Eip");
        assertTrue(eip.protect(), "the NAT EIP must survive a careless destroy");
        assertEquals("vpc", eip.inputs().get("domain"));
        assertTrue(nat.dependsOn().contains(eip.urn()));
        assertTrue(((String) nat.inputs().get("allocationId")).startsWith("eipalloc-"));
        String publicA = named(plan, "aws:ec2/subnet:Subnet", stack + "-public-a").urn();
        assertTrue(nat.dependsOn().contains(publicA), "the NAT gateway lives in a public subnet");
        assertTrue(((String) plan.outputs().get("natPublicIp")).matches("\\d+\\.\\d+\\.\\d+\\.\\d+"));
    }

    @Test
    void aBroughtElasticIpIsUsedAndNotAllocated() {
        var config = TestStacks.edit(TestStacks.config("dev"), "kyeol-platform:network", "natEipAllocationId",
                "eipalloc-0123456789abcdef0");
        var settings = SettingsLoader.load(config, List.of());
        Plan plan = TestPlans.run(config, settings);
        assertTrue(plan.ofType("aws:ec2/eip:Eip").isEmpty(), "no EIP is allocated when one is brought");
        assertEquals("eipalloc-0123456789abcdef0", one(plan, "aws:ec2/natGateway:NatGateway").inputs().get("allocationId"));
        assertTrue(((String) plan.outputs().get("natPublicIp")).startsWith("203.0.113."), "public IP looked up by allocation id");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void routesPublicToTheInternetPrivateThroughNatDataNowhere(String stack) {
        Plan plan = TestPlans.of(stack);
        var routes = plan.ofType("aws:ec2/route:Route");
        assertEquals(2, routes.size());
        String igw = one(plan, "aws:ec2/internetGateway:InternetGateway").urn();
        String nat = one(plan, "aws:ec2/natGateway:NatGateway").urn();
        var publicRoute = named(plan, "aws:ec2/route:Route", stack + "-public-default");
        var privateRoute = named(plan, "aws:ec2/route:Route", stack + "-private-default");
        assertEquals("0.0.0.0/0", publicRoute.inputs().get("destinationCidrBlock"));
        assertTrue(publicRoute.dependsOn().contains(igw));
        assertTrue(privateRoute.dependsOn().contains(nat));
        assertTrue(publicRoute.dependsOn().contains(named(plan, "aws:ec2/routeTable:RouteTable", stack + "-public-rt").urn()));
        assertTrue(privateRoute.dependsOn().contains(named(plan, "aws:ec2/routeTable:RouteTable", stack + "-private-rt").urn()));
        assertEquals(9, plan.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation").size());
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void flowLogsOfAllTrafficWithRetentionThroughAScopedRole(String stack) {
        Plan plan = TestPlans.of(stack);
        var flowLog = one(plan, "aws:ec2/flowLog:FlowLog");
        var logGroup = named(plan, "aws:cloudwatch/logGroup:LogGroup", stack + "-flow-logs");
        assertEquals("ALL", flowLog.inputs().get("trafficType"));
        assertEquals("cloud-watch-logs", flowLog.inputs().get("logDestinationType"));
        assertTrue(flowLog.dependsOn().contains(one(plan, "aws:ec2/vpc:Vpc").urn()));
        assertTrue(flowLog.dependsOn().contains(logGroup.urn()));
        assertEquals((long) TestPlans.settings(stack).network().flowLogRetentionDays(), logGroup.inputs().get("retentionInDays"));

        Map<?, ?> trust = new Gson().fromJson((String) named(plan, "aws:iam/role:Role", stack + "-flow-logs-role")
                .inputs().get("assumeRolePolicy"), Map.class);
        Map<?, ?> statement = (Map<?, ?>) list(trust.get("Statement")).get(0);
        assertEquals(Map.of("Service", "vpc-flow-logs.amazonaws.com"), statement.get("Principal"));
        assertTrue(statement.get("Condition").toString().contains("aws:SourceAccount"), "trust scoped to our account");
        // The VPC Flow Logs user guide's list for a CloudWatch Logs destination, scoped to our group; DescribeLogGroups
        // has no resource-level permissions (IAM service authorization reference), so it alone may name "*".
        String policy = (String) named(plan, "aws:iam/rolePolicy:RolePolicy", stack + "-flow-logs-write").inputs().get("policy");
        Map<String, Object> granted = new java.util.TreeMap<>();
        for (Object s : list(new Gson().fromJson(policy, Map.class).get("Statement"))) {
            Map<?, ?> grant = (Map<?, ?>) s;
            list(grant.get("Action")).forEach(a -> granted.put((String) a, grant.get("Resource")));
        }
        assertEquals(Set.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups",
                "logs:DescribeLogStreams"), granted.keySet(), policy);
        String groupArn = "arn:aws:logs:ap-northeast-3:111122223333:log-group:" + logGroup.inputs().get("name");
        granted.forEach((action, resource) -> assertEquals(action.equals("logs:DescribeLogGroups") ? "*" : List.of(groupArn, groupArn + ":*"),
                resource, action));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void defaultSecurityGroupIsClosed(String stack) {
        var sg = one(TestPlans.of(stack), "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        assertEquals(List.of(), sg.inputs().get("ingress"));
        assertEquals(List.of(), sg.inputs().get("egress"));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void s3GatewayAndTheConfiguredInterfaceEndpoints(String stack) {
        Plan plan = TestPlans.of(stack);
        String region = TestPlans.settings(stack).region();
        var endpoints = plan.ofType("aws:ec2/vpcEndpoint:VpcEndpoint");
        var s3 = named(plan, "aws:ec2/vpcEndpoint:VpcEndpoint", stack + "-s3-endpoint");
        assertEquals("com.amazonaws." + region + ".s3", s3.inputs().get("serviceName"));
        assertEquals("Gateway", s3.inputs().get("vpcEndpointType"));
        assertEquals(2, list(s3.inputs().get("routeTableIds")).size(), "private and data route tables");
        Set<Object> interfaces = endpoints.stream().filter(e -> "Interface".equals(e.inputs().get("vpcEndpointType")))
                .map(e -> e.inputs().get("serviceName")).collect(Collectors.toSet());
        assertEquals(TestPlans.settings(stack).network().interfaceEndpoints().stream()
                .map(s -> "com.amazonaws." + region + "." + s).collect(Collectors.toSet()), interfaces);
        endpoints.stream().filter(e -> "Interface".equals(e.inputs().get("vpcEndpointType")))
                .forEach(e -> assertEquals(true, e.inputs().get("privateDnsEnabled")));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void theRegionalAwsProviderWithDefaultTagsServesEveryNetworkResource(String stack) {
        Plan plan = TestPlans.of(stack);
        var provider = named(plan, "pulumi:providers:aws", "aws-" + stack);
        assertEquals(TestPlans.settings(stack).region(), provider.inputs().get("region"));
        Map<?, ?> defaultTags = new Gson().fromJson((String) provider.inputs().get("defaultTags"), Map.class);
        assertEquals(TestPlans.settings(stack).defaultTags(), defaultTags.get("tags"));
        assertEquals(Set.of("Project", "Environment", "Stack", "ManagedBy"), TestPlans.settings(stack).defaultTags().keySet());
        String network = one(plan, "kyeol:network:Network").urn();
        var custom = plan.resources().stream()
                .filter(r -> r.custom() && r.parent().equals(network)).toList();
        assertFalse(custom.isEmpty());
        for (PlannedResource r : custom) {
            assertTrue(r.provider().startsWith(provider.urn() + "::"), r.urn() + " uses " + r.provider());
        }
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyChildIsNamedAfterItsStack(String stack) {
        TestPlans.of(stack).resources().stream()
                .filter(r -> !r.type().equals("pulumi:pulumi:Stack"))
                .forEach(r -> assertTrue(r.name().equals(stack) || r.name().startsWith(stack + "-")
                        || r.name().endsWith("-" + stack), r.urn()));
    }
}
