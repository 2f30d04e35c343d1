package com.kyeol.platform.addons;

import com.google.gson.Gson;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlanMocks;
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

/** The four Helm releases of every cluster: pinned charts, true dependencies, least-privilege identities. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformAddonsPlanTest {

    List<String> stacks() {
        return TestStacks.stacks();
    }

    private static PlannedResource release(Plan plan, String name) {
        return named(plan, "kubernetes:helm.sh/v3:Release", plan.stack() + "-" + name);
    }

    private static Map<?, ?> json(Object text) {
        return new Gson().fromJson((String) text, Map.class);
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void theFourReleasesComeFromTheChartTableAtPinnedVersions(String stack) {
        Plan plan = TestPlans.of(stack);
        Map<String, HelmChart> expected = Map.of(
                "aws-load-balancer-controller", HelmChart.AWS_LOAD_BALANCER_CONTROLLER,
                "external-dns", HelmChart.EXTERNAL_DNS,
                "metrics-server", HelmChart.METRICS_SERVER,
                "cluster-autoscaler", HelmChart.CLUSTER_AUTOSCALER);
        expected.forEach((name, chart) -> {
            var r = release(plan, name);
            assertEquals(chart.chart(), r.inputs().get("chart"));
            assertEquals(chart.version(), r.inputs().get("version"));
            assertTrue(chart.version().matches("\\d+\\.\\d+\\.\\d+"), "an exact version, not a range");
            assertEquals(Map.of("repo", chart.repository()), r.inputs().get("repositoryOpts"));
            assertTrue(chart.repository().startsWith("https://"));
            assertEquals(name, r.inputs().get("name"), "fixed release names keep service accounts predictable");
        });
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void theLoadBalancerControllerGoesFirstAndEveryOtherReleaseWaitsForIt(String stack) {
        // Its webhooks fail closed (kubernetes-sigs/aws-load-balancer-controller#4140): a release that creates Pods or
        // Services while the controller's pods are not ready is refused and rolled back.
        Plan plan = TestPlans.of(stack);
        String nodes = one(plan, "aws:eks/nodeGroup:NodeGroup").urn();
        var controller = release(plan, "aws-load-balancer-controller");
        for (PlannedResource r : plan.ofType("kubernetes:helm.sh/v3:Release")) {
            if (!r.urn().equals(controller.urn())) {
                assertTrue(r.dependsOn().contains(controller.urn()), r.name() + " does not wait for the load balancer controller");
                assertTrue(r.dependsOn().contains(nodes), r.name());
            }
        }
        // The managed add-ons that run pods come before it (ordered, never concurrent).
        for (String addon : List.of("coredns", "eks-pod-identity-agent", "aws-ebs-csi-driver")) {
            assertTrue(controller.dependsOn().contains(named(plan, "aws:eks/addon:Addon", stack + "-" + addon).urn()), addon);
        }
        assertTrue(controller.dependsOn().contains(nodes));
        Set<String> releases = plan.ofType("kubernetes:helm.sh/v3:Release").stream().map(PlannedResource::urn).collect(Collectors.toSet());
        assertTrue(controller.dependsOn().stream().noneMatch(releases::contains), "the controller waits for no release");
        for (String name : List.of("aws-load-balancer-controller", "external-dns", "cluster-autoscaler")) {
            String association = named(plan, "aws:eks/podIdentityAssociation:PodIdentityAssociation",
                    stack + "-" + name + "-pod-identity").urn();
            assertTrue(release(plan, name).dependsOn().contains(association), name);
        }
        assertTrue(release(plan, "metrics-server").dependsOn().stream().noneMatch(d -> d.contains("PodIdentityAssociation")));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void noServiceInTheClusterDependsOnTheControllerBeingUp(String stack) {
        // The Service mutator only defaults loadBalancerClass on type-LoadBalancer Services, which the platform does not
        // create; with it on, every Service creation anywhere fails while the controller is down.
        Map<String, Object> values = map(release(TestPlans.of(stack), "aws-load-balancer-controller").inputs().get("values"));
        assertEquals(false, values.get("enableServiceMutatorWebhook"));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void loadBalancerControllerKnowsItsClusterRegionAndVpcAndRunsTwoReplicasWithAPdb(String stack) {
        Map<String, Object> values = map(release(TestPlans.of(stack), "aws-load-balancer-controller").inputs().get("values"));
        assertEquals("kyeol-" + stack, values.get("clusterName"));
        assertEquals(TestPlans.settings(stack).region(), values.get("region"));
        assertEquals(TestPlans.of(stack).outputs().get("vpcId"), values.get("vpcId"));
        assertEquals(2L, values.get("replicaCount"));
        assertFalse(map(values.get("podDisruptionBudget")).isEmpty(), "the chart renders the PDB only when non-empty");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void externalDnsIsFilteredToOurZoneAndOwnsOnlyThisClustersRecords(String stack) {
        Map<String, Object> values = map(release(TestPlans.of(stack), "external-dns").inputs().get("values"));
        assertEquals(List.of(TestPlans.settings(stack).domain().zone()), values.get("domainFilters"));
        assertEquals("kyeol-" + stack, values.get("txtOwnerId"));
        assertEquals(TestPlans.settings(stack).cluster().externalDnsPolicy(), values.get("policy"));
        assertEquals(Map.of("name", "aws"), values.get("provider"));
    }

    @Test
    void txtOwnerIdsAreUniqueAcrossClustersAndProductionNeverDeletesRecords() {
        Set<Object> owners = TestStacks.stacks().stream().map(TestPlans::of).toList().stream()
                .map(p -> map(release(p, "external-dns").inputs().get("values")).get("txtOwnerId")).collect(Collectors.toSet());
        assertEquals(TestStacks.stacks().size(), owners.size());
        assertEquals("upsert-only", map(release(TestPlans.of("prod"), "external-dns").inputs().get("values")).get("policy"));
        assertEquals("sync", map(release(TestPlans.of("dev"), "external-dns").inputs().get("values")).get("policy"));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void externalDnsMayChangeRecordsOnlyInOurHostedZone(String stack) {
        var policy = named(TestPlans.of(stack), "aws:iam/policy:Policy", stack + "-external-dns-policy");
        for (Object s : (List<?>) json(policy.inputs().get("policy")).get("Statement")) {
            Map<?, ?> statement = (Map<?, ?>) s;
            List<?> actions = (List<?>) statement.get("Action");
            if (actions.contains("route53:ChangeResourceRecordSets")) {
                assertEquals(List.of("arn:aws:route53:::hostedzone/" + PlanMocks.HOSTED_ZONE_ID), statement.get("Resource"));
            } else {
                assertEquals(List.of("route53:ListHostedZones"), actions, "only listing is allowed beyond the zone");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void clusterAutoscalerMayResizeOnlyThisClustersNodeGroups(String stack) {
        var policy = named(TestPlans.of(stack), "aws:iam/policy:Policy", stack + "-cluster-autoscaler-policy");
        List<?> statements = (List<?>) json(policy.inputs().get("policy")).get("Statement");
        Map<?, ?> mutating = statements.stream().map(s -> (Map<?, ?>) s)
                .filter(s -> ((List<?>) s.get("Action")).contains("autoscaling:SetDesiredCapacity")).findFirst().orElseThrow();
        assertEquals(Map.of("StringEquals", Map.of("aws:ResourceTag/k8s.io/cluster-autoscaler/kyeol-" + stack, "owned")),
                mutating.get("Condition"));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void eachAddOnRoleIsAssociatedWithTheServiceAccountItsChartCreates(String stack) {
        Plan plan = TestPlans.of(stack);
        for (String name : List.of("aws-load-balancer-controller", "external-dns", "cluster-autoscaler")) {
            var association = named(plan, "aws:eks/podIdentityAssociation:PodIdentityAssociation", stack + "-" + name + "-pod-identity");
            assertEquals("kube-system", association.inputs().get("namespace"));
            String serviceAccount = (String) association.inputs().get("serviceAccount");
            Map<String, Object> values = map(release(plan, name).inputs().get("values"));
            Object configured = name.equals("cluster-autoscaler")
                    ? map(map(values.get("rbac")).get("serviceAccount")).get("name")
                    : map(values.get("serviceAccount")).get("name");
            assertEquals(serviceAccount, configured, "the association names the service account the chart creates");
        }
    }
}
