// Every policy against its passing and failing cases (test/cases.ts), called directly with fake
// @pulumi/policy args; then the same cases through the engine's unknown-checking proxy.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { isUndecided } from "../src/lib/rules";
import { reconcileConfig, stackConfig } from "../src/checker/config";
import { parsePlan } from "../src/checker/plan";
import { evaluate } from "../src/checker/run";
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
                if (c.offlineOnly) {
                    // the engine unwraps secrets: a clear-text value and a secret look alike there, so nothing is said
                    assert.ok(direct.length > 0, `${p.name} / ${c.title}: reported offline`);
                    assert.deepEqual(proxied.filter((v) => c.expect!.test(v.message)), [], `${p.name} / ${c.title}: silent under the engine`);
                } else {
                    assert.deepEqual(proxied, direct, `${p.name} / ${c.title}`);
                }
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
        ["iam-trust-policy-conditioned", "principal *", "assumeRolePolicy", UNKNOWN_STRING],
        ["iam-no-wildcard-action", "deploy identity with iam:*", "policy", UNKNOWN_STRING],
        ["ci-preview-role-read-only", "preview with PowerUserAccess", "assumeRolePolicy", UNKNOWN_STRING, 0],
        ["ci-preview-role-read-only", "preview with PowerUserAccess", "policyArn", UNKNOWN_STRING, 1],
        ["resource-policy-not-public", "key open to everyone", "policy", UNKNOWN_STRING],
        ["s3-tls-only", "no deny", "policy", UNKNOWN_STRING, 1],
        ["waf-rules-enforced", "rate rule counts", "rules", UNKNOWN_ARRAY],
        ["launch-template-imds-hop-limit", "hop limit 2", "metadataOptions.httpPutResponseHopLimit", UNKNOWN_STRING],
        ["launch-template-root-volume-encrypted", "unencrypted root", "blockDeviceMappings", UNKNOWN_ARRAY],
        ["rds-final-snapshot", "no identifier", "finalSnapshotIdentifier", UNKNOWN_STRING],
        ["elasticache-snapshots", "none kept", "snapshotRetentionLimit", UNKNOWN_STRING],
        ["ecr-lifecycle-policy", "empty rules", "policy", UNKNOWN_STRING, 1],
        ["argocd-project-scoped", "any source", "spec", UNKNOWN_OBJECT],
        ["argocd-application-finalizer", "no finalizers", "metadata.finalizers", UNKNOWN_ARRAY],
        ["argocd-application-project", "default project", "spec.project", UNKNOWN_STRING],
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

