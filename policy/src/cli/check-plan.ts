// check-plan <plan.json|-> [--stack NAME] [--tier TIER] [--config FILE] [--json]
// check-plan --print-config --stack NAME --tier TIER
//
// Evaluates the policy pack over offline plans: the output of `bin/plan <stack> --json` (one plan) or of
// `bin/plan all --json` (an array of plans). Each plan is checked with its stack's configuration, derived from the
// stack's tier (the plan's `tier` output, or --tier) and name: config/<tier>.json plus the Environment tag the stack's
// providers carry. --config FILE uses that file instead. --print-config prints the derived configuration, the file
// `pulumi preview --policy-pack-config` takes. Exit codes: 0 no mandatory violation, 3 mandatory violation(s),
// 2 bad usage / unreadable plan / unknown tier / invalid config, 1 internal error. Errors are one line on stderr,
// never a stack trace.

import * as fs from "fs";
import * as path from "path";
import { CheckError, PackConfig, reconcileConfig, loadConfigFile, stackConfig, TIERS } from "../checker/config";
import { parsePlan, Plan } from "../checker/plan";
import { evaluate, Violation } from "../checker/run";
import { kindsLookedUp, warm as warmSchemas } from "../k8s/schemas";
import { runMain } from "../lib/cli";
import { policies } from "../policies";
import { warm as warmEvaluator } from "../proofs/permissions/simulate";

const USAGE = "usage: check-plan <plan.json|-> [--stack NAME] [--tier TIER] [--config FILE] [--json] | --print-config --stack NAME --tier TIER";

interface Options {
    planPath?: string;
    stack?: string;
    tier?: string;
    configFile?: string;
    json: boolean;
    printConfig: boolean;
}

function parseArgs(argv: string[]): Options {
    const opts: Options = { json: false, printConfig: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) {
                throw new CheckError(`${a} needs a value; ${USAGE}`);
            }
            return v;
        };
        if (a === "--json") {
            opts.json = true;
        } else if (a === "--print-config") {
            opts.printConfig = true;
        } else if (a === "--stack") {
            opts.stack = value();
        } else if (a.startsWith("--stack=")) {
            opts.stack = a.slice("--stack=".length);
        } else if (a === "--tier") {
            opts.tier = value();
        } else if (a === "--config") {
            opts.configFile = value();
        } else if (a === "-h" || a === "--help") {
            throw new CheckError(USAGE, 0);
        } else if (a.startsWith("--")) {
            throw new CheckError(`unknown option ${a}; ${USAGE}`);
        } else if (opts.planPath === undefined) {
            opts.planPath = a;
        } else {
            throw new CheckError(`unexpected argument ${a}; ${USAGE}`);
        }
    }
    if (opts.printConfig ? opts.planPath !== undefined || !opts.stack || !opts.tier : opts.planPath === undefined) {
        throw new CheckError(USAGE);
    }
    return opts;
}

/** policy/: where the launcher policy/check-plan is (KYEOL_POLICY_DIR), else the nearest ancestor holding PulumiPolicy.yaml. */
function packDir(): string {
    if (process.env.KYEOL_POLICY_DIR) {
        return process.env.KYEOL_POLICY_DIR;
    }
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, "PulumiPolicy.yaml"))) {
        const up = path.dirname(dir);
        if (up === dir) {
            throw new CheckError("cannot locate the policy pack directory (PulumiPolicy.yaml)");
        }
        dir = up;
    }
    return dir;
}

/** Standard input, read without blocking: what check-plan loads while it waits (warmUp) goes on meanwhile. */
function readStdin(): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on("data", (c: Buffer) => chunks.push(c));
        process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        process.stdin.on("error", reject);
    });
}

/**
 * The kinds the last run validated (policy/bin/, build output; KYEOL_WARM_KINDS names another file): their schemas
 * load while bin/plan is still planning. A missing or broken list only loses that head start.
 */
const WARM_KINDS = process.env.KYEOL_WARM_KINDS ?? path.join(__dirname, "..", "..", ".warm-kinds.json");

/** Loads what evaluating a plan needs while the plan is still coming (bin/plan starts check-plan before it plans). */
function warmUp(): void {
    setImmediate(() => {
        warmEvaluator();
        try {
            warmSchemas(JSON.parse(fs.readFileSync(WARM_KINDS, "utf8")));
        } catch {
            // no list yet: the schemas load as the objects are checked
        }
    });
}

