package com.kyeol.platform.gitops;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Kubernetes object the platform applies — each overlay as {@code kubectl kustomize} renders it (what ArgoCD
 * syncs) and each stack's {@code kubernetes:*} objects (what Pulumi applies) — validates against its upstream schema
 * strictly (unknown fields are errors), and broken variants of each class are caught by name. One kubectl run per
 * overlay and variant, one node process for the whole class.
 */
class KubernetesSchemaTest {

    private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    /** Broken overlays: dev plus one bad patch each, rendered by kubectl; the problem each must produce. */
    private static final Map<String, String[]> OVERLAY_VARIANTS = new LinkedHashMap<>();
    private static final Map<String, String> OVERLAY_EXPECTED = new LinkedHashMap<>();
    /** Broken plans: the dev plan with one Kubernetes object edited; the problem each must produce. */
    private static final Map<String, Plan> PLAN_VARIANTS = new LinkedHashMap<>();
    private static final Map<String, String> PLAN_EXPECTED = new LinkedHashMap<>();

    private static KubernetesSchemas.Result result;

    static List<String> workloads() {
        return GitOpsTreeTest.workloads();
    }

    static List<String> stacks() {
        return TestStacks.stacks();
    }

    private static void overlayVariant(String name, String expected, String... patches) {
        List<String> lines = new ArrayList<>(List.of("patches:"));
        lines.addAll(List.of(patches));
        OVERLAY_VARIANTS.put(name, lines.toArray(String[]::new));
        OVERLAY_EXPECTED.put(name, expected);
    }

    private static void planVariant(String name, String type, String resource, String expected, Consumer<Map<String, Object>> edit) {
        Plan dev = TestPlans.of("dev");
        List<PlannedResource> resources = new ArrayList<>();
        boolean edited = false;
        for (PlannedResource r : dev.resources()) {
            if (r.type().equals(type) && r.name().equals(resource)) {
                Map<String, Object> inputs = GSON.fromJson(GSON.toJson(r.inputs()), new TypeToken<Map<String, Object>>() { }.getType());
                edit.accept(inputs);
                r = new PlannedResource(r.urn(), r.type(), r.name(), r.parent(), r.provider(), r.dependsOn(), r.protect(), r.custom(), inputs);
                edited = true;
            }
            resources.add(r);
        }
        assertTrue(edited, "no " + type + " " + resource + " in the dev plan");
        PLAN_VARIANTS.put(name, new Plan(dev.project(), "dev-" + name, resources, dev.outputs(), dev.secretOutputNames(), List.of(), "not run"));
        PLAN_EXPECTED.put(name, expected);
    }

