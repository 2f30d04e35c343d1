// Where the upstream schema of a Kubernetes object comes from: npm `kubernetes-models` (the Kubernetes API's
// OpenAPI schemas) and its `@kubernetes-models/*` packages (CRD schemas), each model class carrying a validate
// function that `ajv` compiled from the upstream schema. The packages are ESM-only; this module is CommonJS
// (tsconfig), where TypeScript would turn `import()` into `require()`, which cannot load ESM on Node 20: the
// import below is kept as a real dynamic import.

import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";

/** npm package per API group; the core group ("" → apiVersion "v1") and every built-in group are in kubernetes-models. */
export const CRD_PACKAGES: Record<string, string[]> = {
    "argoproj.io": ["@kubernetes-models/argo-cd"],
    "external-secrets.io": ["@kubernetes-models/external-secrets"],
    "generators.external-secrets.io": ["@kubernetes-models/external-secrets"],
    "monitoring.coreos.com": ["@kubernetes-models/prometheus-operator"],
};

export const CORE_PACKAGE = "kubernetes-models";

/** A validate function as set by @kubernetes-models/base's setValidateFunc: throws a ValidationError with `errors`. */
export type ValidateFn = (this: unknown) => void;

export interface Schema {
    /** Calls the upstream validator on `data` (any object, a recording proxy included); throws on schema errors. */
    validate: (data: unknown) => void;
    /** `<package>@<version>`, for messages. */
    source: string;
}

const GROUP = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
const VERSION = /^v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

const importEsm = new Function("url", "return import(url)") as (url: string) => Promise<Record<string, unknown>>;

const packageDirs = new Map<string, { dir: string; version: string } | null>();

function packageDir(pkg: string): { dir: string; version: string } | null {
    if (!packageDirs.has(pkg)) {
        try {
            const manifest = require.resolve(`${pkg}/package.json`);
            const version = JSON.parse(fs.readFileSync(manifest, "utf8")).version as string;
            packageDirs.set(pkg, { dir: path.dirname(manifest), version });
        } catch {
            packageDirs.set(pkg, null);
        }
    }
    return packageDirs.get(pkg)!;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } | undefined {
    const parts = apiVersion.split("/");
    const [group, version] = parts.length === 1 ? ["", parts[0]] : parts.length === 2 ? parts : ["", ""];
    if (!VERSION.test(version) || (group !== "" && !GROUP.test(group))) {
        return undefined;
    }
    return { group, version };
}

const cache = new Map<string, Promise<Schema | undefined>>();

/** The upstream schema of `apiVersion` `kind`, or undefined when no installed package has it. */
export function schemaFor(apiVersion: string, kind: string): Promise<Schema | undefined> {
    const key = `${apiVersion} ${kind}`;
    let found = cache.get(key);
    if (!found) {
        found = load(apiVersion, kind);
        cache.set(key, found);
    }
    return found;
}

/** Every apiVersion and kind looked up in this process (check-plan keeps the list to load them early next time). */
export function kindsLookedUp(): [string, string][] {
    return [...cache.keys()].map((k) => k.split(" ") as [string, string]);
}

/** Starts loading these schemas now; errors wait for whoever asks for the schema (schemaFor returns the same promise). */
export function warm(kinds: [string, string][]): void {
    for (const [apiVersion, kind] of kinds) {
        schemaFor(apiVersion, kind).catch(() => undefined);
    }
}

async function load(apiVersion: string, kind: string): Promise<Schema | undefined> {
    const gv = splitApiVersion(apiVersion);
    if (!gv || !KIND.test(kind)) {
        return undefined;
    }
    const packages = gv.group === "" || !(gv.group in CRD_PACKAGES) ? [CORE_PACKAGE] : CRD_PACKAGES[gv.group];
    for (const pkg of packages) {
        const where = packageDir(pkg);
        if (!where) {
            // Not "no schema": a missing dependency would otherwise flag every object.
            throw new Error(`${pkg} is not installed: run 'npm ci' in policy/`);
        }
        const file = path.join(where.dir, ...(gv.group === "" ? [] : [gv.group]), gv.version, `${kind}.js`);
        if (!fs.existsSync(file)) {
            continue;
        }
        const model = (await importEsm(pathToFileURL(file).href))[kind] as
            | { apiVersion?: string; kind?: string; prototype?: { validate?: ValidateFn } }
            | undefined;
        const validate = model?.prototype?.validate;
        // Only a top-level model of exactly this apiVersion and kind (not a nested type file of the same name).
        if (model?.apiVersion !== apiVersion || model?.kind !== kind || typeof validate !== "function") {
            continue;
        }
        return { validate: (data) => validate.call(data), source: `${pkg}@${where.version}` };
    }
    return undefined;
}
