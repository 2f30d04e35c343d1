package com.kyeol.platform.network;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.config.NetworkSettings;
import com.kyeol.platform.config.NetworkSettings.ZoneSubnets;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.DefaultSecurityGroup;
import com.pulumi.aws.ec2.DefaultSecurityGroupArgs;
import com.pulumi.aws.ec2.Ec2Functions;
import com.pulumi.aws.ec2.Eip;
import com.pulumi.aws.ec2.EipArgs;
import com.pulumi.aws.ec2.FlowLog;
import com.pulumi.aws.ec2.FlowLogArgs;
import com.pulumi.aws.ec2.InternetGateway;
import com.pulumi.aws.ec2.InternetGatewayArgs;
import com.pulumi.aws.ec2.NatGateway;
import com.pulumi.aws.ec2.NatGatewayArgs;
import com.pulumi.aws.ec2.Route;
import com.pulumi.aws.ec2.RouteArgs;
import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.ec2.VpcEndpoint;
import com.pulumi.aws.ec2.VpcEndpointArgs;
import com.pulumi.aws.ec2.inputs.GetElasticIpArgs;
import com.pulumi.aws.ec2.inputs.SecurityGroupIngressArgs;
import com.pulumi.aws.ec2.outputs.GetElasticIpResult;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VPC of one stack: public, private (nodes and pods) and data subnets in every configured zone,
 * an internet gateway, exactly one NAT gateway on a manually assigned Elastic IP, route tables,
 * the subnet tags the AWS Load Balancer Controller discovers, flow logs, an S3 gateway endpoint,
 * optional interface endpoints and a closed default security group.
 */
public final class NetworkComponent extends ComponentResource {

    @Export(name = "vpcId")
    public final Output<String> vpcId;
    @Export(name = "publicSubnetIds")
    public final Output<List<String>> publicSubnetIds;
    @Export(name = "privateSubnetIds")
    public final Output<List<String>> privateSubnetIds;
    @Export(name = "dataSubnetIds")
    public final Output<List<String>> dataSubnetIds;
    /** The stable egress address of the VPC (what the hub's ArgoCD is allowlisted by). */
    @Export(name = "natPublicIp")
    public final Output<String> natPublicIp;
    @Export(name = "flowLogGroupName")
    public final Output<String> flowLogGroupName;

    private final String name;
    private final AwsTarget aws;

