// Strict schema validation of Kubernetes objects (src/k8s): the upstream schemas of kubernetes-models and its
// CRD packages, plus the unknown-field check, against valid objects and broken variants of each class.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, test } from "node:test";
import { KUBERNETES_OBJECT_SCHEMA } from "../src/k8s/policy";
import { checkPlanObjects, objectType } from "../src/k8s/objects";
import { CORE_PACKAGE, CRD_PACKAGES, schemaFor } from "../src/k8s/schemas";
import { checkObject, strippedByGenerator } from "../src/k8s/strict";
import { UNKNOWN } from "../src/lib/values";
import { deepClone, policy, previewProxy, R, run, UNKNOWN_STRING } from "./helpers";

const ROOT = path.resolve(__dirname, "..", "..");
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "check-k8s-"));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

const deployment = () => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "saleor-api", namespace: "saleor", labels: { "app.kubernetes.io/name": "saleor-api" }, annotations: { "a/b": "c" } },
    spec: {
        replicas: 2,
        selector: { matchLabels: { app: "saleor-api" } },
        template: {
            metadata: { labels: { app: "saleor-api" } },
            spec: {
                containers: [
                    {
                        name: "api",
                        image: "ghcr.io/saleor/saleor:3.23.0",
                        ports: [{ containerPort: 8000 }],
                        resources: { requests: { cpu: "250m", memory: "512Mi" } },
                        readinessProbe: { httpGet: { path: "/health/", port: 8000 } },
                    },
                ],
            },
        },
    },
});

const application = () => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "saleor-dev", namespace: "argocd" },
    spec: {
        project: "apps-dev",
        destination: { name: "kyeol-dev", namespace: "saleor" },
        source: {
            repoURL: "https://github.com/kyeol/kyeol-platform.git",
            path: "gitops/overlays/dev",
            targetRevision: "main",
            kustomize: { images: ["storefront=1.dkr.ecr.ap-northeast-3.amazonaws.com/kyeol/storefront"], patches: [{ patch: "[secret]", target: { kind: "Ingress", name: "saleor" } }] },
        },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["ServerSideApply=true"] },
    },
});

const externalSecret = () => ({
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name: "saleor-database", namespace: "saleor" },
    spec: {
        refreshInterval: "1h",
        secretStoreRef: { kind: "ClusterSecretStore", name: "aws-secrets-manager" },
        target: { name: "saleor-database", template: { engineVersion: "v2", data: { DATABASE_URL: "postgres://{{ .username }}@h/db" } } },
        data: [{ secretKey: "username", remoteRef: { key: "arn:aws:secretsmanager:x", property: "username" } }],
    },
});

async function problems(object: unknown, partial = false): Promise<string[]> {
    return (await checkObject(object, partial)).problems.map((p) => `${p.path}: ${p.message}`);
}

function edited<T>(object: T, edit: (o: any) => void): T {
    const copy = deepClone(object);
    edit(copy);
    return copy;
}

