package com.kyeol.platform.addons;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.kubernetes.helm.v3.inputs.RepositoryOptsArgs;
import com.pulumi.resources.CustomResourceOptions;

import java.util.Map;

/**
 * How the platform installs every Helm release: a chart of {@link HelmChart} at its pinned version, a fixed release
 * name, atomic (a failed install or upgrade rolls back and cleans up), five revisions of history.
 */
public final class HelmReleases {

    private HelmReleases() {
    }

    /**
     * @param resourceName    the Pulumi resource name, e.g. {@code dev-external-dns}
     * @param releaseName     the Helm release name (fixed: it names the chart's objects and service accounts)
     * @param createNamespace let Helm create {@code namespace} (false when the program creates it itself)
     * @param timeoutSeconds  how long Helm waits for the release's pods to become ready
     */
    public static Release install(String resourceName, String releaseName, HelmChart chart, String namespace, boolean createNamespace,
                                  Output<Map<String, Object>> values, int timeoutSeconds, CustomResourceOptions options) {
        var args = ReleaseArgs.builder()
                .name(releaseName)
                .chart(chart.chart())
                .version(chart.version())
                .repositoryOpts(RepositoryOptsArgs.builder().repo(chart.repository()).build())
                .namespace(namespace)
                .values(values)
                .atomic(true)
                .cleanupOnFail(true)
                .timeout(timeoutSeconds)
                .maxHistory(5);
        if (createNamespace) {
            args.createNamespace(true);
        }
        return new Release(resourceName, args.build(), options);
    }
}
