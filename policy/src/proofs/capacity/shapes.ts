// Workload shapes: what each Helm chart (per component) and each EKS managed add-on runs, where its replicas,
// requests, switch and hard anti-affinity are read in values, and the chart's default where unset. Every key and
// default of CHART_SHAPES is checked against the chart version's own values.yaml (test/proofs-shapes.test.ts reads
// shared/upstream/charts/<chart>-<version>/values.yaml); keys of a subchart not in that file say so (`subchart`).

/** A Pod is one the chart's operator creates itself (a listener, a runner), counted like a Deployment's. */
export type Kind = "Deployment" | "StatefulSet" | "DaemonSet" | "Pod";

export interface Switch {
    key: string;
    /** The chart's default (a boolean switch, or the default value of a key compared with `equals`). */
    default: boolean | string;
    /** On when the key's value (or the default) equals this, e.g. alloy's controller.type "daemonset". */
    equals?: string;
}

export interface Component {
    name: string;
    kind: Kind;
    /** Runs only when every switch is on (a switch that is false turns the component off). */
    enabledWhen?: Switch[];
    /** Runs only when this switch is off (e.g. standalone redis when redis-ha is on). */
    disabledWhen?: Switch[];
    /** Replicas: a values key and the chart's default, or a fixed count (no key). */
    replicas?: { key: string; default: number };
    fixedReplicas?: number;
    /**
     * Pods that come with work, up to this key's value (a runner per queued job, up to maxRunners): none of them is
     * at rest beyond `replicas`; at peak they need room on the nodes the autoscaler may add. Unset means no bound,
     * which the proof refuses.
     */
    peak?: { key: string };
    /** An HPA the chart makes: when `enabled` is on, the pods at rest are `min`. */
    autoscaling?: { enabled: Switch; min: { key: string; default: number } };
    /** Where each container's resources are (one pod = the sum). */
    resources: string[];
    /** Containers the pod has only when every switch is on (a sidecar), with where their resources are. */
    sidecars?: { resources: string; when: Switch[] }[];
    /** Hard pod anti-affinity (required, one pod per node): a key whose value means hard, with the default. */
    hardAntiAffinity?: { key: string; default: unknown; hardWhen: unknown };
    /** Keys not in the parent chart's values.yaml (a subchart's), with where the default comes from. */
    subchart?: string;
}

export interface ChartShape {
    chart: string;
    /** Versions whose values.yaml the keys and defaults were checked against. */
    versions: string[];
    components: Component[];
    /**
     * Top-level keys the chart's values.yaml documents only as a commented-out example ("# maxRunners: 5"), which
     * its templates read: the test finds the comment line, and checks a default against the commented value.
     */
    commentedOut?: string[];
    /** Values paths the chart copies whole into a pod (a PodSpec): a key below one needs only the path to exist. */
    podSpecs?: string[];
}

const on = (key: string, d = true): Switch => ({ key, default: d });
const is = (key: string, value: string, d: string): Switch => ({ key, default: d, equals: value });