function rememberKinds(): void {
    try {
        const kinds = JSON.stringify(kindsLookedUp().sort());
        if (!fs.existsSync(WARM_KINDS) || fs.readFileSync(WARM_KINDS, "utf8") !== kinds) {
            fs.writeFileSync(`${WARM_KINDS}.${process.pid}.tmp`, kinds);
            fs.renameSync(`${WARM_KINDS}.${process.pid}.tmp`, WARM_KINDS);
        }
    } catch {
        // only the next run's head start is lost
    }
}

async function readPlans(p: string): Promise<{ plans: Plan[]; many: boolean; tiers: (string | undefined)[] }> {
    let text: string;
    try {
        text = p === "-" ? await readStdin() : fs.readFileSync(p, "utf8");
    } catch (e) {
        throw new CheckError(`cannot read plan ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const source = p === "-" ? "<stdin>" : p;
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (e) {
        throw new CheckError(`${source}: invalid JSON: ${(e as Error).message}`);
    }
    const many = Array.isArray(raw);
    const items = many ? (raw as unknown[]) : [raw];
    if (many && items.length === 0) {
        throw new CheckError(`${source}: an empty array; expected the plans of bin/plan all --json`);
    }
    const plans = items.map((item, i) => parsePlan(JSON.stringify(item), many ? `${source}[${i}]` : source));
    const tiers = items.map((item) => {
        const outputs = item !== null && typeof item === "object" ? (item as any).outputs : undefined;
        return outputs !== null && typeof outputs === "object" && typeof outputs.tier === "string" ? outputs.tier : undefined;
    });
    return { plans, many, tiers };
}

function checkedStackName(stack: string | undefined): string {
    if (!stack) {
        throw new CheckError(`the plan has no "stack" field; pass --stack NAME`);
    }
    if (!/^[A-Za-z0-9_.-]+$/.test(stack) || stack.startsWith(".")) {
        throw new CheckError(`invalid stack name ${JSON.stringify(stack)}`);
    }
    return stack;
}

function configFor(opts: Options, stack: string, tier: string | undefined): PackConfig {
    if (opts.configFile !== undefined) {
        return loadConfigFile(policies, opts.configFile);
    }
    if (tier === undefined) {
        throw new CheckError(`the plan of stack ${stack} has no "tier" output; pass --tier (${TIERS.join(", ")}) or --config FILE`);
    }
    return reconcileConfig(policies, stackConfig(path.join(packDir(), "config"), tier, stack), `config/${tier}.json (stack ${stack})`);
}

function line(v: Violation): string {
    return `[${v.enforcementLevel}/${v.severity}] ${v.policyName} ${v.urn || "(stack)"}: ${v.message}`;
}

export async function main(argv: string[]): Promise<number> {
    const opts = parseArgs(argv);
    if (opts.printConfig) {
        const stack = checkedStackName(opts.stack);
        const derived = stackConfig(path.join(packDir(), "config"), opts.tier!, stack);
        reconcileConfig(policies, derived, `config/${opts.tier}.json (stack ${stack})`);
        process.stdout.write(JSON.stringify(derived, null, 2) + "\n");
        return 0;
    }
    if (opts.planPath === "-") {
        warmUp();
    }
    const { plans, many, tiers } = await readPlans(opts.planPath!);
    if (many && (opts.stack !== undefined || opts.tier !== undefined)) {
        throw new CheckError("--stack and --tier go with one plan; an array of plans names each stack and its tier itself");
    }
    const results: { stack: string; tier?: string; violations: Violation[] }[] = [];
    for (let i = 0; i < plans.length; i++) {
        const stack = checkedStackName(opts.stack ?? plans[i].stack);
        const tier = opts.tier ?? tiers[i];
        const violations = await evaluate(policies, plans[i], configFor(opts, stack, tier));
        results.push({ stack, tier, violations });
    }
    rememberKinds();
    const mandatory = results.flatMap((r) => r.violations).filter((v) => v.enforcementLevel === "mandatory").length;
    if (opts.json) {
        const json = results.map((r) => ({ stack: r.stack, violations: r.violations }));
        process.stdout.write(JSON.stringify(many ? json : json[0]) + "\n");
    } else {
        results.forEach((r, i) => {
            r.violations.forEach((v) => process.stdout.write(line(v) + "\n"));
            const m = r.violations.filter((v) => v.enforcementLevel === "mandatory").length;
            process.stdout.write(
                `check-plan: stack ${r.stack}${r.tier ? ` (${r.tier})` : ""}: ${m} mandatory, ${r.violations.length - m} advisory violation(s) ` +
                    `(${policies.length} policies, ${plans[i].resources.length} resources)\n`,
            );
        });
    }
    return mandatory > 0 ? 3 : 0;
}

if (require.main === module) {
    runMain("check-plan", main);
}