describe("upstream schemas", () => {
    test("every kind the platform applies has a schema, from the package of its group", async () => {
        const kinds: [string, string, string][] = [
            ["v1", "Namespace", CORE_PACKAGE],
            ["v1", "Secret", CORE_PACKAGE],
            ["v1", "ConfigMap", CORE_PACKAGE],
            ["v1", "Service", CORE_PACKAGE],
            ["v1", "ServiceAccount", CORE_PACKAGE],
            ["apps/v1", "Deployment", CORE_PACKAGE],
            ["batch/v1", "Job", CORE_PACKAGE],
            ["autoscaling/v2", "HorizontalPodAutoscaler", CORE_PACKAGE],
            ["policy/v1", "PodDisruptionBudget", CORE_PACKAGE],
            ["networking.k8s.io/v1", "Ingress", CORE_PACKAGE],
            ["argoproj.io/v1alpha1", "Application", "@kubernetes-models/argo-cd"],
            ["argoproj.io/v1alpha1", "AppProject", "@kubernetes-models/argo-cd"],
            ["external-secrets.io/v1", "ClusterSecretStore", "@kubernetes-models/external-secrets"],
            ["external-secrets.io/v1", "ExternalSecret", "@kubernetes-models/external-secrets"],
        ];
        for (const [apiVersion, kind, pkg] of kinds) {
            const s = await schemaFor(apiVersion, kind);
            assert.ok(s, `${apiVersion} ${kind}`);
            assert.ok(s.source.startsWith(`${pkg}@`), `${apiVersion} ${kind} from ${s.source}`);
        }
    });

    test("no schema for an unknown group, a misspelt kind, a nested type or a malformed apiVersion", async () => {
        for (const [apiVersion, kind] of [
            ["example.com/v1", "Widget"],
            ["v1", "Configmap"],
            ["apps/v1", "DeploymentSpec"],
            ["external-secrets.io/v1", "AWSProvider"],
            ["apps/v1/x", "Deployment"],
            ["../v1", "Deployment"],
            ["v1", "../v1/ConfigMap"],
        ]) {
            assert.equal(await schemaFor(apiVersion, kind), undefined, `${apiVersion} ${kind}`);
        }
        assert.deepEqual(await problems({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }), [
            ": no upstream schema for example.com/v1 Widget: add the package of its API group to policy/src/k8s/schemas.ts",
        ]);
    });

    test("schema packages are pinned to exact versions and each group's package is installed", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        for (const name of [CORE_PACKAGE, ...Object.values(CRD_PACKAGES).flat()]) {
            assert.match(pkg.dependencies[name] ?? "", /^\d+\.\d+\.\d+$/, `${name} pinned exactly in package.json`);
            assert.ok(fs.existsSync(path.join(ROOT, "node_modules", name, "package.json")), `${name} installed`);
        }
    });

    test("the only property names the model generator strips from its validators are the allowed ones", () => {
        // A property declared in a package's type declarations that no compiled validator reads would make
        // every use of it an "unknown field"; strict.ts allows exactly the names stripped with the docs.
        // A package's types may be validated by another package's schemas (prometheus-operator's embedded core types
        // are checked by kubernetes-models' validators), so a name counts as read when any scanned validator reads it.
        const declaredBy = new Map<string, Set<string>>();
        const read = new Set<string>();
        for (const name of [CORE_PACKAGE, "@kubernetes-models/apimachinery", ...new Set(Object.values(CRD_PACKAGES).flat())]) {
            const declared = new Set<string>();
            const readHere = new Set<string>();
            const walk = (dir: string) => {
                for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
                    const file = path.join(dir, entry.name);
                    if (entry.isDirectory()) {
                        walk(file);
                    } else if (entry.name.endsWith(".d.ts")) {
                        for (const m of fs.readFileSync(file, "utf8").matchAll(/^\s+"([^"]+)"\??:/gm)) {
                            declared.add(m[1]);
                        }
                    } else if (entry.name.endsWith(".js") && dir.endsWith("_schemas")) {
                        const text = fs.readFileSync(file, "utf8");
                        for (const m of text.matchAll(/data\.([A-Za-z_$][\w$]*)|data\["([^"]+)"\]|missingProperty:"([^"]+)"/g)) {
                            readHere.add(m[1] ?? m[2] ?? m[3]);
                        }
                    }
                }
            };
            walk(path.join(ROOT, "node_modules", name));
            assert.ok(declared.size > 50 && readHere.size > 50, `${name}: scanned ${declared.size} declared, ${readHere.size} read`);
            declaredBy.set(name, declared);
            readHere.forEach((r) => read.add(r));
        }
        const missing = new Set<string>();
        for (const declared of declaredBy.values()) {
            for (const d of declared) {
                if (!read.has(d)) {
                    missing.add(d);
                }
            }
        }
        assert.ok(missing.has("description"), "the generator strips description (if this changes, drop the allowance)");
        assert.deepEqual([...missing].filter((k) => !strippedByGenerator(k, "text")), []);
    });
});