export const CHART_SHAPES: ChartShape[] = [
    {
        chart: "aws-load-balancer-controller",
        versions: ["3.5.0"],
        // configureDefaultAffinity adds *preferred* anti-affinity only (soft): not counted.
        components: [{ name: "controller", kind: "Deployment", replicas: { key: "replicaCount", default: 2 }, resources: ["resources"] }],
    },
    {
        chart: "external-dns",
        versions: ["1.21.1"],
        // The chart has no replica key: one pod (leader-less, deploymentStrategy Recreate).
        components: [{ name: "external-dns", kind: "Deployment", fixedReplicas: 1, resources: ["resources"] }],
    },
    {
        chart: "metrics-server",
        versions: ["3.13.1"],
        components: [
            { name: "metrics-server", kind: "Deployment", replicas: { key: "replicas", default: 1 }, resources: ["resources"] },
        ],
    },
    {
        chart: "cluster-autoscaler",
        versions: ["9.59.0"],
        components: [{ name: "cluster-autoscaler", kind: "Deployment", replicas: { key: "replicaCount", default: 1 }, resources: ["resources"] }],
    },
    {
        chart: "external-secrets",
        versions: ["2.9.0"],
        components: [
            { name: "controller", kind: "Deployment", enabledWhen: [on("createOperator")], replicas: { key: "replicaCount", default: 1 }, resources: ["resources"] },
            { name: "webhook", kind: "Deployment", enabledWhen: [on("webhook.create")], replicas: { key: "webhook.replicaCount", default: 1 }, resources: ["webhook.resources"] },
            { name: "cert-controller", kind: "Deployment", enabledWhen: [on("certController.create")], replicas: { key: "certController.replicaCount", default: 1 }, resources: ["certController.resources"] },
            { name: "bitwarden-sdk-server", kind: "Deployment", enabledWhen: [on("bitwarden-sdk-server.enabled", false)], fixedReplicas: 1, resources: ["bitwarden-sdk-server.resources"], subchart: "bitwarden-sdk-server" },
        ],
    },
    {
        chart: "argo-cd",
        versions: ["10.1.1"],
        components: [
            { name: "application-controller", kind: "StatefulSet", replicas: { key: "controller.replicas", default: 1 }, resources: ["controller.resources"], hardAntiAffinity: { key: "global.affinity.podAntiAffinity", default: "soft", hardWhen: "hard" } },
            { name: "server", kind: "Deployment", replicas: { key: "server.replicas", default: 1 }, autoscaling: { enabled: on("server.autoscaling.enabled", false), min: { key: "server.autoscaling.minReplicas", default: 1 } }, resources: ["server.resources"], hardAntiAffinity: { key: "global.affinity.podAntiAffinity", default: "soft", hardWhen: "hard" } },
            { name: "repo-server", kind: "Deployment", replicas: { key: "repoServer.replicas", default: 1 }, autoscaling: { enabled: on("repoServer.autoscaling.enabled", false), min: { key: "repoServer.autoscaling.minReplicas", default: 1 } }, resources: ["repoServer.resources"], hardAntiAffinity: { key: "global.affinity.podAntiAffinity", default: "soft", hardWhen: "hard" } },
            { name: "applicationset-controller", kind: "Deployment", replicas: { key: "applicationSet.replicas", default: 1 }, resources: ["applicationSet.resources"], hardAntiAffinity: { key: "global.affinity.podAntiAffinity", default: "soft", hardWhen: "hard" } },
            { name: "notifications-controller", kind: "Deployment", enabledWhen: [on("notifications.enabled")], fixedReplicas: 1, resources: ["notifications.resources"] },
            { name: "dex-server", kind: "Deployment", enabledWhen: [on("dex.enabled")], fixedReplicas: 1, resources: ["dex.resources"] },
            { name: "commit-server", kind: "Deployment", enabledWhen: [on("commitServer.enabled", false)], fixedReplicas: 1, resources: ["commitServer.resources"] },
            { name: "redis", kind: "Deployment", enabledWhen: [on("redis.enabled")], disabledWhen: [on("redis-ha.enabled", false)], fixedReplicas: 1, resources: ["redis.resources"] },
            // The redis-ha subchart (argo-cd 10.1.1 depends on it): 3 redis pods (redis + sentinel + split-brain-fix
            // containers) and 3 haproxy pods, both with hard anti-affinity by default (FACTS.md; the parent values
            // set redis-ha.hardAntiAffinity and redis-ha.haproxy.hardAntiAffinity: true).
            { name: "redis-ha-server", kind: "StatefulSet", enabledWhen: [on("redis-ha.enabled", false)], replicas: { key: "redis-ha.replicas", default: 3 }, resources: ["redis-ha.redis.resources", "redis-ha.sentinel.resources", "redis-ha.splitBrainDetection.resources"], hardAntiAffinity: { key: "redis-ha.hardAntiAffinity", default: true, hardWhen: true }, subchart: "redis-ha" },
            { name: "redis-ha-haproxy", kind: "Deployment", enabledWhen: [on("redis-ha.enabled", false), on("redis-ha.haproxy.enabled")], replicas: { key: "redis-ha.haproxy.replicas", default: 3 }, resources: ["redis-ha.haproxy.resources"], hardAntiAffinity: { key: "redis-ha.haproxy.hardAntiAffinity", default: true, hardWhen: true }, subchart: "redis-ha" },
        ],
    },
    {
        chart: "gha-runner-scale-set-controller",
        versions: ["0.14.2"],
        components: [{ name: "controller", kind: "Deployment", replicas: { key: "replicaCount", default: 1 }, resources: ["resources"] }],
    },
    {
        chart: "gha-runner-scale-set",
        versions: ["0.14.2"],
        // The chart renders an AutoscalingRunnerSet; the controller runs its pods: one listener (in the controller's
        // namespace, from listenerTemplate) and minRunners idle runners, plus one runner per running job up to
        // maxRunners (jobs are not at rest: the minimum-size count is minRunners; the rest is the peak).
        components: [
            { name: "listener", kind: "Pod", fixedReplicas: 1, resources: ["listenerTemplate.spec.containers.0.resources"] },
            { name: "runner", kind: "Pod", replicas: { key: "minRunners", default: 0 }, peak: { key: "maxRunners" }, resources: ["template.spec.containers.0.resources"] },
        ],
        commentedOut: ["minRunners", "maxRunners", "listenerTemplate"],
        podSpecs: ["template.spec"],
    },
    {
        chart: "reloader",
        versions: ["2.2.15"],
        components: [{ name: "reloader", kind: "Deployment", replicas: { key: "reloader.deployment.replicas", default: 1 }, resources: ["reloader.deployment.resources"] }],
    },
    {
        chart: "kube-prometheus-stack",
        versions: ["88.5.3"],
        // The operator runs one Prometheus (or, with prometheus.agentMode, one PrometheusAgent) and one Alertmanager
        // StatefulSet from the custom resources the chart makes, each pod with the operator's config-reloader sidecar
        // (prometheusOperator.prometheusConfigReloader.resources). prometheusSpec.shards multiplies the Prometheus pods
        // (default 1; the platform never sets it). The admission webhook's patch Jobs are install hooks: not counted.
        // kube-state-metrics, prometheus-node-exporter and grafana are subcharts (kube-state-metrics 8.4.0,
        // prometheus-node-exporter 4.56.1: one replica by default; grafana: replicas 1).
        components: [
            { name: "operator", kind: "Deployment", enabledWhen: [on("prometheusOperator.enabled")], fixedReplicas: 1, resources: ["prometheusOperator.resources"] },
            {
                name: "admission-webhook", kind: "Deployment", enabledWhen: [on("prometheusOperator.enabled"), on("prometheusOperator.admissionWebhooks.enabled"), on("prometheusOperator.admissionWebhooks.deployment.enabled", false)],
                replicas: { key: "prometheusOperator.admissionWebhooks.deployment.replicas", default: 1 }, resources: ["prometheusOperator.admissionWebhooks.deployment.resources"],
            },
            { name: "prometheus", kind: "StatefulSet", enabledWhen: [on("prometheus.enabled")], replicas: { key: "prometheus.prometheusSpec.replicas", default: 1 }, resources: ["prometheus.prometheusSpec.resources", "prometheusOperator.prometheusConfigReloader.resources"] },
            { name: "alertmanager", kind: "StatefulSet", enabledWhen: [on("alertmanager.enabled")], replicas: { key: "alertmanager.alertmanagerSpec.replicas", default: 1 }, resources: ["alertmanager.alertmanagerSpec.resources", "prometheusOperator.prometheusConfigReloader.resources"] },
            { name: "thanos-ruler", kind: "StatefulSet", enabledWhen: [on("thanosRuler.enabled", false)], replicas: { key: "thanosRuler.thanosRulerSpec.replicas", default: 1 }, resources: ["thanosRuler.thanosRulerSpec.resources"] },
            { name: "kube-state-metrics", kind: "Deployment", enabledWhen: [on("kubeStateMetrics.enabled")], replicas: { key: "kube-state-metrics.replicas", default: 1 }, resources: ["kube-state-metrics.resources"], subchart: "kube-state-metrics" },
            { name: "node-exporter", kind: "DaemonSet", enabledWhen: [on("nodeExporter.enabled")], resources: ["prometheus-node-exporter.resources"], subchart: "prometheus-node-exporter" },
            { name: "windows-exporter", kind: "DaemonSet", enabledWhen: [on("windowsMonitoring.enabled", false)], resources: ["prometheus-windows-exporter.resources"], subchart: "prometheus-windows-exporter" },
            {
                name: "grafana", kind: "Deployment", enabledWhen: [on("grafana.enabled")], replicas: { key: "grafana.replicas", default: 1 }, resources: ["grafana.resources"],
                sidecars: [{ resources: "grafana.sidecar.resources", when: [on("grafana.sidecar.dashboards.enabled")] }, { resources: "grafana.sidecar.resources", when: [on("grafana.sidecar.datasources.enabled")] }],
                subchart: "grafana",
            },
        ],
    },
    {
        chart: "loki",
        versions: ["18.11.0"],
        // deploymentMode picks the pods: Monolithic runs the single binary (its replicas default 0: set them); the
        // caches, canary and gateway run in every mode unless switched off. SimpleScalable runs read/write/backend;
        // Distributed's per-component pods (ingester, distributor, querier… all replicas 0 by default) are counted
        // when their replicas are set.
        components: [
            { name: "single-binary", kind: "StatefulSet", enabledWhen: [is("deploymentMode", "Monolithic", "Monolithic")], replicas: { key: "singleBinary.replicas", default: 0 }, resources: ["singleBinary.resources"], sidecars: [{ resources: "sidecar.resources", when: [on("sidecar.rules.enabled")] }] },
            { name: "read", kind: "Deployment", enabledWhen: [is("deploymentMode", "SimpleScalable", "Monolithic")], replicas: { key: "read.replicas", default: 3 }, resources: ["read.resources"] },
            { name: "write", kind: "StatefulSet", enabledWhen: [is("deploymentMode", "SimpleScalable", "Monolithic")], replicas: { key: "write.replicas", default: 3 }, resources: ["write.resources"] },
            { name: "backend", kind: "StatefulSet", enabledWhen: [is("deploymentMode", "SimpleScalable", "Monolithic")], replicas: { key: "backend.replicas", default: 3 }, resources: ["backend.resources"], sidecars: [{ resources: "sidecar.resources", when: [on("sidecar.rules.enabled")] }] },
            ...["ingester", "distributor", "querier", "queryFrontend", "queryScheduler", "indexGateway", "compactor", "ruler", "patternIngester"].map((c): Component => ({
                name: c, kind: "StatefulSet", enabledWhen: [is("deploymentMode", "Distributed", "Monolithic")], replicas: { key: `${c}.replicas`, default: 0 }, resources: [`${c}.resources`],
            })),
            { name: "gateway", kind: "Deployment", enabledWhen: [on("gateway.enabled")], replicas: { key: "gateway.replicas", default: 1 }, autoscaling: { enabled: on("gateway.autoscaling.enabled", false), min: { key: "gateway.autoscaling.minReplicas", default: 1 } }, resources: ["gateway.resources"] },
            { name: "chunks-cache", kind: "StatefulSet", enabledWhen: [on("memcached.enabled"), on("chunksCache.enabled")], replicas: { key: "chunksCache.replicas", default: 1 }, resources: ["chunksCache.resources"], sidecars: [{ resources: "memcachedExporter.resources", when: [on("memcachedExporter.enabled")] }] },
            { name: "results-cache", kind: "StatefulSet", enabledWhen: [on("memcached.enabled"), on("resultsCache.enabled")], replicas: { key: "resultsCache.replicas", default: 1 }, resources: ["resultsCache.resources"], sidecars: [{ resources: "memcachedExporter.resources", when: [on("memcachedExporter.enabled")] }] },
            { name: "canary", kind: "DaemonSet", enabledWhen: [on("lokiCanary.enabled"), is("lokiCanary.kind", "DaemonSet", "DaemonSet")], resources: ["lokiCanary.resources"] },
            { name: "canary-deployment", kind: "Deployment", enabledWhen: [on("lokiCanary.enabled"), is("lokiCanary.kind", "Deployment", "DaemonSet")], replicas: { key: "lokiCanary.replicas", default: 1 }, resources: ["lokiCanary.resources"] },
        ],
    },
    {
        chart: "grafana",
        versions: ["12.11.1"],
        // One container per enabled sidecar (grafana-sc-dashboard, -datasources, -alerts, -notifiers, -plugins),
        // each with sidecar.resources. The initChownData init container is not counted (init containers run first).
        components: [
            {
                name: "grafana", kind: "Deployment", replicas: { key: "replicas", default: 1 }, autoscaling: { enabled: on("autoscaling.enabled", false), min: { key: "autoscaling.minReplicas", default: 1 } }, resources: ["resources"],
                sidecars: ["dashboards", "datasources", "alerts", "notifiers", "plugins"].map((s) => ({ resources: "sidecar.resources", when: [on(`sidecar.${s}.enabled`, false)] })),
            },
            { name: "image-renderer", kind: "Deployment", enabledWhen: [on("imageRenderer.enabled", false)], replicas: { key: "imageRenderer.replicas", default: 1 }, resources: ["imageRenderer.resources"] },
        ],
    },
    {
        chart: "alloy",
        versions: ["1.11.1"],
        // controller.type picks the workload kind; the config-reloader sidecar runs unless switched off.
        components: (["daemonset", "deployment", "statefulset"] as const).map((type): Component => ({
            name: `alloy (${type})`,
            kind: type === "daemonset" ? "DaemonSet" : type === "deployment" ? "Deployment" : "StatefulSet",
            enabledWhen: [is("controller.type", type, "daemonset")],
            replicas: { key: "controller.replicas", default: 1 },
            autoscaling: { enabled: on("controller.autoscaling.horizontal.enabled", false), min: { key: "controller.autoscaling.horizontal.minReplicas", default: 1 } },
            resources: ["alloy.resources"],
            sidecars: [{ resources: "configReloader.resources", when: [on("configReloader.enabled")] }],
        })),
    },
];

