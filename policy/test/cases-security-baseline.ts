// Passing and failing plans for the security-baseline policies (src/policies/security-baseline.ts): a workload's
// cluster, its vpc-cni add-on, the app namespace with its guardrails and the Application that deploys there; each
// failing case breaks one thing the way a code change could.
import type { PolicyCases } from "./cases";
import { deepClone, FakeResource, R } from "./helpers";

const RESTRICTED = {
    "pod-security.kubernetes.io/enforce": "restricted",
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/audit": "restricted",
};

const cluster = R("aws:eks/cluster:Cluster", "dev-eks", { name: "kyeol-dev", version: "1.35" });
const vpcCni = R("aws:eks/addon:Addon", "dev-vpc-cni", {
    addonName: "vpc-cni",
    addonVersion: "v1.23.0-eksbuild.1",
    clusterName: "kyeol-dev",
    configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
});
const namespace = (name: string, labels: object, annotations?: object) =>
    R("kubernetes:core/v1:Namespace", `dev-${name}-namespace`, { apiVersion: "v1", kind: "Namespace", metadata: { name, labels, ...(annotations ? { annotations } : {}) } });
const appNamespace = namespace("saleor", RESTRICTED);
const application = R("kubernetes:argoproj.io/v1alpha1:Application", "dev-argocd-application", {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "saleor-dev", namespace: "argocd" },
    spec: { project: "apps-dev", destination: { name: "kyeol-dev", namespace: "saleor" }, source: { repoURL: "https://github.com/kyeol/kyeol-platform.git", path: "gitops/overlays/dev" } },
});
const networkPolicy = (name: string, spec: object) =>
    R("kubernetes:networking.k8s.io/v1:NetworkPolicy", `dev-netpol-${name}`, { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: "saleor" }, spec });
const defaultDeny = networkPolicy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
const allowDns = networkPolicy("allow-dns", {
    podSelector: {},
    policyTypes: ["Egress"],
    egress: [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }] }],
});
const quota = R("kubernetes:core/v1:ResourceQuota", "dev-saleor-quota", {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name: "saleor-quota", namespace: "saleor" },
    spec: { hard: { "requests.cpu": "6", "requests.memory": "10Gi", "limits.cpu": "24", "limits.memory": "20Gi", pods: "30", "services.loadbalancers": "0" } },
});
const limitRange = R("kubernetes:core/v1:LimitRange", "dev-saleor-limits", {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: { name: "saleor-limits", namespace: "saleor" },
    spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }] },
});
const esoRelease = R("kubernetes:helm.sh/v3:Release", "dev-external-secrets", { chart: "external-secrets", version: "2.9.0", namespace: "external-secrets", values: {} });

/** A workload plan with everything in place. */
const workload: FakeResource[] = [cluster, vpcCni, appNamespace, namespace("external-secrets", RESTRICTED), esoRelease, application, defaultDeny, allowDns, quota, limitRange];

/** The workload plan with `name` replaced by `replacement` (or removed when it is undefined). */
function without(name: string, replacement?: FakeResource): FakeResource[] {
    const out = workload.filter((r) => r.name !== name).map(deepClone);
    return replacement ? [...out, replacement] : out;
}