describe("strict validation", () => {
    test("prometheus-operator objects (the hub's alert rules) validate strictly: a typo'd rule field is caught", async () => {
        const rule = {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PrometheusRule",
            metadata: { name: "kyeol-dev", namespace: "monitoring", labels: { "kyeol.io/prometheus": "development" } },
            spec: { groups: [{ name: "kyeol-dev", rules: [{ alert: "KyeolNodeNotReady", expr: "up == 0", for: "5m",
                labels: { severity: "info" }, annotations: { summary: "x" } }] }] },
        };
        assert.deepEqual(await problems(rule), []);
        const typo = edited(rule, (r) => {
            r.spec.groups[0].rules[0].expression = r.spec.groups[0].rules[0].expr;
            delete r.spec.groups[0].rules[0].expr;
        });
        assert.deepEqual(await problems(typo), ["/spec/groups/0/rules/0: missing required field \"expr\"",
            "/spec/groups/0/rules/0/expression: unknown field (not in the schema)"]);
    });

    test("valid objects of built-in and CRD kinds pass, with free-form maps (labels, annotations, data, template data)", async () => {
        assert.deepEqual(await problems(deployment()), []);
        assert.deepEqual(await problems(application()), []);
        assert.deepEqual(await problems(externalSecret()), []);
        assert.deepEqual(await problems({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { ANY_KEY: "x", OTHER: "y" } }), []);
    });

    test("free-form values (preserve-unknown-fields) accept any keys; AppProject description is known", async () => {
        const helm = edited(application(), (a) => {
            a.spec.source.helm = { valuesObject: { anything: { goes: [1, { here: true }] } } };
            delete a.spec.source.kustomize;
        });
        assert.deepEqual(await problems(helm), []);
        const project = {
            apiVersion: "argoproj.io/v1alpha1",
            kind: "AppProject",
            metadata: { name: "apps-dev", namespace: "argocd" },
            spec: { description: "Saleor in dev", sourceRepos: ["https://github.com/kyeol/kyeol-platform.git"], destinations: [{ name: "kyeol-dev", namespace: "saleor" }], clusterResourceWhitelist: [] },
        };
        assert.deepEqual(await problems(project), []);
        assert.deepEqual(await problems(edited(project, (p) => (p.spec.description = { text: "x" }))), ["/spec/description: unknown field (not in the schema)"]);
    });

    test("an unknown field is caught wherever it is: top level, metadata, a list element, a CRD spec", async () => {
        assert.deepEqual(await problems(edited(deployment(), (d) => (d.sepc = {}))), ["/sepc: unknown field (not in the schema)"]);
        assert.deepEqual(await problems(edited(deployment(), (d) => (d.metadata.label = {}))), ["/metadata/label: unknown field (not in the schema)"]);
        assert.deepEqual(await problems(edited(deployment(), (d) => (d.spec.template.spec.containers[0].resourcez = {}))), [
            "/spec/template/spec/containers/0/resourcez: unknown field (not in the schema)",
        ]);
        assert.deepEqual(await problems(edited(deployment(), (d) => (d.spec.template.spec.containers[0].readinessProbe.httpGet.paht = "/"))), [
            "/spec/template/spec/containers/0/readinessProbe/httpGet/paht: unknown field (not in the schema)",
        ]);
        assert.deepEqual(await problems(edited(application(), (a) => (a.spec.syncPolicy.automated.prunee = true))), [
            "/spec/syncPolicy/automated/prunee: unknown field (not in the schema)",
        ]);
        assert.deepEqual(await problems(edited(externalSecret(), (e) => (e.spec.data[0].remoteRef.propery = "password"))), [
            "/spec/data/0/remoteRef/propery: unknown field (not in the schema)",
        ]);
        assert.deepEqual(await problems(edited(deployment(), (d) => (d.spec["a/b~c"] = 1))), ["/spec/a~1b~0c: unknown field (not in the schema)"]);
    });

    test("wrong types, missing required fields and values outside an enum are caught", async () => {
        assert.deepEqual(await problems(edited(deployment(), (d) => (d.spec.replicas = "two"))), ["/spec/replicas: must be integer"]);
        assert.deepEqual(await problems(edited(deployment(), (d) => delete d.spec.template.spec.containers[0].name)), [
            '/spec/template/spec/containers/0: missing required field "name"',
        ]);
        assert.deepEqual(await problems(edited(application(), (a) => delete a.spec.destination)), ['/spec: missing required field "destination"']);
        const ingress = {
            apiVersion: "networking.k8s.io/v1",
            kind: "Ingress",
            metadata: { name: "saleor" },
            spec: { rules: [{ host: "x.example.org", http: { paths: [{ path: "/", pathType: "Prefx", backend: { service: { name: "s", port: { number: 80 } } } }] } }] },
        };
        const got = await problems(ingress);
        assert.equal(got.length, 1, got.join("\n"));
        assert.match(got[0], /^\/spec\/rules\/0\/http\/paths\/0\/pathType: must be equal to one of the allowed values: .*"Prefix"/);
        assert.deepEqual(await problems({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { A: 1 } }), ["/data/A: must be string"]);
        assert.deepEqual(await problems("x"), [": not an object"]);
        assert.deepEqual(await problems({ kind: "ConfigMap" }), [": apiVersion and kind must be strings"]);
    });

    test("values unknown before `up` ([secret], engine unknowns) are not judged, the rest of the object is", async () => {
        const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "argocd-secret", namespace: "argocd" }, stringData: "[secret]", type: "Opaque" };
        assert.deepEqual(await problems(secret), []);
        assert.deepEqual(await problems(edited(secret, (s) => (s.strinData = {}))), ["/strinData: unknown field (not in the schema)"]);
        const unknownDestination = { ...application(), spec: { ...application().spec, destination: UNKNOWN } };
        assert.deepEqual(await problems(unknownDestination), []);
        assert.deepEqual(await problems({ ...unknownDestination, spec: { ...unknownDestination.spec, projct: "x" } }), ["/spec/projct: unknown field (not in the schema)"]);
    });

    test("a patch (server-side apply) need not carry required fields, but its fields must exist", async () => {
        const patch = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "saleor-api" }, spec: { replicas: 3 } };
        assert.ok((await problems(patch)).some((p) => /missing required field "selector"/.test(p)));
        assert.deepEqual(await problems(patch, true), []);
        assert.deepEqual(await problems(edited(patch, (p) => (p.spec.replica = 3)), true), ["/spec/replica: unknown field (not in the schema)"]);
    });
});

