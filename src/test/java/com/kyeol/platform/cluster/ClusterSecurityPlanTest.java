package com.kyeol.platform.cluster;

import com.google.gson.Gson;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static com.kyeol.platform.support.PlanAssertions.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Network policy enforcement on every cluster, and the deployer and viewer access entries the stack files grant. */
class ClusterSecurityPlanTest {

    private static final String ENTRY = "aws:eks/accessEntry:AccessEntry";
    private static final String ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
    private static final String ADMIN = "arn:aws:iam::123456789012:role/platform-admin";
    private static final String DEPLOYER = "arn:aws:iam::123456789012:role/kyeol-deployer";
    private static final String VIEWER = "arn:aws:iam::123456789012:user/auditor";
    private static Plan workload;
    private static Plan hub;

    static List<String> stacks() {
        return TestStacks.stacks();
    }

    @BeforeAll
    static void planStacksWithDeployersAndViewers() {
        var dev = TestStacks.config("dev");
        dev = TestStacks.edit(dev, "kyeol-platform:cluster", "adminPrincipalArns", List.of(ADMIN));
        dev = TestStacks.edit(dev, "kyeol-platform:cluster", "deployerPrincipalArns", List.of(DEPLOYER));
        dev = TestStacks.edit(dev, "kyeol-platform:cluster", "viewerPrincipalArns", List.of(VIEWER));
        workload = TestPlans.run(dev, SettingsLoader.load(dev, List.of()));
        var mgmt = TestStacks.edit(TestStacks.config("mgmt"), "kyeol-platform:cluster", "viewerPrincipalArns", List.of(VIEWER));
        hub = TestPlans.run(mgmt, SettingsLoader.load(mgmt, List.of()));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void theVpcCniEnforcesNetworkPoliciesOnEveryCluster(String stack) {
        var vpcCni = named(TestPlans.of(stack), "aws:eks/addon:Addon", stack + "-vpc-cni");
        assertEquals(Map.of("enableNetworkPolicy", "true"),
                new Gson().fromJson((String) vpcCni.inputs().get("configurationValues"), Map.class),
                "the add-on's schema takes the string \"true\"");
        assertEquals(1, TestPlans.of(stack).ofType("aws:eks/cluster:Cluster").size(), "one cluster, one vpc-cni add-on");
    }

    @Test
    void deployersEditAndViewersViewOnlyTheAppNamespaceOfAWorkloadCluster() {
        assertEquals(DEPLOYER, named(workload, ENTRY, "dev-deployer-0").inputs().get("principalArn"));
        var edit = named(workload, ASSOCIATION, "dev-deployer-0-edit");
        assertEquals("arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy", edit.inputs().get("policyArn"));
        assertEquals(Map.of("type", "namespace", "namespaces", List.of("saleor")), edit.inputs().get("accessScope"));
        assertTrue(edit.dependsOn().contains(named(workload, ENTRY, "dev-deployer-0").urn()));

        assertEquals(VIEWER, named(workload, ENTRY, "dev-viewer-0").inputs().get("principalArn"));
        var view = named(workload, ASSOCIATION, "dev-viewer-0-view");
        assertEquals("arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", view.inputs().get("policyArn"));
        assertEquals(Map.of("type", "namespace", "namespaces", List.of("saleor")), view.inputs().get("accessScope"));

        assertEquals(Map.of("type", "cluster"), named(workload, ASSOCIATION, "dev-admin-0-cluster-admin").inputs().get("accessScope"),
                "admins stay cluster-wide");
        assertEquals(List.of("dev-admin-0", "dev-argocd-spoke", "dev-ci-deploy-access", "dev-ci-preview-access", "dev-deployer-0",
                "dev-viewer-0"), workload.ofType(ENTRY).stream().map(e -> e.name()).sorted().toList(),
                "one entry per principal (the CI roles' from the hub)");
    }

    @Test
    void viewersOfTheHubReadArgoCdsNamespace() {
        var view = named(hub, ASSOCIATION, "mgmt-viewer-0-view");
        assertEquals(Map.of("type", "namespace", "namespaces", List.of("argocd")), view.inputs().get("accessScope"));
        assertTrue(hub.ofType(ASSOCIATION).stream().noneMatch(a -> String.valueOf(a.inputs().get("policyArn")).endsWith("EditPolicy")));
    }
}
