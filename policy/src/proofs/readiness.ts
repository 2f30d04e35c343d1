// Proof: readiness. What must be running before what, on each cluster of the stack.
//
// 1. Every Kubernetes object whose kind comes from a CRD (a non-built-in API group) waits, through its dependsOn
//    closure, for the Helm release that installs that CRD on the same cluster (CRD_SOURCES below; a
//    CustomResourceDefinition object of this stack for the group counts too). Objects sent to another stack's
//    cluster (a kubernetes provider built from a stack reference, e.g. a spoke's Application on the hub) are exempt:
//    that stack is brought up first (mgmt before the workload stacks), so its CRDs already exist.
// 2. On a cluster running the aws-load-balancer-controller, every other release, every EKS managed add-on and every
//    object that creates Pods or Services there (an ArgoCD Application counts on its destination cluster) is
//    ordered relative to the controller's release — it waits for the controller, or the controller waits for it,
//    never concurrent: the controller's mservice.elbv2.k8s.aws webhook fails closed, so a Service created while its
//    pods are not ready is refused (kubernetes-sigs/aws-load-balancer-controller#4140).

import { Res, stackRule } from "../lib/rules";
import { isFalse, isTrue } from "../lib/values";
import { ADDON, apiOf, attr, chartOf, K8S_PROVIDER, label, RELEASE, Stack, str, valueAt } from "./model";

/** API groups Kubernetes serves itself (no CRD), plus Pulumi's own pseudo-groups (helm.sh, yaml, kustomize). */
export const BUILT_IN_GROUPS = new Set([
    "", "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io",
    "scheduling.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io", "certificates.k8s.io",
    "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io", "flowcontrol.apiserver.k8s.io",
    "resource.k8s.io", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "storagemigration.k8s.io",
    "internal.apiserver.k8s.io", "helm.sh", "yaml", "kustomize",
]);

export interface CrdSource {
    group: string;
    /** Kinds of the group this row covers; omitted = every kind of the group. */
    kinds?: string[];
    /** Charts whose release installs the CRDs. */
    charts: string[];
    /** A values key that turns the chart's CRDs off, with the chart's default (verified against upstream values). */
    toggle?: { key: string; default: boolean };
}

/** CRD group → the chart that installs it. Extend it when a new CRD group appears (the proof fails until then). */
export const CRD_SOURCES: CrdSource[] = [
    { group: "argoproj.io", kinds: ["Application", "ApplicationSet", "AppProject"], charts: ["argo-cd"], toggle: { key: "crds.install", default: true } },
    { group: "argoproj.io", kinds: ["Rollout", "AnalysisTemplate", "ClusterAnalysisTemplate", "AnalysisRun", "Experiment"], charts: ["argo-rollouts"], toggle: { key: "installCRDs", default: true } },
    { group: "external-secrets.io", charts: ["external-secrets"], toggle: { key: "installCRDs", default: true } },
    { group: "generators.external-secrets.io", charts: ["external-secrets"], toggle: { key: "installCRDs", default: true } },
    { group: "monitoring.coreos.com", charts: ["kube-prometheus-stack"], toggle: { key: "crds.enabled", default: true } },
    { group: "actions.github.com", charts: ["gha-runner-scale-set-controller"] },
    { group: "elbv2.k8s.aws", charts: ["aws-load-balancer-controller"] },
];

/**
 * Charts whose release renders objects of a CRD kind another chart installs (the objects are not in the plan, the
 * release is): such a release waits for the CRD's release like the objects themselves would.
 */
export const CHART_RENDERS: { chart: string; group: string; kind: string }[] = [
    { chart: "gha-runner-scale-set", group: "actions.github.com", kind: "AutoscalingRunnerSet" },
];

