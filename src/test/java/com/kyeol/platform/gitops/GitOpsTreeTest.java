package com.kyeol.platform.gitops;

import com.kyeol.platform.config.Role;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.data.AppSecrets;
import com.kyeol.platform.data.SaleorWorkload;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saleor's Kustomize tree, rendered per overlay by {@code kubectl kustomize}: what ArgoCD will apply to each workload cluster. */
class GitOpsTreeTest {

    private static final Path GITOPS = Kustomize.GITOPS;

    static List<String> workloads() {
        return TestStacks.stacks().stream().filter(s -> TestPlans.settings(s).role() == Role.WORKLOAD).toList();
    }

    private static final Map<String, List<Map<String, Object>>> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();
    private static Path applications;

    /**
     * What ArgoCD applies for the stack: {@code kubectl kustomize} of its overlay with the Application's patches, which
     * ArgoCD adds to the kustomization it builds (the secret origin-protection patch prints as [secret] in a plan and is
     * checked in HubAndSpokesPlanTest; the others make gitops/base this environment's). Rendered once per test JVM.
     */
    static List<Map<String, Object>> render(String stack) {
        return RENDERED.computeIfAbsent(stack, GitOpsTreeTest::renderWithApplicationPatches);
    }

    private static synchronized List<Map<String, Object>> renderWithApplicationPatches(String stack) {
        var application = TestPlans.of(stack).ofType("kubernetes:argoproj.io/v1alpha1:Application").get(0);
        Map<String, Object> kustomize = map(map(map(application.inputs().get("spec")).get("source")).get("kustomize"));
        List<Object> patches = list(kustomize.get("patches")).stream()
                .filter(p -> !"[secret]".equals(map(p).get("patch"))).toList();
        try {
            if (applications == null) {
                applications = Files.createTempDirectory("kyeol-applications");
                applications.toFile().deleteOnExit();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String yaml = new org.yaml.snakeyaml.Yaml().dump(Map.of("patches", patches));
        return Kustomize.render(Kustomize.variant(applications, stack, "application-" + stack, yaml.split("\n")));
    }

    @Test
    void overlaysHoldOnlyTheirTierAndTheirImageTag() throws Exception {
        for (String stack : workloads()) {
            Map<String, Object> overlay = com.kyeol.platform.support.YamlFiles.read(GITOPS.resolve("overlays").resolve(stack)
                    .resolve("kustomization.yaml"));
            assertEquals(List.of("../../tiers/" + TestPlans.settings(stack).tier().configValue()), overlay.get("resources"), stack);
            assertEquals(Set.of("apiVersion", "kind", "resources", "images"), overlay.keySet(), stack + ": everything else is derived");
            Map<String, Object> image = map(list(overlay.get("images")).get(0));
            assertEquals("storefront", image.get("name"), stack);
            assertTrue(String.valueOf(image.get("newTag")).startsWith(stack + "-"), "the image built for " + stack + ": " + image);
        }
        // Without the Application's patches an overlay is gitops/base's placeholders: nothing environment-specific in Git.
        var bare = Kustomize.render(GITOPS.resolve("overlays").resolve("dev"));
        assertEquals("ORIGIN_HOSTNAME", map(list(map(find(bare, "Ingress", IngressPatch.INGRESS).get("spec")).get("rules")).get(0)).get("host"));
    }

    private static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(Kustomize.name(o))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload.get("spec")).get("template")).get("spec"));
    }

    private static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return list(podSpec(workload).get("containers")).stream().map(c -> map(c)).toList();
    }

    @Test
    void everyWorkloadStackHasAnOverlay() {
        assertFalse(workloads().isEmpty());
        for (String stack : workloads()) {
            assertTrue(Files.isRegularFile(GITOPS.resolve("overlays").resolve(stack).resolve("kustomization.yaml")), stack);
        }
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theIngressServesThisEnvironmentsOriginHostnameWithTheSaleorRoutes(String stack) {
        StackSettings settings = TestPlans.settings(stack);
        String origin = settings.domain().originHostname().orElseThrow();
        var ingress = find(render(stack), "Ingress", IngressPatch.INGRESS);
        Map<String, Object> spec = map(ingress.get("spec"));
        assertEquals("alb", spec.get("ingressClassName"));
        Map<String, Object> rule = map(list(spec.get("rules")).get(0));
        assertEquals(origin, rule.get("host"));
        assertEquals(List.of(origin), map(list(spec.get("tls")).get(0)).get("hosts"));
        Map<String, Object> annotations = map(map(ingress.get("metadata")).get("annotations"));
        assertEquals(origin, annotations.get("external-dns.alpha.kubernetes.io/hostname"));
        assertEquals("ip", annotations.get("alb.ingress.kubernetes.io/target-type"));
        assertEquals("443", annotations.get("alb.ingress.kubernetes.io/ssl-redirect"));
        assertEquals("/health/", annotations.get("alb.ingress.kubernetes.io/healthcheck-path"));

        Map<String, String> routes = list(map(rule.get("http")).get("paths")).stream().map(p -> map(p)).collect(Collectors.toMap(
                p -> (String) p.get("path"), p -> (String) map(map(map(p.get("backend")).get("service"))).get("name"),
                (a, b) -> a, java.util.LinkedHashMap::new));
        assertEquals(Map.of("/graphql/", "saleor-api", "/thumbnail/", "saleor-api", "/.well-known/", "saleor-api",
                "/plugins/", "saleor-api", "/dashboard/", "saleor-dashboard", "/", "saleor-storefront"), routes);
        assertEquals("/", List.copyOf(routes.keySet()).get(routes.size() - 1), "the storefront catch-all comes last");
        assertEquals(Set.copyOf(IngressPatch.BACKENDS), Set.copyOf(routes.values()),
                "the origin-header condition covers every backend the Ingress routes to");
    }

    @Test
    void theAlbIdleTimeoutIsBelowUvicornsKeepAlive() {
        var objects = render("dev");
        String attributes = (String) map(map(find(objects, "Ingress", "saleor").get("metadata")).get("annotations"))
                .get("alb.ingress.kubernetes.io/load-balancer-attributes");
        int idle = Integer.parseInt(attributes.replaceAll(".*idle_timeout.timeout_seconds=(\\d+).*", "$1"));
        List<Object> command = list(containers(find(objects, "Deployment", "saleor-api")).get(0).get("command"));
        int keepAlive = command.stream().map(String::valueOf).filter(a -> a.startsWith("--timeout-keep-alive="))
                .map(a -> Integer.parseInt(a.substring(a.indexOf('=') + 1))).findFirst().orElseThrow();
        assertTrue(idle < keepAlive, "ALB idle " + idle + " s must be below uvicorn keep-alive " + keepAlive + " s");
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theApiIsProbedOnHealthRunsAsNonRootWithoutDebug(String stack) {
        var api = find(render(stack), "Deployment", "saleor-api");
        var container = containers(api).get(0);
        assertEquals("/health/", map(map(container.get("readinessProbe")).get("httpGet")).get("path"));
        assertEquals("/health/", map(map(container.get("livenessProbe")).get("httpGet")).get("path"));
        assertEquals(8000, map(list(container.get("ports")).get(0)).get("containerPort"));
        assertEquals(true, map(podSpec(api).get("securityContext")).get("runAsNonRoot"));
        assertEquals(false, map(container.get("securityContext")).get("allowPrivilegeEscalation"));
        assertTrue(list(container.get("env")).contains(Map.of("name", "DEBUG", "value", "False")));
        assertEquals(SaleorWorkload.API_SERVICE_ACCOUNT, podSpec(api).get("serviceAccountName"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void beatRunsExactlyOnceAndWorkersUseTheirServiceAccount(String stack) {
        var objects = render(stack);
        var beat = find(objects, "Deployment", "saleor-beat");
        assertEquals(1, map(beat.get("spec")).get("replicas"));
        assertEquals("Recreate", map(map(beat.get("spec")).get("strategy")).get("type"));
        assertTrue(objects.stream().noneMatch(o -> "HorizontalPodAutoscaler".equals(o.get("kind"))
                && "saleor-beat".equals(map(map(o.get("spec")).get("scaleTargetRef")).get("name"))), "beat is never autoscaled");
        assertEquals(SaleorWorkload.WORKER_SERVICE_ACCOUNT, podSpec(find(objects, "Deployment", "saleor-worker")).get("serviceAccountName"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void migrationsRunAsAPreSyncHook(String stack) {
        var job = find(render(stack), "Job", "saleor-migrate");
        Map<String, Object> annotations = map(map(job.get("metadata")).get("annotations"));
        assertEquals("PreSync", annotations.get("argocd.argoproj.io/hook"));
        assertEquals(List.of("python3", "manage.py", "migrate", "--no-input"), containers(job).get(0).get("command"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyImageIsPinnedNeverLatest(String stack) {
        for (Map<String, Object> o : render(stack)) {
            if (!(o.get("spec") instanceof Map<?, ?> spec) || !(spec.get("template") instanceof Map<?, ?>)) {
                continue;
            }
            for (var container : containers(o)) {
                String image = (String) container.get("image");
                assertTrue(image.matches(".+:[A-Za-z0-9._-]+"), Kustomize.name(o) + " image " + image + " has no tag");
                assertFalse(image.endsWith(":latest"), image);
            }
        }
        var storefront = containers(find(render(stack), "Deployment", "saleor-storefront")).get(0);
        assertTrue(((String) storefront.get("image")).startsWith("storefront:" + stack + "-"),
                "the Application swaps in the hub's ECR repository: " + storefront.get("image"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void secretsComeFromThisEnvironmentsSecretsManagerThroughTheStacksStore(String stack) {
        var objects = render(stack);
        var external = find(objects, "ExternalSecret", "saleor-app");
        Map<String, Object> spec = map(external.get("spec"));
        assertEquals(Map.of("kind", "ClusterSecretStore", "name", SpokeComponent.SECRET_STORE), spec.get("secretStoreRef"));
        assertEquals(AppSecrets.secretName(stack), map(map(list(spec.get("dataFrom")).get(0)).get("extract")).get("key"));
        var api = containers(find(objects, "Deployment", "saleor-api")).get(0);
        assertTrue(list(api.get("envFrom")).containsAll(List.of(
                Map.of("configMapRef", Map.of("name", SpokeComponent.PLATFORM_CONFIGMAP)),
                Map.of("secretRef", Map.of("name", "saleor-app")),
                Map.of("secretRef", Map.of("name", SpokeComponent.DATABASE_SECRET)))));
        assertTrue(objects.stream().allMatch(o -> SaleorWorkload.NAMESPACE.equals(map(o.get("metadata")).get("namespace"))));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theDashboardTalksToThisEnvironmentsPublicApi(String stack) {
        var dashboard = containers(find(render(stack), "Deployment", "saleor-dashboard")).get(0);
        String service = TestPlans.settings(stack).domain().serviceHostname().orElseThrow();
        assertEquals(List.of(Map.of("name", "API_URL", "value", "https://" + service + "/graphql/")), dashboard.get("env"));
    }

    /** Every object with a pod template (Deployments and the migration Job). */
    private static List<Map<String, Object>> workloads(List<Map<String, Object>> objects) {
        return objects.stream().filter(o -> o.get("spec") instanceof Map<?, ?> spec && spec.get("template") instanceof Map<?, ?>).toList();
    }

    private static boolean readsTheDatabaseUrl(Map<String, Object> workload) {
        return containers(workload).stream().anyMatch(c -> list(c.getOrDefault("envFrom", List.of())).stream()
                .anyMatch(e -> Map.of("name", SpokeComponent.DATABASE_SECRET).equals(map(e).get("secretRef"))));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyDeploymentThatReadsTheDatabaseUrlIsRolledWhenItChanges(String stack) {
        // RDS rotates the password; ESO rewrites saleor-database; Reloader rolls what reads it (Saleor reads it at start).
        var readers = workloads(render(stack)).stream().filter(GitOpsTreeTest::readsTheDatabaseUrl).toList();
        assertEquals(Set.of("saleor-api", "saleor-worker", "saleor-beat", "saleor-migrate"),
                readers.stream().map(Kustomize::name).collect(Collectors.toSet()));
        for (var workload : readers) {
            if ("Deployment".equals(workload.get("kind"))) {
                Map<String, Object> annotations = map(map(workload.get("metadata")).getOrDefault("annotations", Map.of()));
                assertEquals("true", annotations.get("reloader.stakater.com/auto"), Kustomize.name(workload));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyPodThatTalksToPostgresHasTheRdsCaBundleWhereDatabaseUrlSaysItIs(String stack) {
        String directory = SaleorWorkload.DATABASE_CA_FILE.substring(0, SaleorWorkload.DATABASE_CA_FILE.lastIndexOf('/'));
        String saleorImage = (String) containers(find(render(stack), "Deployment", "saleor-api")).get(0).get("image");
        for (var workload : workloads(render(stack)).stream().filter(GitOpsTreeTest::readsTheDatabaseUrl).toList()) {
            String name = Kustomize.name(workload);
            var pod = podSpec(workload);
            var init = list(pod.getOrDefault("initContainers", List.of())).stream().map(c -> map(c))
                    .filter(c -> "rds-ca".equals(c.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no init container fetching the RDS CA bundle"));
            assertEquals(saleorImage, init.get("image"), name + ": the pinned Saleor image, no other image to trust");
            assertTrue(String.valueOf(init.get("command")).contains(SaleorWorkload.DATABASE_CA_FILE), name);
            assertEquals(List.of(Map.of("name", SaleorWorkload.DATABASE_CA_BUNDLE_URL, "valueFrom", Map.of("configMapKeyRef",
                    Map.of("name", SpokeComponent.PLATFORM_CONFIGMAP, "key", SaleorWorkload.DATABASE_CA_BUNDLE_URL)))), init.get("env"), name);
            assertEquals(List.of(Map.of("name", "rds-ca", "mountPath", directory)), init.get("volumeMounts"), name);
            assertTrue(list(pod.get("volumes")).contains(Map.of("name", "rds-ca", "emptyDir", Map.of("sizeLimit", "1Mi"))), name);
            var main = containers(workload).get(0);
            assertTrue(list(main.get("volumeMounts")).contains(Map.of("name", "rds-ca", "mountPath", directory, "readOnly", true)),
                    name + ": " + main.get("volumeMounts"));
        }
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyContainerAndInitContainerHasExplicitCpuAndMemoryRequests(String stack) {
        for (var workload : workloads(render(stack))) {
            var pod = podSpec(workload);
            List<Object> all = new java.util.ArrayList<>(list(pod.get("containers")));
            all.addAll(list(pod.getOrDefault("initContainers", List.of())));
            for (Object c : all) {
                Map<String, Object> requests = map(map(map(c).getOrDefault("resources", Map.of())).getOrDefault("requests", Map.of()));
                assertTrue(requests.containsKey("cpu") && requests.containsKey("memory"),
                        Kustomize.name(workload) + "/" + map(c).get("name") + " requests " + requests);
            }
        }
    }

    @Test
    void apiAndStorefrontAutoscaleAndKeepAPodThroughDisruptions() {
        var objects = render("prod");
        for (String name : List.of("saleor-api", "saleor-storefront")) {
            assertEquals(3, map(find(objects, "HorizontalPodAutoscaler", name).get("spec")).get("minReplicas"), "prod " + name);
            assertEquals(1, map(find(objects, "PodDisruptionBudget", name).get("spec")).get("minAvailable"), name);
        }
        assertEquals(2, map(find(render("dev"), "HorizontalPodAutoscaler", "saleor-api").get("spec")).get("minReplicas"));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyObjectIsLabelledAsPartOfSaleorWithoutTouchingSelectors(String stack) {
        for (Map<String, Object> o : render(stack)) {
            Map<String, Object> labels = map(map(o.get("metadata")).get("labels"));
            assertEquals("saleor", labels.get("app.kubernetes.io/part-of"), o.get("kind") + " " + Kustomize.name(o));
        }
        Map<String, Object> selector = map(map(find(render(stack), "Deployment", "saleor-api").get("spec")).get("selector"));
        assertFalse(map(selector.get("matchLabels")).containsKey("app.kubernetes.io/part-of"),
                "selectors are immutable: the common label must stay out of them (includeSelectors: false)");
    }

    @Test
    void aPatchOfAPathThatDoesNotExistFailsTheRender(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path variant = Kustomize.variant(dir, "dev", "missing-path",
                "patches:", "  - target: {kind: Ingress, name: saleor}", "    patch: |-",
                "      - op: replace", "        path: /spec/rules/9/host", "        value: x");
        var run = Kustomize.run(variant);
        assertTrue(run.exitCode() != 0, "kubectl kustomize accepted a patch of a missing path: " + run.stdout());
        assertTrue(run.stderr().contains("/spec/rules/9/host"), run.stderr());
    }
}