/** What an EKS managed add-on runs by default (requests per pod in millicores / MiB), and where its config overrides it. */
export interface AddonShape {
    addon: string;
    components: { name: string; kind: Kind; replicas?: number; cpu: number; memoryMi: number; configReplicas?: string; configResources?: string }[];
    source: string;
}

export const ADDON_SHAPES: AddonShape[] = [
    {
        addon: "vpc-cni",
        components: [{ name: "aws-node", kind: "DaemonSet", cpu: 50, memoryMi: 0, configResources: "resources" }],
        source: "aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/values.yaml: aws-node requests cpu 25m (read); the aws-eks-nodeagent container 25m (recalled, re-check with kubectl -n kube-system get ds aws-node -o yaml)",
    },
    { addon: "kube-proxy", components: [{ name: "kube-proxy", kind: "DaemonSet", cpu: 100, memoryMi: 0, configResources: "resources" }], source: "EKS kube-proxy add-on DaemonSet: requests cpu 100m (recalled; re-check with kubectl -n kube-system get ds kube-proxy -o yaml)" },
    { addon: "eks-pod-identity-agent", components: [{ name: "eks-pod-identity-agent", kind: "DaemonSet", cpu: 0, memoryMi: 0, configResources: "resources" }], source: "aws/eks-pod-identity-agent charts/eks-pod-identity-agent/values.yaml: resources {} (read)" },
    { addon: "coredns", components: [{ name: "coredns", kind: "Deployment", replicas: 2, cpu: 100, memoryMi: 70, configReplicas: "replicaCount", configResources: "resources" }], source: "EKS coredns add-on: 2 replicas, requests cpu 100m memory 70Mi (EKS User Guide, 'Manage CoreDNS')" },
    {
        addon: "aws-ebs-csi-driver",
        components: [
            { name: "ebs-csi-controller", kind: "Deployment", replicas: 2, cpu: 60, memoryMi: 240, configReplicas: "controller.replicaCount" },
            { name: "ebs-csi-node", kind: "DaemonSet", cpu: 30, memoryMi: 120 },
        ],
        source: "kubernetes-sigs/aws-ebs-csi-driver charts/aws-ebs-csi-driver/values.yaml: controller 2 replicas, 6 containers x (10m, 40Mi); node 3 containers x (10m, 40Mi) (recalled; re-check with kubectl)",
    },
];

