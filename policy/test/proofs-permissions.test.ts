// proof-permissions: declared needs evaluated by @cloud-copilot/iam-simulate over identity, resource and trust policies.
import { strict as assert } from "node:assert";
import { describe, test } from "node:test";
import { isUndecided } from "../src/lib/rules";
import { policy, R, run } from "./helpers";
import { ACCOUNT, ALERT_TOPIC, breakOne, esoPolicy, iamWorld, KEY_ARN, LOGS_BUCKET, sourceArnTrust, telemetryWorld } from "./proofs-world";

const proof = policy("proof-permissions");
const messages = async (list = iamWorld()) => (await run(proof, list)).map((v) => v.message);
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });

describe("proof-permissions", () => {
    test("the IAM world passes", async () => {
        assert.deepEqual(await messages(), []);
    });

    test("broken: Pod Identity trust by aws:SourceArn (undocumented for pods.eks.amazonaws.com) refuses every pod", async () => {
        const out = await messages(breakOne(iamWorld(), "dev-external-secrets-role", (r) => (r.props.assumeRolePolicy = r.outputs!.assumeRolePolicy = sourceArnTrust())));
        assert.equal(out.length, 2, out.join("\n"));
        assert.match(out[0], /^dev-external-secrets-role \(Role\): trust policy refuses Pod Identity for external-secrets\/external-secrets on kyeol-dev \(sts:AssumeRole: ImplicitlyDenied\)/);
        assert.match(out[1], /\(sts:TagSession: ImplicitlyDenied\)/);
    });

    test("broken: a trust without session-tag conditions lets any namespace, service account and cluster in", async () => {
        const open = doc({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"], Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } });
        const out = await messages(breakOne(iamWorld(), "dev-external-dns-role", (r) => (r.props.assumeRolePolicy = r.outputs!.assumeRolePolicy = open)));
        assert.deepEqual(out.map((m) => /from (namespace not-kube-system|service account not-external-dns|another cluster)/.exec(m)?.[1]), ["namespace not-kube-system", "service account not-external-dns", "another cluster"]);
    });

    test("broken: External Secrets can read the secret but not decrypt its customer-managed key", async () => {
        const out = await messages(breakOne(iamWorld(), "dev-external-secrets-read", (r) => (r.props.policy = esoPolicy(false))));
        assert.equal(out.length, 1, out.join("\n"));
        assert.match(out[0], /\(external-secrets\): decrypt dev-saleor-secret \(its customer-managed key\): kms:Decrypt on arn:aws:kms:.*\(dev-secrets-key\) is ImplicitlyDenied, expected allowed/);
    });

    test("broken: a key policy that does not delegate to IAM blocks the decrypt the identity policy grants", async () => {
        const keyPolicy = doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` }, Action: "kms:*", Resource: "*" });
        const out = await messages(breakOne(iamWorld(), "dev-secrets-key", (r) => (r.props.policy = keyPolicy)));
        assert.equal(out.length, 1, out.join("\n"));
        assert.match(out[0], new RegExp(`kms:Decrypt on ${KEY_ARN.replace(/[/.]/g, "\\$&")} \\(dev-secrets-key\\) is ImplicitlyDenied`));
    });

    test("broken: a misspelt action is not in the IAM service reference", async () => {
        const out = await messages(breakOne(iamWorld(), "dev-external-secrets-read", (r) => (r.props.policy = r.props.policy.replace("secretsmanager:GetSecretValue\"", "secretsmanager:GetSecretValues\""))));
        assert.ok(out.some((m) => /dev-external-secrets-read \(RolePolicy\): policy names secretsmanager:GetSecretValues, which is not an action of the IAM service reference/.test(m)), out.join("\n"));
        assert.ok(out.some((m) => /read dev-saleor-secret: secretsmanager:GetSecretValue on .* is ImplicitlyDenied/.test(m)), out.join("\n"));
    });

    test("broken: ExternalDNS's grant on another zone does not cover the stack's zone", async () => {
        const out = await messages(breakOne(iamWorld(), "dev-external-dns-policy", (r) => (r.props.policy = r.props.policy.replace("Z0TESTZONE", "ZOTHERZONE"))));
        assert.deepEqual(out.map((m) => /(route53:\w+) on/.exec(m)?.[1]), ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"]);
    });

    test("broken: a role with no declared needs", async () => {
        const stray = R("aws:iam/role:Role", "dev-stray", { assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }) }, { outputs: { arn: `arn:aws:iam::${ACCOUNT}:role/dev-stray` } });
        const out = await messages([...iamWorld(), stray]);
        assert.deepEqual(out, ["dev-stray (Role) has no declared needs: say what it must do (NEED_RULES in policy/src/proofs/permissions/needs.ts) or remove it"]);
    });

    test("observability roles: Alloy's CloudWatch reads, Loki's bucket over TLS, Alertmanager's topic", async () => {
        assert.deepEqual(await messages(telemetryWorld()), []);
    });

    test("broken: traces on without xray:PutTraceSegments for Alloy", async () => {
        const out = await messages(telemetryWorld(true));
        assert.deepEqual(out.map((m) => m.replace(/ is .*/, "")), ["dev-alloy-cluster-role (Role) (alloy-cloudwatch): send spans (X-Ray OTLP endpoint, SigV4): xray:PutTraceSegments on *"]);
    });

    test("broken: Loki's grant on the bucket but not its objects (compaction deletes, writes)", async () => {
        const out = await messages(breakOne(telemetryWorld(), "dev-loki-role-policy", (r) => (r.props.policy = doc({ Effect: "Allow", Action: ["s3:ListBucket", "s3:GetObject"], Resource: [`arn:aws:s3:::${LOGS_BUCKET}`, `arn:aws:s3:::${LOGS_BUCKET}/*`] }))));
        assert.deepEqual(out.map((m) => /: (s3:\w+) on/.exec(m)?.[1]), ["s3:PutObject", "s3:DeleteObject"]);
    });

    test("broken: Alertmanager granted another topic than the one its receiver names", async () => {
        const out = await messages(breakOne(telemetryWorld(), "dev-alertmanager-role-policy", (r) => (r.props.policy = r.props.policy.replace("kyeol-dev-alerts", "kyeol-other-alerts"))));
        assert.equal(out.length, 1, out.join("\n"));
        assert.match(out[0], new RegExp(`\\(alertmanager\\): publish alerts \\(e-mail subscribers\\): sns:Publish on ${ALERT_TOPIC} \\(dev-alerts\\) is ImplicitlyDenied`));
    });

    test("a Loki role without a Loki release in its namespace is undecided", async () => {
        const list = telemetryWorld().filter((r) => r.name !== "dev-loki");
        await assert.rejects(run(proof, list), (e: unknown) => isUndecided(e) && /no Loki release runs in the namespace/.test((e as Error).message));
    });

    test("an unknown trust policy (a real preview) is undecided, not a violation", async () => {
        const list = breakOne(iamWorld(), "dev-external-dns-role", (r) => {
            r.props.assumeRolePolicy = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
            delete r.outputs!.assumeRolePolicy;
        });
        await assert.rejects(run(proof, list), (e: unknown) => isUndecided(e) && /dev-external-dns-role \(Role\): its trust policy is unknown/.test((e as Error).message));
    });
});
