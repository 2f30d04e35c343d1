package com.kyeol.platform.gitops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Pod Security Standards' Baseline and Restricted profiles as the Kubernetes documentation defines them for v1.35
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/), control by control, over a pod spec: what the
 * Pod Security admission controller of a namespace labelled {@code pod-security.kubernetes.io/enforce: restricted}
 * checks before it lets a pod in. The official implementation (k8s.io/pod-security-admission) is a Go library with no
 * npm or Maven Central counterpart, so this is our own reading of the same table; each violation names the control as
 * the documentation titles it.
 */
final class PodSecurityStandards {

    enum Level { BASELINE, RESTRICTED }

    /** One failed control: its name in the documentation, the field (JSON path in the pod spec) and what was there. */
    record Violation(String control, String path, String detail) {

        @Override
        public String toString() {
            return control + ": " + path + " " + detail;
        }
    }

    /** Baseline, Capabilities: what may be added beyond the runtime's defaults. */
    static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
            "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    /** Baseline, Sysctls: the safe set (net.ipv4.ip_local_reserved_ports since v1.27, the tcp_* four since v1.29). */
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    /** Baseline, SELinux: the container types allowed. */
    static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");
    /** Restricted, Volume Types: the only volume sources allowed. */
    static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    /** The one key of a v1 Volume that is not its source: any other key is a source, and must be a restricted one. */
    private static final Set<String> VOLUME_KEYS = Set.of("name");
    private static final List<String> CONTAINER_KINDS = List.of("initContainers", "containers", "ephemeralContainers");
    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");

    private PodSecurityStandards() {
    }

    /** The violations of {@code level} by a pod with this metadata (annotations) and spec; empty when it would be admitted. */
    static List<Violation> check(Level level, Map<String, Object> metadata, Map<String, Object> spec) {
        List<Violation> out = new ArrayList<>();
        baseline(metadata == null ? Map.of() : metadata, spec, out);
        if (level == Level.RESTRICTED) {
            restricted(spec, out);
        }
        return List.copyOf(out);
    }

    /** The pod template of a workload object (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), or a Pod itself. */
    static Optional<Map<String, Object>> podTemplate(Map<String, Object> object) {
        Object kind = object.get("kind");
        if ("Pod".equals(kind)) {
            return Optional.of(object);
        }
        Map<String, Object> spec = map(object.get("spec"));
        if ("CronJob".equals(kind)) {
            spec = map(map(spec.get("jobTemplate")).get("spec"));
        }
        Object template = spec.get("template");
        return template instanceof Map<?, ?> ? Optional.of(map(template)) : Optional.empty();
    }

