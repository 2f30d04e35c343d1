package com.kyeol.platform.k8s;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's {@code resources} block as Helm charts and add-on configurations take it: explicit CPU and memory
 * requests (what the scheduler and the capacity arithmetic count) and a memory limit (a leak is killed, not the node).
 * No CPU limit: throttling a burstable pod helps no one on nodes with spare CPU.
 */
public final class PodResources {

    private PodResources() {
    }

    /**
     * @param cpu         CPU request, e.g. {@code 50m}
     * @param memory      memory request, e.g. {@code 128Mi}
     * @param memoryLimit memory limit, at least the request
     */
    public static Map<String, Object> of(String cpu, String memory, String memoryLimit) {
        var requests = new LinkedHashMap<String, Object>();
        requests.put("cpu", cpu);
        requests.put("memory", memory);
        var resources = new LinkedHashMap<String, Object>();
        resources.put("requests", requests);
        resources.put("limits", Map.of("memory", memoryLimit));
        return resources;
    }

    /** Requests only, for a container whose chart default has no {@code limits} key (a config-reloader sidecar). */
    public static Map<String, Object> requests(String cpu, String memory) {
        var requests = new LinkedHashMap<String, Object>();
        requests.put("cpu", cpu);
        requests.put("memory", memory);
        return Map.of("requests", requests);
    }
}
