// The app an ArgoCD Application deploys, rendered exactly as ArgoCD would: `kubectl kustomize` over a temporary
// kustomization whose only resource is the Application's path in this repository, with the Application's inline
// kustomize `images` and `patches`. Then its pods: Deployments (an HPA's minReplicas when one targets them),
// StatefulSets, Jobs (hooks included: they run next to the old pods during a sync), CronJobs (one run), Pods and
// DaemonSets (one per node), with each pod's requests.

import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface AppWorkload {
    kind: string;
    name: string;
    pods: number;
    perNode: boolean;
    cpu: number;
    memoryMi: number;
    /** Containers without an explicit cpu or memory request. */
    missingRequests: string[];
}

export type Rendered = { ok: true; workloads: AppWorkload[] } | { ok: false; why: string };

/** The repository the pack lives in (policy/ is the folder holding PulumiPolicy.yaml). */
export function repositoryRoot(): string | undefined {
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, "PulumiPolicy.yaml"))) {
        const up = path.dirname(dir);
        if (up === dir) {
            return undefined;
        }
        dir = up;
    }
    return path.dirname(dir);
}

/** "name=newName:tag", "name:tag", "name@digest" (argocd app set --kustomize-image) as a kustomize images entry. */
export function kustomizeImage(spec: string): Record<string, string> {
    const [name, target] = spec.includes("=") ? spec.split("=", 2) : [spec.replace(/[:@].*$/, ""), spec];
    const out: Record<string, string> = { name };
    const at = target.indexOf("@");
    let ref = target;
    if (at >= 0) {
        out.digest = target.slice(at + 1);
        ref = target.slice(0, at);
    }
    const colon = ref.lastIndexOf(":");
    if (colon > ref.lastIndexOf("/")) {
        out.newTag = ref.slice(colon + 1);
        ref = ref.slice(0, colon);
    }
    if (ref !== name) {
        out.newName = ref;
    }
    return out;
}

export function cpuMillis(v: unknown): number | undefined {
    if (typeof v === "number") {
        return v * 1000;
    }
    if (typeof v !== "string" || v.trim() === "") {
        return undefined;
    }
    const s = v.trim();
    return s.endsWith("m") ? Number(s.slice(0, -1)) : Number(s) * 1000;
}

const MEMORY_UNITS: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, K: 1000 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576, T: 1e12 / 1048576 };

export function memoryMi(v: unknown): number | undefined {
    if (typeof v === "number") {
        return v / 1048576;
    }
    if (typeof v !== "string" || v.trim() === "") {
        return undefined;
    }
    const m = /^([0-9.]+)([KMGT]i?)?$/.exec(v.trim());
    if (!m) {
        return undefined;
    }
    return Number(m[1]) * (m[2] ? MEMORY_UNITS[m[2]] : 1 / 1048576);
}

function podRequests(spec: any, where: string): { cpu: number; memoryMi: number; missing: string[] } {
    const missing: string[] = [];
    const sum = (list: any[], kind: string) => {
        let cpu = 0;
        let mem = 0;
        let maxCpu = 0;
        let maxMem = 0;
        for (const c of list ?? []) {
            const req = c?.resources?.requests ?? {};
            const cc = cpuMillis(req.cpu);
            const mm = memoryMi(req.memory);
            if (cc === undefined || mm === undefined) {
                missing.push(`${where} ${kind} ${c?.name ?? "?"}: no ${cc === undefined ? "cpu" : "memory"} request`);
            }
            cpu += cc ?? 0;
            mem += mm ?? 0;
            maxCpu = Math.max(maxCpu, cc ?? 0);
            maxMem = Math.max(maxMem, mm ?? 0);
        }
        return { cpu, mem, maxCpu, maxMem };
    };
    const main = sum(spec?.containers, "container");
    const init = sum(spec?.initContainers, "init container");
    // The scheduler reserves the larger of the containers' sum and the biggest init container.
    return { cpu: Math.max(main.cpu, init.maxCpu), memoryMi: Math.max(main.mem, init.maxMem), missing };
}

export function workloadsOf(objects: any[]): AppWorkload[] {
    const hpaMin = new Map<string, number>();
    for (const o of objects) {
        if (o?.kind === "HorizontalPodAutoscaler") {
            const t = o.spec?.scaleTargetRef;
            hpaMin.set(`${t?.kind}/${t?.name}`, Number(o.spec?.minReplicas ?? 1));
        }
    }
    const out: AppWorkload[] = [];
    for (const o of objects) {
        const kind = o?.kind;
        const name = o?.metadata?.name ?? "?";
        let pods: number;
        let template: any;
        switch (kind) {
            case "Deployment":
            case "StatefulSet":
            case "ReplicaSet":
                pods = hpaMin.get(`${kind}/${name}`) ?? Number(o.spec?.replicas ?? 1);
                template = o.spec?.template?.spec;
                break;
            case "DaemonSet":
                pods = 1;
                template = o.spec?.template?.spec;
                break;
            case "Job":
                pods = Number(o.spec?.parallelism ?? 1);
                template = o.spec?.template?.spec;
                break;
            case "CronJob":
                pods = Number(o.spec?.jobTemplate?.spec?.parallelism ?? 1);
                template = o.spec?.jobTemplate?.spec?.template?.spec;
                break;
            case "Pod":
                pods = 1;
                template = o.spec;
                break;
            default:
                continue;
        }
        const r = podRequests(template, `${kind}/${name}`);
        out.push({ kind, name, pods, perNode: kind === "DaemonSet", cpu: r.cpu, memoryMi: r.memoryMi, missingRequests: r.missing });
    }
    return out;
}

