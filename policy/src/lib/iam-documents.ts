// IAM policy documents as policies read them: identity policies, trust policies and resource policies (bucket,
// key, repository, secret, queue, topic). Shared by the IAM, S3, ECR and KMS policies so that "who is everyone"
// and "what limits everyone" are decided in one place.

import { get, isUnknown, items, jsonish, UNKNOWN } from "./values";

/**
 * The parsed document of a policy input (a JSON string or an object), or undefined when there is nothing to judge
 * yet (unset, unknown during a preview, a "[secret]"); a document that is not JSON is reported as `<label> is …`.
 */
export function readDocument(raw: unknown, label: string, report: (message: string) => void): any | undefined {
    if (raw === undefined || raw === null || raw === "") {
        return undefined;
    }
    const doc = jsonish(raw);
    if (doc === UNKNOWN) {
        return undefined;
    }
    if (doc instanceof Error) {
        report(`${label} is ${doc.message}`);
        return undefined;
    }
    return doc;
}

/** The Statement list of a parsed document (objects only; unknown gives []). */
export function statements(doc: any): any[] {
    const s = items(get(doc, "Statement"));
    return s === UNKNOWN ? [] : s.filter((x) => x && typeof x === "object");
}

/** A string-or-list field as a list (unknown gives []). */
export function list(v: any): any[] {
    const l = items(v);
    return l === UNKNOWN ? [] : l;
}

export function allows(s: any): boolean {
    return s.Effect === "Allow";
}

export function denies(s: any): boolean {
    return s.Effect === "Deny";
}

/** "Statement[1] (Sid)" for messages. */
export function statementLabel(s: any, i: number): string {
    return `Statement[${i}]${typeof s.Sid === "string" && s.Sid ? ` (${s.Sid})` : ""}`;
}

/**
 * Does the statement apply to every principal? `Principal: "*"`, `Principal: {AWS: "*"}` (alone or in a list) and
 * `NotPrincipal` (everyone but the listed) all do. UNKNOWN when the principal cannot be known yet.
 */
export function appliesToEveryone(s: any): boolean | typeof UNKNOWN {
    if (s.NotPrincipal !== undefined) {
        return isUnknown(s.NotPrincipal) ? UNKNOWN : true;
    }
    const p = s.Principal;
    if (isUnknown(p)) {
        return UNKNOWN;
    }
    if (p === "*") {
        return true;
    }
    const aws = get(p, "AWS");
    if (isUnknown(aws)) {
        return UNKNOWN;
    }
    return list(aws).includes("*");
}

/**
 * Condition keys that pin who may act when the principal is everyone: the caller's account, organization or ARN,
 * or the AWS resource or network the request comes from (how AWS's own "everyone in this account through this
 * service" statements are written: kms:CallerAccount with kms:ViaService, aws:SourceArn for service principals).
 */
export const LIMITING_CONDITION_KEYS = [
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "kms:calleraccount",
];

/** Operators that make a condition a requirement (not its negation, not "…IfExists", which passes when the key is absent). */
const REQUIRING_OPERATORS = ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"];

function isWildcardOnly(v: unknown): boolean {
    return typeof v === "string" && /^[*?]*$/.test(v);
}

/**
 * The condition entries under requiring operators: [operator, key, values] with the operator and key lower-cased
 * and a "ForAnyValue:" prefix dropped (it still requires a match). UNKNOWN when the condition cannot be read yet.
 */
export function requirements(condition: any): [string, string, any[]][] | typeof UNKNOWN {
    if (isUnknown(condition)) {
        return UNKNOWN;
    }
    if (!condition || typeof condition !== "object") {
        return [];
    }
    const out: [string, string, any[]][] = [];
    for (const [op, entries] of Object.entries(condition)) {
        const operator = op.toLowerCase().replace(/^foranyvalue:/, "");
        if (!REQUIRING_OPERATORS.includes(operator)) {
            continue;
        }
        if (isUnknown(entries)) {
            return UNKNOWN;
        }
        if (!entries || typeof entries !== "object") {
            continue;
        }
        for (const [key, values] of Object.entries(entries as object)) {
            out.push([operator, key.toLowerCase(), isUnknown(values) ? [UNKNOWN] : list(values)]);
        }
    }
    return out;
}

/** Does the statement's condition limit everyone to one account, organization, ARN or source? (Unknown: assume so.) */
export function limitsEveryone(s: any): boolean {
    const req = requirements(s.Condition);
    if (req === UNKNOWN) {
        return true;
    }
    return req.some(([, key, values]) =>
        LIMITING_CONDITION_KEYS.includes(key) && values.length > 0 && values.every((v) => isUnknown(v) || (typeof v === "string" && v !== "" && !isWildcardOnly(v))));
}

/** An Allow statement for every principal with nothing that limits who: a public grant. */
export function isPublicGrant(s: any): boolean {
    return allows(s) && appliesToEveryone(s) === true && !limitsEveryone(s);
}

/** The Allow actions of a statement ("*" when it uses NotAction, which allows everything else). */
export function allowedActions(s: any): string[] {
    if (!allows(s)) {
        return [];
    }
    if (s.NotAction !== undefined) {
        return ["*"];
    }
    return list(s.Action).filter((a): a is string => typeof a === "string");
}

/** Does an action pattern grant a whole service's or every service's actions ("*", "*:*", "iam:*")? */
export function isServiceWildcard(action: string): boolean {
    return action === "*" || /^[a-z0-9-]+:\*$/i.test(action) || /^\*:/.test(action);
}
