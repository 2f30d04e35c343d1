package com.kyeol.platform.gitops;

import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.security.AppNamespaceGuardrails;
import com.kyeol.platform.support.TestPlans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.kyeol.platform.gitops.PodSecurityStandards.list;
import static com.kyeol.platform.gitops.PodSecurityStandards.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app namespace's ResourceQuota (what each workload plan applies) holds the app as ArgoCD would run it at its
 * largest: every Deployment at its HorizontalPodAutoscaler's maximum (or its replicas) plus the pods a rolling update
 * adds (maxSurge, 25% rounded up by default; none with Recreate), plus the PreSync migration Job, all at once. A pod
 * counts as the quota counts it: the larger of its containers' sum and its largest init container.
 */
class AppQuotaTest {

    static final List<String> RESOURCES = List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "pods");
    private static List<Map<String, Object>> raised;

    static List<String> workloads() {
        return GitOpsTreeTest.workloads();
    }

    @BeforeAll
    static void renderARaisedMaximum(@TempDir Path temp) {
        raised = Kustomize.render(Kustomize.variant(temp, "dev", "api-max-30", "patches:",
                "  - target: {kind: HorizontalPodAutoscaler, name: saleor-api}", "    patch: |-",
                "      - op: replace", "        path: /spec/maxReplicas", "        value: 30"));
    }

    /** Kubernetes quantities: cpu in cores ("250m", "1"), memory in bytes ("512Mi", "10Gi"). */
    static BigDecimal quantity(Object value) {
        String s = String.valueOf(value);
        Map<String, BigDecimal> suffixes = new LinkedHashMap<>();
        suffixes.put("Ki", BigDecimal.valueOf(1024L));
        suffixes.put("Mi", BigDecimal.valueOf(1024L * 1024));
        suffixes.put("Gi", BigDecimal.valueOf(1024L * 1024 * 1024));
        suffixes.put("m", new BigDecimal("0.001"));
        for (var e : suffixes.entrySet()) {
            if (s.endsWith(e.getKey())) {
                return new BigDecimal(s.substring(0, s.length() - e.getKey().length())).multiply(e.getValue());
            }
        }
        return new BigDecimal(s);
    }

    /** What one pod of a template counts against the quota, per quota resource. */
    static Map<String, BigDecimal> perPod(Map<String, Object> template) {
        Map<String, Object> spec = map(template.get("spec"));
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                BigDecimal sum = BigDecimal.ZERO;
                for (Object c : list(spec.get("containers"))) {
                    sum = sum.add(quantity(map(map(map(c).get("resources")).get(kind)).getOrDefault(resource, "0")));
                }
                for (Object c : list(spec.get("initContainers"))) {
                    sum = sum.max(quantity(map(map(map(c).get("resources")).get(kind)).getOrDefault(resource, "0")));
                }
                out.put(kind + "." + resource, sum);
            }
        }
        out.put("pods", BigDecimal.ONE);
        return out;
    }

    /** How many pods of each workload run at the largest: HPA maximum (or replicas) plus the rolling update's surge. */
    static Map<String, Integer> largestPodCounts(List<Map<String, Object>> objects) {
        Map<String, Integer> hpaMax = new LinkedHashMap<>();
        objects.stream().filter(o -> "HorizontalPodAutoscaler".equals(o.get("kind"))).forEach(h -> hpaMax.put(
                String.valueOf(map(map(h.get("spec")).get("scaleTargetRef")).get("name")), ((Number) map(h.get("spec")).get("maxReplicas")).intValue()));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (var o : objects) {
            Map<String, Object> spec = map(o.get("spec"));
            String name = Kustomize.name(o);
            if ("Deployment".equals(o.get("kind"))) {
                int replicas = hpaMax.getOrDefault(name, ((Number) spec.getOrDefault("replicas", 1)).intValue());
                Map<String, Object> strategy = map(spec.get("strategy"));
                int surge = 0;
                if (!"Recreate".equals(strategy.get("type"))) {
                    Object maxSurge = map(strategy.get("rollingUpdate")).getOrDefault("maxSurge", "25%");
                    surge = maxSurge instanceof Number n ? n.intValue()
                            : (int) Math.ceil(replicas * Integer.parseInt(String.valueOf(maxSurge).replace("%", "")) / 100.0);
                }
                counts.put(o.get("kind") + " " + name, replicas + surge);
            } else if ("Job".equals(o.get("kind"))) {
                counts.put("Job " + name, ((Number) spec.getOrDefault("parallelism", 1)).intValue());
            } else if (PodSecurityStandards.podTemplate(o).isPresent()) {
                throw new AssertionError("no rule yet for the largest size of a " + o.get("kind") + " (" + name + ")");
            }
        }
        return counts;
    }

    /** The whole app at its largest, per quota resource. */
    static Map<String, BigDecimal> need(List<Map<String, Object>> objects) {
        Map<String, Integer> counts = largestPodCounts(objects);
        Map<String, BigDecimal> total = new LinkedHashMap<>();
        RESOURCES.forEach(r -> total.put(r, BigDecimal.ZERO));
        for (var o : objects) {
            Integer count = counts.get(o.get("kind") + " " + Kustomize.name(o));
            if (count != null) {
                perPod(PodSecurityStandards.podTemplate(o).orElseThrow()).forEach((r, v) ->
                        total.merge(r, v.multiply(BigDecimal.valueOf(count)), BigDecimal::add));
            }
        }
        return total;
    }

    static Map<String, Object> hard(Plan plan) {
        return map(map(plan.ofType("kubernetes:core/v1:ResourceQuota").stream()
                .filter(r -> AppNamespaceGuardrails.QUOTA.equals(map(r.inputs().get("metadata")).get("name"))).findFirst()
                .orElseThrow().inputs().get("spec")).get("hard"));
    }

    /** Each quota resource the app at its largest would exceed: "resource: need N > quota Q". */
    static List<String> exceeded(Map<String, BigDecimal> need, Map<String, Object> hard) {
        List<String> out = new ArrayList<>();
        for (String r : RESOURCES) {
            BigDecimal quota = quantity(hard.get(r));
            if (need.get(r).compareTo(quota) > 0) {
                String amount = r.endsWith("memory") ? need.get(r).divide(quantity("1Mi")).stripTrailingZeros().toPlainString() + "Mi"
                        : need.get(r).stripTrailingZeros().toPlainString();
                out.add(r + ": need " + amount + " > quota " + hard.get(r));
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theQuotaHoldsTheAppAtItsHpaMaximumPlusARolloutAndTheMigration(String stack) {
        var objects = GitOpsTreeTest.render(stack);
        var counts = largestPodCounts(objects);
        boolean prod = stack.equals("prod");
        assertEquals(Map.of("Deployment saleor-api", prod ? 13 : 8, "Deployment saleor-storefront", prod ? 13 : 8,
                "Deployment saleor-dashboard", 3, "Deployment saleor-worker", prod ? 3 : 2, "Deployment saleor-beat", 1,
                "Job saleor-migrate", 1), counts, "HPA maximum + 25% surge; beat Recreate; one migration");
        Map<String, Object> hard = hard(TestPlans.of(stack));
        var need = need(objects);
        assertEquals(List.of(), exceeded(need, hard), stack);
        // Sized, not unlimited: no more than twice what the app can use.
        for (String r : RESOURCES) {
            assertTrue(quantity(hard.get(r)).compareTo(need.get(r).multiply(BigDecimal.valueOf(2))) <= 0,
                    stack + " " + r + ": quota " + hard.get(r) + " is more than twice the app's " + need.get(r));
        }
    }

    @Test
    void aHigherHpaMaximumWithoutAQuotaChangeIsCaught() {
        // 30 API pods + 8 surge instead of 6 + 2: 30 more pods of 250m/512Mi requested and 1 CPU/1Gi limited.
        assertEquals(List.of("requests.cpu: need 12.05 > quota 6", "requests.memory: need 23488Mi > quota 10Gi",
                        "limits.cpu: need 50 > quota 24", "limits.memory: need 46976Mi > quota 20Gi", "pods: need 53 > quota 30"),
                exceeded(need(raised), hard(TestPlans.of("dev"))));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyContainerFitsTheLimitRange(String stack) {
        Map<String, Object> item = map(list(map(TestPlans.of(stack).ofType("kubernetes:core/v1:LimitRange").stream()
                .filter(r -> AppNamespaceGuardrails.LIMITS.equals(map(r.inputs().get("metadata")).get("name"))).findFirst()
                .orElseThrow().inputs().get("spec")).get("limits")).get(0));
        assertEquals("Container", item.get("type"));
        AppPodSecurityTest.podTemplates(stack).forEach((name, t) -> AppPodSecurityTest.containers(t).forEach(c -> {
            for (String kind : List.of("requests", "limits")) {
                map(map(c.get("resources")).get(kind)).forEach((resource, value) -> {
                    String where = stack + " " + name + "/" + c.get("name") + " " + kind + "." + resource + " " + value;
                    assertTrue(quantity(value).compareTo(quantity(map(item.get("max")).get(resource))) <= 0, where + " > max");
                    assertTrue(quantity(value).compareTo(quantity(map(item.get("min")).get(resource))) >= 0, where + " < min");
                });
            }
        }));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theAppNeedsNoneOfWhatTheQuotaForbids(String stack) {
        Map<String, Object> hard = hard(TestPlans.of(stack));
        assertEquals(List.of("0", "0", "0"), List.of(hard.get("services.loadbalancers"), hard.get("services.nodeports"),
                hard.get("persistentvolumeclaims")));
        for (var o : GitOpsTreeTest.render(stack)) {
            assertTrue(!"PersistentVolumeClaim".equals(o.get("kind")), Kustomize.name(o));
            if ("Service".equals(o.get("kind"))) {
                assertEquals("ClusterIP", map(o.get("spec")).getOrDefault("type", "ClusterIP"), Kustomize.name(o) + ": reached through the ALB only");
            }
        }
    }

    @Test
    void theDocsShowTheQuotaOfEachTierAndTheAppAtItsLargest() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(Path.of("docs", "security-baseline.md"));
        Map<String, String> rows = Map.of("development, staging", "dev", "production", "prod");
        rows.forEach((tiers, stack) -> {
            var quota = com.kyeol.platform.security.AppQuota.of(TestPlans.settings(stack).tier());
            var need = need(GitOpsTreeTest.render(stack));
            java.util.function.Function<String, String> mi = r -> need.get(r).divide(quantity("1Mi")).stripTrailingZeros().toPlainString() + "Mi";
            String row = "| " + tiers + " | " + quota.requestsCpu() + " | " + quota.requestsMemory() + " | " + quota.limitsCpu() + " | "
                    + quota.limitsMemory() + " | " + quota.pods() + " | " + need.get("requests.cpu").stripTrailingZeros().toPlainString()
                    + " / " + mi.apply("requests.memory") + ", " + need.get("limits.cpu").stripTrailingZeros().toPlainString() + " / "
                    + mi.apply("limits.memory") + ", " + need.get("pods").toPlainString() + " |";
            assertTrue(doc.contains(row), "docs/security-baseline.md should have the row\n" + row);
        });
    }
}
