// Runs every resource policy over every plan resource and every stack policy over the whole
// list, the way the Pulumi engine's analyzer does, and collects the violations.

import type { ReportViolation } from "@pulumi/policy";
import { isUndecided, KyeolPolicy } from "../lib/rules";
import { CheckError, PackConfig } from "./config";
import { isNotApplicable, Plan, PlanView } from "./plan";

export interface Violation {
    policyName: string;
    enforcementLevel: "mandatory" | "advisory";
    severity: string;
    urn: string;
    message: string;
}

export async function evaluate(policies: KyeolPolicy[], plan: Plan, config: PackConfig): Promise<Violation[]> {
    const view = new PlanView(plan);
    const stackUrn = plan.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
    const out: Violation[] = [];
    for (const p of policies) {
        const c = config.get(p.name);
        const level = c?.enforcementLevel ?? p.enforcementLevel ?? "advisory";
        if (level === "disabled") {
            continue;
        }
        const enforcementLevel = level === "advisory" ? "advisory" : "mandatory"; // remediate reports as mandatory, like the engine
        const props = c?.properties ?? {};
        const collect = (defaultUrn: string): ReportViolation => (message: string, urn?: string) => {
            out.push({ policyName: p.name, enforcementLevel, severity: p.severity, urn: urn || defaultUrn, message });
        };
        const guard = async (urn: string, fn: () => void | Promise<void>) => {
            try {
                await fn();
            } catch (e) {
                if (isNotApplicable(e)) {
                    return;
                }
                if (isUndecided(e)) {
                    // As the engine does for an unknown value: advisory, whatever the policy's level.
                    out.push({ policyName: p.name, enforcementLevel: "advisory", severity: p.severity, urn: urn,
                        message: `can't run policy '${p.name}' during preview: ${e.message}` });
                    return;
                }
                throw new CheckError(`policy ${p.name} failed on ${urn || "the stack"}: ${(e as Error).message}`);
            }
        };
        if ("validateStack" in p && p.validateStack) {
            const validateStack = p.validateStack;
            await guard(stackUrn, () => validateStack(view.stackArgs(props), collect(stackUrn)));
            continue;
        }
        if (!("validateResource" in p) || !p.validateResource) {
            continue;
        }
        const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
        for (const r of plan.resources) {
            for (const validate of validations) {
                await guard(r.urn, () => validate(view.resourceArgs(r, props), collect(r.urn)));
            }
        }
    }
    return out;
}