const renders = new Map<string, Rendered>();

/** Where finished renders are kept between runs (policy/bin/, build output): bin/plan checks the same app every time. */
const RENDER_CACHE = path.join(__dirname, "..", "..", "..", ".render-cache");

/** Renders `appPath` (relative to the repository) with the Application's kustomize images and patches. */
export function render(appPath: string, images: string[], patches: any[]): Rendered {
    const key = JSON.stringify([appPath, images, patches]);
    const hit = renders.get(key);
    if (hit) {
        return hit;
    }
    const root = repositoryRoot();
    const file = root ? renderCacheFile(root, appPath, key) : undefined;
    let result: Rendered | undefined;
    try {
        result = file ? (JSON.parse(fs.readFileSync(file, "utf8")) as Rendered) : undefined;
    } catch {
        result = undefined;
    }
    if (!result) {
        result = renderUncached(appPath, images, patches);
        if (file && result.ok) {
            try {
                fs.mkdirSync(RENDER_CACHE, { recursive: true });
                const tmp = `${file}.${process.pid}.tmp`;
                fs.writeFileSync(tmp, JSON.stringify(result));
                fs.renameSync(tmp, file);
            } catch {
                // a cache that cannot be written only costs the next run a render
            }
        }
    }
    renders.set(key, result);
    return result;
}

/**
 * The cache file of a render: a digest of everything its output depends on (the Application's path, images and
 * patches, every file of the tree the path is in, e.g. all of gitops/, and the kubectl binary that renders it).
 * Undefined when there is no kubectl on PATH or the path leaves the repository: then nothing is cached.
 */
export function renderCacheFile(root: string, appPath: string, key: string, dir = RENDER_CACHE): string | undefined {
    const kubectl = (process.env.PATH ?? "").split(path.delimiter).map((d) => path.join(d, "kubectl")).find((f) => {
        try {
            fs.accessSync(f, fs.constants.X_OK);
            return true;
        } catch {
            return false;
        }
    });
    const top = appPath.split(/[\\/]/).filter((p) => p && p !== ".")[0];
    if (!kubectl || !top || top === "..") {
        return undefined;
    }
    const hash = createHash("sha256").update(key);
    const real = fs.realpathSync(kubectl);
    const stat = fs.statSync(real);
    hash.update(`\0${real}\0${stat.size}\0${stat.mtimeMs}`);
    const files: string[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                walk(full);
            } else if (entry.isFile()) {
                files.push(full);
            }
        }
    };
    try {
        walk(path.join(root, top));
        for (const f of files) {
            hash.update(`\0${path.relative(root, f)}\0`).update(fs.readFileSync(f));
        }
    } catch {
        return undefined;
    }
    return path.join(dir, `${hash.digest("hex")}.json`);
}

function renderUncached(appPath: string, images: string[], patches: any[]): Rendered {
    const root = repositoryRoot();
    const dir = root ? path.resolve(root, appPath) : undefined;
    if (!dir || !fs.existsSync(path.join(dir, "kustomization.yaml"))) {
        return { ok: false, why: `${appPath} has no kustomization.yaml in ${root ?? "the repository"}` };
    }
    let yaml: any;
    try {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        yaml = require("js-yaml");
    } catch {
        return { ok: false, why: "js-yaml is not installed (npm ci in policy/)" };
    }
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kyeol-app-"));
    try {
        const kustomization = {
            apiVersion: "kustomize.config.k8s.io/v1beta1",
            kind: "Kustomization",
            resources: [path.relative(tmp, dir)],
            images: images.map(kustomizeImage),
            patches,
        };
        fs.writeFileSync(path.join(tmp, "kustomization.yaml"), JSON.stringify(kustomization));
        const r = spawnSync("kubectl", ["kustomize", tmp], { encoding: "utf8", timeout: 30_000 });
        if (r.error) {
            return { ok: false, why: `kubectl is not available (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}): the app's pods are not counted` };
        }
        if (r.status !== 0) {
            return { ok: false, why: `kubectl kustomize ${appPath} failed: ${(r.stderr || "").trim().split("\n")[0]}` };
        }
        return { ok: true, workloads: workloadsOf(yaml.loadAll(r.stdout)) };
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}
