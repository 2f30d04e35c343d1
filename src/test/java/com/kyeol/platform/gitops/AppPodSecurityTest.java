package com.kyeol.platform.gitops;

import com.kyeol.platform.gitops.PodSecurityStandards.Level;
import com.kyeol.platform.gitops.PodSecurityStandards.Violation;
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

import static com.kyeol.platform.gitops.PodSecurityStandards.list;
import static com.kyeol.platform.gitops.PodSecurityStandards.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every container of every pod template ArgoCD would apply (each overlay rendered by {@code kubectl kustomize}) passes the
 * Pod Security Standards' restricted profile, which the app namespace enforces; broken overlays are caught by the name of
 * the control they break, after kubectl renders them.
 */
class AppPodSecurityTest {

    /**
     * One broken overlay: dev plus one patch per break, each on a different object or field, rendered by kubectl once;
     * each break's expected violation (control, container and field) must be among what the checker finds.
     */
    private static final List<String> PATCHES = new ArrayList<>(List.of("patches:"));
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();
    private static List<String> found;

    static List<String> workloads() {
        return GitOpsTreeTest.workloads();
    }

    private static void variant(String name, String expected, String kind, String object, String... ops) {
        PATCHES.addAll(List.of("  - target: {kind: " + kind + ", name: " + object + "}", "    patch: |-"));
        for (String op : ops) {
            PATCHES.add("      " + op);
        }
        EXPECTED.put(name, expected);
    }

    @BeforeAll
    static void renderBrokenVariants(@TempDir Path temp) {
        String pod = "/spec/template/spec";
        variant("runs-as-root", "Running as Non-root user: spec.securityContext.runAsUser is 0", "Deployment", "saleor-dashboard",
                "- op: replace", "  path: " + pod + "/securityContext/runAsUser", "  value: 0");
        variant("non-root-not-required", "Running as Non-root: spec.containers[api].securityContext.runAsNonRoot is unset and "
                        + "spec.securityContext.runAsNonRoot is not true", "Deployment", "saleor-api",
                "- op: remove", "  path: " + pod + "/securityContext/runAsNonRoot");
        variant("privilege-escalation", "Privilege Escalation: spec.containers[worker].securityContext.allowPrivilegeEscalation is true, "
                        + "must be false", "Deployment", "saleor-worker",
                "- op: replace", "  path: " + pod + "/containers/0/securityContext/allowPrivilegeEscalation", "  value: true");
        variant("capability-added", "Capabilities: spec.containers[storefront].securityContext.capabilities.add adds NET_RAW, "
                        + "only NET_BIND_SERVICE is allowed", "Deployment", "saleor-storefront",
                "- op: add", "  path: " + pod + "/containers/0/securityContext/capabilities/add", "  value: [NET_RAW]");
        variant("capabilities-kept", "Capabilities: spec.containers[api].securityContext.capabilities.drop is unset, must include ALL",
                "Deployment", "saleor-api", "- op: remove", "  path: " + pod + "/containers/0/securityContext/capabilities");
        variant("seccomp-unconfined", "Seccomp: spec.securityContext.seccompProfile.type is Unconfined", "Deployment", "saleor-beat",
                "- op: replace", "  path: " + pod + "/securityContext/seccompProfile/type", "  value: Unconfined");
        variant("seccomp-unset", "Seccomp: spec.containers[migrate].securityContext.seccompProfile.type is unset and the pod sets none, "
                        + "must be RuntimeDefault or Localhost", "Job", "saleor-migrate",
                "- op: remove", "  path: " + pod + "/securityContext/seccompProfile");
        variant("host-path", "HostPath Volumes: spec.volumes[tmp].hostPath is set", "Deployment", "saleor-worker",
                "- op: replace", "  path: " + pod + "/volumes/0", "  value: {name: tmp, hostPath: {path: /tmp}}");
        variant("privileged-init-container", "Privileged Containers: spec.initContainers[bundle].securityContext.privileged is true",
                "Deployment", "saleor-dashboard",
                "- op: add", "  path: " + pod + "/initContainers/0/securityContext/privileged", "  value: true");
        variant("host-network", "Host Namespaces: spec.hostNetwork is true", "Deployment", "saleor-api",
                "- op: add", "  path: " + pod + "/hostNetwork", "  value: true");
        variant("unsafe-sysctl", "Sysctls: spec.securityContext.sysctls[net.core.somaxconn] is not in the safe set", "Deployment",
                "saleor-dashboard", "- op: add", "  path: " + pod + "/securityContext/sysctls/-",
                "  value: {name: net.core.somaxconn, value: \"1024\"}");
        variant("probe-to-another-host", "Host Probes / Lifecycle Hooks: spec.containers[api].readinessProbe.httpGet.host is 169.254.169.254",
                "Deployment", "saleor-api", "- op: add", "  path: " + pod + "/containers/0/readinessProbe/httpGet/host",
                "  value: 169.254.169.254");
        variant("nfs-volume", "Volume Types: spec.volumes[tmp] uses nfs", "Deployment", "saleor-storefront",
                "- op: replace", "  path: " + pod + "/volumes/1", "  value: {name: tmp, nfs: {server: 10.0.0.1, path: /}}");
        List<Violation> violations = new ArrayList<>();
        for (var object : Kustomize.render(Kustomize.variant(temp, "dev", "broken-pod-security", PATCHES.toArray(String[]::new)))) {
            PodSecurityStandards.podTemplate(object).ifPresent(t ->
                    violations.addAll(PodSecurityStandards.check(Level.RESTRICTED, map(t.get("metadata")), map(t.get("spec")))));
        }
        found = violations.stream().map(Violation::toString).toList();
    }

