// The in-cluster security baseline (docs/security-baseline.md): Pod Security Admission labels on every namespace the
// platform creates and `restricted` on the app namespaces; the VPC CNI's network policy agent on every cluster and a
// default-deny NetworkPolicy in every app namespace; a ResourceQuota and a LimitRange there. An app namespace is one an
// ArgoCD Application of the plan deploys into (spec.destination.namespace).
import { ofType, Res, stackRule } from "../lib/rules";
import { get, isTrue, isUnknown, items, jsonish, show, UNKNOWN } from "../lib/values";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const APPLICATION = "kubernetes:argoproj.io/v1alpha1:Application";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const QUOTA = "kubernetes:core/v1:ResourceQuota";
const LIMIT_RANGE = "kubernetes:core/v1:LimitRange";
const CLUSTER = "aws:eks/cluster:Cluster";
const ADDON = "aws:eks/addon:Addon";

export const ENFORCE = "pod-security.kubernetes.io/enforce";
export const WARN = "pod-security.kubernetes.io/warn";
export const AUDIT = "pod-security.kubernetes.io/audit";
/** Why a namespace is enforced below restricted (the Java side's PodSecurity.REASON). */
export const REASON = "kyeol.io/pod-security-reason";
const LEVELS = ["restricted", "baseline", "privileged"];
/** What the app namespace's quota must bound. */
export const QUOTA_RESOURCES = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "pods"];

/** One key of a map whose keys contain dots (labels, annotations): `get` would split them. */
function entry(map: any, key: string): any {
    if (isUnknown(map)) {
        return UNKNOWN;
    }
    return map && typeof map === "object" ? map[key] : undefined;
}

/** The namespaces the plan's Applications deploy into, each with the first Application naming it. */
function appNamespaces(resources: Res[]): Map<string, Res> {
    const out = new Map<string, Res>();
    for (const app of ofType(resources, APPLICATION)) {
        const ns = get(app.props, "spec.destination.namespace");
        if (typeof ns === "string" && ns !== "" && !out.has(ns)) {
            out.set(ns, app);
        }
    }
    return out;
}

/** Kubernetes objects of `type` in namespace `ns` (an unknown namespace counts as a match: it may well be). */
function inNamespace(resources: Res[], type: string, ns: string): Res[] {
    return ofType(resources, type).filter((r) => {
        const n = get(r.props, "metadata.namespace");
        return isUnknown(n) || n === ns;
    });
}

function namespaceNamed(resources: Res[], ns: string): Res | undefined {
    return ofType(resources, NAMESPACE).find((r) => get(r.props, "metadata.name") === ns);
}

function isEmptySelector(v: any): boolean {
    return v === undefined || v === null || (typeof v === "object" && Object.values(v).every((x) => x === undefined || (Array.isArray(x) ? x.length === 0 : typeof x === "object" && x !== null && Object.keys(x).length === 0)));
}

/** A NetworkPolicy that selects every pod and allows nothing in either direction. */
function isDefaultDeny(np: Res): boolean | typeof UNKNOWN {
    const spec = get(np.props, "spec");
    if (isUnknown(spec)) {
        return UNKNOWN;
    }
    const types = items(get(spec, "policyTypes"));
    if (types === UNKNOWN) {
        return UNKNOWN;
    }
    if (isUnknown(get(spec, "podSelector"))) {
        return UNKNOWN;
    }
    const rules = (k: string) => items(get(spec, k));
    const ingress = rules("ingress");
    const egress = rules("egress");
    return isEmptySelector(get(spec, "podSelector")) && types.includes("Ingress") && types.includes("Egress")
        && ingress !== UNKNOWN && ingress.length === 0 && egress !== UNKNOWN && egress.length === 0;
}

