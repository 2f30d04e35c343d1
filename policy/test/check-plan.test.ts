// The offline checker end to end: policy/check-plan run as the Java plan runner runs it.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, test } from "node:test";
import { stackConfig, TIERS } from "../src/checker/config";
import { policies } from "../src/policies";

const ROOT = path.resolve(__dirname, "..", "..");
const CHECK_PLAN = path.join(ROOT, "check-plan");
const FIXTURES = path.join(ROOT, "test", "fixtures");
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "check-plan-"));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

interface Result {
    code: number | null;
    stdout: string;
    stderr: string;
}

// The fixtures are small hand-made plans for the guardrail policies; the behaviour proofs (proof-*) need whole
// plans and are tested on their own (test/proofs-*.test.ts) and over the four real plans (Java PolicyGateTest), so
// they are disabled here: the stack's own config plus NO_PROOFS, unless a test passes --config itself.
const NO_PROOFS = Object.fromEntries(policies.filter((p) => p.name.startsWith("proof-")).map((p) => [p.name, "disabled"]));

function planOf(args: string[], input?: string): any {
    try {
        return JSON.parse((args[0] === "-" ? input : fs.readFileSync(args[0], "utf8")) ?? "");
    } catch {
        return undefined;
    }
}

function argument(args: string[], name: string): string | undefined {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
}

