import { ofType, Res, resourceRule, stackRule } from "../lib/rules";
import { get, isSet, isUnknown, show, UNKNOWN } from "../lib/values";

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
];
