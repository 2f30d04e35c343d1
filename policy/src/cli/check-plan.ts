// check-plan <plan.json|-> [--stack NAME] [--config FILE] [--json]
//
// Evaluates the policy pack over an offline plan. Exit codes: 0 no mandatory violation,
// 3 mandatory violation(s), 2 bad usage / unreadable plan / missing or invalid stack config,
// 1 internal error. Errors are one line on stderr, never a stack trace.

import * as fs from "fs";
import * as path from "path";
import { CheckError, loadConfigFile } from "../checker/config";
import { parsePlan } from "../checker/plan";
import { evaluate, Violation } from "../checker/run";
import { runMain } from "../lib/cli";
import { policies } from "../policies";

const USAGE = "usage: check-plan <plan.json|-> [--stack NAME] [--config FILE] [--json]";

interface Options {
    planPath: string;
    stack?: string;
    configFile?: string;
    json: boolean;
}

function parseArgs(argv: string[]): Options {
    let planPath: string | undefined;
    let stack: string | undefined;
    let configFile: string | undefined;
    let json = false;
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
            json = true;
        } else if (a === "--stack") {
            stack = value();
        } else if (a.startsWith("--stack=")) {
            stack = a.slice("--stack=".length);
        } else if (a === "--config") {
            configFile = value();
        } else if (a === "-h" || a === "--help") {
            throw new CheckError(USAGE, 0);
        } else if (a.startsWith("--")) {
            throw new CheckError(`unknown option ${a}; ${USAGE}`);
        } else if (planPath === undefined) {
            planPath = a;
        } else {
            throw new CheckError(`unexpected argument ${a}; ${USAGE}`);
        }
    }
    if (planPath === undefined) {
        throw new CheckError(USAGE);
    }
    return { planPath, stack, configFile, json };
}

/** policy/ is the nearest ancestor holding PulumiPolicy.yaml. */
function packDir(): string {
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

function readPlan(p: string): string {
    try {
        return fs.readFileSync(p === "-" ? 0 : p, "utf8");
    } catch (e) {
        throw new CheckError(`cannot read plan ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
}

function line(v: Violation): string {
    return `[${v.enforcementLevel}/${v.severity}] ${v.policyName} ${v.urn || "(stack)"}: ${v.message}`;
}

export async function main(argv: string[]): Promise<number> {
    const opts = parseArgs(argv);
    const plan = parsePlan(readPlan(opts.planPath), opts.planPath === "-" ? "<stdin>" : opts.planPath);
    const stack = opts.stack ?? plan.stack;
    let configFile = opts.configFile;
    if (configFile === undefined) {
        if (!stack) {
            throw new CheckError(`the plan has no "stack" field; pass --stack NAME`);
        }
        if (!/^[A-Za-z0-9_.-]+$/.test(stack) || stack.startsWith(".")) {
            throw new CheckError(`invalid stack name ${JSON.stringify(stack)}`);
        }
        configFile = path.join(packDir(), "config", `${stack}.json`);
        if (!fs.existsSync(configFile)) {
            throw new CheckError(`unknown stack "${stack}": no policy config ${configFile}`);
        }
    }
    const config = loadConfigFile(policies, configFile);
    const violations = await evaluate(policies, plan, config);
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
    if (opts.json) {
        process.stdout.write(JSON.stringify({ violations }) + "\n");
    } else {
        for (const v of violations) {
            process.stdout.write(line(v) + "\n");
        }
        process.stdout.write(
            `check-plan: stack ${stack ?? "?"}: ${mandatory} mandatory, ${violations.length - mandatory} advisory violation(s) ` +
                `(${policies.length} policies, ${plan.resources.length} resources)\n`,
        );
    }
    return mandatory > 0 ? 3 : 0;
}

if (require.main === module) {
    runMain("check-plan", main);
}