/** check-plan with the configuration it would derive for one plan (its tier and stack), plus NO_PROOFS. */
function checkPlan(args: string[], input?: string): Result {
    if (!args.includes("--config") && !args.includes("--print-config") && args.length > 0) {
        const plan = planOf(args, input);
        const stack = argument(args, "--stack") ?? plan?.stack;
        const tier = argument(args, "--tier") ?? plan?.outputs?.tier;
        if (plan && !Array.isArray(plan) && typeof stack === "string" && /^\w+$/.test(stack) && (TIERS as readonly string[]).includes(tier)) {
            args = [...args, "--config", write(`guardrails-${stack}-${tier}.json`, { ...stackConfig(path.join(ROOT, "config"), tier, stack), ...NO_PROOFS })];
        }
    }
    const r = spawnSync("bash", [CHECK_PLAN, ...args], { encoding: "utf8", input, timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function fixture(stack: string): any {
    return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${stack}-clean.json`), "utf8"));
}

function write(name: string, plan: unknown): string {
    const f = path.join(TMP, name);
    fs.writeFileSync(f, typeof plan === "string" ? plan : JSON.stringify(plan));
    return f;
}

/** The fixture with `edit` applied to every resource of `type`. */
function broken(stack: string, type: string, edit: (r: any) => void): any {
    const p = fixture(stack);
    const targets = p.resources.filter((r: any) => r.type === type);
    assert.ok(targets.length > 0, `fixture ${stack} has a ${type}`);
    targets.forEach(edit);
    return p;
}

function violations(r: Result): any[] {
    return JSON.parse(r.stdout).violations;
}

function assertOneLineError(r: Result, re: RegExp) {
    assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line, got: ${r.stderr}`);
    assert.match(lines[0], /^check-plan: /);
    assert.match(lines[0], re);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
}

describe("clean fixtures", () => {
    for (const stack of ["dev", "prod", "mgmt"]) {
        test(`${stack}-clean.json passes with exit 0`, () => {
            const text = checkPlan([path.join(FIXTURES, `${stack}-clean.json`)]);
            assert.equal(text.code, 0, text.stdout + text.stderr);
            const tier = fixture(stack).outputs.tier;
            assert.match(text.stdout, new RegExp(`^check-plan: stack ${stack} \\(${tier}\\): 0 mandatory, 0 advisory violation\\(s\\) \\(\\d+ policies, \\d+ resources\\)$`, "m"));
            const json = checkPlan([path.join(FIXTURES, `${stack}-clean.json`), "--json"]);
            assert.equal(json.code, 0);
            assert.deepEqual(JSON.parse(json.stdout), { stack, violations: [] });
        });
    }
});

describe("deliberately broken plans exit 3 and name the policy", () => {
    const scenarios: [string, string, string, (r: any) => void, string[]][] = [
        ["unencrypted RDS instance", "dev", "aws:rds/instance:Instance", (r) => (r.inputs.storageEncrypted = false), ["rds-storage-encrypted"]],
        [
            "world-open 5432 ingress",
            "dev",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            (r) => {
                delete r.inputs.referencedSecurityGroupId;
                r.inputs.cidrIpv4 = "0.0.0.0/0";
            },
            ["sg-data-ports-from-sg-only", "sg-no-world-ingress"],
        ],
        ["mutable ECR repository", "mgmt", "aws:ecr/repository:Repository", (r) => (r.inputs.imageTagMutability = "MUTABLE"), ["ecr-immutable-tags"]],
        ["EKS public endpoint open to 0.0.0.0/0", "dev", "aws:eks/cluster:Cluster", (r) => (r.inputs.vpcConfig.publicAccessCidrs = ["0.0.0.0/0"]), ["eks-public-endpoint-restricted"]],
        ["aws provider without default tags", "prod", "pulumi:providers:aws", (r) => delete r.inputs.defaultTags, ["aws-provider-default-tags"]],
        ["unprotected prod database", "prod", "aws:rds/instance:Instance", (r) => (r.protect = false), ["stateful-resources-protected"]],
    ];
    for (const [title, stack, type, edit, names] of scenarios) {
        test(title, () => {
            const file = write(`${title.replace(/\W+/g, "-")}.json`, broken(stack, type, edit));
            const text = checkPlan([file]);
            assert.equal(text.code, 3, text.stdout + text.stderr);
            for (const n of names) {
                assert.match(text.stdout, new RegExp(`^\\[mandatory/(critical|high|medium)\\] ${n} urn:pulumi:${stack}::`, "m"));
            }
            const json = checkPlan([file, "--json"]);
            assert.equal(json.code, 3);
            const v = violations(json);
            assert.deepEqual([...new Set(v.map((x) => x.policyName))].sort(), [...names].sort());
            for (const x of v) {
                assert.deepEqual(Object.keys(x).sort(), ["enforcementLevel", "message", "policyName", "severity", "urn"]);
                assert.equal(x.enforcementLevel, "mandatory");
                assert.ok(x.urn.startsWith(`urn:pulumi:${stack}::kyeol-platform::`));
                assert.ok(x.message.length > 0);
            }
        });
    }
});

describe("environment awareness", () => {
    test("the dev plan checked as production fails the production-only rules", () => {
        const r = checkPlan([path.join(FIXTURES, "dev-clean.json"), "--tier", "production", "--json"]);
        assert.equal(r.code, 3);
        const names = new Set(violations(r).map((v) => v.policyName));
        for (const n of ["rds-multi-az", "rds-deletion-protection", "rds-backup-retention", "cloudfront-waf", "stateful-resources-protected"]) {
            assert.ok(names.has(n), `${n} in ${[...names]}`);
        }
        assert.ok(!names.has("aws-provider-default-tags"), "still stack dev: its Environment tag is right");
    });

    test("the stack name sets the expected Environment tag, whatever the tier", () => {
        const r = checkPlan([path.join(FIXTURES, "dev-clean.json"), "--stack", "qa", "--json"]);
        assert.equal(r.code, 3);
        assert.deepEqual([...new Set(violations(r).map((v) => v.policyName))], ["aws-provider-default-tags"]);
        assert.match(violations(r)[0].message, /expects "qa"/);
    });

    test("the tier comes from the plan's tier output, or --tier", () => {
        const p = fixture("dev");
        delete p.outputs.tier;
        const f = write("notier.json", p);
        assertOneLineError(checkPlan([f]), /the plan of stack dev has no "tier" output; pass --tier \(development, staging, production\) or --config FILE/);
        assert.equal(checkPlan([f, "--tier", "development"]).code, 0);
    });

    test("a plan without a stack field needs --stack", () => {
        const p = fixture("dev");
        delete p.stack;
        const f = write("nostack.json", p);
        assertOneLineError(checkPlan([f]), /no "stack" field; pass --stack NAME/);
        assert.equal(checkPlan([f, "--stack", "dev"]).code, 0);
    });

    test("--config overrides levels: advisory reports but exits 0, disabled is silent", () => {
        const plan = write("rds-advisory.json", broken("dev", "aws:rds/instance:Instance", (r) => (r.inputs.storageEncrypted = false)));
        const dev = JSON.parse(fs.readFileSync(path.join(ROOT, "config", "development.json"), "utf8"));
        const advisory = checkPlan([plan, "--config", write("advisory.json", { ...dev, ...NO_PROOFS, "rds-storage-encrypted": "advisory" })]);
        assert.equal(advisory.code, 0);
        assert.match(advisory.stdout, /^\[advisory\/critical\] rds-storage-encrypted /m);
        assert.match(advisory.stdout, /0 mandatory, 1 advisory/);
        const disabled = checkPlan([plan, "--json", "--config", write("disabled.json", { ...dev, ...NO_PROOFS, "rds-storage-encrypted": { enforcementLevel: "disabled" } })]);
        assert.equal(disabled.code, 0);
        assert.deepEqual(violations(disabled), []);
    });

    test("a plan on stdin: the kinds it validated are kept for the next run, whose result a broken list does not change", () => {
        const warm = path.join(TMP, "warm-kinds.json");
        const text = fs.readFileSync(path.join(FIXTURES, "dev-clean.json"), "utf8");
        const runOnce = () => {
            const env = { ...process.env, KYEOL_WARM_KINDS: warm };
            const r = spawnSync("bash", [CHECK_PLAN, "-", "--json", "--config", write("warm-config.json", { ...stackConfig(path.join(ROOT, "config"), "development", "dev"), ...NO_PROOFS })],
                { encoding: "utf8", input: text, env, timeout: 60_000 });
            return { code: r.status, stdout: r.stdout, stderr: r.stderr };
        };
        fs.rmSync(warm, { force: true });
        const first = runOnce();
        assert.equal(first.code, 0, first.stderr);
        const kinds: [string, string][] = JSON.parse(fs.readFileSync(warm, "utf8"));
        const planKinds = fixture("dev").resources.filter((r: any) => r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh/"))
            .map((r: any) => r.type.split(":")[2]);
        assert.ok(planKinds.length > 0 && planKinds.every((k: string) => kinds.some(([, kind]) => kind === k)), JSON.stringify(kinds));
        fs.writeFileSync(warm, "[[\"v1\", \"NoSuchKind\"], not json");
        const second = runOnce();
        assert.equal(second.code, 0, second.stderr);
        assert.equal(second.stdout, first.stdout);
        assert.deepEqual(JSON.parse(fs.readFileSync(warm, "utf8")), kinds, "the list is written again");
    });

    test("the plan can come on stdin", () => {
        const r = checkPlan(["-", "--json"], fs.readFileSync(path.join(FIXTURES, "mgmt-clean.json"), "utf8"));
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(violations(r), []);
    });
});

describe("bad input exits 2 with one clear line", () => {
    test("missing file", () => assertOneLineError(checkPlan([path.join(TMP, "nope.json")]), /cannot read plan .*nope\.json: ENOENT/));
    test("invalid JSON", () => assertOneLineError(checkPlan([write("bad.json", "{\"resources\": [")]), /bad\.json: invalid JSON/));
    test("resources not a list", () => assertOneLineError(checkPlan([write("nores.json", { stack: "dev", resources: {} })]), /"resources" must be an array/));
    test("resource without type", () =>
        assertOneLineError(checkPlan([write("notype.json", { stack: "dev", resources: [{ urn: "urn:pulumi:dev::p::t::n" }] })]), /resources\[0\]: "type" must be a non-empty string/));
    test("inputs not an object", () =>
        assertOneLineError(checkPlan([write("inputs.json", { stack: "dev", resources: [{ urn: "u", type: "t", inputs: [1] }] })]), /"inputs" must be an object/));
    test("unknown tier", () =>
        assertOneLineError(checkPlan([path.join(FIXTURES, "dev-clean.json"), "--tier", "qa"]), /unknown tier "qa": expected one of development, staging, production/));
    test("path-like stack name", () => assertOneLineError(checkPlan([path.join(FIXTURES, "dev-clean.json"), "--stack", "../x"]), /invalid stack name/));
    test("invalid config file", () =>
        assertOneLineError(checkPlan([path.join(FIXTURES, "dev-clean.json"), "--config", write("badcfg.json", { "rds-backup-retention": { minimumDays: -1 } })]), /rds-backup-retention\.minimumDays: must be >= 0/));
    test("no arguments", () => assertOneLineError(checkPlan([]), /usage: check-plan <plan\.json\|-> \[--stack NAME\] \[--tier TIER\] \[--config FILE\] \[--json\]/));
    test("--stack with an array of plans", () =>
        assertOneLineError(checkPlan([write("two.json", [fixture("dev"), fixture("mgmt")]), "--stack", "dev"]), /--stack and --tier go with one plan/));
    test("an empty array", () => assertOneLineError(checkPlan([write("none.json", [])]), /an empty array; expected the plans of bin\/plan all --json/));
    test("--print-config without a tier", () => assertOneLineError(checkPlan(["--print-config", "--stack", "qa"]), /usage: check-plan/));
    test("unknown option", () => assertOneLineError(checkPlan([path.join(FIXTURES, "dev-clean.json"), "--jsn"]), /unknown option --jsn/));
});

describe("every bin/plan --json output", () => {
    test("an array of plans (bin/plan all --json): each checked with its own stack and tier", () => {
        const all = write("all.json", [fixture("mgmt"), fixture("dev"), fixture("prod")]);
        const json = checkPlan([all, "--json"]);
        assert.equal(json.code, 0, json.stderr);
        assert.deepEqual(JSON.parse(json.stdout), [
            { stack: "mgmt", violations: [] },
            { stack: "dev", violations: [] },
            { stack: "prod", violations: [] },
        ]);
        const text = checkPlan([all]);
        assert.equal(text.stdout.trim().split("\n").length, 3, text.stdout);
        assert.match(text.stdout, /^check-plan: stack prod \(production\): 0 mandatory/m);
    });

    test("a violation in one plan of the array fails the run and names its stack", () => {
        const bad = broken("prod", "aws:rds/instance:Instance", (r) => (r.protect = false));
        const r = checkPlan([write("all-bad.json", [fixture("dev"), bad]), "--json"]);
        assert.equal(r.code, 3);
        const [dev, prod] = JSON.parse(r.stdout);
        assert.deepEqual(dev.violations, []);
        assert.deepEqual(prod.violations.map((v: any) => v.policyName), ["stateful-resources-protected"]);
    });

    test("--print-config prints what pulumi preview --policy-pack-config takes for a stack", () => {
        const r = checkPlan(["--print-config", "--stack", "qa", "--tier", "staging"]);
        assert.equal(r.code, 0, r.stderr);
        const staging = JSON.parse(fs.readFileSync(path.join(ROOT, "config", "staging.json"), "utf8"));
        assert.deepEqual(JSON.parse(r.stdout), { ...staging, "aws-provider-default-tags": { expectedValues: { Environment: "qa" } } });
    });
});
