// Proof: capacity. Per cluster, at the node groups' minimum size: the pods the platform schedules (DaemonSets x
// nodes, each release's enabled components, the managed add-ons, the pods of Prometheus Operator custom resources,
// the app at its HPA minimum) fit the nodes' max pods (VPC CNI, no prefix delegation), their CPU and memory requests
// fit the allocatable, and replicas with hard anti-affinity do not outnumber the nodes. At peak, the pods that come
// with work (CI runners up to maxRunners) each find room on the nodes the autoscaler may add above the minimum, next
// to those nodes' DaemonSets. Every release needs a workload shape (shapes.ts) and explicit requests for every
// component it runs.

import { stackRule } from "../../lib/rules";
import { isFalse, isTrue, isUnknown, jsonish, knownItems } from "../../lib/values";
import { ADDON, apiOf, attr, chartOf, label, NODE_GROUP, RELEASE, Stack, str, valueAt } from "../model";
import { cpuMillis, memoryMi, render } from "./app";
import { ADDON_SHAPES, allocatable, CHART_SHAPES, Component, maxPods, Switch } from "./shapes";

/** Custom resources the Prometheus Operator turns into StatefulSets. */
const OPERATED = /^(Prometheus|PrometheusAgent|Alertmanager|ThanosRuler)$/;
/** Where kube-prometheus-stack sets the requests of the config-reloader sidecar the operator adds to those pods. */
const CONFIG_RELOADER = "prometheusOperator.prometheusConfigReloader.resources";

interface Pods {
    what: string;
    count: number;
    perNode: boolean;
    cpu: number;
    memoryMi: number;
    hardAntiAffinity: boolean;
}

/** A node's room for more pods. */
interface Room {
    cpu: number;
    memoryMi: number;
    slots: number;
}

/**
 * Places `pods` (each count times) first-fit, largest memory first, on `nodes`; returns the ones that find no node.
 * The pods already at rest are not on these nodes: the peak gets only the room the autoscaler adds.
 */
export function unplaced(pods: { what: string; count: number; cpu: number; memoryMi: number }[], nodes: Room[]): string[] {
    const rooms = nodes.map((n) => ({ ...n }));
    const each = pods.flatMap((p) => Array.from({ length: Math.max(0, p.count) }, () => p)).sort((a, b) => b.memoryMi - a.memoryMi || b.cpu - a.cpu);
    const left: string[] = [];
    for (const p of each) {
        const room = rooms.find((r) => r.slots >= 1 && r.cpu >= p.cpu && r.memoryMi >= p.memoryMi);
        if (room) {
            room.slots -= 1;
            room.cpu -= p.cpu;
            room.memoryMi -= p.memoryMi;
        } else {
            left.push(p.what);
        }
    }
    return left;
}


function switchOn(values: any, s: Switch): boolean {
    const v = valueAt(values, s.key);
    if (s.equals !== undefined) {
        return (v === undefined || v === null ? s.default : v) === s.equals;
    }
    return v === undefined || v === null ? s.default === true : !isFalse(v) && (isTrue(v) || v !== "");
}

export function enabled(c: Component, values: any): boolean {
    return (c.enabledWhen ?? []).every((s) => switchOn(values, s)) && !(c.disabledWhen ?? []).some((s) => switchOn(values, s));
}

export function replicasOf(c: Component, values: any): number {
    if (c.autoscaling && switchOn(values, c.autoscaling.enabled)) {
        const v = Number(valueAt(values, c.autoscaling.min.key) ?? c.autoscaling.min.default);
        return isNaN(v) ? c.autoscaling.min.default : v;
    }
    if (c.fixedReplicas !== undefined) {
        return c.fixedReplicas;
    }
    const v = Number(valueAt(values, c.replicas!.key) ?? c.replicas!.default);
    return isNaN(v) ? c.replicas!.default : v;
}

function hard(c: Component, values: any): boolean {
    if (!c.hardAntiAffinity) {
        return false;
    }
    const v = valueAt(values, c.hardAntiAffinity.key);
    return (v === undefined ? c.hardAntiAffinity.default : v) === c.hardAntiAffinity.hardWhen || (c.hardAntiAffinity.hardWhen === true && isTrue(v));
}

