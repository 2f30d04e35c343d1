package com.kyeol.platform.plan;

import com.kyeol.platform.support.TestPlans;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.kyeol.platform.support.PlanAssertions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The policy pack refuses the real dev plan once its app namespace loses enforcement: the namespace at baseline, the VPC
 * CNI's network policy support off, the default deny reduced to ingress, the quota without a CPU limit. Each break is
 * named by its policy, end to end through policy/check-plan.
 */
class SecurityBaselineGateTest {

    private final PolicyCheck policy = new PolicyCheck(Path.of("").toAbsolutePath());

    @Test
    void aPlanWhoseAppNamespaceLacksEnforcementIsRefused() {
        Plan broken = PolicyGateTest.breaking(TestPlans.of("dev"), "kubernetes:core/v1:Namespace", "dev-app-namespace", in -> {
            Map<String, Object> metadata = new LinkedHashMap<>(map(in.get("metadata")));
            assertEquals("saleor", metadata.get("name"));
            metadata.put("labels", Map.of("pod-security.kubernetes.io/enforce", "baseline",
                    "pod-security.kubernetes.io/warn", "restricted", "pod-security.kubernetes.io/audit", "restricted"));
            in.put("metadata", metadata);
            return in;
        });
        broken = PolicyGateTest.breaking(broken, "aws:eks/addon:Addon", "dev-vpc-cni", in -> {
            in.put("configurationValues", "{\"enableNetworkPolicy\":\"false\"}");
            return in;
        });
        broken = PolicyGateTest.breaking(broken, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "dev-netpol-default-deny", in -> {
            in.put("spec", Map.of("podSelector", Map.of(), "policyTypes", List.of("Ingress")));
            return in;
        });
        broken = PolicyGateTest.breaking(broken, "kubernetes:core/v1:ResourceQuota", "dev-saleor-quota", in -> {
            Map<String, Object> hard = new LinkedHashMap<>(map(map(in.get("spec")).get("hard")));
            hard.remove("limits.cpu");
            in.put("spec", Map.of("hard", hard));
            return in;
        });
        Plan checked = policy.check(broken);
        Map<String, List<String>> messages = checked.violations().stream().filter(Plan.Violation::mandatory)
                .collect(Collectors.groupingBy(Plan.Violation::policyName, java.util.TreeMap::new,
                        Collectors.mapping(Plan.Violation::message, Collectors.toList())));
        assertEquals(Map.of(
                "namespace-pod-security", List.of(
                        "Namespace \"saleor\" is enforced at baseline without a kyeol.io/pod-security-reason annotation saying which "
                                + "workload needs it.",
                        "App namespace saleor is enforced at \"baseline\"; expected restricted."),
                "network-policy-enforcement", List.of(
                        "The vpc-cni add-on of cluster \"kyeol-dev\" has network policy support off (enableNetworkPolicy \"false\"; expected \"true\").",
                        "App namespace saleor (Application dev-argocd-application) has no default-deny NetworkPolicy (podSelector {}, "
                                + "policyTypes Ingress and Egress, no rules)."),
                "app-namespace-quota", List.of("App namespace saleor (Application dev-argocd-application) has no ResourceQuota bounding "
                        + "requests.cpu, requests.memory, limits.cpu, limits.memory, pods.")), messages);
    }
}
