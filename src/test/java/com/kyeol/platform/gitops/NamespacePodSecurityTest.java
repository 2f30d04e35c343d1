package com.kyeol.platform.gitops;

import com.kyeol.platform.addons.ChartValues;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.gitops.PodSecurityStandards.Level;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;
import com.kyeol.platform.security.PodSecurity;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.kyeol.platform.gitops.PodSecurityStandards.map;
import static com.kyeol.platform.support.PlanAssertions.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pod Security Admission on every namespace of every plan: each one the platform creates carries the labels, no Helm
 * release creates one (it would carry none), and each chart installed into a namespace enforced at restricted meets
 * restricted with its own defaults (read from the chart version's values.yaml) merged with our values. General over
 * every plan, so a namespace or release another change adds is held to the same rule.
 */
class NamespacePodSecurityTest {

    private static final String NAMESPACE = "kubernetes:core/v1:Namespace";
    private static final String RELEASE = "kubernetes:helm.sh/v3:Release";

    /**
     * Where each chart the platform installs outside kube-system sets its pods' security contexts, per component: the
     * pod-level values path (or null) and the container-level paths (main and init containers). A chart without a row
     * fails {@link #everyChartInALabelledNamespaceRunsAtItsLevelWithItsDefaults}: add its row.
     */
    static final Map<String, List<Component>> SECURITY_CONTEXTS = Map.of(
            "external-secrets", List.of(
                    new Component("controller", "podSecurityContext", List.of("securityContext")),
                    new Component("webhook", "webhook.podSecurityContext", List.of("webhook.securityContext")),
                    new Component("certController", "certController.podSecurityContext", List.of("certController.securityContext"))),
            // Actions Runner Controller: the controller Deployment; each scale set's listener pod (listenerTemplate, merged
            // into the pod the controller builds) and runner pods (template, a pod template the chart copies).
            "gha-runner-scale-set-controller", List.of(new Component("controller", "podSecurityContext", List.of("securityContext"))),
            "gha-runner-scale-set", List.of(
                    new Component("listener", "listenerTemplate.spec.securityContext", List.of("listenerTemplate.spec.containers.0.securityContext")),
                    new Component("runner", "template.spec.securityContext", List.of("template.spec.containers.0.securityContext"))),
            // Reloader: one Deployment; the chart leaves the container context empty, our values fill it in.
            "reloader", List.of(
                    new Component("reloader", "reloader.deployment.securityContext", List.of("reloader.deployment.containerSecurityContext"))),
            // argo-cd: every component's pod context is global.securityContext, except Redis's and the Redis secret job's; the
            // copyutil init containers reuse their component's container context. Dex and notifications are off on the hub
            // but checked all the same (turning them on must not break the namespace).
            "argo-cd", List.of(
                    new Component("controller", "global.securityContext", List.of("controller.containerSecurityContext")),
                    new Component("dex", "global.securityContext", List.of("dex.containerSecurityContext")),
                    new Component("server", "global.securityContext", List.of("server.containerSecurityContext")),
                    new Component("repoServer", "global.securityContext", List.of("repoServer.containerSecurityContext")),
                    new Component("applicationSet", "global.securityContext", List.of("applicationSet.containerSecurityContext")),
                    new Component("notifications", "global.securityContext", List.of("notifications.containerSecurityContext")),
                    new Component("redis", "redis.securityContext", List.of("redis.containerSecurityContext")),
                    new Component("redisSecretInit", "redisSecretInit.securityContext", List.of("redisSecretInit.containerSecurityContext"))));

    record Component(String name, String podPath, List<String> containerPaths) {
    }

    static List<String> stacks() {
        return TestStacks.stacks();
    }

    private static List<PlannedResource> namespaces(Plan plan) {
        return plan.ofType(NAMESPACE);
    }

    private static Map<String, Object> metadata(PlannedResource r) {
        return map(r.inputs().get("metadata"));
    }

    private static Optional<PlannedResource> namespace(Plan plan, String name, String provider) {
        return namespaces(plan).stream().filter(n -> name.equals(metadata(n).get("name")) && n.provider().equals(provider)).findFirst();
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyNamespaceThePlatformCreatesIsEnforcedAndWarnsAndAuditsAtRestricted(String stack) {
        Plan plan = TestPlans.of(stack);
        assertFalse(namespaces(plan).isEmpty(), stack + " creates namespaces");
        for (var ns : namespaces(plan)) {
            Map<String, Object> labels = map(metadata(ns).get("labels"));
            String enforce = String.valueOf(labels.get(PodSecurity.ENFORCE));
            assertTrue(PodSecurity.Level.fromLabel(enforce).isPresent(), ns.name() + ": enforce is " + enforce);
            assertEquals("restricted", labels.get(PodSecurity.WARN), ns.name());
            assertEquals("restricted", labels.get(PodSecurity.AUDIT), ns.name());
            if (!"restricted".equals(enforce)) {
                Object reason = map(metadata(ns).get("annotations")).get(PodSecurity.REASON);
                assertTrue(reason instanceof String s && !s.isBlank(), ns.name() + " is enforced at " + enforce + " without saying why");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void noHelmReleaseCreatesANamespaceAndEachWaitsForTheOneItIsInstalledInto(String stack) {
        Plan plan = TestPlans.of(stack);
        for (var release : plan.ofType(RELEASE)) {
            assertNotEquals(true, release.inputs().get("createNamespace"),
                    release.name() + ": a namespace Helm creates carries no Pod Security labels; create it with PodSecurity");
            String namespace = String.valueOf(release.inputs().get("namespace"));
            if (namespace.equals("kube-system")) {
                continue;
            }
            var ns = namespace(plan, namespace, release.provider());
            assertTrue(ns.isPresent(), release.name() + " installs into " + namespace + ", which this plan does not create");
            assertTrue(dependsOnTransitively(plan, release, ns.get().urn()), release.name() + " waits for its namespace " + namespace);
        }
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void thePlatformsOwnNamespacesAreRestricted(String stack) {
        Plan plan = TestPlans.of(stack);
        List<String> expected = TestPlans.settings(stack).role() == Role.HUB ? List.of(HubComponent.NAMESPACE)
                : List.of(SpokeComponent.APP_NAMESPACE, SpokeComponent.ESO_NAMESPACE);
        for (String name : expected) {
            var ns = namespaces(plan).stream().filter(n -> name.equals(metadata(n).get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(stack + " has no namespace " + name));
            assertEquals(PodSecurity.labels(PodSecurity.Level.RESTRICTED), metadata(ns).get("labels"), name);
        }
        if (TestPlans.settings(stack).role() == Role.WORKLOAD) {
            var app = named(plan, "kubernetes:argoproj.io/v1alpha1:Application", stack + "-argocd-application");
            assertEquals(SpokeComponent.APP_NAMESPACE, map(map(app.inputs().get("spec")).get("destination")).get("namespace"),
                    "the Application deploys into the restricted namespace");
        }
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyChartInALabelledNamespaceRunsAtItsLevelWithItsDefaults(String stack) {
        Plan plan = TestPlans.of(stack);
        int checked = 0;
        for (var release : plan.ofType(RELEASE)) {
            String namespace = String.valueOf(release.inputs().get("namespace"));
            Optional<PlannedResource> ns = namespace(plan, namespace, release.provider());
            if (ns.isEmpty()) {
                continue;
            }
            String enforce = String.valueOf(map(metadata(ns.get()).get("labels")).get(PodSecurity.ENFORCE));
            if (enforce.equals("privileged")) {
                continue;
            }
            Level level = enforce.equals("restricted") ? Level.RESTRICTED : Level.BASELINE;
            String chart = ChartValues.chartName(String.valueOf(release.inputs().get("chart")));
            assertTrue(SECURITY_CONTEXTS.containsKey(chart), chart + " (" + release.name() + ") runs in " + namespace + " at " + enforce
                    + ": give it a row in SECURITY_CONTEXTS");
            assertEquals(List.of(), chartViolations(chart, String.valueOf(release.inputs().get("version")), map(release.inputs().get("values")),
                    level), stack + " " + release.name() + " in " + namespace + " (" + enforce + ")");
            checked++;
        }
        assertTrue(checked > 0, stack + " installs a chart outside kube-system");
    }

    private static boolean dependsOnTransitively(Plan plan, PlannedResource from, String urn) {
        Map<String, PlannedResource> byUrn = new LinkedHashMap<>();
        plan.resources().forEach(r -> byUrn.put(r.urn(), r));
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(from.dependsOn());
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (next.equals(urn)) {
                return true;
            }
            if (seen.add(next) && byUrn.containsKey(next)) {
                todo.addAll(byUrn.get(next).dependsOn());
            }
        }
        return false;
    }

    /** What each component of {@code chart} would break at {@code level} with these values over the chart's defaults. */
    static List<String> chartViolations(String chart, String version, Map<String, Object> values, Level level) {
        Map<String, Object> merged = merged(defaults(chart, version), values);
        List<String> out = new ArrayList<>();
        for (var component : SECURITY_CONTEXTS.get(chart)) {
            List<Map<String, Object>> containers = new ArrayList<>();
            for (String path : component.containerPaths()) {
                var c = new LinkedHashMap<String, Object>();
                c.put("name", path);
                c.put("securityContext", withoutEnabled(at(merged, path)));
                containers.add(c);
            }
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("securityContext", withoutEnabled(at(merged, component.podPath())));
            spec.put("containers", containers);
            PodSecurityStandards.check(level, Map.of(), spec).forEach(v -> out.add(component.name() + ": " + v));
        }
        return out;
    }

    @org.junit.jupiter.api.Test
    void valuesThatWeakenAChartsSecurityContextAreCaught() {
        assertEquals(List.of("controller: Privilege Escalation: spec.containers[securityContext].securityContext.allowPrivilegeEscalation "
                        + "is true, must be false"),
                chartViolations("external-secrets", "2.9.0", Map.of("securityContext", Map.of("allowPrivilegeEscalation", true)),
                        Level.RESTRICTED));
        assertEquals(List.of("dex: Capabilities: spec.containers[dex.containerSecurityContext].securityContext.capabilities.drop is [], "
                        + "must include ALL"),
                chartViolations("argo-cd", "10.1.1", Map.of("dex", Map.of("containerSecurityContext", Map.of("capabilities",
                        Map.of("drop", List.of())))), Level.RESTRICTED));
        assertEquals(List.of(), chartViolations("argo-cd", "10.1.1", Map.of("dex", Map.of("containerSecurityContext", Map.of("capabilities",
                Map.of("drop", List.of())))), Level.BASELINE), "dropping nothing is still baseline");
    }

    /** A chart's {@code values.yaml} (the shared upstream folder; the test skips without it). */
    private static Map<String, Object> defaults(String chart, String version) {
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(ChartValues.upstreamValues(chart, version)));
            return map(loaded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's merge of a release's values over the chart's defaults: maps merge key by key, anything else replaces. */
    static Map<String, Object> merged(Map<String, Object> defaults, Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>(defaults);
        values.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> && out.get(k) instanceof Map<?, ?>
                ? merged(map(out.get(k)), map(v)) : v));
        return out;
    }

    /** {@code path} in the values (map keys, and list indexes such as {@code containers.0}); empty where it is unset. */
    private static Map<String, Object> at(Map<String, Object> values, String path) {
        Object current = values;
        for (String part : path.split("\\.")) {
            current = current instanceof List<?> l && part.matches("\\d+")
                    ? (Integer.parseInt(part) < l.size() ? l.get(Integer.parseInt(part)) : null)
                    : map(current).get(part);
        }
        return map(current);
    }

    /** The external-secrets chart's {@code enabled} switch inside a security context is the chart's, not Kubernetes'. */
    private static Map<String, Object> withoutEnabled(Map<String, Object> context) {
        Map<String, Object> copy = new LinkedHashMap<>(context);
        copy.remove("enabled");
        return copy;
    }
}
