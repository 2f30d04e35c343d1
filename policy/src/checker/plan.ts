// The offline plan written by the Java plan runner (`bin/plan <stack> --json`):
//   {"project","stack","resources":[{"urn","type","name","parent","provider","dependsOn":[],
//     "propertyDependencies":{prop:[urn]},"protect","inputs":{},"outputs":{}}],"outputs":{},"violations":[]}
// (`propertyDependencies` and per-resource `outputs` are optional: older plans and hand-written fixtures lack them)
// and its mapping onto the argument shapes @pulumi/policy 1.21 gives policies, so the policies
// run unchanged here and under `pulumi preview`.

import type {
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
} from "@pulumi/policy";
import { PLAN_OUTPUTS } from "../lib/rules";
import { CheckError } from "./config";

export interface PlanResource {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    provider?: string;
    dependsOn: string[];
    /** Per input property, the URNs that fed it (the engine's property dependencies). */
    propertyDependencies: Record<string, string[]>;
    protect: boolean;
    inputs: Record<string, any>;
    /** The state the offline engine returned (secrets "[secret]"); {} when the plan has none. */
    outputs: Record<string, any>;
}

export interface Plan {
    project?: string;
    stack?: string;
    resources: PlanResource[];
}

export function parsePlan(text: string, source: string): Plan {
    let raw: any;
    try {
        raw = JSON.parse(text);
    } catch (e) {
        throw new CheckError(`${source}: invalid JSON: ${(e as Error).message}`);
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new CheckError(`${source}: expected a JSON object with "resources"`);
    }
    if (!Array.isArray(raw.resources)) {
        throw new CheckError(`${source}: "resources" must be an array`);
    }
    if (raw.stack !== undefined && typeof raw.stack !== "string") {
        throw new CheckError(`${source}: "stack" must be a string`);
    }
    const resources = raw.resources.map((r: any, i: number): PlanResource => {
        const where = `${source}: resources[${i}]`;
        if (r === null || typeof r !== "object") {
            throw new CheckError(`${where}: expected an object`);
        }
        for (const k of ["urn", "type"]) {
            if (typeof r[k] !== "string" || r[k] === "") {
                throw new CheckError(`${where}: "${k}" must be a non-empty string`);
            }
        }
        for (const k of ["name", "parent", "provider"]) {
            if (r[k] !== undefined && r[k] !== null && typeof r[k] !== "string") {
                throw new CheckError(`${where} (${r.urn}): "${k}" must be a string`);
            }
        }
        if (r.dependsOn !== undefined && r.dependsOn !== null && (!Array.isArray(r.dependsOn) || r.dependsOn.some((d: unknown) => typeof d !== "string"))) {
            throw new CheckError(`${where} (${r.urn}): "dependsOn" must be an array of URNs`);
        }
        for (const k of ["inputs", "outputs", "propertyDependencies"]) {
            if (r[k] !== undefined && r[k] !== null && (typeof r[k] !== "object" || Array.isArray(r[k]))) {
                throw new CheckError(`${where} (${r.urn}): "${k}" must be an object`);
            }
        }
        for (const [k, v] of Object.entries(r.propertyDependencies ?? {})) {
            if (!Array.isArray(v) || v.some((d: unknown) => typeof d !== "string")) {
                throw new CheckError(`${where} (${r.urn}): "propertyDependencies.${k}" must be an array of URNs`);
            }
        }
        return {
            urn: r.urn,
            type: r.type,
            name: typeof r.name === "string" ? r.name : r.urn.split("::").pop(),
            parent: r.parent || undefined,
            provider: r.provider || undefined,
            dependsOn: r.dependsOn ?? [],
            propertyDependencies: r.propertyDependencies ?? {},
            protect: r.protect === true,
            inputs: r.inputs ?? {},
            outputs: r.outputs ?? {},
        };
    });
    return { project: raw.project, stack: raw.stack, resources };
}

/** A provider reference is "<provider URN>::<provider id>"; the id never contains "::". */
export function providerUrn(ref: string): string {
    const i = ref.lastIndexOf("::");
    return ref.startsWith("urn:pulumi:") && ref.split("::").length > 4 && i > 0 ? ref.slice(0, i) : ref;
}

function typeOfClass(resourceClass: any): string | undefined {
    const t = resourceClass?.__pulumiType;
    return typeof t === "string" && t !== "" ? t : undefined;
}

class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "not applicable");
    }
}

export function isNotApplicable(e: unknown): boolean {
    return e instanceof NotApplicable;
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicable(reason);
}

function options(r: PlanResource): PolicyResourceOptions {
    const o: PolicyResourceOptions = {
        protect: r.protect,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
    };
    if (r.parent) {
        o.parent = r.parent;
    }
    return o;
}

const NO_TAGS: ReadonlyMap<string, string> = new Map();

export class PlanView {
    private readonly byUrn = new Map<string, PlanResource>();

    constructor(readonly plan: Plan) {
        for (const r of plan.resources) {
            this.byUrn.set(r.urn, r);
        }
    }

    private provider(r: PlanResource): PolicyProviderResource | undefined {
        const p = r.provider ? this.byUrn.get(providerUrn(r.provider)) : undefined;
        return p ? { type: p.type, props: p.inputs, urn: p.urn, name: p.name } : undefined;
    }

    resourceArgs(r: PlanResource, config: Record<string, any>): ResourceValidationArgs {
        const args: ResourceValidationArgs = {
            type: r.type,
            props: r.inputs,
            urn: r.urn,
            name: r.name,
            opts: options(r),
            stackTags: NO_TAGS,
            isType: (cls: any) => typeOfClass(cls) === r.type,
            asType: ((cls: any) => (typeOfClass(cls) === r.type ? r.inputs : undefined)) as any,
            getConfig: <T extends object>() => ({ ...config }) as T,
            notApplicable: throwNotApplicable,
        };
        const provider = this.provider(r);
        if (provider) {
            args.provider = provider;
        }
        return args;
    }

    stackArgs(config: Record<string, any>): StackValidationArgs {
        const resources = new Map<string, PolicyResource>();
        for (const r of this.plan.resources) {
            const pr: PolicyResource = {
                type: r.type,
                props: r.inputs,
                urn: r.urn,
                name: r.name,
                opts: options(r),
                dependencies: [],
                propertyDependencies: {},
                isType: (cls: any) => typeOfClass(cls) === r.type,
                asType: ((cls: any) => (typeOfClass(cls) === r.type ? r.inputs : undefined)) as any,
            };
            const provider = this.provider(r);
            if (provider) {
                pr.provider = provider;
            }
            resources.set(r.urn, pr);
        }
        for (const r of this.plan.resources) {
            const pr = resources.get(r.urn)!;
            pr.parent = r.parent ? resources.get(r.parent) : undefined;
            pr.dependencies = r.dependsOn.map((d) => resources.get(d)).filter((d): d is PolicyResource => d !== undefined);
            for (const [k, urns] of Object.entries(r.propertyDependencies)) {
                pr.propertyDependencies[k] = urns.map((d) => resources.get(d)).filter((d): d is PolicyResource => d !== undefined);
            }
            // Not part of @pulumi/policy's shape: the offline engine's state, for the behaviour proofs (Res.outputs).
            (pr as any)[PLAN_OUTPUTS] = r.outputs;
        }
        return {
            resources: [...resources.values()],
            stackTags: NO_TAGS,
            getConfig: <T extends object>() => ({ ...config }) as T,
            notApplicable: throwNotApplicable,
        };
    }
}
