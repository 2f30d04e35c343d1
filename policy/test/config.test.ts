import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { CheckError, loadConfigFile, reconcileConfig, validate } from "../src/checker/config";
import { policies } from "../src/policies";

const CONFIG_DIR = path.resolve(__dirname, "..", "..", "config");
const load = (stack: string) => loadConfigFile(policies, path.join(CONFIG_DIR, `${stack}.json`));
const prop = (stack: string, policy: string, key: string) => load(stack).get(policy)!.properties[key];

describe("policy/config/<stack>.json", () => {
    test("exactly the four stacks have a config, and each is valid for the pack", () => {
        assert.deepEqual(fs.readdirSync(CONFIG_DIR).sort(), ["dev.json", "mgmt.json", "prod.json", "stage.json"]);
        for (const s of ["dev", "stage", "prod", "mgmt"]) {
            const c = load(s);
            assert.equal(c.size, policies.length);
        }
    });

    test("backup retention minimum is 1 / 7 / 14 days for dev / stage / prod", () => {
        assert.deepEqual(["dev", "stage", "prod"].map((s) => prop(s, "rds-backup-retention", "minimumDays")), [1, 7, 14]);
    });

    test("Multi-AZ and deletion protection are required on stage and prod only", () => {
        for (const p of ["rds-multi-az", "rds-deletion-protection"]) {
            assert.deepEqual(["dev", "stage", "prod"].map((s) => prop(s, p, "required")), [false, true, true], p);
        }
    });

    test("a final database snapshot is required everywhere but dev; cache snapshots follow the tier minimums 0 / 1 / 7", () => {
        assert.deepEqual(["dev", "stage", "prod", "mgmt"].map((s) => prop(s, "rds-final-snapshot", "required")), [false, true, true, true]);
        // the same minimums the Java loader enforces (config/Tier.java minimumCacheSnapshotDays)
        assert.deepEqual(["dev", "stage", "prod"].map((s) => prop(s, "elasticache-snapshots", "minimumDays")), [0, 1, 7]);
    });

    test("WAF is required on prod only", () => {
        assert.deepEqual(["dev", "stage", "prod", "mgmt"].map((s) => prop(s, "cloudfront-waf", "required")), [false, false, true, false]);
    });

    test("EKS versions 1.32-1.34 everywhere", () => {
        for (const s of ["dev", "stage", "prod", "mgmt"]) {
            assert.deepEqual(prop(s, "eks-supported-version", "allowedVersions"), ["1.34", "1.35", "1.36"]);
        }
    });

    test("prod protects every stateful type and the media bucket; other stacks protect the NAT EIP", () => {
        assert.deepEqual(prop("prod", "stateful-resources-protected", "resourceTypes").length, 4);
        assert.equal(prop("prod", "stateful-resources-protected", "mediaBucket"), true);
        for (const s of ["dev", "stage", "mgmt"]) {
            assert.deepEqual(prop(s, "stateful-resources-protected", "resourceTypes"), ["aws:ec2/eip:Eip"]);
        }
    });

    test("each stack expects its own Environment tag", () => {
        for (const s of ["dev", "stage", "prod", "mgmt"]) {
            assert.deepEqual(prop(s, "aws-provider-default-tags", "expectedValues"), { Environment: s });
        }
    });
});

describe("reconcileConfig (the CLI's --policy-pack-config semantics)", () => {
    const rc = (raw: unknown) => reconcileConfig(policies, raw, "cfg.json");

    test("defaults come from configSchema; levels from the policy", () => {
        const c = rc({});
        assert.deepEqual(c.get("rds-backup-retention"), { enforcementLevel: "mandatory", properties: { minimumDays: 7 } });
        assert.deepEqual(c.get("rds-storage-encrypted"), { enforcementLevel: "mandatory", properties: {} });
    });

    test("a string sets the level, an object sets level and properties, all sets every level first", () => {
        const c = rc({ all: "advisory", "rds-storage-encrypted": "disabled", "rds-backup-retention": { enforcementLevel: "mandatory", minimumDays: 3 } });
        assert.equal(c.get("ecr-immutable-tags")!.enforcementLevel, "advisory");
        assert.equal(c.get("rds-storage-encrypted")!.enforcementLevel, "disabled");
        assert.deepEqual(c.get("rds-backup-retention"), { enforcementLevel: "mandatory", properties: { minimumDays: 3 } });
    });

    const bad: [string, unknown, RegExp][] = [
        ["unknown policy", { "rds-encrypted": "mandatory" }, /cfg\.json: "rds-encrypted" is not a policy of this pack/],
        ["bad level", { "rds-storage-encrypted": "strict" }, /"strict" is not an enforcement level/],
        ["bad property type", { "rds-backup-retention": { minimumDays: "7" } }, /rds-backup-retention\.minimumDays: expected integer, got string/],
        ["out of range", { "rds-backup-retention": { minimumDays: 40 } }, /must be <= 35/],
        ["unknown property", { "rds-multi-az": { requird: true } }, /rds-multi-az\.requird: unknown config property \(known: required\)/],
        ["bad array item", { "eks-supported-version": { allowedVersions: [1.33] } }, /allowedVersions: \[0\]: expected string/],
        ["not an object", [], /expected a JSON object/],
        ["bad value", { "rds-multi-az": 5 }, /must be an enforcement level string or an object/],
    ];
    for (const [title, raw, re] of bad) {
        test(`rejects ${title} with one clear line`, () => {
            assert.throws(() => rc(raw), (e: unknown) => e instanceof CheckError && re.test(e.message) && !e.message.includes("\n"));
        });
    }

    test("validate() checks type, enum, bounds, items and additionalProperties", () => {
        assert.equal(validate({ type: "integer" }, 3), undefined);
        assert.match(validate({ type: "integer" }, 3.5)!, /expected integer/);
        assert.equal(validate({ type: "number" }, 3), undefined);
        assert.match(validate({ enum: ["a"] }, "b")!, /one of/);
        assert.match(validate({ type: "integer", minimum: 1 }, 0)!, />= 1/);
        assert.match(validate({ type: "object", additionalProperties: { type: "string" } }, { a: 1 })!, /a: expected string/);
    });
});
