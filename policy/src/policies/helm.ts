import { ofType, Res, resourceRule, stackRule } from "../lib/rules";
import { get, isClearText, isSet, isUnknown, show, UNKNOWN } from "../lib/values";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const POD_IDENTITY = "aws:eks/podIdentityAssociation:PodIdentityAssociation";

const SEMVER = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
export const IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

/** Charts that call AWS APIs, with the service-account name stem a pod identity association must match. */
export const AWS_CHARTS: Record<string, string> = {
    "aws-load-balancer-controller": "aws-load-balancer-controller",
    "external-dns": "external-dns",
    "cluster-autoscaler": "cluster-autoscaler",
    "external-secrets": "external-secrets",
    "argo-cd": "argocd",
    // Loki keeps chunks and index in S3 (the hub's log store).
    loki: "loki",
};

/** Values paths where these charts take a service-account name. */
const SA_NAME_PATHS = ["serviceAccount.name", "rbac.serviceAccount.name", "controller.serviceAccount.name", "server.serviceAccount.name"];

export function chartName(chart: unknown): string | undefined {
    return typeof chart === "string" ? chart.replace(/\/+$/, "").split("/").pop() : undefined;
}

/** Does any key named IRSA_ANNOTATION hold a value somewhere in the values tree? (UNKNOWN anywhere on the way counts as yes.) */
function hasIrsaAnnotation(v: any): boolean {
    if (v === UNKNOWN) {
        return true;
    }
    if (!v || typeof v !== "object") {
        return false;
    }
    return Object.entries(v).some(([k, x]) => (k === IRSA_ANNOTATION && isSet(x)) || hasIrsaAnnotation(x));
}

/** Value keys that hold a secret (compared lower-case without - _ .): …password, …token, …secret, apiKey, privateKey… */
const SECRET_KEY = /(password|passwd|passphrase|secret|token|apikey|secretkey|privatekey|clientsecret|credentials?)$/;
/** …but not keys that name, point to or switch a secret: existingSecret, secretName, tokenSecretRef, createSecret… */
const SECRET_REFERENCE_KEY = /^(existing|use|create|enable|disable|mount|skip|generate)|(name|names|ref|file|path|key|keys|enabled|type|mode|ttl|length|policy)$/;

/** ArgoCD's reference to a key of a Secret ("$dex.github.clientSecret", "$my-secret:token"), not a value (a bcrypt hash is not one). */
const ARGOCD_REFERENCE = /^\$[A-Za-z0-9._-]+(:[A-Za-z0-9._-]+)?$/;

/**
 * Per chart, values paths that hold the *name* of a Kubernetes Secret when their value is a string (and the secret
 * itself when a map, whose keys are then checked like any other): gha-runner-scale-set's githubConfigSecret is
 * "Variation C, a pre-defined secret" of its values.yaml when a string, a PAT or a GitHub App's key when a map.
 */
export const SECRET_NAME_PATHS: Record<string, string[]> = {
    "gha-runner-scale-set": ["githubConfigSecret"],
};

/** Values at secret-looking keys of a Helm values tree that are written in clear text, as "a.b.c" paths. */
export function clearTextSecrets(v: any, path = "", secretNames: string[] = []): string[] {
    if (v === UNKNOWN || v === null || typeof v !== "object") {
        return [];
    }
    const out: string[] = [];
    for (const [k, x] of Object.entries(v)) {
        const here = path ? `${path}.${k}` : k;
        const key = k.toLowerCase().replace(/[-_.]/g, "");
        const namesASecret = secretNames.includes(here) && typeof x === "string";
        // A private key, API key or secret key is the secret itself, though its name ends in "key" like a reference's.
        const reference = SECRET_REFERENCE_KEY.test(key) && !/(privatekey|apikey|secretkey)$/.test(key);
        if (SECRET_KEY.test(key) && !reference && !namesASecret && isClearText(x) && !ARGOCD_REFERENCE.test(x)) {
            out.push(here);
        }
        // an environment variable entry: {name: DB_PASSWORD, value: …}
        if (key === "value" && typeof v.name === "string" && SECRET_KEY.test(v.name.toLowerCase().replace(/[-_.]/g, "")) && isClearText(x)) {
            out.push(here);
        }
        out.push(...clearTextSecrets(x, here, secretNames));
    }
    return out;
}

function releaseLabel(r: Res): string {
    return `${chartName(r.props.chart) ?? r.name}`;
}