export const proofCapacity = stackRule({
    name: "proof-capacity",
    description:
        "Behaviour proof: per cluster at the node groups' minimum size, the pods the platform schedules (releases, managed add-ons, Prometheus Operator custom resources, the app) fit max pods (VPC CNI ENI formula), " +
        "their CPU/memory requests fit the allocatable (EKS AL2023 reservations), hard anti-affinity replicas fit the nodes; " +
        "at peak, the pods that come with jobs (runners up to maxRunners) fit the nodes the autoscaler may add (node group maximum above minimum); " +
        "every release has a workload shape and explicit requests for each component it runs.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set explicit resources.requests for the named component, lower replicas or switch a component off, or raise the node group's minSize / instance type in the stack file; " +
        "for pods that come with jobs, set their maximum (maxRunners) and raise the node group's maxSize or instance type until each finds a node; " +
        "for a new chart add its shape to CHART_SHAPES in policy/src/proofs/capacity/shapes.ts.",
    resourceTypes: [NODE_GROUP, RELEASE, ADDON, "kubernetes:argoproj.io/v1alpha1:Application"],
    check: (resources, _config, report, undecided) => {
        const stack = new Stack(resources);
        const { byCluster } = stack.clusterObjects();
        const apps = resources.filter((r) => apiOf(r.type)?.kind === "Application");
        for (const cluster of stack.clusters) {
            const groups = stack.ofType(NODE_GROUP).filter((g) => stack.clusterByName(g)?.urn === cluster.urn);
            if (groups.length === 0) {
                continue;
            }
            // Node capacity at minimum size.
            let nodes = 0;
            let podSlots = 0;
            let cpu = 0;
            let mem = 0;
            const types: string[] = [];
            let decided = true;
            for (const g of groups) {
                const min = attr(g, "scalingConfig.minSize");
                const type = knownItems(attr(g, "instanceTypes"))[0];
                if (typeof min !== "number" || typeof type !== "string") {
                    undecided(`${label(g)}: minimum size or instance type unknown`);
                    decided = false;
                    continue;
                }
                const a = allocatable(type);
                const mp = maxPods(type);
                if (!a || mp === undefined) {
                    report(`${label(g)}: instance type ${type} is not in the proof's ENI table (INSTANCE_TYPES in policy/src/proofs/capacity/shapes.ts)`, g.urn);
                    decided = false;
                    continue;
                }
                nodes += min;
                podSlots += min * mp;
                cpu += min * a.cpu;
                mem += min * a.memoryMi;
                types.push(`${min} x ${type}`);
            }
            const pods: Pods[] = [];
            const peak: { what: string; count: number; cpu: number; memoryMi: number }[] = [];
            const objects = byCluster.get(cluster.urn) ?? [];
            for (const rel of objects.filter((o) => o.type === RELEASE)) {
                const chart = chartOf(rel);
                const shape = CHART_SHAPES.find((s) => s.chart === chart);
                if (!shape) {
                    report(`${label(rel)}: chart ${chart ?? "<unknown>"} has no workload shape (add it to CHART_SHAPES in policy/src/proofs/capacity/shapes.ts)`, rel.urn);
                    continue;
                }
                const values = attr(rel, "values");
                if (isUnknown(values)) {
                    undecided(`${label(rel)}: values unknown`);
                    decided = false;
                    continue;
                }
                for (const c of shape.components) {
                    if (!enabled(c, values ?? {})) {
                        continue;
                    }
                    let podCpu = 0;
                    let podMem = 0;
                    const containers = [...c.resources, ...(c.sidecars ?? []).filter((sc) => sc.when.every((w) => switchOn(values ?? {}, w))).map((sc) => sc.resources)];
                    for (const key of containers) {
                        const req = valueAt(values ?? {}, `${key}.requests`) ?? {};
                        const cc = cpuMillis(req.cpu);
                        const mm = memoryMi(req.memory);
                        if (cc === undefined || mm === undefined) {
                            report(`${label(rel)}: component ${c.name} runs without explicit ${[cc === undefined ? "cpu" : "", mm === undefined ? "memory" : ""].filter((x) => x).join(" and ")} requests (set ${key}.requests in the release's values)`, rel.urn);
                        }
                        podCpu += cc ?? 0;
                        podMem += mm ?? 0;
                    }
                    pods.push({ what: `${rel.name}/${c.name}`, count: c.kind === "DaemonSet" ? 1 : replicasOf(c, values ?? {}), perNode: c.kind === "DaemonSet", cpu: podCpu, memoryMi: podMem, hardAntiAffinity: hard(c, values ?? {}) });
                    if (c.peak) {
                        const max = Number(valueAt(values ?? {}, c.peak.key));
                        if (valueAt(values ?? {}, c.peak.key) === undefined || isNaN(max)) {
                            report(`${label(rel)}: component ${c.name} has no ${c.peak.key}: every queued job would add a pod, without bound (set ${c.peak.key} in the release's values)`, rel.urn);
                        } else {
                            peak.push({ what: `${rel.name}/${c.name}`, count: max - replicasOf(c, values ?? {}), cpu: podCpu, memoryMi: podMem });
                        }
                    }
                }
            }
            // Pods the Prometheus Operator runs for custom resources made outside a chart (e.g. the hub's per-tier
            // receivers): replicas (x shards) of spec.resources plus the operator's config-reloader sidecar, whose
            // requests the cluster's kube-prometheus-stack release sets.
            const operated = objects.filter((o) => apiOf(o.type)?.group === "monitoring.coreos.com" && OPERATED.test(apiOf(o.type)!.kind));
            if (operated.length > 0) {
                const operator = objects.find((o) => o.type === RELEASE && chartOf(o) === "kube-prometheus-stack");
                const reloader = operator ? valueAt(attr(operator, "values") ?? {}, `${CONFIG_RELOADER}.requests`) ?? {} : {};
                const rc = cpuMillis(reloader.cpu);
                const rm = memoryMi(reloader.memory);
                for (const o of operated) {
                    const spec = attr(o, "spec");
                    if (isUnknown(spec)) {
                        undecided(`${label(o)}: spec unknown`);
                        decided = false;
                        continue;
                    }
                    const req = valueAt(spec ?? {}, "resources.requests") ?? {};
                    const cc = cpuMillis(req.cpu);
                    const mm = memoryMi(req.memory);
                    if (cc === undefined || mm === undefined) {
                        report(`${label(o)}: its pods run without explicit ${[cc === undefined ? "cpu" : "", mm === undefined ? "memory" : ""].filter((x) => x).join(" and ")} requests (set spec.resources.requests)`, o.urn);
                    }
                    if (rc === undefined || rm === undefined) {
                        report(`${label(o)}: the operator's config-reloader sidecar runs without explicit requests (set ${CONFIG_RELOADER}.requests in the cluster's kube-prometheus-stack release)`, o.urn);
                    }
                    const n = Number(valueAt(spec ?? {}, "replicas") ?? 1) * Number(valueAt(spec ?? {}, "shards") ?? 1);
                    pods.push({ what: `${o.name}`, count: isNaN(n) ? 1 : n, perNode: false, cpu: (cc ?? 0) + (rc ?? 0), memoryMi: (mm ?? 0) + (rm ?? 0), hardAntiAffinity: false });
                }
            }
            for (const addon of objects.filter((o) => o.type === ADDON)) {
                const name = str(addon, "addonName");
                const shape = ADDON_SHAPES.find((s) => s.addon === name);
                if (!shape) {
                    report(`${label(addon)}: managed add-on ${name ?? "<unknown>"} has no footprint (add it to ADDON_SHAPES in policy/src/proofs/capacity/shapes.ts)`, addon.urn);
                    continue;
                }
                const cfg = jsonish(attr(addon, "configurationValues"));
                const config = cfg && typeof cfg === "object" && !(cfg instanceof Error) ? cfg : {};
                for (const c of shape.components) {
                    const req = c.configResources ? valueAt(config, `${c.configResources}.requests`) ?? {} : {};
                    const replicas = c.configReplicas ? Number(valueAt(config, c.configReplicas) ?? c.replicas) : c.replicas;
                    pods.push({ what: `${addon.name}/${c.name}`, count: c.kind === "DaemonSet" ? 1 : replicas ?? 1, perNode: c.kind === "DaemonSet", cpu: cpuMillis(req.cpu) ?? c.cpu, memoryMi: memoryMi(req.memory) ?? c.memoryMi, hardAntiAffinity: false });
                }
            }
            for (const app of apps) {
                const dest = str(app, "spec.destination.name");
                const server = str(app, "spec.destination.server");
                if (!((dest && dest === str(cluster, "name")) || (server && server === str(cluster, "endpoint")))) {
                    continue;
                }
                const appPath = str(app, "spec.source.path");
                if (!appPath) {
                    undecided(`${label(app)}: source path unknown`);
                    decided = false;
                    continue;
                }
                const k = attr(app, "spec.source.kustomize") ?? {};
                const images = knownItems(k.images).filter((x): x is string => typeof x === "string");
                const allPatches = knownItems(k.patches);
                const secretPatches = allPatches.filter((p) => p === "[secret]" || p?.patch === "[secret]" || isUnknown(p?.patch));
                const workloadKinds = /^(Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod|HorizontalPodAutoscaler|ReplicaSet)$/;
                if (secretPatches.some((p) => !p?.target?.kind || workloadKinds.test(p.target.kind))) {
                    undecided(`${label(app)}: a secret or unknown kustomize patch targets a workload; its pods cannot be counted`);
                    decided = false;
                    continue;
                }
                const rendered = render(appPath, images, allPatches.filter((p) => !secretPatches.includes(p)));
                if (!rendered.ok) {
                    undecided(`${label(app)}: ${rendered.why}`);
                    decided = false;
                    continue;
                }
                for (const w of rendered.workloads) {
                    for (const m of w.missingRequests) {
                        report(`${label(app)}: ${appPath}: ${m} (every pod needs explicit requests)`, app.urn);
                    }
                    pods.push({ what: `${app.name}:${w.kind}/${w.name}`, count: w.pods, perNode: w.perNode, cpu: w.cpu, memoryMi: w.memoryMi, hardAntiAffinity: false });
                }
            }
            if (!decided && nodes === 0) {
                continue;
            }
            const total = (f: (p: Pods) => number) => pods.reduce((s, p) => s + f(p) * (p.perNode ? nodes : p.count), 0);
            const podCount = total(() => 1);
            const cpuSum = Math.round(total((p) => p.cpu));
            const memSum = Math.round(total((p) => p.memoryMi));
            const where = `${str(cluster, "name") ?? cluster.name} at minimum size (${types.join(" + ")})`;
            if (podCount > podSlots) {
                report(`${where}: ${podCount} pods > ${podSlots} (${nodes} node(s) x max pods); biggest: ${top(pods, nodes, () => 1)}`, cluster.urn);
            }
            if (cpuSum > cpu) {
                report(`${where}: CPU requests ${cpuSum}m > allocatable ${Math.round(cpu)}m; biggest: ${top(pods, nodes, (p) => p.cpu, "m")}`, cluster.urn);
            }
            if (memSum > mem) {
                report(`${where}: memory requests ${memSum}Mi > allocatable ${Math.round(mem)}Mi; biggest: ${top(pods, nodes, (p) => p.memoryMi, "Mi")}`, cluster.urn);
            }
            for (const p of pods.filter((x) => x.hardAntiAffinity && !x.perNode && x.count > nodes)) {
                report(`${where}: ${p.what} has ${p.count} replicas with hard pod anti-affinity > ${nodes} node(s): ${p.count - nodes} stay Pending`, cluster.urn);
            }
            if (peak.some((p) => p.count > 0)) {
                // The nodes each group may add above its minimum, each already running one of every DaemonSet.
                const daemons = pods.filter((p) => p.perNode);
                const added: Room[] = [];
                const maxTypes: string[] = [];
                for (const g of groups) {
                    const min = attr(g, "scalingConfig.minSize");
                    const max = attr(g, "scalingConfig.maxSize");
                    const type = knownItems(attr(g, "instanceTypes"))[0];
                    const a = typeof type === "string" ? allocatable(type) : undefined;
                    const mp = typeof type === "string" ? maxPods(type) : undefined;
                    if (typeof min !== "number" || typeof max !== "number" || !a || mp === undefined) {
                        undecided(`${label(g)}: maximum size or instance type unknown`);
                        continue;
                    }
                    maxTypes.push(`${max} x ${type}`);
                    for (let i = min; i < max; i++) {
                        added.push({
                            cpu: a.cpu - daemons.reduce((s, d) => s + d.cpu, 0),
                            memoryMi: a.memoryMi - daemons.reduce((s, d) => s + d.memoryMi, 0),
                            slots: mp - daemons.length,
                        });
                    }
                }
                const left = unplaced(peak, added);
                if (left.length > 0) {
                    const total = peak.reduce((s, p) => s + Math.max(0, p.count), 0);
                    const room = added[0] ? ` (each ${Math.round(added[0].cpu)}m and ${Math.round(added[0].memoryMi)}Mi free next to its DaemonSets)` : "";
                    report(`${str(cluster, "name") ?? cluster.name} at maximum size (${maxTypes.join(" + ")}): ${left.length} of the ${total} pods that come with jobs find no node: ` +
                        `${[...new Set(left)].map((w) => `${w} x${left.filter((x) => x === w).length}`).join(", ")}; the node groups may add ${added.length} node(s) above their minimum${room}`, cluster.urn);
                }
            }
        }
    },
});

function top(pods: Pods[], nodes: number, f: (p: Pods) => number, unit = ""): string {
    return pods
        .map((p) => ({ what: p.what, v: Math.round(f(p) * (p.perNode ? nodes : p.count)) }))
        .sort((a, b) => b.v - a.v)
        .slice(0, 3)
        .map((x) => `${x.what} ${x.v}${unit}`)
        .join(", ");
}