    @BeforeAll
    static void validateEverythingOnce(@TempDir Path temp) {
        overlayVariant("typo-in-a-json6902-patch", "Deployment saleor/saleor-api: /spec/template/spec/containers/0/resourcez: unknown field (not in the schema)",
                "  - target: {kind: Deployment, name: saleor-api}", "    patch: |-",
                "      - op: add", "        path: /spec/template/spec/containers/0/resourcez", "        value: {requests: {cpu: 100m}}");
        overlayVariant("typo-in-a-strategic-merge-patch", "Deployment saleor/saleor-worker: /spec/template/spec/containers/0/imagePullPolicyy: unknown field (not in the schema)",
                "  - patch: |-", "      apiVersion: apps/v1", "      kind: Deployment", "      metadata: {name: saleor-worker}",
                "      spec: {template: {spec: {containers: [{name: worker, imagePullPolicyy: Always}]}}}");
        overlayVariant("typo-in-a-crd-object", "ExternalSecret saleor/saleor-app: /spec/refreshIntervall: unknown field (not in the schema)",
                "  - target: {kind: ExternalSecret, name: saleor-app}", "    patch: |-",
                "      - op: add", "        path: /spec/refreshIntervall", "        value: 1h");
        overlayVariant("wrong-type", "Deployment saleor/saleor-beat: /spec/replicas: must be integer",
                "  - target: {kind: Deployment, name: saleor-beat}", "    patch: |-",
                "      - op: replace", "        path: /spec/replicas", "        value: one");
        overlayVariant("missing-required-field", "Job saleor/saleor-migrate: /spec/template/spec/containers/0: missing required field \"name\"",
                "  - target: {kind: Job, name: saleor-migrate}", "    patch: |-",
                "      - op: remove", "        path: /spec/template/spec/containers/0/name");

        planVariant("application-typo", "kubernetes:argoproj.io/v1alpha1:Application", "dev-argocd-application",
                "Application dev-argocd-application: /spec/syncPolicy/automated/prunee: unknown field (not in the schema)",
                in -> map(map(map(in.get("spec")).get("syncPolicy")).get("automated")).put("prunee", true));
        planVariant("namespace-metadata-typo", "kubernetes:core/v1:Namespace", "dev-app-namespace",
                "Namespace dev-app-namespace: /metadata/labelz: unknown field (not in the schema)",
                in -> map(in.get("metadata")).put("labelz", Map.of("a", "b")));
        planVariant("configmap-number", "kubernetes:core/v1:ConfigMap", "dev-platform-facts",
                "ConfigMap dev-platform-facts: /data/CACHE_PORT: must be string",
                in -> map(in.get("data")).put("CACHE_PORT", 6379));
        planVariant("external-secret-wrong-type", "kubernetes:external-secrets.io/v1:ExternalSecret", "dev-database-secret",
                "ExternalSecret dev-database-secret: /spec/refreshInterval: must be string",
                in -> map(in.get("spec")).put("refreshInterval", 3600));
        planVariant("secret-store-missing-provider", "kubernetes:external-secrets.io/v1:ClusterSecretStore", "dev-secret-store",
                "ClusterSecretStore dev-secret-store: /spec: missing required field \"provider\"",
                in -> map(in.get("spec")).remove("provider"));
        planVariant("app-project-typo", "kubernetes:argoproj.io/v1alpha1:AppProject", "dev-argocd-project",
                "AppProject dev-argocd-project: /spec/destinations/0/namespac: unknown field (not in the schema)",
                in -> map(list(map(in.get("spec")).get("destinations")).get(0)).put("namespac", "saleor"));

        var schemas = new KubernetesSchemas();
        for (String stack : workloads()) {
            schemas.manifest("gitops/overlays/" + stack, GitOpsTreeTest.render(stack));
        }
        OVERLAY_VARIANTS.forEach((name, lines) -> schemas.manifest(name, Kustomize.render(Kustomize.variant(temp, "dev", name, lines))));
        stacks().forEach(stack -> schemas.plan(TestPlans.of(stack)));
        PLAN_VARIANTS.values().forEach(schemas::plan);
        result = schemas.check(temp);
    }

    private static long kubernetesObjects(Plan plan) {
        return plan.resources().stream().filter(r -> r.type().startsWith("kubernetes:") && !r.type().startsWith("kubernetes:helm.sh/")).count();
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyRenderedOverlayValidatesStrictly(String stack) {
        assertEquals(List.of(), result.of("gitops/overlays/" + stack));
        assertTrue(GitOpsTreeTest.render(stack).size() >= 10, "the overlay renders the whole Saleor tree");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyKubernetesObjectOfEveryPlanValidatesStrictly(String stack) {
        assertEquals(List.of(), result.of("plan " + stack));
        assertTrue(kubernetesObjects(TestPlans.of(stack)) >= 3, stack + " applies Kubernetes objects");
    }

    @Test
    void everyObjectWasChecked() {
        long expected = workloads().stream().mapToLong(s -> GitOpsTreeTest.render(s).size()).sum()
                + OVERLAY_VARIANTS.size() * (long) GitOpsTreeTest.render("dev").size()
                + stacks().stream().mapToLong(s -> kubernetesObjects(TestPlans.of(s))).sum()
                + PLAN_VARIANTS.values().stream().mapToLong(KubernetesSchemaTest::kubernetesObjects).sum();
        assertEquals(expected, result.checked());
    }

    @Test
    void brokenOverlaysAreCaughtAfterKubectlRendersThem() {
        OVERLAY_EXPECTED.forEach((name, expected) ->
                assertEquals(List.of(name + ": " + expected), result.of(name).stream().map(Object::toString).toList(), name));
    }

    @Test
    void brokenPlanObjectsAreCaught() {
        PLAN_EXPECTED.forEach((name, expected) -> {
            String source = "plan dev-" + name;
            assertEquals(List.of(source + ": " + expected), result.of(source).stream().map(Object::toString).toList(), name);
        });
    }
}
