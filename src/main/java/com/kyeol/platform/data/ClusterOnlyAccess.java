package com.kyeol.platform.data;

import com.kyeol.platform.aws.AwsTarget;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.Resource;

import java.util.Map;

/** A data store's security group: its one port open to the EKS cluster security group only, never to a CIDR. */
final class ClusterOnlyAccess {

    private ClusterOnlyAccess() {
    }

    /**
     * The group {@code <name>-sg} and its rule {@code <name>-from-cluster}, a resource of its own (not inline) so
     * that the group, and the store, need not wait for the cluster.
     *
     * @param groupName the group's AWS name (the store's identifier)
     * @param engine    what listens on {@code port}, for the descriptions
     */
    static SecurityGroup securityGroup(String name, String groupName, String engine, int port, Output<String> vpcId,
                                       Output<String> clusterSecurityGroupId, AwsTarget aws, Resource parent) {
        var securityGroup = new SecurityGroup(name + "-sg", SecurityGroupArgs.builder()
                .name(groupName)
                .description(engine + " " + groupName + ": " + port + " from the EKS cluster security group only")
                .vpcId(vpcId)
                .tags(Map.of("Name", groupName))
                .build(), aws.child(parent));
        new SecurityGroupIngressRule(name + "-from-cluster", SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(securityGroup.id())
                .description(engine + " from EKS nodes and pods (cluster security group)")
                .ipProtocol("tcp")
                .fromPort(port)
                .toPort(port)
                .referencedSecurityGroupId(clusterSecurityGroupId)
                .build(), aws.child(parent));
        return securityGroup;
    }
}
