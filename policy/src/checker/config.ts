// Policy pack config as `pulumi preview --policy-pack-config FILE` reads it, reproduced for the
// offline checker: top-level keys are policy names (or "all"); a value is an enforcement level
// string, or an object with an optional enforcementLevel plus that policy's config properties.
// Defaults come from each policy's configSchema; the result is validated against the schema.
// Stricter than the CLI on purpose: a key naming no policy is an error (catches typos).
//
// A stack's configuration is derived, never written per stack: its tier's file config/<tier>.json (the strictness
// every stack of that tier shares) plus what is the stack's own, the Environment tag its aws providers carry.

import * as fs from "fs";
import * as path from "path";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { configWithDefaults, KyeolPolicy } from "../lib/rules";

export class CheckError extends Error {
    constructor(message: string, readonly exitCode = 2) {
        super(message);
    }
}

export type Level = "mandatory" | "advisory" | "remediate" | "disabled";
const LEVELS: Level[] = ["mandatory", "advisory", "remediate", "disabled"];

export interface EffectivePolicyConfig {
    enforcementLevel: Level;
    properties: Record<string, any>;
}

export type PackConfig = Map<string, EffectivePolicyConfig>;

function level(v: unknown, where: string): Level {
    if (typeof v !== "string" || !LEVELS.includes(v as Level)) {
        throw new CheckError(`${where}: ${JSON.stringify(v)} is not an enforcement level (${LEVELS.join(", ")})`);
    }
    return v as Level;
}

export function reconcileConfig(policies: KyeolPolicy[], raw: unknown, source: string): PackConfig {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new CheckError(`${source}: expected a JSON object keyed by policy name`);
    }
    const byName = new Map(policies.map((p) => [p.name, p]));
    const result: PackConfig = new Map();
    for (const p of policies) {
        result.set(p.name, {
            enforcementLevel: (p.enforcementLevel ?? "advisory") as Level,
            properties: configWithDefaults(p.configSchema, {}),
        });
    }
    const entries = Object.entries(raw as Record<string, unknown>);
    const all = (raw as Record<string, unknown>).all;
    if (all !== undefined) {
        const l = level(typeof all === "object" && all !== null ? (all as any).enforcementLevel : all, `${source}: all`);
        for (const c of result.values()) {
            c.enforcementLevel = l;
        }
    }
    for (const [name, value] of entries) {
        if (name === "all") {
            continue;
        }
        const policy = byName.get(name);
        if (!policy) {
            throw new CheckError(`${source}: "${name}" is not a policy of this pack`);
        }
        const c = result.get(name)!;
        if (typeof value === "string") {
            c.enforcementLevel = level(value, `${source}: ${name}`);
            continue;
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            throw new CheckError(`${source}: ${name}: must be an enforcement level string or an object`);
        }
        const { enforcementLevel, ...props } = value as Record<string, unknown>;
        if (enforcementLevel !== undefined) {
            c.enforcementLevel = level(enforcementLevel, `${source}: ${name}.enforcementLevel`);
        }
        Object.assign(c.properties, props);
    }
    for (const p of policies) {
        const props = result.get(p.name)!.properties;
        for (const [k, v] of Object.entries(props)) {
            const schema = p.configSchema?.properties?.[k];
            if (schema === undefined) {
                throw new CheckError(`${source}: ${p.name}.${k}: unknown config property (known: ${Object.keys(p.configSchema?.properties ?? {}).join(", ") || "none"})`);
            }
            const err = validate(schema, v);
            if (err) {
                throw new CheckError(`${source}: ${p.name}.${k}: ${err}`);
            }
        }
        for (const req of p.configSchema?.required ?? []) {
            if (!(req in props)) {
                throw new CheckError(`${source}: ${p.name}.${req}: required config property is missing`);
            }
        }
    }
    return result;
}

/** The tiers of kyeol-platform:tier, each with a config/<tier>.json. */
export const TIERS = ["development", "staging", "production"] as const;

/**
 * The `--policy-pack-config` document of one stack: config/<tier>.json with
 * aws-provider-default-tags.expectedValues.Environment set to the stack name (unless the tier file sets it).
 */
export function stackConfig(configDir: string, tier: string, stack: string): Record<string, unknown> {
    if (!(TIERS as readonly string[]).includes(tier)) {
        throw new CheckError(`unknown tier ${JSON.stringify(tier)}: expected one of ${TIERS.join(", ")}`);
    }
    const file = path.join(configDir, `${tier}.json`);
    const raw = readConfigJson(file);
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new CheckError(`${file}: expected a JSON object keyed by policy name`);
    }
    const all = raw as Record<string, unknown>;
    const tags = all["aws-provider-default-tags"];
    const tagConfig: Record<string, unknown> =
        typeof tags === "string" ? { enforcementLevel: tags } : tags !== null && typeof tags === "object" ? { ...(tags as object) } : {};
    const expected = tagConfig.expectedValues !== null && typeof tagConfig.expectedValues === "object" ? (tagConfig.expectedValues as object) : {};
    tagConfig.expectedValues = { Environment: stack, ...expected };
    return { ...all, "aws-provider-default-tags": tagConfig };
}

function readConfigJson(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new CheckError(`cannot read policy config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
        return text.trim() === "" ? {} : JSON.parse(text);
    } catch (e) {
        throw new CheckError(`${file}: invalid JSON: ${(e as Error).message}`);
    }
}

export function loadConfigFile(policies: KyeolPolicy[], file: string): PackConfig {
    return reconcileConfig(policies, readConfigJson(file), file);
}

/** JSON-schema keywords this pack uses; a policy using another one fails the metadata test. */
export const SUPPORTED_SCHEMA_KEYWORDS = ["type", "items", "enum", "minimum", "maximum", "additionalProperties", "default", "description"];

function typeOf(v: unknown): string {
    if (Array.isArray(v)) {
        return "array";
    }
    if (v === null) {
        return "null";
    }
    if (typeof v === "number") {
        return Number.isInteger(v) ? "integer" : "number";
    }
    return typeof v;
}

/** A small JSON-schema check for the keywords above; returns an error text or undefined. */
export function validate(schema: PolicyConfigJSONSchema | boolean, v: unknown): string | undefined {
    if (typeof schema === "boolean") {
        return schema ? undefined : "not allowed";
    }
    if (schema.type !== undefined) {
        const types = Array.isArray(schema.type) ? schema.type : [schema.type];
        const t = typeOf(v);
        if (!types.some((want) => want === t || (want === "number" && t === "integer"))) {
            return `expected ${types.join(" or ")}, got ${t} ${JSON.stringify(v)}`;
        }
    }
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
        return `must be one of ${JSON.stringify(schema.enum)}`;
    }
    if (typeof v === "number") {
        if (schema.minimum !== undefined && v < schema.minimum) {
            return `must be >= ${schema.minimum}`;
        }
        if (schema.maximum !== undefined && v > schema.maximum) {
            return `must be <= ${schema.maximum}`;
        }
    }
    if (Array.isArray(v) && schema.items !== undefined && !Array.isArray(schema.items)) {
        for (let i = 0; i < v.length; i++) {
            const e = validate(schema.items, v[i]);
            if (e) {
                return `[${i}]: ${e}`;
            }
        }
    }
    if (typeOf(v) === "object" && schema.additionalProperties !== undefined) {
        for (const [k, x] of Object.entries(v as object)) {
            const e = validate(schema.additionalProperties, x);
            if (e) {
                return `${k}: ${e}`;
            }
        }
    }
    return undefined;
}
