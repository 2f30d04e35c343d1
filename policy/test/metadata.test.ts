import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { SUPPORTED_SCHEMA_KEYWORDS, validate } from "../src/checker/config";
import { policies, PACK_NAME } from "../src/policies";

const ROOT = path.resolve(__dirname, "..", "..");

test("the pack has at least 40 uniquely named policies with a valid pack name", () => {
    assert.ok(policies.length >= 40, `only ${policies.length} policies`);
    const names = policies.map((p) => p.name);
    assert.equal(new Set(names).size, names.length, "duplicate policy names");
    assert.match(PACK_NAME, /^[a-zA-Z0-9-_.]{1,100}$/);
    assert.equal(PACK_NAME, "kyeol-platform-policy");
    for (const n of names) {
        assert.match(n, /^[a-z0-9]+(-[a-z0-9]+)*$/, n);
        assert.notEqual(n, "all", "\"all\" is reserved by Pulumi");
    }
});

test("every policy carries severity, enforcement level, description, remediation and the types it reads", () => {
    for (const p of policies) {
        assert.ok(["low", "medium", "high", "critical"].includes(p.severity), `${p.name}: severity ${p.severity}`);
        assert.ok(["mandatory", "advisory"].includes(p.enforcementLevel as string), `${p.name}: enforcementLevel ${p.enforcementLevel}`);
        assert.ok(p.description.length > 20, `${p.name}: description`);
        assert.ok(p.remediationSteps.length > 10, `${p.name}: remediationSteps`);
        assert.ok(p.resourceTypes.length > 0, `${p.name}: resourceTypes`);
        for (const t of p.resourceTypes) {
            assert.match(t, /^(aws|kubernetes|pulumi):[^:]+:[A-Za-z0-9]+$/, `${p.name}: type token ${t}`);
        }
        const isStack = "validateStack" in p && typeof p.validateStack === "function";
        const isResource = "validateResource" in p && typeof p.validateResource === "function";
        assert.ok(isStack !== isResource, `${p.name}: exactly one of validateStack/validateResource`);
        assert.equal(p.kind, isStack ? "stack" : "resource");
    }
});

test("config schemas use only supported keywords, never enforcementLevel, and their defaults are valid", () => {
    for (const p of policies) {
        for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
            assert.notEqual(k, "enforcementLevel", `${p.name}: enforcementLevel cannot be a config property`);
            assert.equal(typeof s, "object");
            const walk = (schema: any, where: string) => {
                for (const key of Object.keys(schema)) {
                    assert.ok(SUPPORTED_SCHEMA_KEYWORDS.includes(key), `${where}: unsupported schema keyword ${key}`);
                }
                if (schema.items) walk(schema.items, `${where}.items`);
                if (typeof schema.additionalProperties === "object") walk(schema.additionalProperties, `${where}.additionalProperties`);
            };
            walk(s, `${p.name}.${k}`);
            assert.ok("default" in (s as object), `${p.name}.${k}: every config property has a default`);
            assert.equal(validate(s as any, (s as any).default), undefined, `${p.name}.${k}: default fails its own schema`);
        }
    }
});

test("importing the policies module does not load the PolicyPack server", () => {
    const loaded = Object.keys(require.cache).filter((k) => /@pulumi[\\/]policy[\\/](server|policy)\.js$/.test(k));
    assert.deepEqual(loaded, []);
});

test("PulumiPolicy.yaml, index.ts and package.json are what a real pack needs", () => {
    assert.match(fs.readFileSync(path.join(ROOT, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
    const index = fs.readFileSync(path.join(ROOT, "index.ts"), "utf8");
    assert.match(index, /new PolicyPack\(PACK_NAME, \{\s*policies,/);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.equal(pkg.dependencies["@pulumi/policy"], "1.21.0");
    assert.equal(pkg.main, undefined, "no main: the Pulumi nodejs runtime loads index.ts through ts-node");
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
        assert.match(version as string, /^\d+\.\d+\.\d+$/, `${name} must be pinned exactly, got ${version}`);
        assert.equal(lock.packages[`node_modules/${name}`]?.version, version, `${name}: package-lock.json disagrees`);
    }
});