    private static void baseline(Map<String, Object> metadata, Map<String, Object> spec, List<Violation> out) {
        Map<String, Object> pod = map(spec.get("securityContext"));
        // HostProcess
        if (Boolean.TRUE.equals(map(pod.get("windowsOptions")).get("hostProcess"))) {
            out.add(new Violation("HostProcess", "spec.securityContext.windowsOptions.hostProcess", "is true"));
        }
        // Host Namespaces
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (Boolean.TRUE.equals(spec.get(field))) {
                out.add(new Violation("Host Namespaces", "spec." + field, "is true"));
            }
        }
        // HostPath Volumes
        for (Object v : list(spec.get("volumes"))) {
            if (map(v).containsKey("hostPath")) {
                out.add(new Violation("HostPath Volumes", "spec.volumes[" + map(v).get("name") + "].hostPath", "is set"));
            }
        }
        // AppArmor (annotations, and the field since v1.30)
        map(metadata.get("annotations")).forEach((key, value) -> {
            if (key.startsWith("container.apparmor.security.beta.kubernetes.io/")
                    && !("runtime/default".equals(value) || String.valueOf(value).startsWith("localhost/"))) {
                out.add(new Violation("AppArmor", "metadata.annotations['" + key + "']", "is " + value));
            }
        });
        appArmor("spec.securityContext", pod, out);
        seLinux("spec.securityContext", pod, out);
        seccompNotUnconfined("spec.securityContext", pod, out);
        // Sysctls
        for (Object s : list(pod.get("sysctls"))) {
            String name = String.valueOf(map(s).get("name"));
            if (!SAFE_SYSCTLS.contains(name)) {
                out.add(new Violation("Sysctls", "spec.securityContext.sysctls[" + name + "]", "is not in the safe set"));
            }
        }
        forEachContainer(spec, (path, c) -> {
            Map<String, Object> sc = map(c.get("securityContext"));
            if (Boolean.TRUE.equals(map(sc.get("windowsOptions")).get("hostProcess"))) {
                out.add(new Violation("HostProcess", path + ".securityContext.windowsOptions.hostProcess", "is true"));
            }
            // Privileged Containers
            if (Boolean.TRUE.equals(sc.get("privileged"))) {
                out.add(new Violation("Privileged Containers", path + ".securityContext.privileged", "is true"));
            }
            // Capabilities (baseline)
            for (Object cap : list(map(sc.get("capabilities")).get("add"))) {
                if (!BASELINE_CAPABILITIES.contains(String.valueOf(cap))) {
                    out.add(new Violation("Capabilities", path + ".securityContext.capabilities.add", "adds " + cap));
                }
            }
            // Host Ports
            for (Object p : list(c.get("ports"))) {
                Object hostPort = map(p).get("hostPort");
                if (hostPort instanceof Number n && n.intValue() != 0) {
                    out.add(new Violation("Host Ports", path + ".ports[" + map(p).get("containerPort") + "].hostPort", "is " + n));
                }
            }
            // Host Probes / Lifecycle Hooks (v1.34+)
            for (String probe : PROBES) {
                hostField(path + "." + probe, map(c.get(probe)), out);
            }
            Map<String, Object> lifecycle = map(c.get("lifecycle"));
            for (String hook : List.of("postStart", "preStop")) {
                hostField(path + ".lifecycle." + hook, map(lifecycle.get(hook)), out);
            }
            appArmor(path + ".securityContext", sc, out);
            seLinux(path + ".securityContext", sc, out);
            // /proc Mount Type
            Object procMount = sc.get("procMount");
            if (procMount != null && !"Default".equals(procMount)) {
                out.add(new Violation("/proc Mount Type", path + ".securityContext.procMount", "is " + procMount));
            }
            seccompNotUnconfined(path + ".securityContext", sc, out);
        });
    }

    private static void restricted(Map<String, Object> spec, List<Violation> out) {
        Map<String, Object> pod = map(spec.get("securityContext"));
        // Volume Types
        for (Object v : list(spec.get("volumes"))) {
            for (String source : map(v).keySet()) {
                if (!VOLUME_KEYS.contains(source) && !RESTRICTED_VOLUMES.contains(source)) {
                    out.add(new Violation("Volume Types", "spec.volumes[" + map(v).get("name") + "]", "uses " + source));
                }
            }
        }
        boolean podNonRoot = Boolean.TRUE.equals(pod.get("runAsNonRoot"));
        if (Boolean.FALSE.equals(pod.get("runAsNonRoot"))) {
            out.add(new Violation("Running as Non-root", "spec.securityContext.runAsNonRoot", "is false"));
        }
        if (isZero(pod.get("runAsUser"))) {
            out.add(new Violation("Running as Non-root user", "spec.securityContext.runAsUser", "is 0"));
        }
        Object podSeccomp = map(pod.get("seccompProfile")).get("type");
        boolean podSeccompSet = "RuntimeDefault".equals(podSeccomp) || "Localhost".equals(podSeccomp);
        forEachContainer(spec, (path, c) -> {
            Map<String, Object> sc = map(c.get("securityContext"));
            // Privilege Escalation
            if (!Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
                out.add(new Violation("Privilege Escalation", path + ".securityContext.allowPrivilegeEscalation",
                        "is " + show(sc.get("allowPrivilegeEscalation")) + ", must be false"));
            }
            // Running as Non-root: the container's own value wins; unset falls back to the pod's.
            Object nonRoot = sc.get("runAsNonRoot");
            if (Boolean.FALSE.equals(nonRoot) || (nonRoot == null && !podNonRoot)) {
                out.add(new Violation("Running as Non-root", path + ".securityContext.runAsNonRoot",
                        "is " + show(nonRoot) + (nonRoot == null ? " and spec.securityContext.runAsNonRoot is not true" : "")));
            }
            // Running as Non-root user (v1.23+)
            if (isZero(sc.get("runAsUser"))) {
                out.add(new Violation("Running as Non-root user", path + ".securityContext.runAsUser", "is 0"));
            }
            // Seccomp (v1.19+): RuntimeDefault or Localhost, on the pod or on every container.
            Object type = map(sc.get("seccompProfile")).get("type");
            if (type == null ? !podSeccompSet : !("RuntimeDefault".equals(type) || "Localhost".equals(type))) {
                out.add(new Violation("Seccomp", path + ".securityContext.seccompProfile.type",
                        "is " + show(type) + (type == null ? " and the pod sets none" : "") + ", must be RuntimeDefault or Localhost"));
            }
            // Capabilities (v1.22+): drop ALL, add at most NET_BIND_SERVICE.
            Map<String, Object> caps = map(sc.get("capabilities"));
            if (!list(caps.get("drop")).contains("ALL")) {
                out.add(new Violation("Capabilities", path + ".securityContext.capabilities.drop", "is "
                        + show(caps.get("drop")) + ", must include ALL"));
            }
            for (Object cap : list(caps.get("add"))) {
                if (!"NET_BIND_SERVICE".equals(cap)) {
                    out.add(new Violation("Capabilities", path + ".securityContext.capabilities.add", "adds " + cap
                            + ", only NET_BIND_SERVICE is allowed"));
                }
            }
        });
    }

    private static void appArmor(String path, Map<String, Object> sc, List<Violation> out) {
        Object type = map(sc.get("appArmorProfile")).get("type");
        if (type != null && !"RuntimeDefault".equals(type) && !"Localhost".equals(type)) {
            out.add(new Violation("AppArmor", path + ".appArmorProfile.type", "is " + type));
        }
    }

    private static void seLinux(String path, Map<String, Object> sc, List<Violation> out) {
        Map<String, Object> options = map(sc.get("seLinuxOptions"));
        Object type = options.get("type");
        if (type != null && !SELINUX_TYPES.contains(String.valueOf(type))) {
            out.add(new Violation("SELinux", path + ".seLinuxOptions.type", "is " + type));
        }
        for (String field : List.of("user", "role")) {
            Object value = options.get(field);
            if (value != null && !"".equals(value)) {
                out.add(new Violation("SELinux", path + ".seLinuxOptions." + field, "is " + value));
            }
        }
    }

    private static void seccompNotUnconfined(String path, Map<String, Object> sc, List<Violation> out) {
        if ("Unconfined".equals(map(sc.get("seccompProfile")).get("type"))) {
            out.add(new Violation("Seccomp", path + ".seccompProfile.type", "is Unconfined"));
        }
    }

    private static void hostField(String path, Map<String, Object> handler, List<Violation> out) {
        for (String kind : List.of("httpGet", "tcpSocket")) {
            Object host = map(handler.get(kind)).get("host");
            if (host != null && !"".equals(host)) {
                out.add(new Violation("Host Probes / Lifecycle Hooks", path + "." + kind + ".host", "is " + host));
            }
        }
    }

    private static void forEachContainer(Map<String, Object> spec, java.util.function.BiConsumer<String, Map<String, Object>> each) {
        for (String kind : CONTAINER_KINDS) {
            for (Object c : list(spec.get(kind))) {
                each.accept("spec." + kind + "[" + map(c).get("name") + "]", map(c));
            }
        }
    }

    private static boolean isZero(Object value) {
        return value instanceof Number n && n.longValue() == 0;
    }

    private static String show(Object value) {
        return value == null ? "unset" : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
