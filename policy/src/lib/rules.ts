// Policies are written as data: a name, metadata, the resource types read, and a `check`
// that sees plain props (see values.ts). `resourceRule` / `stackRule` turn that into the
// ResourceValidationPolicy / StackValidationPolicy shapes of @pulumi/policy 1.21, so the same
// object runs under `pulumi preview --policy-pack` and under the offline `check-plan`.

import type {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { isEngineProxy, plain } from "./values";

/** A resource as policies see it: plain data, unknowns replaced by UNKNOWN. */
export interface Res {
    type: string;
    name: string;
    urn: string;
    props: Record<string, any>;
    protect: boolean;
    parent?: string;
    provider?: { type: string; name: string; urn: string; props: Record<string, any> };
    /** URNs this resource depends on (stack policies only; [] for resource policies). */
    dependencies: string[];
    /** URNs per input property (the real engine's, and the offline plan's since it records them). */
    propertyDependencies: Record<string, string[]>;
    /**
     * The offline engine's state for the resource (computed ARNs, ids, a stack reference's outputs), unknowns
     * replaced like props. Empty in real previews and for resource policies: there `props` already are the
     * engine's state. Read it through `attr()` in src/proofs/model.ts, which falls back to props.
     */
    outputs: Record<string, any>;
    /**
     * Whether a secret can be told from clear text here: true on the offline plan (secrets read "[secret]"), false
     * under the engine (@pulumi/policy unwraps secrets before policies see them). See values.ts isEngineProxy.
     */
    secretsVisible: boolean;
}

/** Where check-plan puts a resource's offline outputs on the PolicyResource it builds (not an engine field). */
export const PLAN_OUTPUTS: unique symbol = Symbol.for("kyeol-platform.planOutputs");

export type Report = (message: string, urn?: string) => void;

/**
 * What a stack rule could not decide (a value unknown during preview, a tool that is missing). Reported after
 * the rule's violations the way the engine reports an unknown value: the policy is shown as advisory
 * "can't run … during preview: <what>", so the preview does not fail on it, while the violations the rule
 * could decide stay at the policy's level.
 */
export type Undecided = (message: string) => void;

interface Meta {
    name: string;
    description: string;
    severity: Severity;
    enforcementLevel: Extract<EnforcementLevel, "mandatory" | "advisory">;
    remediationSteps: string;
    /** Resource types the policy reads (documentation, and the filter for resource policies). */
    resourceTypes: string[];
    configSchema?: PolicyConfigSchema;
}

export interface ResourceRuleSpec<C> extends Meta {
    check: (r: Res, config: C, report: Report) => void;
}

export interface StackRuleSpec<C> extends Meta {
    check: (resources: Res[], config: C, report: Report, undecided: Undecided) => void | Promise<void>;
}

export type KyeolResourcePolicy = ResourceValidationPolicy & { severity: Severity; remediationSteps: string; resourceTypes: string[]; kind: "resource" };
export type KyeolStackPolicy = StackValidationPolicy & { severity: Severity; remediationSteps: string; resourceTypes: string[]; kind: "stack" };
export type KyeolPolicy = KyeolResourcePolicy | KyeolStackPolicy;

/**
 * The engine fills schema defaults in before calling a policy; tests and direct calls may not,
 * so defaults are applied here as well (given values win).
 */
export function configWithDefaults<C>(schema: PolicyConfigSchema | undefined, given: object | undefined): C {
    const out: Record<string, any> = {};
    for (const [k, s] of Object.entries(schema?.properties ?? {})) {
        if (s && typeof s === "object" && "default" in s) {
            out[k] = JSON.parse(JSON.stringify((s as any).default));
        }
    }
    return Object.assign(out, given ?? {}) as C;
}

function meta(spec: Meta) {
    const m: any = {
        name: spec.name,
        description: spec.description,
        severity: spec.severity,
        enforcementLevel: spec.enforcementLevel,
        remediationSteps: spec.remediationSteps,
        resourceTypes: spec.resourceTypes,
    };
    if (spec.configSchema) {
        m.configSchema = spec.configSchema;
    }
    return m;
}

function providerOf(p: { type: string; name: string; urn: string; props: any } | undefined): Res["provider"] {
    return p ? { type: p.type, name: p.name, urn: p.urn, props: plain(p.props) ?? {} } : undefined;
}

export function resFromArgs(args: ResourceValidationArgs): Res {
    return {
        type: args.type,
        name: args.name,
        urn: args.urn,
        props: plain(args.props) ?? {},
        protect: args.opts?.protect === true,
        parent: args.opts?.parent,
        provider: providerOf(args.provider),
        dependencies: [],
        propertyDependencies: {},
        outputs: {},
        secretsVisible: !isEngineProxy(args.props),
    };
}

export function resFromPolicyResource(r: PolicyResource): Res {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(r.propertyDependencies ?? {})) {
        propertyDependencies[k] = (v ?? []).map((d) => d.urn);
    }
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: plain(r.props) ?? {},
        protect: r.opts?.protect === true,
        parent: r.opts?.parent,
        provider: providerOf(r.provider),
        dependencies: (r.dependencies ?? []).map((d) => d.urn),
        propertyDependencies,
        outputs: plain((r as any)[PLAN_OUTPUTS]) ?? {},
        secretsVisible: !isEngineProxy(r.props),
    };
}

