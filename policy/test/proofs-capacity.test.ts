// proof-capacity: pods, requests and hard anti-affinity per cluster at minimum size; workload shapes checked
// against the charts' own values.yaml.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { isUndecided } from "../src/lib/rules";
import { kustomizeImage, memoryMi, cpuMillis, renderCacheFile, workloadsOf } from "../src/proofs/capacity/app";
import * as os from "node:os";
import { valueAt } from "../src/proofs/model";
import { allocatable, CHART_SHAPES, maxPods } from "../src/proofs/capacity/shapes";
import { unplaced } from "../src/proofs/capacity";
import { CRD_SOURCES } from "../src/proofs/readiness";
import { policy, run } from "./helpers";
import { breakOne, k8s, release, REQ, world } from "./proofs-world";

const proof = policy("proof-capacity");
const messages = async (list = world()) => (await run(proof, list)).map((v) => v.message);

describe("proof-capacity", () => {
    test("the whole world (2 x t3.large, the app rendered from gitops/overlays/dev) passes", async () => {
        assert.deepEqual(await messages(), []);
    });

    test("broken: one t3.medium node cannot hold the pods (ENI max pods 17)", async () => {
        const list = breakOne(world(), "dev-nodes", (r) => (r.props = { ...r.props, instanceTypes: ["t3.medium"], scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 } }));
        const out = await messages(list);
        assert.ok(out.some((m) => /^kyeol-dev at minimum size \(1 x t3\.medium\): \d+ pods > 17 \(1 node\(s\) x max pods\)/.test(m)), out.join("\n"));
        assert.ok(out.some((m) => /CPU requests \d+m > allocatable 1930m/.test(m)), out.join("\n"));
    });

    test("broken: hard anti-affinity replicas outnumber the nodes (argo-cd redis-ha on 2 nodes)", async () => {
        const argocd = release("dev-argocd", "argo-cd", {
            "redis-ha": { enabled: true, redis: { resources: REQ }, sentinel: { resources: REQ }, splitBrainDetection: { resources: REQ }, haproxy: { resources: REQ } },
            controller: { resources: REQ }, server: { resources: REQ }, repoServer: { resources: REQ }, applicationSet: { resources: REQ },
            notifications: { resources: REQ }, dex: { resources: REQ },
        }, ["dev-nodes", "dev-aws-load-balancer-controller"], "argocd");
        const out = await messages([...world(), argocd]);
        assert.deepEqual(out.filter((m) => /hard pod anti-affinity/.test(m)).map((m) => m.replace(/^.*: /, "")), [
            "dev-argocd/redis-ha-server has 3 replicas with hard pod anti-affinity > 2 node(s): 1 stay Pending".replace(/^.*: /, ""),
            "dev-argocd/redis-ha-haproxy has 3 replicas with hard pod anti-affinity > 2 node(s): 1 stay Pending".replace(/^.*: /, ""),
        ]);
    });

    test("broken: a component that runs without explicit requests is named with its key", async () => {
        const list = breakOne(world(), "dev-external-secrets", (r) => delete r.props.values.webhook);
        assert.deepEqual(await messages(list), ["dev-external-secrets (Release): component webhook runs without explicit cpu and memory requests (set webhook.resources.requests in the release's values)"]);
    });

    test("runner scale sets: one listener per scale set at rest, no runner below minRunners; both need requests", async () => {
        const listener = { spec: { containers: [{ name: "listener", resources: REQ }] } };
        const runner = { spec: { containers: [{ name: "runner", resources: REQ }] } };
        const scaleSet = (name: string, values: object) =>
            release(name, "oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set", values, ["dev-nodes", "dev-aws-load-balancer-controller"], "arc-runners");
        const controller = release("dev-arc", "oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set-controller",
            { resources: REQ }, ["dev-nodes", "dev-aws-load-balancer-controller"], "arc-systems");
        assert.deepEqual(await messages([...world(), controller, scaleSet("dev-runners", { minRunners: 0, maxRunners: 3, listenerTemplate: listener, template: runner })]), []);
        const noRunnerRequests = await messages([...world(), controller, scaleSet("dev-runners", { minRunners: 0, maxRunners: 1, listenerTemplate: listener, template: { spec: { containers: [{ name: "runner" }] } } })]);
        assert.deepEqual(noRunnerRequests, ["dev-runners (Release): component runner runs without explicit cpu and memory requests (set template.spec.containers.0.resources.requests in the release's values)"]);
        const noListenerRequests = await messages([...world(), controller, scaleSet("dev-runners", { maxRunners: 1, template: runner })]);
        assert.deepEqual(noListenerRequests, ["dev-runners (Release): component listener runs without explicit cpu and memory requests (set listenerTemplate.spec.containers.0.resources.requests in the release's values)"]);
        // Idle runners count at rest: 40 of them (50m each) do not fit 2 x t3.large.
        const idle = await messages([...world(), controller, scaleSet("dev-runners", { minRunners: 40, maxRunners: 40, listenerTemplate: listener, template: runner })]);
        assert.ok(idle.some((m) => /^kyeol-dev at minimum size .*biggest: dev-runners\/runner 2000m/.test(m)), idle.join("\n"));
    });

    test("runners at work: each needs room on the nodes the autoscaler may add (node group maximum above minimum)", async () => {
        // The world's node group: 2 x t3.large at minimum, 4 at most, so 2 nodes to add.
        const listener = { spec: { containers: [{ name: "listener", resources: REQ }] } };
        const big = { spec: { containers: [{ name: "runner", resources: { requests: { cpu: "500m", memory: "3Gi" } } }] } };
        const controller = release("dev-arc", "oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set-controller",
            { resources: REQ }, ["dev-nodes", "dev-aws-load-balancer-controller"], "arc-systems");
        const scaleSet = (name: string, values: object) =>
            release(name, "oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set", values, ["dev-nodes", "dev-aws-load-balancer-controller"], "arc-runners");
        // A t3.large has about 7.4 GiB free next to its DaemonSets: two 3 GiB runners each, so four fit the two added nodes.
        assert.deepEqual(await messages([...world(), controller, scaleSet("dev-preview", { minRunners: 0, maxRunners: 3, listenerTemplate: listener, template: big }),
            scaleSet("dev-deploy", { minRunners: 0, maxRunners: 1, listenerTemplate: listener, template: big })]), []);
        const five = await messages([...world(), controller, scaleSet("dev-preview", { minRunners: 0, maxRunners: 4, listenerTemplate: listener, template: big }),
            scaleSet("dev-deploy", { minRunners: 0, maxRunners: 1, listenerTemplate: listener, template: big })]);
        assert.equal(five.length, 1, five.join("\n"));
        assert.match(five[0], /^kyeol-dev at maximum size \(4 x t3\.large\): 1 of the 5 pods that come with jobs find no node: dev-(preview|deploy)\/runner x1; the node groups may add 2 node\(s\) above their minimum \(each \d+m and \d+Mi free next to its DaemonSets\)$/);
        // The same runners with no room to grow: the group's maximum is its minimum.
        const fixed = breakOne(world(), "dev-nodes", (r) => (r.props.scalingConfig = { ...r.props.scalingConfig, maxSize: 2 }));
        const none = await messages([...fixed, controller, scaleSet("dev-deploy", { minRunners: 0, maxRunners: 1, listenerTemplate: listener, template: big })]);
        assert.deepEqual(none, ["kyeol-dev at maximum size (2 x t3.large): 1 of the 1 pods that come with jobs find no node: dev-deploy/runner x1; the node groups may add 0 node(s) above their minimum"]);
        // Idle runners are at rest, not at peak: minRunners 1 of maxRunners 1 adds nothing at peak.
        assert.deepEqual(await messages([...fixed, controller, scaleSet("dev-deploy", { minRunners: 1, maxRunners: 1, listenerTemplate: listener, template: { spec: { containers: [{ name: "runner", resources: REQ }] } } })]), []);
    });

    test("broken: a scale set without maxRunners grows with every queued job", async () => {
        const controller = release("dev-arc", "oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set-controller",
            { resources: REQ }, ["dev-nodes", "dev-aws-load-balancer-controller"], "arc-systems");
        const scaleSet = release("dev-runners", "oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set",
            { listenerTemplate: { spec: { containers: [{ name: "listener", resources: REQ }] } }, template: { spec: { containers: [{ name: "runner", resources: REQ }] } } },
            ["dev-nodes", "dev-aws-load-balancer-controller"], "arc-runners");
        assert.deepEqual(await messages([...world(), controller, scaleSet]),
            ["dev-runners (Release): component runner has no maxRunners: every queued job would add a pod, without bound (set maxRunners in the release's values)"]);
    });

    test("peak placement: largest first, a pod that fits nowhere is named, slots count", () => {
        const node = { cpu: 1000, memoryMi: 3000, slots: 2 };
        assert.deepEqual(unplaced([{ what: "small", count: 2, cpu: 100, memoryMi: 500 }, { what: "big", count: 2, cpu: 100, memoryMi: 2500 }], [node, node]), []);
        assert.deepEqual(unplaced([{ what: "big", count: 3, cpu: 100, memoryMi: 2500 }], [node, node]), ["big"]);
        assert.deepEqual(unplaced([{ what: "tiny", count: 5, cpu: 1, memoryMi: 1 }], [node, node]), ["tiny"], "two pod slots per node");
        assert.deepEqual(unplaced([{ what: "cpu-heavy", count: 1, cpu: 1500, memoryMi: 1 }], [node]), ["cpu-heavy"]);
        assert.deepEqual(unplaced([], []), []);
    });

    test("broken: a chart without a workload shape", async () => {
        const out = await messages([...world(), release("dev-mystery", "mystery-chart", {}, ["dev-aws-load-balancer-controller"])]);
        assert.deepEqual(out, ["dev-mystery (Release): chart mystery-chart has no workload shape (add it to CHART_SHAPES in policy/src/proofs/capacity/shapes.ts)"]);
    });

    test("broken: an instance type outside the ENI table", async () => {
        const list = breakOne(world(), "dev-nodes", (r) => (r.props.instanceTypes = ["x9.huge"]));
        assert.match((await messages(list))[0], /instance type x9\.huge is not in the proof's ENI table/);
    });

    test("switching a component off removes its pods and its requests duty", async () => {
        const list = breakOne(world(), "dev-external-secrets", (r) => {
            delete r.props.values.webhook;
            delete r.props.values.certController;
            r.props.values.webhook = { create: false };
            r.props.values.certController = { create: false };
        });
        assert.deepEqual(await messages(list), []);
    });

    test("alloy: controller.type picks the workload kind; the config-reloader sidecar needs requests unless switched off", async () => {
        const alloy = (values: Record<string, any>) => release("dev-alloy", "alloy", { alloy: { resources: REQ }, ...values }, ["dev-nodes", "dev-aws-load-balancer-controller"], "monitoring");
        assert.deepEqual(await messages([...world(), alloy({ configReloader: { resources: REQ } })]), []);
        assert.deepEqual(await messages([...world(), alloy({ configReloader: { enabled: false } })]), []);
        assert.deepEqual(await messages([...world(), alloy({})]), [
            "dev-alloy (Release): component alloy (daemonset) runs without explicit cpu and memory requests (set configReloader.resources.requests in the release's values)",
        ]);
        // A Deployment of 60 replicas does not fit 2 nodes x 35 pods; as a DaemonSet it is one pod per node.
        const big = await messages([...world(), alloy({ controller: { type: "deployment", replicas: 60 }, configReloader: { enabled: false } })]);
        assert.ok(big.some((m) => /pods > 70 .*biggest: dev-alloy\/alloy \(deployment\) 60/.test(m)), big.join("\n"));
        assert.deepEqual(await messages([...world(), alloy({ controller: { type: "daemonset", replicas: 40 }, configReloader: { enabled: false } })]), []);
    });

    test("loki: the deployment mode picks the pods; the caches run unless switched off", async () => {
        const loki = (values: Record<string, any>) => release("dev-loki", "loki", { deploymentMode: "Monolithic", singleBinary: { replicas: 1, resources: REQ }, sidecar: { rules: { enabled: false } }, ...values }, ["dev-nodes", "dev-aws-load-balancer-controller"], "monitoring");
        const off = { gateway: { enabled: false }, chunksCache: { enabled: false }, resultsCache: { enabled: false }, lokiCanary: { enabled: false } };
        assert.deepEqual(await messages([...world(), loki(off)]), []);
        assert.deepEqual((await messages([...world(), loki({})])).map((m) => m.replace(/ runs without.*/, "")), [
            "dev-loki (Release): component gateway", "dev-loki (Release): component chunks-cache", "dev-loki (Release): component chunks-cache",
            "dev-loki (Release): component results-cache", "dev-loki (Release): component results-cache", "dev-loki (Release): component canary",
        ]);
        const scalable = await messages([...world(), loki({ ...off, deploymentMode: "SimpleScalable" })]);
        assert.deepEqual(scalable.map((m) => m.replace(/.*component (\S+) .*/, "$1")), ["read", "write", "backend"]);
    });

    test("grafana: each enabled sidecar is a container with sidecar.resources", async () => {
        const grafana = (values: Record<string, any>) => release("dev-grafana", "grafana", { resources: REQ, ...values }, ["dev-nodes", "dev-aws-load-balancer-controller"], "monitoring");
        assert.deepEqual(await messages([...world(), grafana({})]), []);
        assert.deepEqual(await messages([...world(), grafana({ sidecar: { dashboards: { enabled: true } } })]), [
            "dev-grafana (Release): component grafana runs without explicit cpu and memory requests (set sidecar.resources.requests in the release's values)",
        ]);
    });

    test("Prometheus Operator objects made outside a chart are pods: spec.resources plus the operator's config-reloader", async () => {
        const kps = release("dev-kps", "kube-prometheus-stack", {
            prometheusOperator: { resources: REQ, prometheusConfigReloader: { resources: REQ } }, prometheus: { prometheusSpec: { resources: REQ } },
            alertmanager: { enabled: false }, kubeStateMetrics: { enabled: false }, nodeExporter: { enabled: false }, grafana: { enabled: false },
        }, ["dev-nodes", "dev-aws-load-balancer-controller"], "monitoring");
        const receiver = (spec: Record<string, any>, deps = ["dev-kps"]) => k8s("kubernetes:monitoring.coreos.com/v1:Prometheus", "dev-receiver", { metadata: { namespace: "monitoring" }, spec }, deps);
        assert.deepEqual(await messages([...world(), kps, receiver({ resources: REQ })]), []);
        assert.deepEqual(await messages([...world(), kps, receiver({})]), ["dev-receiver (Prometheus): its pods run without explicit cpu and memory requests (set spec.resources.requests)"]);
        const many = await messages([...world(), kps, receiver({ resources: REQ, replicas: 30, shards: 2 })]);
        assert.ok(many.some((m) => /pods > 70 .*biggest: dev-receiver 60/.test(m)), many.join("\n"));
        const bare = await messages([...world(), receiver({ resources: REQ }, ["dev-nodes"])]);
        assert.match(bare[0], /config-reloader sidecar runs without explicit requests \(set prometheusOperator\.prometheusConfigReloader\.resources\.requests/);
    });

    test("an app path that does not render is undecided (advisory), not a crash", async () => {
        const list = breakOne(world(), "dev-argocd-application", (r) => (r.props.spec.source.path = "gitops/overlays/nowhere"));
        await assert.rejects(run(proof, list), (e: unknown) => isUndecided(e) && /gitops\/overlays\/nowhere has no kustomization\.yaml/.test((e as Error).message));
    });

    test("facts: the ENI formula and the AL2023 allocatable", () => {
        assert.deepEqual(["t3.medium", "t3.large", "m6i.large", "m6i.xlarge"].map(maxPods), [17, 35, 29, 58]);
        assert.deepEqual(allocatable("t3.medium"), { cpu: 1930, memoryMi: 4096 - (11 * 17 + 255) - 100 });
    });

    test("app rendering helpers: images, quantities, HPA minimum, init containers", () => {
        assert.deepEqual(kustomizeImage("storefront=123.dkr.ecr.x.amazonaws.com/kyeol/storefront:dev-1"), { name: "storefront", newName: "123.dkr.ecr.x.amazonaws.com/kyeol/storefront", newTag: "dev-1" });
        assert.deepEqual(kustomizeImage("nginx:1.27"), { name: "nginx", newTag: "1.27" });
        assert.deepEqual([cpuMillis("250m"), cpuMillis("1.5"), memoryMi("1Gi"), memoryMi("512Mi")], [250, 1500, 1024, 512]);
        const w = workloadsOf([
            { kind: "Deployment", metadata: { name: "api" }, spec: { replicas: 5, template: { spec: { containers: [{ name: "a", resources: { requests: { cpu: "100m", memory: "64Mi" } } }], initContainers: [{ name: "i", resources: { requests: { cpu: "500m", memory: "32Mi" } } }] } } } },
            { kind: "HorizontalPodAutoscaler", spec: { scaleTargetRef: { kind: "Deployment", name: "api" }, minReplicas: 2 } },
            { kind: "Job", metadata: { name: "migrate" }, spec: { template: { spec: { containers: [{ name: "m" }] } } } },
        ]);
        assert.deepEqual(w.map((x) => [x.name, x.pods, x.cpu, x.memoryMi]), [["api", 2, 500, 64], ["migrate", 1, 0, 0]]);
        assert.deepEqual(w[1].missingRequests, ["Job/migrate container m: no cpu request"]);
    });
});

// The table's keys and defaults against each chart version's own values.yaml (not copied into the repository).
function upstream(): string | undefined {
    const root = path.resolve(__dirname, "..", "..", "..");
    for (const dir of [process.env.KYEOL_UPSTREAM, path.join(root, "..", "shared", "upstream"), "/work/shared/upstream"]) {
        if (dir && fs.existsSync(path.join(dir, "charts"))) {
            return dir;
        }
    }
    return undefined;
}

describe("renders kept between runs", () => {
    test("the cache file changes with the Application's inputs, any file of the tree and the kubectl binary, and is off without kubectl", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "kyeol-render-"));
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "kyeol-kubectl-"));
        const savedPath = process.env.PATH;
        try {
            fs.mkdirSync(path.join(root, "gitops", "overlays", "dev"), { recursive: true });
            fs.mkdirSync(path.join(root, "gitops", "base"), { recursive: true });
            fs.writeFileSync(path.join(root, "gitops", "overlays", "dev", "kustomization.yaml"), "resources: [../../base]\n");
            fs.writeFileSync(path.join(root, "gitops", "base", "deployment.yaml"), "kind: Deployment\n");
            fs.writeFileSync(path.join(bin, "kubectl"), "#!/bin/sh\n", { mode: 0o755 });
            process.env.PATH = bin;
            const key = JSON.stringify(["gitops/overlays/dev", [], []]);
            const first = renderCacheFile(root, "gitops/overlays/dev", key, "/cache");
            assert.ok(first?.startsWith("/cache/") && first.endsWith(".json"), String(first));
            assert.equal(renderCacheFile(root, "gitops/overlays/dev", key, "/cache"), first, "same inputs, same file");
            assert.notEqual(renderCacheFile(root, "gitops/overlays/dev", JSON.stringify(["gitops/overlays/dev", ["saleor=x:1"], []]), "/cache"), first,
                "another image");
            fs.writeFileSync(path.join(root, "gitops", "base", "deployment.yaml"), "kind: Deployment\nspec: {}\n");
            const edited = renderCacheFile(root, "gitops/overlays/dev", key, "/cache");
            assert.notEqual(edited, first, "a file the overlay builds on changed");
            fs.writeFileSync(path.join(bin, "kubectl"), "#!/bin/sh\n# another kubectl\n", { mode: 0o755 });
            assert.notEqual(renderCacheFile(root, "gitops/overlays/dev", key, "/cache"), edited, "another kubectl binary");
            assert.equal(renderCacheFile(root, "../elsewhere", key, "/cache"), undefined, "a path outside the repository");
            process.env.PATH = path.join(root, "no-such-dir");
            assert.equal(renderCacheFile(root, "gitops/overlays/dev", key, "/cache"), undefined, "no kubectl: nothing cached");
        } finally {
            process.env.PATH = savedPath;
            fs.rmSync(root, { recursive: true, force: true });
            fs.rmSync(bin, { recursive: true, force: true });
        }
    });
});