/** Instance facts: vCPUs, memory (MiB), ENIs, IPv4 addresses per ENI (EC2 User Guide, "IP addresses per network interface per instance type"). */
export const INSTANCE_TYPES: Record<string, { vcpu: number; memoryMi: number; enis: number; ipsPerEni: number }> = (() => {
    const t: Record<string, { vcpu: number; memoryMi: number; enis: number; ipsPerEni: number }> = {};
    const add = (family: string, sizes: [string, number, number, number, number][]) => {
        for (const [size, vcpu, memGi, enis, ips] of sizes) {
            t[`${family}.${size}`] = { vcpu, memoryMi: memGi * 1024, enis, ipsPerEni: ips };
        }
    };
    for (const f of ["t3", "t3a"]) {
        add(f, [["micro", 2, 1, 2, 2], ["small", 2, 2, 3, 4], ["medium", 2, 4, 3, 6], ["large", 2, 8, 3, 12], ["xlarge", 4, 16, 4, 15], ["2xlarge", 8, 32, 4, 15]]);
    }
    for (const f of ["m5", "m6i", "m7i"]) {
        add(f, [["large", 2, 8, 3, 10], ["xlarge", 4, 16, 4, 15], ["2xlarge", 8, 32, 4, 15], ["4xlarge", 16, 64, 8, 30]]);
    }
    add("c6i", [["large", 2, 4, 3, 10], ["xlarge", 4, 8, 4, 15], ["2xlarge", 8, 16, 4, 15], ["4xlarge", 16, 32, 8, 30]]);
    add("r6i", [["large", 2, 16, 3, 10], ["xlarge", 4, 32, 4, 15], ["2xlarge", 8, 64, 4, 15], ["4xlarge", 16, 128, 8, 30]]);
    return t;
})();

