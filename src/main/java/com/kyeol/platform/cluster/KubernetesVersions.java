package com.kyeol.platform.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one table of EKS managed add-on versions, per Kubernetes minor version. A cluster may only run
 * a version listed here, so every add-on is pinned; to move to a new Kubernetes version, add its row
 * (`aws eks describe-addon-versions --kubernetes-version X --addon-name Y`).
 *
 * <p>Re-checked for 1.35 on 2026-12-01: the EKS user guide's version tables available here stop before 1.35, so the
 * evidence is public 2026 configurations of 1.35 clusters pinning these builds (kube-proxy v1.35.3 also has later
 * builds .18 and .21; the Pod Identity agent moved from v1.3.9-eksbuild.3, a build pinned with 1.33/1.34 clusters, to
 * v1.3.10-eksbuild.3). Not proof for ap-northeast-3: confirm each with
 * {@code aws eks describe-addon-versions --kubernetes-version 1.35 --addon-name <name>} before the first {@code pulumi up}
 * (the README has the loop).
 */
public final class KubernetesVersions {

    /** Add-on versions of one Kubernetes minor, and the cluster-autoscaler image that matches it. */
    public record AddonVersions(String vpcCni, String coreDns, String kubeProxy, String podIdentityAgent, String ebsCsiDriver,
                                String clusterAutoscalerImageTag) {
    }

    private static final Map<String, AddonVersions> TABLE = new TreeMap<>(Map.of(
            "1.35", new AddonVersions(
                    "v1.23.0-eksbuild.1",
                    "v1.14.3-eksbuild.3",
                    "v1.35.3-eksbuild.13",
                    "v1.3.10-eksbuild.3",
                    "v1.65.0-eksbuild.1",
                    "v1.35.0")));

    private KubernetesVersions() {
    }

    public static Optional<AddonVersions> of(String kubernetesVersion) {
        return Optional.ofNullable(TABLE.get(kubernetesVersion));
    }

    public static java.util.Set<String> supported() {
        return TABLE.keySet();
    }
}