    /**
     * @param name        the environment; prefixes every child's name
     * @param clusterName the EKS cluster that will use these subnets (tagged before it exists)
     */
    public NetworkComponent(String name, NetworkSettings settings, String clusterName, AwsTarget aws,
                            ComponentResourceOptions options) {
        super("kyeol:network:Network", name, options);
        this.name = name;
        this.aws = aws;

        var vpc = new Vpc(name + "-vpc", VpcArgs.builder()
                .cidrBlock(settings.vpcCidr().toString())
                .enableDnsSupport(true)
                .enableDnsHostnames(true)
                .tags(nameTag("vpc"))
                .build(), child());

        new DefaultSecurityGroup(name + "-default-sg", DefaultSecurityGroupArgs.builder()
                .vpcId(vpc.id())
                .ingress(List.of())
                .egress(List.of())
                .tags(nameTag("default-closed"))
                .build(), child());

        var igw = new InternetGateway(name + "-igw", InternetGatewayArgs.builder()
                .vpcId(vpc.id())
                .tags(nameTag("igw"))
                .build(), child());

        var publicTable = routeTable("public", vpc);
        var privateTable = routeTable("private", vpc);
        var dataTable = routeTable("data", vpc);
        new Route(name + "-public-default", RouteArgs.builder()
                .routeTableId(publicTable.id())
                .destinationCidrBlock("0.0.0.0/0")
                .gatewayId(igw.id())
                .build(), child());

        String clusterTag = "kubernetes.io/cluster/" + clusterName;
        List<Subnet> publicSubnets = new ArrayList<>();
        List<Subnet> privateSubnets = new ArrayList<>();
        List<Subnet> dataSubnets = new ArrayList<>();
        for (ZoneSubnets zone : settings.zones()) {
            String az = zone.suffix(aws.region());
            publicSubnets.add(subnet("public-" + az, vpc, zone.availabilityZone(), zone.publicSubnet().toString(),
                    Map.of("kubernetes.io/role/elb", "1", clusterTag, "shared"), publicTable));
            privateSubnets.add(subnet("private-" + az, vpc, zone.availabilityZone(), zone.privateSubnet().toString(),
                    Map.of("kubernetes.io/role/internal-elb", "1", clusterTag, "shared"), privateTable));
            dataSubnets.add(subnet("data-" + az, vpc, zone.availabilityZone(), zone.dataSubnet().toString(),
                    Map.of(), dataTable));
        }

        // One NAT gateway per VPC on a manually assigned EIP: brought by id, or allocated here and protected,
        // because the hub allowlists this address on every spoke's API endpoint.
        Output<String> allocationId;
        if (settings.natEipAllocationId().isPresent()) {
            allocationId = Output.of(settings.natEipAllocationId().get());
            this.natPublicIp = Ec2Functions.getElasticIp(GetElasticIpArgs.builder().id(allocationId).build(), aws.invoke())
                    .applyValue(GetElasticIpResult::publicIp);
        } else {
            var eip = new Eip(name + "-nat-eip", EipArgs.builder()
                    .domain("vpc")
                    .tags(nameTag("nat-eip"))
                    .build(), CustomResourceOptions.builder().parent(this).provider(aws.provider())
                    .protect(true).dependsOn(igw).build());
            allocationId = eip.allocationId();
            this.natPublicIp = eip.publicIp();
        }
        var nat = new NatGateway(name + "-nat", NatGatewayArgs.builder()
                .allocationId(allocationId)
                .subnetId(publicSubnets.get(0).id())
                .connectivityType("public")
                .tags(nameTag("nat"))
                .build(), CustomResourceOptions.builder().parent(this).provider(aws.provider()).dependsOn(igw).build());
        new Route(name + "-private-default", RouteArgs.builder()
                .routeTableId(privateTable.id())
                .destinationCidrBlock("0.0.0.0/0")
                .natGatewayId(nat.id())
                .build(), child());

        new VpcEndpoint(name + "-s3-endpoint", VpcEndpointArgs.builder()
                .vpcId(vpc.id())
                .serviceName("com.amazonaws." + aws.region() + ".s3")
                .vpcEndpointType("Gateway")
                .routeTableIds(Output.all(privateTable.id(), dataTable.id()))
                .tags(nameTag("s3-endpoint"))
                .build(), child());
        if (!settings.interfaceEndpoints().isEmpty()) {
            interfaceEndpoints(settings, vpc, privateSubnets);
        }

        this.flowLogGroupName = flowLogs(settings, vpc);
        this.vpcId = vpc.id();
        this.publicSubnetIds = ids(publicSubnets);
        this.privateSubnetIds = ids(privateSubnets);
        this.dataSubnetIds = ids(dataSubnets);
        registerOutputs(Map.of(
                "vpcId", vpcId,
                "publicSubnetIds", publicSubnetIds,
                "privateSubnetIds", privateSubnetIds,
                "dataSubnetIds", dataSubnetIds,
                "natPublicIp", natPublicIp,
                "flowLogGroupName", flowLogGroupName));
    }

    private CustomResourceOptions child() {
        return aws.child(this);
    }

    private Map<String, String> nameTag(String what) {
        return Map.of("Name", "kyeol-" + name + "-" + what);
    }

    private RouteTable routeTable(String tier, Vpc vpc) {
        return new RouteTable(name + "-" + tier + "-rt", RouteTableArgs.builder()
                .vpcId(vpc.id())
                .tags(nameTag(tier + "-rt"))
                .build(), child());
    }