// The same regressions made in the real plans (test/fixtures, regenerated from `bin/plan <stack> --json`): each is
// caught by name there too, so the policies read the shapes the program really emits (ids, dependencies, JSON strings).
describe("broken variants of the real plans", () => {
    const ROOT = path.resolve(__dirname, "..", "..");
    const fixture = (stack: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "test", "fixtures", `${stack}-clean.json`), "utf8"));
    const one = (plan: any, type: string, nameEnds: string) => {
        const found = plan.resources.filter((r: any) => r.type === type && r.name.endsWith(nameEnds));
        assert.equal(found.length, 1, `one ${type} named …${nameEnds} in the ${plan.stack} plan`);
        return found[0];
    };
    const parse = (json: string) => JSON.parse(json);
    /** A GitHub role's trust, in the plan's inputs and in the engine's state alike, with these :sub values under StringLike. */
    const retrust = (role: any, subjects: string[]) => {
        const doc = parse(role.inputs.assumeRolePolicy);
        doc.Statement[0].Condition = {
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
            StringLike: { "token.actions.githubusercontent.com:sub": subjects },
        };
        role.inputs.assumeRolePolicy = role.outputs.assumeRolePolicy = JSON.stringify(doc);
    };
    async function mandatory(plan: any) {
        const config = reconcileConfig(policies, stackConfig(path.join(ROOT, "config"), plan.outputs.tier, plan.stack), `${plan.stack}`);
        const violations = await evaluate(policies, parsePlan(JSON.stringify(plan), "plan"), config);
        return violations.filter((v) => v.enforcementLevel === "mandatory");
    }
    async function names(plan: any): Promise<Set<string>> {
        return new Set((await mandatory(plan)).map((v) => v.policyName));
    }
    const variants: [string, string, (plan: any) => void, string[]][] = [
        ["media bucket without the TLS-only deny", "prod", (p) => {
            const bp = one(p, "aws:s3/bucketPolicy:BucketPolicy", "-media-policy");
            const doc = parse(bp.inputs.policy);
            doc.Statement = doc.Statement.filter((s: any) => s.Sid !== "DenyInsecureTransport");
            bp.inputs.policy = JSON.stringify(doc);
        }, ["s3-tls-only"]],
        ["media bucket readable by everyone", "prod", (p) => {
            const bp = one(p, "aws:s3/bucketPolicy:BucketPolicy", "-media-policy");
            const doc = parse(bp.inputs.policy);
            doc.Statement.push({ Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::x/*" });
            bp.inputs.policy = JSON.stringify(doc);
        }, ["resource-policy-not-public"]],
        ["ECR repository pullable by everyone", "mgmt", (p) => {
            const rp = one(p, "aws:ecr/repositoryPolicy:RepositoryPolicy", "-ecr-api-pull");
            rp.inputs.policy = rp.inputs.policy.replace('{"AWS":["arn:aws:iam::111122223333:root"]}', '"*"');
        }, ["resource-policy-not-public"]],
        ["KMS key open to everyone", "prod", (p) => {
            one(p, "aws:kms/key:Key", "-postgres-key").inputs.policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" }] });
        }, ["resource-policy-not-public"]],
        // The preview role trusts the pulumi-preview environment (reviewers approve running a pull request's code), not
        // a bare pull request's token: opened to pull requests, its state access (kms:Decrypt) is caught, and so is more.
        ["preview identity trusted by bare pull requests", "mgmt", (p) => {
            const role = one(p, "aws:iam/role:Role", "-ci-preview");
            role.inputs.assumeRolePolicy = role.inputs.assumeRolePolicy.replace("environment:pulumi-preview", "pull_request");
        }, ["ci-preview-role-read-only"]],
        ["preview identity with write access, trusted by bare pull requests", "mgmt", (p) => {
            const role = one(p, "aws:iam/role:Role", "-ci-preview");
            role.inputs.assumeRolePolicy = role.inputs.assumeRolePolicy.replace("environment:pulumi-preview", "pull_request");
            one(p, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "-ci-preview-ReadOnlyAccess").inputs.policyArn = "arn:aws:iam::aws:policy/PowerUserAccess";
        }, ["ci-preview-role-read-only"]],
        ["deploy identity with iam:*", "mgmt", (p) => {
            const rp = one(p, "aws:iam/rolePolicy:RolePolicy", "-ci-deploy-iam");
            rp.inputs.policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:*"], Resource: "*" }] });
        }, ["iam-no-wildcard-action"]],
        // GitHub creates an environment the moment a workflow names it, without protection rules: the CI roles list
        // their environments (from the stack files) exactly. The static rule catches the pattern; the proof's IAM
        // evaluator catches it by trying a made-up environment's token, and also a wrong environment spelt out.
        ["deploy identity trusted for environment:*", "mgmt", (p) => retrust(one(p, "aws:iam/role:Role", "-ci-deploy"), ["repo:kyeol/kyeol-platform:environment:*"]),
            ["iam-trust-policy-conditioned", "proof-permissions"]],
        ["image push identity trusted for the deploy branch and environment:*", "mgmt", (p) =>
            retrust(one(p, "aws:iam/role:Role", "-ci-image-push"), ["repo:kyeol/kyeol-platform:ref:refs/heads/main", "repo:kyeol/kyeol-platform:environment:*"]),
            ["iam-trust-policy-conditioned", "proof-permissions"]],
        ["deploy identity trusted for the preview environment too", "mgmt", (p) => {
            const role = one(p, "aws:iam/role:Role", "-ci-deploy");
            const subjects = parse(role.outputs.assumeRolePolicy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"];
            retrust(role, [...subjects, "repo:kyeol/kyeol-platform:environment:pulumi-preview"]);
        }, ["proof-permissions"]],
        // The hub's maximum decides whether every runner at work finds a node: none can when the group may not grow.
        ["the hub's node group cannot add a node for the runners", "mgmt", (p) => {
            const group = one(p, "aws:eks/nodeGroup:NodeGroup", "-nodes");
            group.inputs.scalingConfig.maxSize = group.inputs.scalingConfig.minSize;
            if (group.outputs?.scalingConfig) {
                group.outputs.scalingConfig.maxSize = group.inputs.scalingConfig.maxSize;
            }
        }, ["proof-capacity"]],
        ["deploy trust widened to every repository of the owner, without aud", "mgmt", (p) => {
            const role = one(p, "aws:iam/role:Role", "-ci-deploy");
            const doc = parse(role.inputs.assumeRolePolicy);
            doc.Statement[0].Condition = { StringLike: { "token.actions.githubusercontent.com:sub": ["repo:kyeol/*"] } };
            role.inputs.assumeRolePolicy = JSON.stringify(doc);
        }, ["iam-trust-policy-conditioned", "ci-preview-role-read-only"]], // repo:kyeol/* also admits pull requests to a writer
        ["known bad inputs switched to count", "prod", (p) => {
            const acl = one(p, "aws:wafv2/webAcl:WebAcl", "-web-acl");
            acl.inputs.rules.find((r: any) => r.name.endsWith("KnownBadInputsRuleSet")).overrideAction = { count: {} };
        }, ["waf-rules-enforced"]],
        ["IMDS hop limit 2 and an unencrypted root volume", "prod", (p) => {
            const lt = one(p, "aws:ec2/launchTemplate:LaunchTemplate", "-nodes-lt");
            lt.inputs.metadataOptions.httpPutResponseHopLimit = 2;
            lt.inputs.blockDeviceMappings[0].ebs.encrypted = "false";
        }, ["launch-template-imds-hop-limit", "launch-template-root-volume-encrypted"]],
        ["production database without a final snapshot", "prod", (p) => {
            one(p, "aws:rds/instance:Instance", "-postgres").inputs.skipFinalSnapshot = true;
        }, ["rds-final-snapshot"]],
        ["production cache without snapshots, token in clear text", "prod", (p) => {
            const cache = one(p, "aws:elasticache/replicationGroup:ReplicationGroup", "-valkey");
            cache.inputs.snapshotRetentionLimit = 0;
            cache.inputs.authToken = "a-token-written-in-the-code";
        }, ["elasticache-snapshots", "elasticache-auth-token"]],
        ["ECR repository without its lifecycle policy", "mgmt", (p) => {
            p.resources = p.resources.filter((r: any) => !r.name.endsWith("-ecr-api-lifecycle"));
        }, ["ecr-lifecycle-policy"]],
        ["a Helm release and a bucket on default providers", "dev", (p) => {
            delete one(p, "kubernetes:helm.sh/v3:Release", "-metrics-server").provider;
            delete one(p, "aws:s3/bucketV2:BucketV2", "-media").provider;
        }, ["explicit-provider"]],
        ["ArgoCD's admin password in clear text in the chart values", "mgmt", (p) => {
            one(p, "kubernetes:helm.sh/v3:Release", "-argocd").inputs.values.configs.secret.argocdServerAdminPassword = "$2a$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234";
        }, ["helm-values-no-clear-text-secrets"]],
        ["an AppProject open to any source, an Application without finalizer in the default project", "prod", (p) => {
            one(p, "kubernetes:argoproj.io/v1alpha1:AppProject", "-argocd-project").inputs.spec.sourceRepos = ["*"];
            const app = one(p, "kubernetes:argoproj.io/v1alpha1:Application", "-argocd-application");
            delete app.inputs.metadata.finalizers;
            app.inputs.spec.project = "default";
        }, ["argocd-project-scoped", "argocd-application-finalizer", "argocd-application-project"]],
    ];
    test("the permissions proof names the made-up environment a widened CI trust admits (mgmt)", async () => {
        const plan = fixture("mgmt");
        retrust(one(plan, "aws:iam/role:Role", "-ci-deploy"), ["repo:kyeol/kyeol-platform:environment:*"]);
        retrust(one(plan, "aws:iam/role:Role", "-ci-image-push"), ["repo:kyeol/kyeol-platform:ref:refs/heads/main", "repo:kyeol/kyeol-platform:environment:*"]);
        const proof = (await mandatory(plan)).filter((v) => v.policyName === "proof-permissions").map((v) => v.message);
        const made = /environment a workflow names \(GitHub creates it, unprotected\) must not (deploy|push)/;
        assert.deepEqual(proof.filter((m) => made.test(m)).map((m) => `${/^(mgmt-ci-[a-z-]+)/.exec(m)?.[1]} ${made.exec(m)![1]}`).sort(),
            ["mgmt-ci-deploy deploy", "mgmt-ci-image-push push"], proof.join("\n"));
        assert.ok(proof.some((m) => /mgmt-ci-image-push.*a deploy job's token \(its stack's environment\) must not push/.test(m)), proof.join("\n"));
    });

    const clean = new Map<string, Promise<Set<string>>>();
    for (const [title, stack, edit, expected] of variants) {
        test(`${title} (${stack})`, async () => {
            if (!clean.has(stack)) {
                clean.set(stack, names(fixture(stack)));
            }
            assert.deepEqual([...(await clean.get(stack)!)], [], `the ${stack} fixture is clean`);
            const plan = fixture(stack);
            edit(plan);
            assert.deepEqual([...(await names(plan))].sort(), [...expected].sort());
        });
    }
});
