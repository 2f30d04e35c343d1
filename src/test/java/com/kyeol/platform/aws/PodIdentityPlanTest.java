package com.kyeol.platform.aws;

import com.google.gson.Gson;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every EKS Pod Identity role of every stack, and every IAM policy: what AWS would actually let a pod assume and use.
 * The trust is the one the EKS user guide documents ("Create IAM role with trust policy required by EKS Pod
 * Identity"): the session tags EKS adds, never {@code aws:SourceArn}, which it does not document for this principal.
 */
class PodIdentityPlanTest {

    private static final String POD_IDENTITY = "pods.eks.amazonaws.com";

    static List<String> stacks() {
        return TestStacks.stacks();
    }

    private static Map<?, ?> json(Object text) {
        return new Gson().fromJson((String) text, Map.class);
    }

    /** Role ARN to the (namespace, service accounts) that get it: the associations, and the EBS CSI add-on's own. */
    private static Map<Object, Map<Object, Set<Object>>> associations(Plan plan) {
        Map<Object, Map<Object, Set<Object>>> byRole = new HashMap<>();
        for (PlannedResource a : plan.ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation")) {
            byRole.computeIfAbsent(a.inputs().get("roleArn"), r -> new HashMap<>())
                    .computeIfAbsent(a.inputs().get("namespace"), n -> new TreeSet<>()).add(a.inputs().get("serviceAccount"));
        }
        for (PlannedResource addon : plan.ofType("aws:eks/addon:Addon")) {
            if (addon.inputs().get("podIdentityAssociations") instanceof List<?> list) {
                for (Object o : list) {
                    // Add-ons associate in their own namespace, kube-system for the EKS-provided ones.
                    byRole.computeIfAbsent(map(o).get("roleArn"), r -> new HashMap<>())
                            .computeIfAbsent("kube-system", n -> new TreeSet<>()).add(map(o).get("serviceAccount"));
                }
            }
        }
        return byRole;
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyPodIdentityRoleTrustsExactlyItsOwnServiceAccountsWithTheDocumentedSessionTags(String stack) {
        Plan plan = TestPlans.of(stack);
        var byRole = associations(plan);
        int roles = 0;
        for (PlannedResource role : plan.ofType("aws:iam/role:Role")) {
            String trust = (String) role.inputs().get("assumeRolePolicy");
            if (!trust.contains(POD_IDENTITY)) {
                continue;
            }
            roles++;
            assertFalse(trust.contains("aws:SourceArn"), role.name() + ": aws:SourceArn is not documented for Pod Identity");
            List<Object> statements = list(json(trust).get("Statement"));
            assertEquals(1, statements.size(), role.name());
            Map<String, Object> statement = map(statements.get(0));
            assertEquals(Map.of("Service", POD_IDENTITY), statement.get("Principal"), role.name());
            assertEquals(List.of("sts:AssumeRole", "sts:TagSession"), statement.get("Action"), role.name());
            Map<String, Object> condition = map(statement.get("Condition"));
            assertEquals(Set.of("StringEquals"), condition.keySet(), role.name());
            Map<String, Object> equals = map(condition.get("StringEquals"));
            assertEquals("111122223333", equals.get("aws:SourceAccount"), role.name());
            assertEquals(plan.outputs().get("clusterArn"), equals.get("aws:RequestTag/eks-cluster-arn"), role.name());

            // The role's name is generated: find its associations by the ARN the mocks give it.
            var associated = byRole.entrySet().stream()
                    .filter(e -> String.valueOf(e.getKey()).startsWith("arn:aws:iam::111122223333:role/" + role.name() + "-"))
                    .map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new AssertionError(role.name() + " is associated with no service account"));
            assertEquals(1, associated.size(), role.name() + " is handed out in more than one namespace: " + associated);
            var only = associated.entrySet().iterator().next();
            assertEquals(only.getKey(), equals.get("aws:RequestTag/kubernetes-namespace"), role.name());
            assertEquals(only.getValue(), new TreeSet<>(list(equals.get("aws:RequestTag/kubernetes-service-account"))),
                    role.name() + " trusts other service accounts than it is associated with");
        }
        assertTrue(roles >= (TestPlans.settings(stack).role() == com.kyeol.platform.config.Role.HUB ? 5 : 6),
                "every add-on, the media writers and ESO (workloads) or ArgoCD (hub) have a Pod Identity role: " + roles);
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyManagedPolicyTheStackCreatesIsAttachedToARole(String stack) {
        // A policy nobody carries grants nothing: the permission it was written for is missing where it is needed.
        Plan plan = TestPlans.of(stack);
        Set<Object> attached = new TreeSet<>();
        plan.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").forEach(a -> attached.add(a.inputs().get("policyArn")));
        for (PlannedResource policy : plan.ofType("aws:iam/policy:Policy")) {
            String arn = "arn:aws:iam::111122223333:policy/";
            assertTrue(attached.stream().anyMatch(a -> String.valueOf(a).startsWith(arn + policy.name() + "-")),
                    policy.name() + " is created but attached to no role");
        }
    }
}
