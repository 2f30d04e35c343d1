// Which resources of a plan are Kubernetes objects, and the object each one asks the provider to apply.

import { Res } from "../lib/rules";
import { UNKNOWN } from "../lib/values";
import { checkObject, SchemaProblem } from "./strict";

/** Resource tokens of the kubernetes provider that are not objects of the API (releases, charts, YAML and Kustomize groups). */
const NOT_API_GROUPS = new Set(["helm.sh", "yaml", "kustomize"]);

const TOKEN = /^kubernetes:(?:([a-z0-9.-]+)\/)?(v[0-9]+(?:(?:alpha|beta)[0-9]+)?):([A-Z][A-Za-z0-9]*)$/;

export interface ObjectType {
    apiVersion: string;
    kind: string;
    /** A server-side apply patch (`…Patch`): every field optional. */
    patch: boolean;
}

/** `kubernetes:core/v1:ConfigMap` → v1 ConfigMap; `kubernetes:argoproj.io/v1alpha1:Application` → argoproj.io/v1alpha1 Application. */
export function objectType(type: string): ObjectType | undefined {
    const m = TOKEN.exec(type);
    if (!m || NOT_API_GROUPS.has(m[1] ?? "")) {
        return undefined;
    }
    const group = m[1] === undefined || m[1] === "core" ? "" : m[1];
    const patch = m[3].endsWith("Patch") && m[3] !== "Patch";
    return { apiVersion: group === "" ? m[2] : `${group}/${m[2]}`, kind: patch ? m[3].slice(0, -"Patch".length) : m[3], patch };
}

export interface ObjectProblem extends SchemaProblem {
    urn: string;
    label: string;
}

/** Validates every Kubernetes object among `resources` (plain props, see lib/values) strictly against its upstream schema. */
export async function checkPlanObjects(resources: Pick<Res, "type" | "name" | "urn" | "props">[]): Promise<ObjectProblem[]> {
    const out: ObjectProblem[] = [];
    for (const r of resources) {
        const t = objectType(r.type);
        if (!t) {
            continue;
        }
        const object: Record<string, unknown> = { ...r.props };
        const label = `${t.kind} ${r.name}`;
        for (const [field, expected] of [["apiVersion", t.apiVersion], ["kind", t.kind]] as const) {
            const given = object[field];
            if (given === undefined || given === UNKNOWN) {
                object[field] = expected; // the provider fills them in from the resource type
            } else if (given !== expected) {
                out.push({ urn: r.urn, label, path: `/${field}`, message: `is ${JSON.stringify(given)} but the resource type ${r.type} applies ${expected}` });
                object[field] = expected;
            }
        }
        const { problems } = await checkObject(object, t.patch);
        out.push(...problems.map((p) => ({ ...p, urn: r.urn, label })));
    }
    return out;
}