export const securityBaselinePolicies = [
    stackRule({
        name: "namespace-pod-security",
        description: `Every namespace the stack creates carries Pod Security Admission labels (${ENFORCE}, warn and audit at restricted; below restricted only with a ${REASON} annotation saying why), every namespace an ArgoCD Application deploys into is created by the stack and enforced at restricted, and no Helm release creates a namespace (it would carry no labels).`,
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [NAMESPACE, APPLICATION, RELEASE],
        remediationSteps: "Create namespaces with PodSecurity.restricted(...) (or PodSecurity.below(..., reason)) in the Java program, install releases into them without createNamespace, and keep the app namespace at restricted (docs/security-baseline.md).",
        check: (resources, _c, report) => {
            for (const ns of ofType(resources, NAMESPACE)) {
                const labels = get(ns.props, "metadata.labels");
                if (isUnknown(labels)) {
                    continue;
                }
                const enforce = entry(labels, ENFORCE);
                const name = show(get(ns.props, "metadata.name"));
                if (isUnknown(enforce)) {
                    continue;
                }
                if (!LEVELS.includes(enforce)) {
                    report(`Namespace ${name} has ${ENFORCE} ${show(enforce)}; expected restricted, baseline or privileged.`, ns.urn);
                    continue;
                }
                for (const label of [WARN, AUDIT]) {
                    const v = entry(labels, label);
                    if (!isUnknown(v) && v !== "restricted") {
                        report(`Namespace ${name} has ${label} ${show(v)}; expected restricted, so that what enforcement allows still shows.`, ns.urn);
                    }
                }
                const reason = entry(get(ns.props, "metadata.annotations"), REASON);
                if (enforce !== "restricted" && !isUnknown(reason) && !(typeof reason === "string" && reason.trim() !== "")) {
                    report(`Namespace ${name} is enforced at ${enforce} without a ${REASON} annotation saying which workload needs it.`, ns.urn);
                }
            }
            for (const [ns, app] of appNamespaces(resources)) {
                const created = namespaceNamed(resources, ns);
                if (!created) {
                    report(`Application ${app.name} deploys into namespace ${ns}, which the stack does not create: nothing enforces Pod Security there.`, app.urn);
                    continue;
                }
                const labels = get(created.props, "metadata.labels");
                if (isUnknown(labels)) {
                    continue;
                }
                const level = entry(labels, ENFORCE);
                if (!isUnknown(level) && level !== "restricted") {
                    report(`App namespace ${ns} is enforced at ${show(level)}; expected restricted.`, created.urn);
                }
            }
            for (const rel of ofType(resources, RELEASE)) {
                if (isTrue(rel.props.createNamespace)) {
                    report(`Release ${rel.name} creates namespace ${show(rel.props.namespace)} (createNamespace), which would carry no Pod Security labels.`, rel.urn);
                }
            }
        },
    }),
    stackRule({
        name: "network-policy-enforcement",
        description: "Every EKS cluster runs the managed vpc-cni add-on with network policy support on (configurationValues {\"enableNetworkPolicy\": \"true\"}: without it NetworkPolicy objects are accepted and ignored), and every namespace an ArgoCD Application deploys into has a default-deny NetworkPolicy (every pod, Ingress and Egress, no rule).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [CLUSTER, ADDON, APPLICATION, NETWORK_POLICY],
        remediationSteps: "Keep ClusterComponent's VPC_CNI_CONFIGURATION on the vpc-cni add-on, and the app namespace's default-deny policy in AppNamespaceGuardrails (docs/security-baseline.md).",
        check: (resources, _c, report) => {
            const vpcCni = ofType(resources, ADDON).filter((a) => isUnknown(a.props.addonName) || a.props.addonName === "vpc-cni");
            for (const cluster of ofType(resources, CLUSTER)) {
                const name = cluster.props.name;
                const mine = vpcCni.filter((a) => isUnknown(a.props.clusterName) || isUnknown(name) || a.props.clusterName === name);
                if (mine.length === 0) {
                    report(`Cluster ${show(name)} has no managed vpc-cni add-on: nothing enforces its NetworkPolicy objects.`, cluster.urn);
                }
            }
            for (const addon of vpcCni) {
                if (isUnknown(addon.props.addonName)) {
                    continue;
                }
                const config = jsonish(addon.props.configurationValues);
                if (isUnknown(config)) {
                    continue;
                }
                const enabled = config instanceof Error || config === undefined ? undefined : get(config, "enableNetworkPolicy");
                if (!isUnknown(enabled) && enabled !== "true") {
                    report(`The vpc-cni add-on of cluster ${show(addon.props.clusterName)} has network policy support off (enableNetworkPolicy ${show(enabled)}; expected "true").`, addon.urn);
                }
            }
            for (const [ns, app] of appNamespaces(resources)) {
                const verdicts = inNamespace(resources, NETWORK_POLICY, ns).map(isDefaultDeny);
                if (!verdicts.some((v) => v === true || v === UNKNOWN)) {
                    report(`App namespace ${ns} (Application ${app.name}) has no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules).`, app.urn);
                }
            }
        },
    }),
    stackRule({
        name: "app-namespace-quota",
        description: `Every namespace an ArgoCD Application deploys into has a ResourceQuota bounding ${QUOTA_RESOURCES.join(", ")} and a LimitRange giving containers default requests and limits, both owned by the stack (the app's AppProject refuses them).`,
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [APPLICATION, QUOTA, LIMIT_RANGE],
        remediationSteps: "Keep AppNamespaceGuardrails' ResourceQuota (sized per tier in AppQuota) and LimitRange in the app namespace.",
        check: (resources, _c, report) => {
            for (const [ns, app] of appNamespaces(resources)) {
                const quotas = inNamespace(resources, QUOTA, ns);
                const bounded = quotas.some((q) => {
                    const hard = get(q.props, "spec.hard");
                    return isUnknown(hard) || QUOTA_RESOURCES.every((r) => hard && typeof hard === "object" && hard[r] !== undefined);
                });
                if (!bounded) {
                    report(`App namespace ${ns} (Application ${app.name}) has no ResourceQuota bounding ${QUOTA_RESOURCES.join(", ")}.`, app.urn);
                }
                const ranges = inNamespace(resources, LIMIT_RANGE, ns);
                const defaults = ranges.some((l) => {
                    const limits = items(get(l.props, "spec.limits"));
                    return limits === UNKNOWN || limits.some((i: any) => i === UNKNOWN
                        || (get(i, "type") === "Container" && get(i, "default") !== undefined && get(i, "defaultRequest") !== undefined));
                });
                if (!defaults) {
                    report(`App namespace ${ns} (Application ${app.name}) has no LimitRange with Container default and defaultRequest.`, app.urn);
                }
            }
        },
    }),
];
