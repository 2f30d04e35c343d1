// Fake @pulumi/policy arguments for calling policies directly (no gRPC server, no engine).
import type { PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { KyeolPolicy, KyeolResourcePolicy, KyeolStackPolicy, PLAN_OUTPUTS } from "../src/lib/rules";
import { policies } from "../src/policies";

export const STACK = "test";

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:${STACK}::kyeol-platform::${type}::${name}`;
}

export function policy(name: string): KyeolPolicy {
    const p = policies.find((x) => x.name === name);
    if (!p) {
        throw new Error(`no policy ${name}`);
    }
    return p;
}

export interface FakeResource {
    type: string;
    name: string;
    props: Record<string, any>;
    protect?: boolean;
    /** names of resources this one depends on */
    deps?: string[];
    /** per-property dependencies, by resource name */
    propDeps?: Record<string, string[]>;
    provider?: { type: string; name: string; props: Record<string, any> };
    /** the offline engine's state (Res.outputs; stack policies only) */
    outputs?: Record<string, any>;
}

export function R(type: string, name: string, props: Record<string, any>, extra: Partial<FakeResource> = {}): FakeResource {
    return { type, name, props, ...extra };
}

function opts(protect: boolean) {
    return {
        protect,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
    };
}

function notApplicable(reason?: string): never {
    throw new Error(`notApplicable: ${reason}`);
}

export function resourceArgs(r: FakeResource, config: object = {}, wrap: (p: any) => any = (p) => p): ResourceValidationArgs {
    return {
        type: r.type,
        props: wrap(r.props),
        urn: urnOf(r.type, r.name),
        name: r.name,
        opts: opts(r.protect === true),
        provider: r.provider ? { ...r.provider, urn: urnOf(r.provider.type, r.provider.name) } : undefined,
        stackTags: new Map(),
        isType: () => false,
        asType: (() => undefined) as any,
        getConfig: <T extends object>() => config as T,
        notApplicable,
    };
}

export function stackArgs(list: FakeResource[], config: object = {}, wrap: (p: any) => any = (p) => p): StackValidationArgs {
    const byName = new Map<string, PolicyResource>();
    for (const r of list) {
        byName.set(r.name, {
            type: r.type,
            props: wrap(r.props),
            urn: urnOf(r.type, r.name),
            name: r.name,
            opts: opts(r.protect === true),
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: (() => undefined) as any,
        });
        if (r.outputs) {
            (byName.get(r.name) as any)[PLAN_OUTPUTS] = r.outputs;
        }
        if (r.provider) {
            byName.get(r.name)!.provider = { ...r.provider, urn: urnOf(r.provider.type, r.provider.name) };
        }
    }
    const lookup = (n: string) => {
        const x = byName.get(n);
        if (!x) {
            throw new Error(`fake dependency on unknown resource ${n}`);
        }
        return x;
    };
    for (const r of list) {
        const pr = byName.get(r.name)!;
        if (r.provider) {
            pr.provider = { ...r.provider, urn: urnOf(r.provider.type, r.provider.name) };
        }
        pr.dependencies = (r.deps ?? []).map(lookup);
        for (const [k, names] of Object.entries(r.propDeps ?? {})) {
            pr.propertyDependencies[k] = names.map(lookup);
        }
    }
    return { resources: [...byName.values()], stackTags: new Map(), getConfig: <T extends object>() => config as T, notApplicable };
}

export interface Reported {
    message: string;
    urn?: string;
}

/** Runs a policy on one resource (resource policy) or a resource list (stack policy); returns what it reported. */
export async function run(p: KyeolPolicy, input: FakeResource | FakeResource[], config: object = {}, wrap?: (p: any) => any): Promise<Reported[]> {
    const out: Reported[] = [];
    const report = (message: string, urn?: string) => {
        out.push({ message, urn });
    };
    if (p.kind === "stack") {
        await (p as KyeolStackPolicy).validateStack(stackArgs(Array.isArray(input) ? input : [input], config, wrap), report);
    } else {
        const rp = p as KyeolResourcePolicy;
        const validations = Array.isArray(rp.validateResource) ? rp.validateResource : [rp.validateResource!];
        for (const r of Array.isArray(input) ? input : [input]) {
            for (const v of validations) {
                await v(resourceArgs(r, config, wrap), report);
            }
        }
    }
    return out;
}

/** The engine's unknown-checking proxy from @pulumi/policy (internal module, used to mimic a preview). */
export function previewProxy(props: any): any {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require("@pulumi/policy/proxy").unknownCheckingProxy(props);
}

export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_ARRAY = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";
export const UNKNOWN_OBJECT = "dd056dcd-154b-4c76-9bd3-c8f88648b5ff";

export function deepClone<T>(v: T): T {
    return JSON.parse(JSON.stringify(v));
}
