// Plain-data helpers shared by every policy.
//
// During `pulumi preview` @pulumi/policy hands policies a proxy that throws UnknownValueError as
// soon as a value that is only known after `up` is read; that turns a mandatory policy into an
// advisory "can't run during preview". Policies here never read the proxy directly: `plain()`
// copies the props once and replaces every unknown value by the UNKNOWN marker, so each policy
// decides explicitly what an unknown means (always: "not a violation, can't tell yet").
// The offline plan (Java side) prints secrets as "[secret]"; it has no unknowns today, but the
// strings "[unknown]" and the engine's unknown sentinels are recognised as UNKNOWN too.

export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

export const SECRET_MARKER = "[secret]";

/** The engine's unknown sentinels (see @pulumi/policy proxy.js) plus the offline plan's marker. */
const UNKNOWN_STRINGS = new Set<string>([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
    "[unknown]",
]);

function isUnknownValueError(e: unknown): boolean {
    return e instanceof Error && (e.constructor.name === "UnknownValueError" || "unknownTypeSentinel" in e);
}

function read(obj: any, key: string | number): any {
    try {
        return obj[key];
    } catch (e) {
        if (isUnknownValueError(e)) {
            return UNKNOWN;
        }
        throw e;
    }
}

/** Deep copy of policy props (possibly an unknown-checking proxy) with unknowns replaced by UNKNOWN. */
export function plain(v: any): any {
    if (v === UNKNOWN) {
        return UNKNOWN;
    }
    if (typeof v === "string") {
        return UNKNOWN_STRINGS.has(v) ? UNKNOWN : v;
    }
    if (v === null || typeof v !== "object") {
        return v;
    }
    if (Array.isArray(v)) {
        const out: any[] = [];
        const n = read(v, "length");
        for (let i = 0; i < n; i++) {
            out.push(plain(read(v, i)));
        }
        return out;
    }
    const out: Record<string, any> = {};
    for (const k of Object.keys(v)) {
        out[k] = plain(read(v, k));
    }
    return out;
}

export function isUnknown(v: unknown): v is Unknown {
    return v === UNKNOWN;
}

/** Reads a dotted path. Missing -> undefined; any unknown step -> UNKNOWN. */
export function get(obj: any, path: string): any {
    let cur = obj;
    for (const part of path.split(".")) {
        if (cur === UNKNOWN) {
            return UNKNOWN;
        }
        if (cur === null || cur === undefined || typeof cur !== "object") {
            return undefined;
        }
        // Single-item blocks may come as an object or as a one-element list; accept both.
        if (Array.isArray(cur) && !/^\d+$/.test(part)) {
            cur = cur.length === 1 ? cur[0] : undefined;
            if (cur === UNKNOWN) {
                return UNKNOWN;
            }
            if (cur === null || cur === undefined || typeof cur !== "object") {
                return undefined;
            }
        }
        cur = cur[part];
    }
    return cur;
}

/** A list-valued prop as an array: missing -> [], single object -> [it], unknown -> UNKNOWN. */
export function items(v: any): any[] | Unknown {
    if (v === UNKNOWN) {
        return UNKNOWN;
    }
    if (v === undefined || v === null) {
        return [];
    }
    return Array.isArray(v) ? v : [v];
}

/** Known elements of a list, dropping unknown ones (an unknown list gives []). */
export function knownItems(v: any): any[] {
    const l = items(v);
    return l === UNKNOWN ? [] : l.filter((x) => x !== UNKNOWN);
}

export function isTrue(v: unknown): boolean {
    return v === true || v === "true";
}

export function isFalse(v: unknown): boolean {
    return v === false || v === "false";
}

/** A value counts as set when present and non-empty; unknown and "[secret]" count as set. */
export function isSet(v: unknown): boolean {
    if (v === undefined || v === null) {
        return false;
    }
    if (typeof v === "string") {
        return v.trim() !== "";
    }
    if (Array.isArray(v)) {
        return v.length > 0;
    }
    return true;
}

export function asNumber(v: unknown): number | undefined {
    if (typeof v === "number") {
        return v;
    }
    if (typeof v === "string" && v.trim() !== "" && !isNaN(Number(v))) {
        return Number(v);
    }
    return undefined;
}

/**
 * Objects that providers may receive JSON-encoded (provider config such as defaultTags, policy
 * documents): returns the object, UNKNOWN (unknown or a "[secret]"), or an Error for bad JSON.
 */
export function jsonish(v: unknown): any {
    if (v === UNKNOWN || v === SECRET_MARKER) {
        return UNKNOWN;
    }
    if (typeof v === "string") {
        try {
            return plain(JSON.parse(v));
        } catch (e) {
            return new Error(`not valid JSON: ${(e as Error).message}`);
        }
    }
    return v;
}

/** Resource tags as a plain string map (unknown tag maps give {}). */
export function tagsOf(props: any): Record<string, any> {
    const t = props?.tags;
    return t && t !== UNKNOWN && typeof t === "object" && !Array.isArray(t) ? t : {};
}

export function show(v: unknown): string {
    return v === UNKNOWN ? "<unknown>" : v === undefined ? "<unset>" : JSON.stringify(v);
}

/**
 * Is `props` the engine's value proxy? Under `pulumi preview`/`up`, @pulumi/policy 1.21 hands policies props wrapped
 * in its unknown-checking proxy (which answers "__isSpecialProxy"), with secrets already unwrapped to their plain
 * values (server.js deserializeProperties(..., false)); the offline plan hands plain objects in which every secret
 * reads "[secret]". So a policy can tell a clear-text value from a secret only on an offline plan.
 */
export function isEngineProxy(props: unknown): boolean {
    if (props === null || typeof props !== "object") {
        return false;
    }
    try {
        return (props as any)["__isSpecialProxy"] === true;
    } catch {
        return false;
    }
}

/** A known, non-empty string that is not the offline plan's secret marker: a value written in clear text. */
export function isClearText(v: unknown): v is string {
    return typeof v === "string" && v.trim() !== "" && v !== SECRET_MARKER;
}
