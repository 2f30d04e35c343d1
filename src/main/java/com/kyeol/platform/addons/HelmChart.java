package com.kyeol.platform.addons;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.kubernetes.helm.v3.inputs.RepositoryOptsArgs;

import java.util.List;
import java.util.Map;

/**
 * The one table of Helm charts the platform installs: name, repository (an HTTPS chart repository or an
 * {@code oci://} registry path), pinned version. Every values key the code sets is checked against that version's
 * {@code values.yaml} by the tests.
 */
public record HelmChart(String chart, String repository, String version) {

    public static final HelmChart AWS_LOAD_BALANCER_CONTROLLER =
            new HelmChart("aws-load-balancer-controller", "https://aws.github.io/eks-charts", "3.5.0");
    public static final HelmChart EXTERNAL_DNS =
            new HelmChart("external-dns", "https://kubernetes-sigs.github.io/external-dns/", "1.21.1");
    public static final HelmChart METRICS_SERVER =
            new HelmChart("metrics-server", "https://kubernetes-sigs.github.io/metrics-server/", "3.13.1");
    public static final HelmChart CLUSTER_AUTOSCALER =
            new HelmChart("cluster-autoscaler", "https://kubernetes.github.io/autoscaler", "9.59.0");
    public static final HelmChart ARGO_CD =
            new HelmChart("argo-cd", "https://argoproj.github.io/argo-helm", "10.1.1");
    public static final HelmChart EXTERNAL_SECRETS =
            new HelmChart("external-secrets", "https://charts.external-secrets.io", "2.9.0");
    public static final HelmChart RELOADER =
            new HelmChart("reloader", "https://stakater.github.io/stakater-charts", "2.2.15");
    /** Prometheus Operator with its CRDs, kube-state-metrics and node-exporter (operator v0.93.1). */
    public static final HelmChart KUBE_PROMETHEUS_STACK =
            new HelmChart("kube-prometheus-stack", "https://prometheus-community.github.io/helm-charts", "88.5.3");
    /** Loki 3.7.6; the OSS chart moved to grafana-community in 2026 (the old repository serves another chart by this name). */
    public static final HelmChart LOKI =
            new HelmChart("loki", "https://grafana-community.github.io/helm-charts", "18.11.0");
    /** Grafana 13.2.0, from grafana-community for the same reason. */
    public static final HelmChart GRAFANA =
            new HelmChart("grafana", "https://grafana-community.github.io/helm-charts", "12.11.1");
    /** Grafana Alloy v1.18.1: the log collector (promtail is end-of-life) and the CloudWatch exporter. */
    public static final HelmChart ALLOY =
            new HelmChart("alloy", "https://grafana.github.io/helm-charts", "1.11.1");

    /** Actions Runner Controller (the scale-set mode): the controller and its CRDs (actions.github.com). */
    public static final HelmChart GHA_RUNNER_SCALE_SET_CONTROLLER = new HelmChart("gha-runner-scale-set-controller",
            "oci://ghcr.io/actions/actions-runner-controller-charts", "0.14.2");
    /** One runner scale set (an AutoscalingRunnerSet and its RBAC); same version as the controller, always. */
    public static final HelmChart GHA_RUNNER_SCALE_SET = new HelmChart("gha-runner-scale-set",
            "oci://ghcr.io/actions/actions-runner-controller-charts", "0.14.2");

    public static List<HelmChart> all() {
        return List.of(AWS_LOAD_BALANCER_CONTROLLER, EXTERNAL_DNS, METRICS_SERVER, CLUSTER_AUTOSCALER, ARGO_CD, EXTERNAL_SECRETS,
                RELOADER, KUBE_PROMETHEUS_STACK, LOKI, GRAFANA, ALLOY, GHA_RUNNER_SCALE_SET_CONTROLLER, GHA_RUNNER_SCALE_SET);
    }

    /** A chart from an OCI registry: Helm pulls {@code <repository>/<chart>} and there is no repository index. */
    public boolean oci() {
        return repository.startsWith("oci://");
    }

    /**
     * A release of this chart the way the platform installs every release: atomic (a failed install or upgrade rolls
     * back and fails {@code pulumi up}), cleaned up on failure, five revisions kept. An OCI chart is given as its full
     * reference ({@code chart: oci://…/name}, {@code version}), a repository chart as its name and {@code repositoryOpts}.
     *
     * @param timeoutSeconds how long Helm waits for the release's workloads to become ready
     */
    public ReleaseArgs.Builder release(String releaseName, String namespace, Output<Map<String, Object>> values, int timeoutSeconds) {
        var args = ReleaseArgs.builder()
                .name(releaseName)
                .chart(oci() ? repository + "/" + chart : chart)
                .version(version);
        if (!oci()) {
            args.repositoryOpts(RepositoryOptsArgs.builder().repo(repository).build());
        }
        return args
                .namespace(namespace)
                .values(values)
                .atomic(true)
                .cleanupOnFail(true)
                .timeout(timeoutSeconds)
                .maxHistory(5);
    }
}
