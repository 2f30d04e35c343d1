// What the four behaviour proofs share: a view of the whole stack (resources by URN, the dependsOn closure,
// which cluster a Kubernetes object or add-on lands on), and attribute reads that prefer the offline engine's
// outputs (Res.outputs) and fall back to props (in a real preview, props already are the engine's state).

import { Res } from "../lib/rules";
import { get, isUnknown, jsonish, UNKNOWN } from "../lib/values";

export const CLUSTER = "aws:eks/cluster:Cluster";
export const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
export const ADDON = "aws:eks/addon:Addon";
export const RELEASE = "kubernetes:helm.sh/v3:Release";
export const K8S_PROVIDER = "pulumi:providers:kubernetes";
export const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** An attribute of a resource: the offline outputs first (computed ARNs, ids), then props. */
export function attr(r: Res, path: string): any {
    const fromOutputs = get(r.outputs, path);
    return fromOutputs !== undefined ? fromOutputs : get(r.props, path);
}

/** A dotted path into plain values (Helm values, add-on configuration); undefined when absent. */
export function valueAt(values: any, key: string): any {
    let cur = values;
    for (const part of key.split(".")) {
        if (cur === null || typeof cur !== "object") {
            return undefined;
        }
        cur = cur[part];
    }
    return cur;
}

/** A string attribute, or undefined when unset or unknown. */
export function str(r: Res, path: string): string | undefined {
    const v = attr(r, path);
    return typeof v === "string" && v !== "" && v !== "[secret]" ? v : undefined;
}

/** A JSON document attribute (IAM policies): object, UNKNOWN, undefined (unset) or an Error (bad JSON). */
export function doc(r: Res, path: string): any {
    const v = attr(r, path);
    return v === undefined || v === null || v === "" ? undefined : jsonish(v);
}

export function shortType(type: string): string {
    return type.split(":").pop() ?? type;
}

/** "name (Type)" for messages. */
export function label(r: Res): string {
    return `${r.name} (${shortType(r.type)})`;
}

/** Where a Kubernetes object or add-on lands. */
export type Target =
    | { kind: "cluster"; cluster: Res }
    | { kind: "external"; via: Res } // a cluster of another stack (a provider built from a stack reference)
    | { kind: "unknown"; why: string };

export class Stack {
    readonly byUrn = new Map<string, Res>();
    private readonly closures = new Map<string, Set<string>>();
    readonly clusters: Res[];

    constructor(readonly resources: Res[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
        }
        this.clusters = resources.filter((r) => r.type === CLUSTER);
    }

    ofType(...types: string[]): Res[] {
        return this.resources.filter((r) => types.includes(r.type));
    }

    /** Every URN `r` waits for, directly or transitively (dependsOn, as the engine orders them). */
    closure(r: Res): Set<string> {
        const cached = this.closures.get(r.urn);
        if (cached) {
            return cached;
        }
        const seen = new Set<string>();
        const stack = [...r.dependencies];
        while (stack.length > 0) {
            const urn = stack.pop()!;
            if (seen.has(urn)) {
                continue;
            }
            seen.add(urn);
            const next = this.byUrn.get(urn);
            if (next) {
                const known = this.closures.get(urn);
                if (known) {
                    known.forEach((u) => seen.add(u));
                } else {
                    stack.push(...next.dependencies);
                }
            }
        }
        this.closures.set(r.urn, seen);
        return seen;
    }

    /** a waits for b, or b waits for a. */
    ordered(a: Res, b: Res): boolean {
        return this.closure(a).has(b.urn) || this.closure(b).has(a.urn);
    }

    /**
     * The resources that fed `prop` of `r`: the engine's property dependencies when recorded, else the resources
     * whose identifying attribute equals the literal value (a cluster name, a role ARN).
     */
    fedBy(r: Res, prop: string, candidates: Res[], keys: string[]): Res[] {
        const pd = r.propertyDependencies[prop];
        if (pd && pd.length > 0) {
            const set = new Set(pd);
            return candidates.filter((c) => set.has(c.urn));
        }
        const v = attr(r, prop);
        if (typeof v !== "string" || v === "") {
            return [];
        }
        return candidates.filter((c) => keys.some((k) => attr(c, k) === v));
    }

