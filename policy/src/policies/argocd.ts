import { resourceRule } from "../lib/rules";
import { get, isUnknown, knownItems, show } from "../lib/values";

const APP_PROJECT = "kubernetes:argoproj.io/v1alpha1:AppProject";
const APPLICATION = "kubernetes:argoproj.io/v1alpha1:Application";

/** The finalizer that makes ArgoCD delete an Application's resources before the Application ("/background" and "/foreground" variants too). */
export const RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io";

function isGlob(v: string): boolean {
    return /[*?[]/.test(v);
}

/** ArgoCD matches these fields as globs: does the pattern admit this value? */
function globMatches(pattern: string, value: string): boolean {
    const escaped = pattern.replace(/[.+^$()|{}\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp("^" + escaped + "$").test(value);
}

export const argocdPolicies = [
    resourceRule({
        name: "argocd-project-scoped",
        description: "ArgoCD AppProjects must be scoped: sourceRepos lists repositories exactly (no \"*\" or other pattern), no destination has server or name \"*\" (or a pattern) or a namespace pattern that admits kube-system, no clusterResourceWhitelist entry has group or kind \"*\", and sourceNamespaces is not \"*\".",
        severity: "critical",
        enforcementLevel: "mandatory",
        resourceTypes: [APP_PROJECT],
        remediationSteps: "List this repository's URL in sourceRepos, each destination as { name: <cluster>, namespace: <namespace> }, and in clusterResourceWhitelist only the cluster-scoped kinds the apps must create (usually none: []).",
        check: (r, _c, report) => {
            const spec = get(r.props, "spec");
            if (isUnknown(spec) || !spec) {
                return;
            }
            for (const repo of knownItems(get(spec, "sourceRepos"))) {
                if (typeof repo === "string" && !repo.startsWith("!") && isGlob(repo)) {
                    report(`spec.sourceRepos allows ${show(repo)}: any repository matching it can be deployed; list the repositories exactly.`);
                }
            }
            knownItems(get(spec, "destinations")).forEach((d, i) => {
                for (const field of ["server", "name"]) {
                    const v = get(d, field);
                    if (typeof v === "string" && isGlob(v)) {
                        report(`spec.destinations[${i}].${field} is ${show(v)}: any cluster ArgoCD knows, the hub's own included, is a destination.`);
                    }
                }
                const ns = get(d, "namespace");
                if (typeof ns === "string" && isGlob(ns) && globMatches(ns, "kube-system")) {
                    report(`spec.destinations[${i}].namespace is ${show(ns)}: it admits every namespace, kube-system included.`);
                }
            });
            knownItems(get(spec, "clusterResourceWhitelist")).forEach((w, i) => {
                if (get(w, "group") === "*" || get(w, "kind") === "*") {
                    report(`spec.clusterResourceWhitelist[${i}] is ${show(w)}: apps of this project may create any cluster-scoped object (ClusterRoleBindings included).`);
                }
            });
            if (knownItems(get(spec, "sourceNamespaces")).some((n) => typeof n === "string" && globMatches(n, "any-namespace"))) {
                report("spec.sourceNamespaces admits Applications from any namespace: anyone who can create one anywhere can use this project.");
            }
        },
    }),
    resourceRule({
        name: "argocd-application-finalizer",
        description: `ArgoCD Applications must carry the ${RESOURCES_FINALIZER} finalizer: deleting the Application (a workload stack's pulumi destroy) then deletes its resources first, the Ingress and so the load balancer included, instead of orphaning them (an orphaned ALB blocks deleting the VPC).`,
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [APPLICATION],
        remediationSteps: `Set metadata.finalizers = ["${RESOURCES_FINALIZER}"] on the Application.`,
        check: (r, _c, report) => {
            const finalizers = get(r.props, "metadata.finalizers");
            if (isUnknown(finalizers)) {
                return;
            }
            const list = knownItems(finalizers);
            if (!list.some((f) => typeof f === "string" && (f === RESOURCES_FINALIZER || f.startsWith(`${RESOURCES_FINALIZER}/`)))) {
                report(`metadata.finalizers is ${show(finalizers)}: deleting the Application would leave its resources (the Ingress and its load balancer) behind.`);
            }
        },
    }),
    resourceRule({
        name: "argocd-application-project",
        description: "ArgoCD Applications must belong to a scoped AppProject, never \"default\" (which allows any repository, cluster, namespace and kind).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [APPLICATION],
        remediationSteps: "Set spec.project to the environment's AppProject (apps-<stack>), which allows only this repository and that cluster's namespace.",
        check: (r, _c, report) => {
            const project = get(r.props, "spec.project");
            if (isUnknown(project)) {
                return;
            }
            if (typeof project !== "string" || project === "" || project === "default") {
                report(`spec.project is ${show(project)}: the default project allows anything; expected the environment's own AppProject.`);
            }
        },
    }),
];