    /** Each workload object of an overlay with its pod template. */
    static Map<String, Map<String, Object>> podTemplates(String stack) {
        Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
        for (var object : GitOpsTreeTest.render(stack)) {
            PodSecurityStandards.podTemplate(object).ifPresent(t -> templates.put(object.get("kind") + " " + Kustomize.name(object), t));
        }
        return templates;
    }

    static List<Map<String, Object>> containers(Map<String, Object> template) {
        Map<String, Object> spec = map(template.get("spec"));
        List<Map<String, Object>> all = new ArrayList<>();
        for (String kind : List.of("initContainers", "containers")) {
            list(spec.get(kind)).forEach(c -> all.add(map(c)));
        }
        return all;
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyPodTemplateOfTheOverlayPassesTheRestrictedProfile(String stack) {
        var templates = podTemplates(stack);
        assertEquals(java.util.Set.of("Deployment saleor-api", "Deployment saleor-worker", "Deployment saleor-beat",
                "Deployment saleor-dashboard", "Deployment saleor-storefront", "Job saleor-migrate"), templates.keySet());
        templates.forEach((name, t) -> assertEquals(List.of(),
                PodSecurityStandards.check(Level.RESTRICTED, map(t.get("metadata")), map(t.get("spec"))), stack + " " + name));
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyContainerStatesRequestsAndLimitsAndHasAReadOnlyRoot(String stack) {
        podTemplates(stack).forEach((name, t) -> {
            for (var c : containers(t)) {
                Map<String, Object> resources = map(c.get("resources"));
                for (String kind : List.of("requests", "limits")) {
                    assertTrue(map(resources.get(kind)).keySet().containsAll(List.of("cpu", "memory")),
                            stack + " " + name + "/" + c.get("name") + " " + kind + ": " + resources);
                }
                assertEquals(true, map(c.get("securityContext")).get("readOnlyRootFilesystem"), name + "/" + c.get("name"));
            }
        });
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void whereTheImagesWriteOnAReadOnlyRootIsAnEmptyDir(String stack) {
        List<String> saleor = List.of("/tmp", "/etc/ssl/rds");
        Map<String, List<String>> writable = Map.of(
                "saleor-api", saleor, "saleor-worker", saleor, "saleor-beat", saleor, "saleor-migrate", saleor,
                "saleor-dashboard", List.of("/app/dashboard", "/var/cache/nginx", "/run", "/tmp"),
                "saleor-storefront", List.of("/app/.next/cache", "/tmp"));
        podTemplates(stack).forEach((name, t) -> {
            Map<String, Object> spec = map(t.get("spec"));
            Map<String, Object> volumes = new LinkedHashMap<>();
            list(spec.get("volumes")).forEach(v -> volumes.put(String.valueOf(map(v).get("name")), map(v)));
            Map<String, Object> main = map(list(spec.get("containers")).get(0));
            List<String> mounted = new ArrayList<>();
            for (Object m : list(main.get("volumeMounts"))) {
                Object volume = volumes.get(String.valueOf(map(m).get("name")));
                assertTrue(volume != null, stack + " " + name + " mounts " + map(m).get("name") + ", which is not a volume");
                assertTrue(map(volume).containsKey("emptyDir"), stack + " " + name + ": " + volume);
                mounted.add(String.valueOf(map(m).get("mountPath")));
            }
            assertEquals(writable.get(name.substring(name.indexOf(' ') + 1)), mounted, stack + " " + name);
        });
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void eachImageRunsAsItsOwnUserWithExplicitIds(String stack) {
        Map<String, List<Integer>> ids = Map.of(
                "saleor-api", List.of(999, 999), "saleor-worker", List.of(999, 999), "saleor-beat", List.of(999, 999),
                "saleor-migrate", List.of(999, 999), "saleor-dashboard", List.of(101, 101), "saleor-storefront", List.of(1001, 1001));
        podTemplates(stack).forEach((name, t) -> {
            Map<String, Object> pod = map(map(t.get("spec")).get("securityContext"));
            assertEquals(ids.get(name.substring(name.indexOf(' ') + 1)), List.of(pod.get("runAsUser"), pod.get("runAsGroup")), name);
        });
    }

    @Test
    void everyBreakIsCaughtByTheControlItBreaks() {
        assertEquals(13, EXPECTED.size());
        EXPECTED.forEach((name, expected) -> assertTrue(found.contains(expected), name + ": expected \"" + expected + "\" in " + found));
        assertEquals(2, found.stream().filter(v -> v.startsWith("Capabilities: spec.containers[storefront]")).count(),
                "NET_RAW is outside both baseline's list and restricted's NET_BIND_SERVICE: " + found);
    }

    /** Controls no overlay patch of ours exercises, on minimal pod specs. */
    @Test
    void controlsOnMinimalPods() {
        Map<String, Object> good = Map.of("securityContext", Map.of("runAsNonRoot", true, "seccompProfile", Map.of("type", "RuntimeDefault")),
                "containers", List.of(Map.of("name", "c", "securityContext", Map.of("allowPrivilegeEscalation", false,
                        "capabilities", Map.of("drop", List.of("ALL"), "add", List.of("NET_BIND_SERVICE"))))));
        assertEquals(List.of(), PodSecurityStandards.check(Level.RESTRICTED, Map.of(), good));
        Map<String, Object> bad = Map.of(
                "securityContext", Map.of("seLinuxOptions", Map.of("type", "spc_t"), "appArmorProfile", Map.of("type", "Unconfined"),
                        "windowsOptions", Map.of("hostProcess", true)),
                "containers", List.of(Map.of("name", "c", "ports", List.of(Map.of("containerPort", 80, "hostPort", 80)),
                        "securityContext", Map.of("procMount", "Unmasked"))));
        var baseline = PodSecurityStandards.check(Level.BASELINE, Map.of("annotations",
                Map.of("container.apparmor.security.beta.kubernetes.io/c", "unconfined")), bad).stream().map(Violation::control).toList();
        assertEquals(List.of("HostProcess", "AppArmor", "AppArmor", "SELinux", "Host Ports", "/proc Mount Type"), baseline);
        assertFalse(PodSecurityStandards.check(Level.RESTRICTED, Map.of(), bad).isEmpty());
        // A container may not undo the pod's runAsNonRoot.
        Map<String, Object> undone = Map.of("securityContext", Map.of("runAsNonRoot", true, "seccompProfile", Map.of("type", "RuntimeDefault")),
                "containers", List.of(Map.of("name", "c", "securityContext", Map.of("runAsNonRoot", false, "allowPrivilegeEscalation", false,
                        "capabilities", Map.of("drop", List.of("ALL"))))));
        assertEquals(List.of("Running as Non-root: spec.containers[c].securityContext.runAsNonRoot is false"),
                PodSecurityStandards.check(Level.RESTRICTED, Map.of(), undone).stream().map(Violation::toString).toList());
    }
}