/** Max pods with the VPC CNI without prefix delegation: ENIs x (IPv4 per ENI - 1) + 2 (awslabs/amazon-eks-ami eni-max-pods). */
export function maxPods(type: string): number | undefined {
    const t = INSTANCE_TYPES[type];
    return t ? t.enis * (t.ipsPerEni - 1) + 2 : undefined;
}

/**
 * Allocatable on EKS AL2023 (awslabs/amazon-eks-ami nodeadm, kubelet config): kube-reserved CPU 6% of the first
 * core, 1% of the second, 0.5% of the next two, 0.25% above four; kube-reserved memory 11 MiB x maxPods + 255 MiB;
 * eviction-hard memory.available 100Mi. Capacity is the nominal instance memory (the kernel keeps a little more:
 * real allocatable is somewhat lower, so the proof errs on the generous side there).
 */
export function allocatable(type: string): { cpu: number; memoryMi: number } | undefined {
    const t = INSTANCE_TYPES[type];
    const pods = maxPods(type);
    if (!t || pods === undefined) {
        return undefined;
    }
    const cores = t.vcpu;
    const reservedCpu = 60 + (cores > 1 ? 10 : 0) + Math.max(0, Math.min(cores, 4) - 2) * 5 + Math.max(0, cores - 4) * 2.5;
    return { cpu: cores * 1000 - reservedCpu, memoryMi: t.memoryMi - (11 * pods + 255) - 100 };
}