describe("workload shapes match the charts' values.yaml", () => {
    const dir = upstream();
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const yaml = require("js-yaml");
    for (const shape of CHART_SHAPES) {
        for (const version of shape.versions) {
            const file = dir ? path.join(dir, "charts", `${shape.chart}-${version}`, "values.yaml") : undefined;
            test(`${shape.chart} ${version}`, { skip: !file || !fs.existsSync(file) ? `no upstream values.yaml (looked in KYEOL_UPSTREAM, <repo>/../shared/upstream, /work/shared/upstream)` : false }, () => {
                const text = fs.readFileSync(file!, "utf8");
                const values = yaml.load(text);
                const present = (key: string) => key.split(".").reduce<any>((cur, k) => (cur && typeof cur === "object" && k in cur ? cur[k] : undefined), values) !== undefined;
                // A key documented only in a comment ("# minRunners: 0"), with the commented value as its default.
                const commented = (key: string): { value: unknown } | undefined => {
                    const top = key.split(".")[0];
                    if (!(shape.commentedOut ?? []).includes(top)) {
                        return undefined;
                    }
                    const line = text.split("\n").find((l) => new RegExp(`^# ?${top}:`).test(l));
                    assert.ok(line, `${shape.chart}: ${top} is listed as commented out but values.yaml has no "# ${top}:" line`);
                    return { value: key === top ? yaml.load(line!.replace(/^# ?/, ""))[top] : undefined };
                };
                const inPodSpec = (key: string) => (shape.podSpecs ?? []).some((p) => key.startsWith(p + ".") && present(p));
                const has = (key: string) => present(key) || commented(key) !== undefined || inPodSpec(key);
                for (const c of shape.components) {
                    const keys: [string, unknown][] = [
                        ...(c.replicas ? [[c.replicas.key, c.replicas.default] as [string, unknown]] : []),
                        ...(c.autoscaling ? [[c.autoscaling.enabled.key, c.autoscaling.enabled.default], [c.autoscaling.min.key, c.autoscaling.min.default]] as [string, unknown][] : []),
                        ...[...(c.enabledWhen ?? []), ...(c.disabledWhen ?? [])].map((s) => [s.key, s.default] as [string, unknown]),
                        ...(c.hardAntiAffinity ? [[c.hardAntiAffinity.key, c.hardAntiAffinity.default] as [string, unknown]] : []),
                        ...(c.sidecars ?? []).flatMap((sc) => sc.when.map((s) => [s.key, s.default] as [string, unknown])),
                    ];
                    for (const [key, expected] of keys) {
                        if (c.subchart && !has(key)) {
                            continue; // the subchart's own default (not in this file): documented in shapes.ts
                        }
                        assert.ok(has(key), `${shape.chart} ${c.name}: ${key} is not in values.yaml`);
                        const documented = present(key) ? valueAt(values, key) : commented(key)?.value;
                        if (present(key) || documented !== undefined) {
                            assert.deepEqual(documented, expected, `${shape.chart} ${c.name}: default of ${key}`);
                        }
                    }
                    if (c.peak) {
                        assert.ok(has(c.peak.key), `${shape.chart} ${c.name}: ${c.peak.key} is not in values.yaml`);
                    }
                    for (const key of [...c.resources, ...(c.sidecars ?? []).map((sc) => sc.resources)]) {
                        if (!(c.subchart && !has(key))) {
                            assert.ok(has(key), `${shape.chart} ${c.name}: ${key} is not in values.yaml`);
                        }
                    }
                }
            });
        }
    }
    for (const row of CRD_SOURCES.filter((r) => r.toggle)) {
        for (const chart of row.charts) {
            const versions = fs.existsSync(path.join(dir ?? "/nonexistent", "charts")) ? fs.readdirSync(path.join(dir!, "charts")).filter((d) => d.startsWith(chart + "-") && /^\d/.test(d.slice(chart.length + 1))) : [];
            test(`CRD switch ${chart} ${row.toggle!.key}`, { skip: versions.length === 0 ? "no upstream values.yaml" : false }, () => {
                for (const v of versions) {
                    const values = yaml.load(fs.readFileSync(path.join(dir!, "charts", v, "values.yaml"), "utf8"));
                    assert.equal(valueAt(values, row.toggle!.key), row.toggle!.default, `${v}: ${row.toggle!.key}`);
                }
            });
        }
    }
});
