package com.kyeol.platform.observability;

import com.kyeol.platform.k8s.PodResources;
import com.kyeol.platform.aws.PolicyDocuments;

import java.util.List;
import java.util.Map;

/** The two Alloy releases every cluster runs, each with its {@link AlloyConfig} and explicit requests. */
public final class AlloyValues {

    /** The alloy user and group of the grafana/alloy image (the image defines it, and runs as root by default). */
    static final int ALLOY_USER = 473;

    private AlloyValues() {
    }

    /**
     * The log collector: one pod per node, reading {@code /var/log/pods} of that node only (a hostPath mount, as root: the
     * files are root's), in the node agents' namespace.
     */
    public static Map<String, Object> logs(String config) {
        return PolicyDocuments.ordered(
                "fullnameOverride", Telemetry.ALLOY_LOGS,
                "crds", Map.of("create", false),
                "controller", Map.of("type", "daemonset"),
                "alloy", PolicyDocuments.ordered(
                        "configMap", Map.of("create", true, "content", config),
                        "mounts", Map.of("varlog", true),
                        "extraEnv", List.of(Map.of("name", AlloyConfig.NODE_NAME_ENV,
                                "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "spec.nodeName")))),
                        "enableReporting", false,
                        "resources", PodResources.of("30m", "96Mi", "256Mi")),
                "configReloader", Map.of("resources", PodResources.requests("10m", "32Mi")),
                "serviceAccount", Map.of("create", true, "name", Telemetry.ALLOY_LOGS),
                "serviceMonitor", Map.of("enabled", true));
    }

    /** The cluster-wide collector: one pod; with traces on it also listens for OTLP on the usual ports. */
    public static Map<String, Object> cluster(String config, boolean traces) {
        // Pod Security restricted (its namespace's level): Alloy as the image's non-root alloy user (473; the image runs as
        // root unless told), no privilege escalation, no capabilities, RuntimeDefault seccomp. Nothing it runs here needs
        // root: CloudWatch and the Kubernetes API over the network, its WAL and positions under /tmp.
        var alloy = PolicyDocuments.ordered(
                "configMap", Map.of("create", true, "content", config),
                "enableReporting", false,
                "securityContext", PolicyDocuments.ordered("runAsNonRoot", true, "runAsUser", ALLOY_USER, "runAsGroup", ALLOY_USER,
                        "allowPrivilegeEscalation", false, "capabilities", Map.of("drop", List.of("ALL"))),
                "resources", PodResources.of("30m", "128Mi", "384Mi"));
        if (traces) {
            alloy.put("extraPorts", List.of(
                    port("otlp-grpc", Telemetry.OTLP_GRPC_PORT),
                    port("otlp-http", Telemetry.OTLP_HTTP_PORT)));
        }
        return PolicyDocuments.ordered(
                "fullnameOverride", Telemetry.ALLOY_CLUSTER,
                "global", Map.of("podSecurityContext", PolicyDocuments.ordered("fsGroup", ALLOY_USER,
                        "seccompProfile", Map.of("type", "RuntimeDefault"))),
                "crds", Map.of("create", false),
                "controller", Map.of("type", "deployment", "replicas", 1),
                "alloy", alloy,
                "configReloader", Map.of("resources", PodResources.requests("10m", "32Mi")),
                "serviceAccount", Map.of("create", true, "name", Telemetry.ALLOY_CLUSTER),
                "serviceMonitor", Map.of("enabled", true));
    }

    private static Map<String, Object> port(String name, int number) {
        return PolicyDocuments.ordered("name", name, "port", number, "targetPort", number, "protocol", "TCP");
    }
}
