package com.kyeol.platform.addons;

import com.kyeol.platform.aws.PolicyDocuments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the AWS Load Balancer Controller (chart 3.5.0, controller v3.5.0) may do in AWS, by purpose. The controller
 * tags everything it creates with {@value #CLUSTER_TAG}; mutating calls are allowed on any resource that carries that
 * tag, creating calls only when the request sets it, and tags may be changed only on tagged resources and never be
 * used to adopt one. A test proves these statements grant exactly what the project's published policy
 * ({@code docs/install/iam_policy.json} at v3.5.0) grants: the same actions on the same resources under the same
 * conditions.
 */
public final class LoadBalancerControllerPolicy {

    /** The tag the controller writes on the security groups, load balancers and target groups it creates. */
    static final String CLUSTER_TAG = "elbv2.k8s.aws/cluster";

    private static final String SECURITY_GROUPS = "arn:aws:ec2:*:*:security-group/*";
    private static final String TARGET_GROUPS = "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*";
    private static final List<String> LOAD_BALANCERS_AND_TARGET_GROUPS = List.of(TARGET_GROUPS,
            "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*",
            "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*");
    private static final List<String> LISTENERS_AND_RULES = List.of(
            "arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*",
            "arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*",
            "arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*",
            "arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*");

    private LoadBalancerControllerPolicy() {
    }

    /** The policy document (compact JSON, stable across runs). */
    public static String document() {
        return PolicyDocuments.document(statements());
    }

    static List<Map<String, Object>> statements() {
        List<Map<String, Object>> s = new ArrayList<>();

        // The ELB service-linked role, created by the first load balancer of an account.
        s.add(allow(List.of("iam:CreateServiceLinkedRole"), "*",
                condition("StringEquals", Map.of("iam:AWSServiceName", "elasticloadbalancing.amazonaws.com"))));

        // Discovery: read-only calls about the VPC, the instances and pods behind targets, and existing load balancers.
        s.add(allow(join(
                service("ec2", "DescribeAccountAttributes", "DescribeAddresses", "DescribeAvailabilityZones", "DescribeInternetGateways",
                        "DescribeVpcs", "DescribeVpcPeeringConnections", "DescribeSubnets", "DescribeSecurityGroups", "DescribeInstances",
                        "DescribeNetworkInterfaces", "DescribeTags", "GetCoipPoolUsage", "DescribeCoipPools", "GetSecurityGroupsForVpc",
                        "DescribeIpamPools", "DescribeRouteTables"),
                service("elasticloadbalancing", "DescribeLoadBalancers", "DescribeLoadBalancerAttributes", "DescribeListeners",
                        "DescribeListenerCertificates", "DescribeSSLPolicies", "DescribeRules", "DescribeTargetGroups",
                        "DescribeTargetGroupAttributes", "DescribeTargetHealth", "DescribeTags", "DescribeTrustStores",
                        "DescribeListenerAttributes", "DescribeCapacityReservation")), "*", null));

        // What Ingress and Service annotations can ask for: Cognito authentication, ACM or IAM server certificates,
        // WAF (classic regional and v2) web ACLs, Shield Advanced protection.
        s.add(allow(join(
                service("cognito-idp", "DescribeUserPoolClient"),
                service("acm", "ListCertificates", "DescribeCertificate"),
                service("iam", "ListServerCertificates", "GetServerCertificate"),
                service("waf-regional", "GetWebACL", "GetWebACLForResource", "AssociateWebACL", "DisassociateWebACL"),
                service("wafv2", "GetWebACL", "GetWebACLForResource", "AssociateWebACL", "DisassociateWebACL"),
                service("shield", "GetSubscriptionState", "DescribeProtection", "CreateProtection", "DeleteProtection")), "*", null));

        // Security groups: the controller creates its own and opens the nodes' group to them (a group it does not own).
        s.add(allow(service("ec2", "CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"), "*", null));
        s.add(allow(service("ec2", "CreateTags"), SECURITY_GROUPS, merge(
                condition("StringEquals", Map.of("ec2:CreateAction", "CreateSecurityGroup")), taggedInRequest())));
        s.add(allow(service("ec2", "CreateTags", "DeleteTags"), SECURITY_GROUPS, ownedAndNotRetagged()));
        s.add(allow(service("ec2", "AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress", "DeleteSecurityGroup"), "*", owned()));

        // Load balancers and target groups: created only carrying the cluster tag, then changed and deleted only while tagged.
        s.add(allow(service("elasticloadbalancing", "CreateLoadBalancer", "CreateTargetGroup"), "*", taggedInRequest()));
        s.add(allow(service("elasticloadbalancing", "AddTags"), LOAD_BALANCERS_AND_TARGET_GROUPS, merge(
                condition("StringEquals", Map.of("elasticloadbalancing:CreateAction", List.of("CreateTargetGroup", "CreateLoadBalancer"))),
                taggedInRequest())));
        s.add(allow(service("elasticloadbalancing", "AddTags", "RemoveTags"), LOAD_BALANCERS_AND_TARGET_GROUPS, ownedAndNotRetagged()));
        s.add(allow(service("elasticloadbalancing", "ModifyLoadBalancerAttributes", "SetIpAddressType", "SetSecurityGroups", "SetSubnets",
                "DeleteLoadBalancer", "ModifyTargetGroup", "ModifyTargetGroupAttributes", "DeleteTargetGroup", "ModifyListenerAttributes",
                "ModifyCapacityReservation", "ModifyIpPools"), "*", owned()));

        // Listeners and rules (no tag of their own at creation) and the targets: the pods or instances of a Service.
        s.add(allow(service("elasticloadbalancing", "CreateListener", "DeleteListener", "CreateRule", "DeleteRule", "SetWebAcl",
                "ModifyListener", "AddListenerCertificates", "RemoveListenerCertificates", "ModifyRule", "SetRulePriorities"), "*", null));
        s.add(allow(service("elasticloadbalancing", "AddTags", "RemoveTags"), LISTENERS_AND_RULES, null));
        s.add(allow(service("elasticloadbalancing", "RegisterTargets", "DeregisterTargets"), TARGET_GROUPS, null));
        return s;
    }

    /** Requests that put the cluster tag on what they create. */
    private static Map<String, Object> taggedInRequest() {
        return condition("Null", Map.of("aws:RequestTag/" + CLUSTER_TAG, "false"));
    }

    /** Resources that carry the cluster tag. */
    private static Map<String, Object> owned() {
        return condition("Null", Map.of("aws:ResourceTag/" + CLUSTER_TAG, "false"));
    }

    /** Tagged resources, by a request that does not itself set the cluster tag (no adopting another cluster's resource). */
    private static Map<String, Object> ownedAndNotRetagged() {
        var keys = new LinkedHashMap<String, Object>();
        keys.put("aws:RequestTag/" + CLUSTER_TAG, "true");
        keys.put("aws:ResourceTag/" + CLUSTER_TAG, "false");
        return condition("Null", keys);
    }

    private static Map<String, Object> condition(String operator, Map<String, Object> keys) {
        var condition = new LinkedHashMap<String, Object>();
        condition.put(operator, new LinkedHashMap<>(keys));
        return condition;
    }

    private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        var out = new LinkedHashMap<String, Object>(a);
        out.putAll(b);
        return out;
    }

    private static List<String> service(String prefix, String... actions) {
        return Arrays.stream(actions).map(a -> prefix + ":" + a).toList();
    }

    @SafeVarargs
    private static List<String> join(List<String>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).toList();
    }

    private static Map<String, Object> allow(List<String> actions, Object resource, Map<String, Object> condition) {
        return PolicyDocuments.allow(actions, resource, condition == null ? Map.of() : Map.of("Condition", condition));
    }
}