/** Kinds whose creation makes Pods or Services on the cluster (what the controller's webhooks intercept). */
export const WORKLOAD_KINDS = new Set(["Pod", "Service", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Rollout"]);

export const LOAD_BALANCER_CONTROLLER_CHART = "aws-load-balancer-controller";

function valuesOf(release: Res): any {
    const v = attr(release, "values");
    return v && typeof v === "object" ? v : {};
}


/** Does this release install the CRDs of `row`? */
function installsCrds(release: Res, row: CrdSource): boolean {
    const chart = chartOf(release);
    if (!chart || !row.charts.includes(chart) || isTrue(attr(release, "skipCrds"))) {
        return false;
    }
    if (!row.toggle) {
        return true;
    }
    const v = valueAt(valuesOf(release), row.toggle.key);
    return v === undefined ? row.toggle.default : !isFalse(v);
}

export function crdSourceOf(group: string, kind: string): CrdSource | undefined {
    return CRD_SOURCES.find((s) => s.group === group && (!s.kinds || s.kinds.includes(kind)));
}

/** The cluster of this stack an ArgoCD Application deploys to (destination name or server). */
function destinationCluster(stack: Stack, app: Res): Res | undefined {
    const name = str(app, "spec.destination.name");
    const server = str(app, "spec.destination.server");
    return stack.clusters.find((c) => (name && attr(c, "name") === name) || (server && attr(c, "endpoint") === server));
}

export const proofReadiness = stackRule({
    name: "proof-readiness",
    description:
        "Behaviour proof: every object of a CRD kind waits (dependsOn closure) for the release installing that CRD on the same cluster; " +
        "every release, managed add-on and Pod/Service-creating object on a cluster with the aws-load-balancer-controller is ordered relative to it (its Service webhook fails closed).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Add the CRD's release (or the controller's release) to the object's dependsOn, or make the controller depend on it; " +
        "for a new CRD group add a row to CRD_SOURCES in policy/src/proofs/readiness.ts.",
    resourceTypes: [RELEASE, ADDON, "aws:eks/cluster:Cluster", K8S_PROVIDER, "kubernetes:argoproj.io/v1alpha1:Application"],
    check: (resources, _config, report, undecided) => {
        const stack = new Stack(resources);
        const { byCluster, unknown } = stack.clusterObjects();
        for (const u of unknown) {
            const api = apiOf(u.r.type);
            if (api && !BUILT_IN_GROUPS.has(api.group)) {
                undecided(u.why);
            }
        }
        // Pod/Service creators per cluster: objects on it, plus Applications (anywhere) deploying to it.
        const creators = new Map<string, Res[]>();
        for (const c of stack.clusters) {
            creators.set(c.urn, []);
        }
        for (const r of resources) {
            const api = apiOf(r.type);
            if (api?.group === "argoproj.io" && (api.kind === "Application" || api.kind === "ApplicationSet")) {
                const dest = destinationCluster(stack, r);
                if (dest) {
                    creators.get(dest.urn)!.push(r);
                }
            }
        }
        for (const cluster of stack.clusters) {
            const objects = byCluster.get(cluster.urn) ?? [];
            const releases = objects.filter((o) => o.type === RELEASE);
            const crdObjects = objects.filter((o) => apiOf(o.type)?.kind === "CustomResourceDefinition");
            for (const o of objects) {
                const api = apiOf(o.type);
                if (!api || BUILT_IN_GROUPS.has(api.group)) {
                    continue;
                }
                const source = crdSourceOf(api.group, api.kind);
                const closure = stack.closure(o);
                const ownCrd = crdObjects.find((d) => str(d, "spec.group") === api.group);
                if (ownCrd) {
                    if (!closure.has(ownCrd.urn)) {
                        report(`${label(o)} on ${cluster.name}: kind ${api.kind}.${api.group} comes from CustomResourceDefinition ${ownCrd.name}, which it does not wait for`, o.urn);
                    }
                    continue;
                }
                if (!source) {
                    report(`${label(o)} on ${cluster.name}: no release is known to install CRD group ${api.group} (add a row to CRD_SOURCES)`, o.urn);
                    continue;
                }
                const installers = releases.filter((r) => installsCrds(r, source));
                if (installers.length === 0) {
                    report(`${label(o)} on ${cluster.name}: kind ${api.kind}.${api.group} needs a release of ${source.charts.join(" or ")} installing its CRDs on this cluster; there is none`, o.urn);
                } else if (!installers.some((r) => closure.has(r.urn))) {
                    report(`${label(o)} on ${cluster.name}: kind ${api.kind}.${api.group} does not wait for ${installers.map((r) => r.name).join(" or ")}, which installs its CRD (add it to dependsOn)`, o.urn);
                }
            }
            for (const rel of releases) {
                for (const rendered of CHART_RENDERS.filter((x) => x.chart === chartOf(rel))) {
                    const source = crdSourceOf(rendered.group, rendered.kind);
                    const installers = source ? releases.filter((r) => installsCrds(r, source)) : [];
                    if (!source || installers.length === 0) {
                        report(`${label(rel)} on ${cluster.name}: renders ${rendered.kind}.${rendered.group}, and no release on this cluster installs its CRD`, rel.urn);
                    } else if (!installers.some((r) => stack.closure(rel).has(r.urn))) {
                        report(`${label(rel)} on ${cluster.name}: renders ${rendered.kind}.${rendered.group} but does not wait for ${installers.map((r) => r.name).join(" or ")}, which installs its CRD (add it to dependsOn)`, rel.urn);
                    }
                }
            }
            const controllers = releases.filter((r) => chartOf(r) === LOAD_BALANCER_CONTROLLER_CHART);
            for (const controller of controllers) {
                const mustOrder = [
                    ...objects.filter((o) => o !== controller && (o.type === RELEASE || o.type === ADDON || WORKLOAD_KINDS.has(apiOf(o.type)?.kind ?? ""))),
                    ...creators.get(cluster.urn)!,
                ];
                for (const o of mustOrder) {
                    if (!stack.ordered(o, controller)) {
                        report(`${label(o)} on ${cluster.name} runs concurrently with ${controller.name}: it creates Pods or Services, which the controller's fail-closed webhook refuses until its pods are ready (order one after the other)`, o.urn);
                    }
                }
            }
        }
    },
});