describe("plan objects", () => {
    test("resource types map to apiVersion and kind; releases, charts and YAML groups are not objects", () => {
        assert.deepEqual(objectType("kubernetes:core/v1:ConfigMap"), { apiVersion: "v1", kind: "ConfigMap", patch: false });
        assert.deepEqual(objectType("kubernetes:argoproj.io/v1alpha1:Application"), { apiVersion: "argoproj.io/v1alpha1", kind: "Application", patch: false });
        assert.deepEqual(objectType("kubernetes:apps/v1:DeploymentPatch"), { apiVersion: "apps/v1", kind: "Deployment", patch: true });
        for (const t of ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart", "kubernetes:yaml/v2:ConfigGroup", "kubernetes:kustomize/v2:Directory", "pulumi:providers:kubernetes", "aws:eks/cluster:Cluster"]) {
            assert.equal(objectType(t), undefined, t);
        }
    });

    test("an apiVersion or kind that disagrees with the resource type is reported; missing ones come from the type", async () => {
        const ns = (props: object) => ({ type: "kubernetes:core/v1:Namespace", name: "ns", urn: "urn:ns", props });
        assert.deepEqual(await checkPlanObjects([ns({ metadata: { name: "saleor" } })]), []);
        const got = await checkPlanObjects([ns({ apiVersion: "v1beta1", kind: "Namespace", metadata: { name: "saleor" } })]);
        assert.deepEqual(got.map((p) => `${p.label} ${p.path}: ${p.message}`), ['Namespace ns /apiVersion: is "v1beta1" but the resource type kubernetes:core/v1:Namespace applies v1']);
    });

    test(`${KUBERNETES_OBJECT_SCHEMA}: a typo is not reported while its value is unknown in a preview, and is once known`, async () => {
        const app = R("kubernetes:argoproj.io/v1alpha1:Application", "app", edited(application(), (a) => (a.spec.syncPolicy.automated.prune = "yes")));
        const known = await run(policy(KUBERNETES_OBJECT_SCHEMA), [app], {}, previewProxy);
        assert.deepEqual(known.map((v) => v.message), ["Application app: /spec/syncPolicy/automated/prune: must be boolean"]);
        const unknown = deepClone(app);
        unknown.props.spec.syncPolicy.automated.prune = UNKNOWN_STRING;
        assert.deepEqual(await run(policy(KUBERNETES_OBJECT_SCHEMA), [unknown], {}, previewProxy), []);
    });
});

