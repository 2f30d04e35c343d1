// check-k8s <input.json|-> [--json]
//
// Validates Kubernetes objects strictly against their upstream schemas (see strict.ts), in one process:
// rendered manifests (the Java tests pass every `kubectl kustomize` overlay) and the Kubernetes objects of
// offline plans (the same check as the `kubernetes-object-schema` stack policy). Input:
//   {"manifests": [{"source": "gitops/overlays/dev", "objects": [{...}, ...]}], "plans": [<bin/plan --json>, ...]}
// Exit codes: 0 every object valid, 3 problems found, 2 bad usage or input (one line), 1 internal error.

import * as fs from "fs";
import { CheckError } from "../checker/config";
import { parsePlan } from "../checker/plan";
import { runMain } from "../lib/cli";
import { plain } from "../lib/values";
import { checkPlanObjects, objectType } from "./objects";
import { checkObject, objectLabel } from "./strict";

const USAGE = "usage: check-k8s <input.json|-> [--json]";

export interface Finding {
    source: string;
    object: string;
    path: string;
    message: string;
}

export interface Report {
    checked: number;
    problems: Finding[];
}

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

export async function checkInput(input: unknown, where: string): Promise<Report> {
    if (!isObject(input)) {
        throw new CheckError(`${where}: expected a JSON object with "manifests" and/or "plans"`);
    }
    const unknownKeys = Object.keys(input).filter((k) => k !== "manifests" && k !== "plans");
    if (unknownKeys.length > 0) {
        throw new CheckError(`${where}: unknown key ${JSON.stringify(unknownKeys[0])} (expected "manifests" and/or "plans")`);
    }
    const manifests = input.manifests ?? [];
    const plans = input.plans ?? [];
    if (!Array.isArray(manifests) || !Array.isArray(plans)) {
        throw new CheckError(`${where}: "manifests" and "plans" must be arrays`);
    }
    const report: Report = { checked: 0, problems: [] };
    for (const [i, m] of manifests.entries()) {
        if (!isObject(m) || typeof m.source !== "string" || !Array.isArray(m.objects)) {
            throw new CheckError(`${where}: manifests[${i}] must be {"source": string, "objects": [...]}`);
        }
        const source = m.source;
        for (const object of m.objects) {
            report.checked++;
            const { problems } = await checkObject(object);
            report.problems.push(...problems.map((p) => ({ source, object: objectLabel(object), path: p.path, message: p.message })));
        }
    }
    for (const [i, raw] of plans.entries()) {
        const plan = parsePlan(JSON.stringify(raw), `${where}: plans[${i}]`);
        const resources = plan.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: plain(r.inputs) ?? {} }));
        const source = `plan ${plan.stack ?? i}`;
        report.checked += resources.filter((r) => objectType(r.type)).length;
        const problems = await checkPlanObjects(resources);
        report.problems.push(...problems.map((p) => ({ source, object: p.label, path: p.path, message: p.message })));
    }
    return report;
}

export async function main(argv: string[]): Promise<number> {
    const json = argv.includes("--json");
    const rest = argv.filter((a) => a !== "--json");
    if (rest.some((a) => a.startsWith("-") && a !== "-") || rest.length !== 1) {
        throw new CheckError(USAGE);
    }
    let text: string;
    try {
        text = fs.readFileSync(rest[0] === "-" ? 0 : rest[0], "utf8");
    } catch (e) {
        throw new CheckError(`cannot read ${rest[0]}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let input: unknown;
    try {
        input = JSON.parse(text);
    } catch (e) {
        throw new CheckError(`${rest[0]}: invalid JSON: ${(e as Error).message}`);
    }
    const report = await checkInput(input, rest[0] === "-" ? "<stdin>" : rest[0]);
    if (json) {
        process.stdout.write(JSON.stringify(report) + "\n");
    } else {
        for (const p of report.problems) {
            process.stdout.write(`${p.source}: ${p.object}: ${p.path || "(object)"}: ${p.message}\n`);
        }
        process.stdout.write(`check-k8s: ${report.checked} object(s), ${report.problems.length} problem(s)\n`);
    }
    return report.problems.length > 0 ? 3 : 0;
}

if (require.main === module) {
    runMain("check-k8s", main);
}
