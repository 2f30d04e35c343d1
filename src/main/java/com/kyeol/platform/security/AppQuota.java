package com.kyeol.platform.security;

import com.kyeol.platform.config.Tier;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The app namespace's ResourceQuota and LimitRange, sized per tier. The quota holds the app at its HPA maximum plus a
 * rollout's surge of every Deployment plus the PreSync migration Job (a test renders each overlay and proves it), and
 * stops anything else from growing in the namespace: no LoadBalancer or NodePort Service (the app is reached only
 * through the ALB Ingress behind CloudFront), no PersistentVolumeClaim (Saleor keeps its state in RDS, Valkey and S3).
 *
 * <p>Development and staging run the same sizes (gitops/base); production has more API and storefront replicas.
 */
public record AppQuota(String requestsCpu, String requestsMemory, String limitsCpu, String limitsMemory, int pods) {

    public static AppQuota of(Tier tier) {
        return switch (tier) {
            case DEVELOPMENT, STAGING -> new AppQuota("6", "10Gi", "24", "20Gi", 30);
            case PRODUCTION -> new AppQuota("9", "16Gi", "36", "30Gi", 45);
        };
    }

    /** {@code spec.hard} of the ResourceQuota. */
    public Map<String, String> hard() {
        var hard = new LinkedHashMap<String, String>();
        hard.put("requests.cpu", requestsCpu);
        hard.put("requests.memory", requestsMemory);
        hard.put("limits.cpu", limitsCpu);
        hard.put("limits.memory", limitsMemory);
        hard.put("pods", String.valueOf(pods));
        hard.put("services.loadbalancers", "0");
        hard.put("services.nodeports", "0");
        hard.put("persistentvolumeclaims", "0");
        return hard;
    }

    /**
     * The LimitRange's one Container item: defaults for a container that states no resources (the quota refuses a pod
     * without limits otherwise), and the largest and smallest a single container may ask for.
     */
    public static Map<String, Map<String, String>> containerLimits() {
        var item = new LinkedHashMap<String, Map<String, String>>();
        item.put("default", Map.of("cpu", "500m", "memory", "512Mi"));
        item.put("defaultRequest", Map.of("cpu", "100m", "memory", "128Mi"));
        item.put("max", Map.of("cpu", "2", "memory", "2Gi"));
        item.put("min", Map.of("cpu", "10m", "memory", "16Mi"));
        return item;
    }
}