export function resourceRule<C = {}>(spec: ResourceRuleSpec<C>): KyeolResourcePolicy {
    const types = new Set(spec.resourceTypes);
    return {
        ...meta(spec),
        kind: "resource",
        validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            if (!types.has(args.type)) {
                return;
            }
            const config = configWithDefaults<C>(spec.configSchema, args.getConfig<object>());
            spec.check(resFromArgs(args), config, (message) => reportViolation(message));
        },
    };
}

export function stackRule<C = {}>(spec: StackRuleSpec<C>): KyeolStackPolicy {
    return {
        ...meta(spec),
        kind: "stack",
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const config = configWithDefaults<C>(spec.configSchema, args.getConfig<object>());
            const resources = args.resources.map(resFromPolicyResource);
            const undecided: string[] = [];
            const done = () => {
                if (undecided.length > 0) {
                    throw undecidedError(`${undecided.length} check(s) undecided: ${undecided.join("; ")}`);
                }
            };
            const result = spec.check(resources, config, (message, urn) => reportViolation(message, urn), (m) => undecided.push(m));
            return result instanceof Promise ? result.then(done) : done();
        },
    };
}

/** A local stand-in with the engine's class name, for when @pulumi/policy cannot be loaded (see isUndecided). */
class UnknownValueError extends Error {
    readonly unknownTypeSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
}

/**
 * The engine's own UnknownValueError (from @pulumi/policy/proxy, which the analyzer checks with instanceof),
 * carrying our message: `pulumi preview` then lists the policy as advisory "can't run … during preview: <message>".
 */
export function undecidedError(message: string): Error {
    try {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const proxy = require("@pulumi/policy/proxy");
        const e: Error = new proxy.UnknownValueError(proxy.unknownStringValue, []);
        e.message = message;
        return e;
    } catch {
        return new UnknownValueError(message);
    }
}

/** True for what undecidedError() throws and for the engine's unknown-value errors. */
export function isUndecided(e: unknown): e is Error {
    return e instanceof Error && (e.constructor.name === "UnknownValueError" || "unknownTypeSentinel" in e);
}

/** Resources of the given types. */
export function ofType(resources: Res[], ...types: string[]): Res[] {
    return resources.filter((r) => types.includes(r.type));
}

/**
 * Does `child.props[prop]` point at `target`? Preference order: the engine's property
 * dependencies for that prop; then a literal match against the target's identifying props;
 * then (offline plans carry no per-property dependencies) the child's dependency list. An unset
 * prop refers to nothing.
 */
export function refersTo(child: Res, prop: string, target: Res, targetKeys: string[]): boolean {
    const pd = child.propertyDependencies[prop];
    if (pd && pd.length > 0) {
        return pd.includes(target.urn);
    }
    const v = child.props[prop];
    if (v === undefined || v === null || v === "") {
        return false;
    }
    if (typeof v === "string") {
        if (targetKeys.some((k) => target.props[k] === v)) {
            return true;
        }
    }
    return child.dependencies.includes(target.urn);
}