    /** The EKS cluster an add-on, node group or access entry belongs to (its clusterName). */
    clusterByName(r: Res): Res | undefined {
        return this.fedBy(r, "clusterName", this.clusters, ["name"])[0];
    }

    /** Where the Kubernetes provider of `r` sends it. */
    target(r: Res): Target {
        if (r.type === ADDON) {
            const c = this.clusterByName(r);
            return c ? { kind: "cluster", cluster: c } : { kind: "unknown", why: `${label(r)}: clusterName names no cluster of this stack` };
        }
        const provider = r.provider ? this.byUrn.get(r.provider.urn) : undefined;
        if (!provider) {
            return { kind: "unknown", why: `${label(r)} uses ${r.provider ? "a provider outside the plan" : "the default kubernetes provider (ambient kubeconfig)"}` };
        }
        const fed = (provider.propertyDependencies["kubeconfig"] ?? []).map((u) => this.byUrn.get(u)).filter((x): x is Res => !!x);
        const sources = fed.length > 0 ? fed : provider.dependencies.map((u) => this.byUrn.get(u)).filter((x): x is Res => !!x);
        const cluster = sources.find((s) => s.type === CLUSTER);
        if (cluster) {
            return { kind: "cluster", cluster };
        }
        const reference = sources.find((s) => s.type === STACK_REFERENCE);
        if (reference) {
            return { kind: "external", via: reference };
        }
        // Last resort: the kubeconfig names a cluster of this stack.
        const kubeconfig = attr(provider, "kubeconfig");
        if (typeof kubeconfig === "string") {
            const named = this.clusters.find((c) => typeof attr(c, "name") === "string" && kubeconfig.includes(`"${attr(c, "name")}"`));
            if (named) {
                return { kind: "cluster", cluster: named };
            }
        }
        return { kind: "unknown", why: `cannot tell which cluster provider ${provider.name} targets (its kubeconfig is fed by no cluster or stack reference)` };
    }

    /** Objects on a cluster of this stack, grouped by cluster URN (add-ons included); plus the undecided ones. */
    clusterObjects(): { byCluster: Map<string, Res[]>; unknown: { r: Res; why: string }[] } {
        const byCluster = new Map<string, Res[]>(this.clusters.map((c) => [c.urn, []]));
        const unknown: { r: Res; why: string }[] = [];
        for (const r of this.resources) {
            if (!(r.type.startsWith("kubernetes:") || r.type === ADDON)) {
                continue;
            }
            const t = this.target(r);
            if (t.kind === "cluster") {
                byCluster.get(t.cluster.urn)!.push(r);
            } else if (t.kind === "unknown") {
                unknown.push({ r, why: t.why });
            }
        }
        return { byCluster, unknown };
    }

    /** The outputs a stack reference returned (the offline plan records them; a real preview has them as props). */
    referenceOutputs(ref: Res): Record<string, any> | typeof UNKNOWN {
        const o = attr(ref, "outputs");
        if (isUnknown(o)) {
            return UNKNOWN;
        }
        return o && typeof o === "object" ? o : {};
    }
}

/** The chart a Helm release installs: the last path segment of `chart` (an oci:// reference or a plain name). */
export function chartOf(release: Res): string | undefined {
    const c = str(release, "chart");
    return c ? c.replace(/\/+$/, "").split("/").pop() : undefined;
}

/** A Kubernetes object's API group and kind from its Pulumi type (`kubernetes:<group>/<version>:<Kind>`). */
export function apiOf(type: string): { group: string; version: string; kind: string } | undefined {
    const m = /^kubernetes:([^:]+)\/([^/:]+):(.+)$/.exec(type);
    if (!m) {
        return undefined;
    }
    return { group: m[1] === "core" ? "" : m[1], version: m[2], kind: m[3] };
}