describe("check-k8s (the CLI the Java tests call)", () => {
    const cli = path.join(ROOT, "bin", "src", "k8s", "cli.js");
    const runCli = (input: unknown, ...args: string[]) => {
        const file = path.join(TMP, `in-${Math.random().toString(36).slice(2)}.json`);
        fs.writeFileSync(file, typeof input === "string" ? input : JSON.stringify(input));
        const r = spawnSync(process.execPath, [cli, file, ...args], { encoding: "utf8", timeout: 60_000 });
        return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };

    test("manifests and plans in one run: problems as JSON, exit 3; clean input exits 0", () => {
        const plan = {
            stack: "dev",
            resources: [
                { urn: "urn:app", type: "kubernetes:argoproj.io/v1alpha1:Application", name: "dev-app", inputs: edited(application(), (a) => (a.spec.sourc = {})) },
                { urn: "urn:release", type: "kubernetes:helm.sh/v3:Release", name: "r", inputs: { chart: "x", values: { anything: 1 } } },
            ],
        };
        const bad = runCli({ manifests: [{ source: "gitops/overlays/dev", objects: [deployment(), edited(deployment(), (d) => (d.spec.replicas = "2"))] }], plans: [plan] }, "--json");
        assert.equal(bad.code, 3, bad.stderr);
        assert.deepEqual(JSON.parse(bad.stdout), {
            checked: 3,
            problems: [
                { source: "gitops/overlays/dev", object: "Deployment saleor/saleor-api", path: "/spec/replicas", message: "must be integer" },
                { source: "plan dev", object: "Application dev-app", path: "/spec/sourc", message: "unknown field (not in the schema)" },
            ],
        });
        const good = runCli({ manifests: [{ source: "x", objects: [deployment(), application()] }] });
        assert.equal(good.code, 0, good.stdout + good.stderr);
        assert.match(good.stdout, /check-k8s: 2 object\(s\), 0 problem\(s\)/);
    });

    test("check-plan reports a typo'd plan object as a mandatory kubernetes-object-schema violation (exit 3)", () => {
        const plan = {
            stack: "dev",
            resources: [{ urn: "urn:pulumi:dev::kyeol-platform::kubernetes:argoproj.io/v1alpha1:Application::app", type: "kubernetes:argoproj.io/v1alpha1:Application", name: "app", inputs: edited(application(), (a) => (a.spec.syncPolicy.automated.prunee = true)) }],
        };
        const file = path.join(TMP, "plan.json");
        fs.writeFileSync(file, JSON.stringify(plan));
        const r = spawnSync("bash", [path.join(ROOT, "check-plan"), file, "--tier", "development", "--json"], { encoding: "utf8", timeout: 60_000 });
        assert.equal(r.status, 3, r.stderr);
        const v = JSON.parse(r.stdout).violations.filter((x: any) => x.policyName === KUBERNETES_OBJECT_SCHEMA);
        assert.deepEqual(v.map((x: any) => [x.enforcementLevel, x.message]), [["mandatory", "Application app: /spec/syncPolicy/automated/prunee: unknown field (not in the schema)"]]);
    });

    test("bad input is one line on stderr with exit 2", () => {
        for (const [input, re] of [
            ["{", /invalid JSON/],
            [[], /expected a JSON object/],
            [{ manifest: [] }, /unknown key "manifest"/],
            [{ manifests: [{ objects: [] }] }, /manifests\[0\] must be/],
            [{ plans: [{ resources: "x" }] }, /plans\[0\]: "resources" must be an array/],
        ] as [unknown, RegExp][]) {
            const r = runCli(input);
            assert.equal(r.code, 2, JSON.stringify(input));
            assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
            assert.match(r.stderr, /^check-k8s: /);
            assert.match(r.stderr, re);
        }
    });
});