export const helmPolicies = [
    resourceRule({
        name: "helm-chart-version-pinned",
        description: "Helm releases must pin the chart version to an exact semver (no ranges, no latest).",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [RELEASE],
        remediationSteps: "Set version to the exact chart version (kept with chart name and repo in one place in the Java code).",
        check: (r, _c, report) => {
            const v = r.props.version;
            if (!isUnknown(v) && !(typeof v === "string" && SEMVER.test(v))) {
                report(`Chart ${releaseLabel(r)} version is ${show(v)}; expected an exact version like 1.21.1.`);
            }
        },
    }),
    resourceRule({
        name: "helm-repo-https",
        description: "Helm releases must come from an https:// chart repository (repositoryOpts.repo) or an oci:// chart reference.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [RELEASE],
        remediationSteps: "Set repositoryOpts = { repo: \"https://…\" } (see FACTS.md for each chart's repository).",
        check: (r, _c, report) => {
            const repo = get(r.props, "repositoryOpts.repo");
            const chart = r.props.chart;
            if (isUnknown(repo) || isUnknown(chart)) {
                return;
            }
            if (typeof chart === "string" && chart.startsWith("oci://")) {
                return;
            }
            if (typeof repo !== "string" || !repo.startsWith("https://")) {
                report(`Chart ${releaseLabel(r)} repositoryOpts.repo is ${show(repo)}; expected an https:// repository.`);
            }
        },
    }),
    stackRule({
        name: "helm-aws-identity",
        description: `Helm releases of AWS-calling charts (${Object.keys(AWS_CHARTS).join(", ")}) need an AWS identity: a service-account annotation ${IRSA_ANNOTATION} in values, or a PodIdentityAssociation in the release namespace for the chart's service account.`,
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [RELEASE, POD_IDENTITY],
        remediationSteps: "Create aws.eks.PodIdentityAssociation { clusterName, namespace: <release namespace>, serviceAccount: <the chart's service account>, roleArn } (or set serviceAccount.annotations[\"eks.amazonaws.com/role-arn\"]).",
        check: (resources, _c, report) => {
            const associations = ofType(resources, POD_IDENTITY);
            for (const rel of ofType(resources, RELEASE)) {
                const chart = chartName(rel.props.chart);
                const stem = chart ? AWS_CHARTS[chart] : undefined;
                if (!stem || hasIrsaAnnotation(rel.props.values)) {
                    continue;
                }
                const ns = rel.props.namespace ?? "default";
                if (isUnknown(ns)) {
                    continue;
                }
                const named = SA_NAME_PATHS.map((p) => get(rel.props.values, p)).filter((x) => typeof x === "string" && x !== "");
                const found = associations.some((a) => {
                    const ans = a.props.namespace;
                    const sa = a.props.serviceAccount;
                    if (isUnknown(ans) || isUnknown(sa)) {
                        return true;
                    }
                    return ans === ns && typeof sa === "string" && (named.includes(sa) || sa.includes(stem));
                });
                if (!found) {
                    report(
                        `Release ${rel.name} (chart ${chart}) has no ${IRSA_ANNOTATION} annotation and no PodIdentityAssociation for namespace ${ns}` +
                            `${named.length ? ` / service account ${named.join(", ")}` : ` / a service account containing "${stem}"`}.`,
                        rel.urn,
                    );
                }
            }
        },
    }),
    resourceRule({
        name: "helm-values-no-clear-text-secrets",
        description: "Helm release values must not carry a secret in clear text: a string at a key that names a password, token, secret or private key (existingSecret, secretName and the like are references, and fine). Decided on the offline plan, where a Pulumi secret reads \"[secret]\"; under pulumi preview @pulumi/policy unwraps secrets, so there the two cannot be told apart and the policy stays silent.",
        severity: "critical",
        enforcementLevel: "mandatory",
        resourceTypes: [RELEASE],
        remediationSteps: "Keep the secret out of values: create a Kubernetes Secret (from a secret stack config value, or an ExternalSecret) and point the chart at it (existingSecret, <component>.secretName, ArgoCD's $<secret>:<key>); if a chart only takes the value itself, pass it as a Pulumi secret (Output.ofSecret).",
        check: (r, _c, report) => {
            if (!r.secretsVisible) {
                return;
            }
            const found = clearTextSecrets(r.props.values, "", SECRET_NAME_PATHS[chartName(r.props.chart) ?? ""] ?? []);
            if (found.length > 0) {
                report(`Chart ${releaseLabel(r)} values hold ${found.length === 1 ? "a secret" : "secrets"} in clear text at ${found.join(", ")}.`);
            }
        },
    }),
];
