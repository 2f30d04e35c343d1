// Strict validation of one Kubernetes object against its upstream schema (see schemas.ts).
//
// The schemas of kubernetes-models accept unknown fields (the Kubernetes OpenAPI has no
// `additionalProperties: false`), and a field the API does not know is silently pruned by the API server
// (CRDs) or ignored by a server-side apply — a typo'd field is a setting that never takes effect. So an
// unknown field is an error here: the upstream validator runs on a recording proxy, which sees every
// property the schema declares (the compiled validator reads each of them: `data.x === undefined`) and
// every map it iterates (`additionalProperties`: any key is allowed). A key of an object whose properties
// the validator read, that it did not read itself, is not in the schema. Objects the validator never
// looks into (`x-kubernetes-preserve-unknown-fields`, `type: object` without properties) are free-form.

import { SECRET_MARKER, UNKNOWN } from "../lib/values";
import { schemaFor } from "./schemas";

export interface SchemaProblem {
    /** JSON pointer into the object ("" for the object itself). */
    path: string;
    message: string;
}

interface Seen {
    read: Set<string>;
    iterated: boolean;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function pointer(parent: string, key: string | number): string {
    return `${parent}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/**
 * A copy of `value` without the values nobody can know before `up` (the engine's unknowns, the offline
 * plan's "[secret]" placeholder): the schema cannot judge them. Their pointers go to `opaque`.
 */
function withoutOpaque(value: unknown, at: string, opaque: Set<string>): unknown {
    if (value === UNKNOWN || value === SECRET_MARKER) {
        opaque.add(at);
        return undefined;
    }
    if (Array.isArray(value)) {
        return value.map((v, i) => {
            const out = withoutOpaque(v, pointer(at, i), opaque);
            return out === undefined ? null : out;
        });
    }
    if (isPlainObject(value)) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const copy = withoutOpaque(v, pointer(at, k), opaque);
            if (copy !== undefined) {
                out[k] = copy;
            }
        }
        return out;
    }
    return value;
}

/** A proxy over `root` that records, per object, the keys read and whether its keys were listed. */
function recording(root: unknown, seen: WeakMap<object, Seen>): unknown {
    const proxies = new WeakMap<object, object>();
    const wrap = (v: unknown): unknown => {
        if (v === null || typeof v !== "object") {
            return v;
        }
        const target = v as object;
        let p = proxies.get(target);
        if (!p) {
            const s: Seen = { read: new Set(), iterated: false };
            seen.set(target, s);
            p = new Proxy(target, {
                get(t, key, receiver) {
                    if (typeof key === "string") {
                        s.read.add(key);
                    }
                    return wrap(Reflect.get(t, key, receiver));
                },
                has(t, key) {
                    if (typeof key === "string") {
                        s.read.add(key);
                    }
                    return Reflect.has(t, key);
                },
                getOwnPropertyDescriptor(t, key) {
                    if (typeof key === "string") {
                        s.read.add(key);
                    }
                    return Reflect.getOwnPropertyDescriptor(t, key);
                },
                ownKeys(t) {
                    s.iterated = true;
                    return Reflect.ownKeys(t);
                },
            });
            proxies.set(target, p);
        }
        return p;
    };
    return wrap(root);
}

interface AjvError {
    instancePath?: string;
    keyword?: string;
    message?: string;
    params?: Record<string, unknown>;
}

function describe(e: AjvError): string {
    if (e.keyword === "required" && typeof e.params?.missingProperty === "string") {
        return `missing required field "${e.params.missingProperty}"`;
    }
    const extra =
        e.keyword === "enum" && Array.isArray(e.params?.allowedValues) ? `: ${(e.params!.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` : "";
    return `${e.message ?? e.keyword ?? "invalid"}${extra}`;
}

/** Is the error about a value (or a required property) that was opaque in the input? */
function aboutOpaque(e: AjvError, opaque: Set<string>): boolean {
    const at = e.instancePath ?? "";
    for (const o of opaque) {
        if (at === o || at.startsWith(`${o}/`)) {
            return true;
        }
    }
    const missing = e.keyword === "required" ? e.params?.missingProperty : undefined;
    return typeof missing === "string" && opaque.has(pointer(at, missing));
}

/**
 * Property names the kubernetes-models generator strips from every schema along with the documentation keys
 * of the same name (`description`, `x-kubernetes-*`), so no validator reads them although the API has them
 * (AppProject and PriorityClass `description`, CRD `x-kubernetes-*` schema props). They count as known, with
 * the type they have everywhere in the API; test/k8s.test.ts proves these are the only names stripped.
 */
export function strippedByGenerator(key: string, value: unknown): boolean {
    return (key === "description" && typeof value === "string") || key.startsWith("x-kubernetes-");
}

/** Unknown fields: own keys of an inspected object that the validator did not read. */
function unknownFields(value: unknown, at: string, seen: WeakMap<object, Seen>, out: SchemaProblem[]): void {
    if (Array.isArray(value)) {
        value.forEach((v, i) => unknownFields(v, pointer(at, i), seen, out));
        return;
    }
    if (!isPlainObject(value)) {
        return;
    }
    const s = seen.get(value);
    if (!s || s.iterated || s.read.size === 0) {
        return; // never reached, a map, or free-form: the schema says nothing about its keys
    }
    for (const [k, v] of Object.entries(value)) {
        if (!s.read.has(k) && !strippedByGenerator(k, v)) {
            out.push({ path: pointer(at, k), message: "unknown field (not in the schema)" });
        } else {
            unknownFields(v, pointer(at, k), seen, out);
        }
    }
}

export interface Checked {
    problems: SchemaProblem[];
    /** `<package>@<version>` whose schema was used, when one was found. */
    schema?: string;
}

/**
 * Validates a Kubernetes object (apiVersion, kind, metadata, …) against its upstream schema, strictly.
 * `partial` (server-side apply patches) skips the `required` keyword.
 */
export async function checkObject(object: unknown, partial = false): Promise<Checked> {
    if (!isPlainObject(object)) {
        return { problems: [{ path: "", message: "not an object" }] };
    }
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
        return { problems: [{ path: "", message: "apiVersion and kind must be strings" }] };
    }
    const schema = await schemaFor(apiVersion, kind);
    if (!schema) {
        return {
            problems: [{ path: "", message: `no upstream schema for ${apiVersion} ${kind}: add the package of its API group to policy/src/k8s/schemas.ts` }],
        };
    }
    const opaque = new Set<string>();
    const data = withoutOpaque(object, "", opaque) as Record<string, unknown>;
    const seen = new WeakMap<object, Seen>();
    const problems: SchemaProblem[] = [];
    try {
        schema.validate(recording(data, seen));
    } catch (e) {
        const errors = (e as { errors?: AjvError[] }).errors;
        if (!Array.isArray(errors)) {
            throw e;
        }
        const lines = new Set<string>();
        for (const err of errors) {
            if (aboutOpaque(err, opaque) || (partial && err.keyword === "required")) {
                continue;
            }
            const line = JSON.stringify([err.instancePath ?? "", describe(err)]);
            if (!lines.has(line)) {
                lines.add(line);
                problems.push({ path: err.instancePath ?? "", message: describe(err) });
            }
        }
    }
    unknownFields(data, "", seen, problems);
    return { problems, schema: schema.source };
}

/** "Kind namespace/name" (or "Kind name"), for messages. */
export function objectLabel(object: unknown): string {
    if (!isPlainObject(object)) {
        return "(not an object)";
    }
    const meta = isPlainObject(object.metadata) ? object.metadata : {};
    const name = typeof meta.name === "string" ? meta.name : "(unnamed)";
    const ns = typeof meta.namespace === "string" ? `${meta.namespace}/` : "";
    return `${typeof object.kind === "string" ? object.kind : "(no kind)"} ${ns}${name}`;
}
