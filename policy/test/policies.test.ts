// Every policy against its passing and failing cases (test/cases.ts), called directly with fake
// @pulumi/policy args; then the same cases through the engine's unknown-checking proxy.
import { strict as assert } from "node:assert";
import { describe, test } from "node:test";
import { isUndecided } from "../src/lib/rules";
import { policies } from "../src/policies";
import { cases, set } from "./cases";
import { deepClone, FakeResource, policy, previewProxy, run, UNKNOWN_ARRAY, UNKNOWN_OBJECT, UNKNOWN_STRING } from "./helpers";

test("every policy has at least one passing and one failing case, and no case names a missing policy", () => {
    for (const p of policies) {
        const c = cases[p.name];
        assert.ok(c, `no cases for ${p.name}`);
        assert.ok(c.pass.length >= 1, `${p.name}: no passing case`);
        assert.ok(c.fail.length >= 1, `${p.name}: no failing case`);
        for (const f of c.fail) {
            assert.ok(f.expect, `${p.name} / ${f.title}: failing case without an expected message`);
        }
    }
    const names = new Set(policies.map((p) => p.name));
    assert.deepEqual(Object.keys(cases).filter((n) => !names.has(n)), []);
});

for (const p of policies) {
    describe(p.name, () => {
        for (const c of cases[p.name]?.pass ?? []) {
            test(`passes: ${c.title}`, async () => {
                assert.deepEqual(await run(p, c.input, c.config), []);
            });
        }
        for (const c of cases[p.name]?.fail ?? []) {
            test(`fails: ${c.title}`, async () => {
                const got = await run(p, c.input, c.config);
                assert.ok(got.length >= 1, "expected a violation");
                assert.ok(got.some((v) => c.expect!.test(v.message)), `no message matches ${c.expect}: ${JSON.stringify(got)}`);
                if (p.kind === "stack") {
                    assert.ok(got.every((v) => typeof v.urn === "string" && v.urn.startsWith("urn:pulumi:")), "stack violations name the offending resource");
                }
            });
        }
    });
}

describe("under the preview proxy", () => {
    test("known values give the same verdicts through @pulumi/policy's unknown-checking proxy", async () => {
        for (const p of policies) {
            for (const c of [...cases[p.name].pass, ...cases[p.name].fail]) {
                const direct = await run(p, c.input, c.config);
                const proxied = await run(p, c.input, c.config, previewProxy);
                assert.deepEqual(proxied, direct, `${p.name} / ${c.title}`);
            }
        }
    });

    /** Every leaf value replaced by the engine's unknown string sentinel. */
    function unknownLeaves(v: any): any {
        if (Array.isArray(v)) {
            return v.map(unknownLeaves);
        }
        if (v && typeof v === "object") {
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unknownLeaves(x)]));
        }
        return UNKNOWN_STRING;
    }

    test("no policy throws (which would downgrade it to advisory) when values are unknown", async () => {
        for (const p of policies) {
            for (const c of [...cases[p.name].pass, ...cases[p.name].fail]) {
                const inputs = Array.isArray(c.input) ? c.input : [c.input];
                const leafUnknown = inputs.map((r) => ({ ...deepClone(r), props: unknownLeaves(r.props) }));
                const topUnknown = inputs.map((r) => ({ ...deepClone(r), props: Object.fromEntries(Object.keys(r.props).map((k) => [k, UNKNOWN_OBJECT])) }));
                for (const variant of [leafUnknown, topUnknown]) {
                    // A behaviour proof may say what it could not decide: the engine then lists it as advisory
                    // "can't run during preview" (by design, see rules.ts undecidedError); nothing else may throw.
                    const running = run(p, Array.isArray(c.input) ? variant : variant[0], c.config, previewProxy)
                        .catch((e) => {
                            if (!(p.name.startsWith("proof-") && isUndecided(e))) {
                                throw e;
                            }
                        });
                    await assert.doesNotReject(running, `${p.name} / ${c.title}`);
                }
            }
        }
    });

    // A failing input whose offending value becomes unknown must not be reported: during a preview
    // the value may well turn out fine.
    // [policy, failing case title, path made unknown, sentinel, index of the resource in a stack case]
    const unknownCases: [string, string, string, string, number?][] = [
        ["eks-public-endpoint-restricted", "0.0.0.0/0", "vpcConfig.publicAccessCidrs", UNKNOWN_ARRAY],
        ["eks-public-endpoint-restricted", "0.0.0.0/0", "vpcConfig.publicAccessCidrs.1", UNKNOWN_STRING],
        ["eks-secrets-encryption", "no key", "encryptionConfig.provider.keyArn", UNKNOWN_STRING],
        ["eks-control-plane-logging", "api only", "enabledClusterLogTypes", UNKNOWN_ARRAY],
        ["eks-supported-version", "1.29", "version", UNKNOWN_STRING],
        ["rds-storage-encrypted", "false", "storageEncrypted", UNKNOWN_STRING],
        ["rds-backup-retention", "3 < prod 14", "backupRetentionPeriod", UNKNOWN_STRING],
        ["rds-force-ssl", "no group", "parameterGroupName", UNKNOWN_STRING],
        ["elasticache-auth-token", "none", "authToken", UNKNOWN_STRING],
        ["ecr-immutable-tags", "mutable", "imageTagMutability", UNKNOWN_STRING],
        ["cloudfront-viewer-https", "default allow-all", "defaultCacheBehavior.viewerProtocolPolicy", UNKNOWN_STRING],
        ["cloudfront-waf", "prod without WAF", "webAclId", UNKNOWN_STRING],
        ["waf-managed-rule-groups", "missing bad inputs", "rules", UNKNOWN_ARRAY],
        ["s3-public-access-block", "one false", "restrictPublicBuckets", UNKNOWN_STRING, 1],
        ["sg-no-world-ingress", "22 from world (inline)", "ingress", UNKNOWN_ARRAY],
        ["sg-data-ports-from-sg-only", "5432 from world (ingress rule)", "fromPort", UNKNOWN_STRING],
        ["iam-no-wildcard-action", "Action *", "policy", UNKNOWN_STRING],
        ["iam-trust-policy-conditioned", "pod identity without condition", "assumeRolePolicy", UNKNOWN_STRING],
        ["log-group-retention", "forever", "retentionInDays", UNKNOWN_STRING],
        ["aws-provider-default-tags", "missing ManagedBy", "defaultTags", UNKNOWN_STRING],
        ["helm-chart-version-pinned", "range", "version", UNKNOWN_STRING],
        ["helm-aws-identity", "nothing", "namespace", UNKNOWN_STRING],
        ["kms-key-rotation", "no rotation", "enableKeyRotation", UNKNOWN_STRING],
    ];
    for (const [name, title, path, sentinel, index = 0] of unknownCases) {
        test(`${name}: "${title}" is not reported when ${path} is unknown`, async () => {
            const c = cases[name].fail.find((x) => x.title === title);
            assert.ok(c, "case exists");
            assert.ok((await run(policy(name), c.input, c.config)).length > 0, "fails while known");
            const inputs = (Array.isArray(c.input) ? c.input : [c.input]) as FakeResource[];
            const changed = inputs.map((r, i) => (i === index ? set(r, path, sentinel) : r));
            const got = await run(policy(name), Array.isArray(c.input) ? changed : changed[0], c.config, previewProxy);
            assert.deepEqual(got, []);
        });
    }
});