    private Subnet subnet(String id, Vpc vpc, String zone, String cidr, Map<String, String> tags, RouteTable table) {
        var allTags = new LinkedHashMap<>(nameTag(id));
        allTags.putAll(tags);
        allTags.put("kyeol.io/subnet-tier", id.substring(0, id.indexOf('-')));
        var subnet = new Subnet(name + "-" + id, SubnetArgs.builder()
                .vpcId(vpc.id())
                .availabilityZone(zone)
                .cidrBlock(cidr)
                .mapPublicIpOnLaunch(false)
                .tags(allTags)
                .build(), child());
        new RouteTableAssociation(name + "-" + id + "-rta", RouteTableAssociationArgs.builder()
                .subnetId(subnet.id())
                .routeTableId(table.id())
                .build(), child());
        return subnet;
    }

    private void interfaceEndpoints(NetworkSettings settings, Vpc vpc, List<Subnet> privateSubnets) {
        var sg = new SecurityGroup(name + "-endpoints-sg", SecurityGroupArgs.builder()
                .vpcId(vpc.id())
                .description("HTTPS from inside the VPC to the interface endpoints")
                .ingress(SecurityGroupIngressArgs.builder()
                        .description("HTTPS from the VPC")
                        .protocol("tcp").fromPort(443).toPort(443)
                        .cidrBlocks(settings.vpcCidr().toString())
                        .build())
                .tags(nameTag("endpoints-sg"))
                .build(), child());
        for (String service : settings.interfaceEndpoints()) {
            new VpcEndpoint(name + "-" + service.replace('.', '-') + "-endpoint", VpcEndpointArgs.builder()
                    .vpcId(vpc.id())
                    .serviceName("com.amazonaws." + aws.region() + "." + service)
                    .vpcEndpointType("Interface")
                    .privateDnsEnabled(true)
                    .subnetIds(ids(privateSubnets))
                    .securityGroupIds(sg.id().applyValue(List::of))
                    .tags(nameTag(service + "-endpoint"))
                    .build(), child());
        }
    }

    /** All traffic of the VPC to CloudWatch Logs, through a role only this account's flow logs can assume. */
    private Output<String> flowLogs(NetworkSettings settings, Vpc vpc) {
        var logGroup = new LogGroup(name + "-flow-logs", LogGroupArgs.builder()
                .name("/kyeol/" + name + "/vpc-flow-logs")
                .retentionInDays(settings.flowLogRetentionDays())
                .build(), child());
        var role = new Role(name + "-flow-logs-role", RoleArgs.builder()
                .description("Lets VPC flow logs of " + name + " write to their log group")
                .assumeRolePolicy(aws.accountId().applyValue(account -> PolicyDocuments.document(List.of(
                        PolicyDocuments.serviceTrust("vpc-flow-logs.amazonaws.com", account,
                                "arn:aws:ec2:" + aws.region() + ":" + account + ":vpc-flow-log/*")))))
                .build(), child());
        new RolePolicy(name + "-flow-logs-write", RolePolicyArgs.builder()
                .role(role.name())
                .policy(logGroup.arn().applyValue(NetworkComponent::flowLogPolicy))
                .build(), child());
        new FlowLog(name + "-flow-log", FlowLogArgs.builder()
                .vpcId(vpc.id())
                .trafficType("ALL")
                .logDestinationType("cloud-watch-logs")
                .logDestination(logGroup.arn())
                .iamRoleArn(role.arn())
                .maxAggregationInterval(60)
                .tags(nameTag("flow-log"))
                .build(), child());
        return logGroup.name();
    }

    /**
     * What the VPC Flow Logs user guide lists for a role that publishes to CloudWatch Logs (CreateLogGroup,
     * CreateLogStream, PutLogEvents, DescribeLogGroups, DescribeLogStreams), scoped to our one log group and its streams.
     * DescribeLogGroups has no resource-level permissions (IAM service authorization reference), so it alone is on "*".
     */
    static String flowLogPolicy(String logGroupArn) {
        return PolicyDocuments.document(List.of(
                PolicyDocuments.allow(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
                        List.of(logGroupArn, logGroupArn + ":*"), Map.of()),
                PolicyDocuments.allow(List.of("logs:DescribeLogGroups"), "*", Map.of())));
    }

    private static Output<List<String>> ids(List<Subnet> subnets) {
        return Output.all(subnets.stream().map(Subnet::id).toList());
    }
}
