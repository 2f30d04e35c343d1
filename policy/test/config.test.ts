import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { CheckError, reconcileConfig, stackConfig, TIERS, validate } from "../src/checker/config";
import { policies } from "../src/policies";

const CONFIG_DIR = path.resolve(__dirname, "..", "..", "config");
const TIER_NAMES = ["development", "staging", "production"];
const load = (tier: string, stack = "x") => reconcileConfig(policies, stackConfig(CONFIG_DIR, tier, stack), `${tier}.json`);
const prop = (tier: string, policy: string, key: string) => load(tier).get(policy)!.properties[key];

describe("policy/config/<tier>.json", () => {
    test("exactly the three tiers have a config, and each is valid for the pack", () => {
        assert.deepEqual(fs.readdirSync(CONFIG_DIR).sort(), ["development.json", "production.json", "staging.json"]);
        assert.deepEqual([...TIERS], TIER_NAMES);
        for (const t of TIER_NAMES) {
            assert.equal(load(t).size, policies.length);
        }
    });

    test("backup retention minimum is 1 / 7 / 14 days for development / staging / production", () => {
        assert.deepEqual(TIER_NAMES.map((t) => prop(t, "rds-backup-retention", "minimumDays")), [1, 7, 14]);
    });

    test("Multi-AZ and deletion protection are required on staging and production only", () => {
        for (const p of ["rds-multi-az", "rds-deletion-protection"]) {
            assert.deepEqual(TIER_NAMES.map((t) => prop(t, p, "required")), [false, true, true], p);
        }
    });

    test("a final database snapshot is required on staging and production; cache snapshots follow the tier minimums 0 / 1 / 7", () => {
        assert.deepEqual(TIER_NAMES.map((t) => prop(t, "rds-final-snapshot", "required")), [false, true, true]);
        // the same minimums the Java loader enforces (config/Tier.java minimumCacheSnapshotDays)
        assert.deepEqual(TIER_NAMES.map((t) => prop(t, "elasticache-snapshots", "minimumDays")), [0, 1, 7]);
    });

    test("WAF is required on production only", () => {
        assert.deepEqual(TIER_NAMES.map((t) => prop(t, "cloudfront-waf", "required")), [false, false, true]);
    });

    test("EKS versions 1.34-1.36 everywhere", () => {
        for (const t of TIER_NAMES) {
            assert.deepEqual(prop(t, "eks-supported-version", "allowedVersions"), ["1.34", "1.35", "1.36"]);
        }
    });

    test("production protects every stateful type and the media bucket; other tiers protect the NAT EIP", () => {
        assert.deepEqual(prop("production", "stateful-resources-protected", "resourceTypes").length, 4);
        assert.equal(prop("production", "stateful-resources-protected", "mediaBucket"), true);
        for (const t of ["development", "staging"]) {
            assert.deepEqual(prop(t, "stateful-resources-protected", "resourceTypes"), ["aws:ec2/eip:Eip"]);
        }
    });

    test("each stack expects its own Environment tag, whatever its tier; no tier file names a stack", () => {
        for (const t of TIER_NAMES) {
            assert.deepEqual(load(t, "qa").get("aws-provider-default-tags")!.properties.expectedValues, { Environment: "qa" });
            assert.doesNotMatch(fs.readFileSync(path.join(CONFIG_DIR, `${t}.json`), "utf8"), /Environment/);
        }
    });

    test("an unknown tier is refused", () => {
        assert.throws(() => stackConfig(CONFIG_DIR, "qa", "qa"), (e: unknown) => e instanceof CheckError && /unknown tier "qa"/.test(e.message));
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
