package com.kyeol.platform.observability;

import java.util.Map;

/** Kubernetes container resources: explicit requests (what the scheduler reserves) and a memory limit. */
final class Resources {

    private Resources() {
    }

    /** Requests only: for sidecars whose chart default has no limits key. */
    static Map<String, Object> requests(String cpuRequest, String memoryRequest) {
        return Map.of("requests", Map.of("cpu", cpuRequest, "memory", memoryRequest));
    }

    static Map<String, Object> of(String cpuRequest, String memoryRequest, String memoryLimit) {
        return Map.of("requests", Map.of("cpu", cpuRequest, "memory", memoryRequest), "limits", Map.of("memory", memoryLimit));
    }
}
