package com.kyeol.platform.security;

import com.kyeol.platform.config.NetworkSettings;
import com.kyeol.platform.config.Tier;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.core.v1.LimitRange;
import com.pulumi.kubernetes.core.v1.LimitRangeArgs;
import com.pulumi.kubernetes.core.v1.ResourceQuota;
import com.pulumi.kubernetes.core.v1.ResourceQuotaArgs;
import com.pulumi.kubernetes.core.v1.inputs.LimitRangeItemArgs;
import com.pulumi.kubernetes.core.v1.inputs.LimitRangeSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.ResourceQuotaSpecArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.kubernetes.networking.v1.NetworkPolicy;
import com.pulumi.kubernetes.networking.v1.NetworkPolicyArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicySpecArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the platform enforces inside the app namespace, beyond its Pod Security labels: default-deny NetworkPolicies
 * with the talk-to matrix's allows ({@link AppNetworkPolicies}), the ResourceQuota and the LimitRange of the tier
 * ({@link AppQuota}). Pulumi owns them, not ArgoCD: the app's AppProject refuses these kinds, so the app can neither
 * widen its network nor its share of the cluster.
 */
public final class AppNamespaceGuardrails extends ComponentResource {

    public static final String QUOTA = "saleor-quota";
    public static final String LIMITS = "saleor-limits";

    /** Every object of this component: the Application waits for all of them before its first sync. */
    public final List<Resource> objects;

    /** @param traces the environment's {@code observability.traces} (opens OTLP to the cluster collector) */
    public AppNamespaceGuardrails(String name, String namespace, NetworkSettings network, boolean traces, Tier tier, Provider kubernetes,
                                  Resource namespaceResource, ComponentResourceOptions options) {
        super("kyeol:security:AppNamespaceGuardrails", name, options);
        var inNamespace = CustomResourceOptions.builder().parent(this).provider(kubernetes).dependsOn(namespaceResource).build();
        List<Resource> objects = new ArrayList<>();
        objects.add(networkPolicy(name, namespace, AppNetworkPolicies.DEFAULT_DENY, AppNetworkPolicies.defaultDeny(), inNamespace));
        for (var allow : AppNetworkPolicies.matrix(network, traces)) {
            objects.add(networkPolicy(name, namespace, allow.name(), AppNetworkPolicies.spec(allow), inNamespace));
        }
        objects.add(new ResourceQuota(name + "-" + QUOTA, ResourceQuotaArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(QUOTA).namespace(namespace).build())
                .spec(ResourceQuotaSpecArgs.builder().hard(AppQuota.of(tier).hard()).build())
                .build(), inNamespace));
        var limits = AppQuota.containerLimits();
        objects.add(new LimitRange(name + "-" + LIMITS, LimitRangeArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(LIMITS).namespace(namespace).build())
                .spec(LimitRangeSpecArgs.builder().limits(LimitRangeItemArgs.builder()
                        .type("Container")
                        .default_(limits.get("default"))
                        .defaultRequest(limits.get("defaultRequest"))
                        .max(limits.get("max"))
                        .min(limits.get("min"))
                        .build()).build())
                .build(), inNamespace));
        this.objects = List.copyOf(objects);
        registerOutputs(Map.of());
    }

    private NetworkPolicy networkPolicy(String name, String namespace, String policy, NetworkPolicySpecArgs spec,
                                        CustomResourceOptions options) {
        return new NetworkPolicy(name + "-netpol-" + policy, NetworkPolicyArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(policy).namespace(namespace).build())
                .spec(spec)
                .build(), options);
    }
}