export const securityBaselineCases: Record<string, PolicyCases> = {
    "namespace-pod-security": {
        pass: [
            { title: "the app namespace and ESO's at restricted, the release installed into it", input: workload },
            { title: "a system namespace at baseline that says why", input: [...workload, namespace("runners", { ...RESTRICTED, "pod-security.kubernetes.io/enforce": "baseline" }, { "kyeol.io/pod-security-reason": "runner pods need root" })] },
            { title: "the hub: argocd, no Application", input: [cluster, vpcCni, namespace("argocd", RESTRICTED)] },
        ],
        fail: [
            { title: "no enforce label", input: without("dev-saleor-namespace", namespace("saleor", { "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/audit": "restricted" })), expect: /Namespace "saleor" has pod-security\.kubernetes\.io\/enforce <unset>/ },
            { title: "enforce: baseline on the app namespace", input: without("dev-saleor-namespace", namespace("saleor", { ...RESTRICTED, "pod-security.kubernetes.io/enforce": "baseline" }, { "kyeol.io/pod-security-reason": "because" })), expect: /^App namespace saleor is enforced at "baseline"; expected restricted\.$/ },
            { title: "no warn label", input: without("dev-saleor-namespace", namespace("saleor", { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/audit": "restricted" })), expect: /pod-security\.kubernetes\.io\/warn <unset>; expected restricted/ },
            { title: "privileged without a reason", input: [...workload, namespace("runners", { ...RESTRICTED, "pod-security.kubernetes.io/enforce": "privileged" })], expect: /Namespace "runners" is enforced at privileged without a kyeol\.io\/pod-security-reason/ },
            { title: "the app namespace not created by the stack", input: without("dev-saleor-namespace"), expect: /Application dev-argocd-application deploys into namespace saleor, which the stack does not create/ },
            { title: "Helm creates a namespace", input: without("dev-external-secrets", R("kubernetes:helm.sh/v3:Release", "dev-external-secrets", { chart: "external-secrets", version: "2.9.0", namespace: "external-secrets", createNamespace: true })), expect: /Release dev-external-secrets creates namespace "external-secrets" \(createNamespace\)/ },
        ],
    },
    "network-policy-enforcement": {
        pass: [
            { title: "vpc-cni with network policy, default deny in the app namespace", input: workload },
            { title: "the hub: no app namespace", input: [cluster, vpcCni, namespace("argocd", RESTRICTED)] },
        ],
        fail: [
            { title: "network policy support off", input: without("dev-vpc-cni", R("aws:eks/addon:Addon", "dev-vpc-cni", { addonName: "vpc-cni", clusterName: "kyeol-dev", configurationValues: JSON.stringify({ enableNetworkPolicy: "false" }) })), expect: /has network policy support off \(enableNetworkPolicy "false"; expected "true"\)/ },
            { title: "no configuration values", input: without("dev-vpc-cni", R("aws:eks/addon:Addon", "dev-vpc-cni", { addonName: "vpc-cni", clusterName: "kyeol-dev" })), expect: /network policy support off \(enableNetworkPolicy <unset>/ },
            { title: "boolean true where the add-on's schema takes a string", input: without("dev-vpc-cni", R("aws:eks/addon:Addon", "dev-vpc-cni", { addonName: "vpc-cni", clusterName: "kyeol-dev", configurationValues: JSON.stringify({ enableNetworkPolicy: true }) })), expect: /enableNetworkPolicy true; expected "true"/ },
            { title: "no vpc-cni add-on for the cluster", input: without("dev-vpc-cni"), expect: /^Cluster "kyeol-dev" has no managed vpc-cni add-on/ },
            { title: "no default deny in the app namespace", input: without("dev-netpol-default-deny"), expect: /^App namespace saleor \(Application dev-argocd-application\) has no default-deny NetworkPolicy/ },
            { title: "a 'default deny' of ingress only", input: without("dev-netpol-default-deny", networkPolicy("default-deny", { podSelector: {}, policyTypes: ["Ingress"] })), expect: /no default-deny NetworkPolicy/ },
            { title: "a 'default deny' with an allow-all egress rule", input: without("dev-netpol-default-deny", networkPolicy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"], egress: [{}] })), expect: /no default-deny NetworkPolicy/ },
            { title: "a 'default deny' of some pods only", input: without("dev-netpol-default-deny", networkPolicy("default-deny", { podSelector: { matchLabels: { "app.kubernetes.io/name": "saleor-api" } }, policyTypes: ["Ingress", "Egress"] })), expect: /no default-deny NetworkPolicy/ },
        ],
    },
    "app-namespace-quota": {
        pass: [
            { title: "quota and limit range in the app namespace", input: workload },
            { title: "the hub: no app namespace", input: [cluster, namespace("argocd", RESTRICTED)] },
        ],
        fail: [
            { title: "no quota", input: without("dev-saleor-quota"), expect: /^App namespace saleor \(Application dev-argocd-application\) has no ResourceQuota bounding requests\.cpu/ },
            { title: "a quota without limits.cpu", input: without("dev-saleor-quota", R("kubernetes:core/v1:ResourceQuota", "dev-saleor-quota", { metadata: { name: "saleor-quota", namespace: "saleor" }, spec: { hard: { "requests.cpu": "6", "requests.memory": "10Gi", "limits.memory": "20Gi", pods: "30" } } })), expect: /has no ResourceQuota bounding/ },
            { title: "a quota in another namespace", input: without("dev-saleor-quota", R("kubernetes:core/v1:ResourceQuota", "dev-saleor-quota", { metadata: { name: "saleor-quota", namespace: "default" }, spec: deepClone(quota).props.spec })), expect: /has no ResourceQuota bounding/ },
            { title: "no limit range", input: without("dev-saleor-limits"), expect: /has no LimitRange with Container default and defaultRequest/ },
        ],
    },
};
