// A small but whole platform as fake stack resources, for the behaviour proofs' tests: one EKS cluster with its
// node group, add-ons, a kubernetes provider fed by the cluster, the load balancer controller and other releases,
// CRD objects, an Application sent to a hub through a stack reference. Tests break one thing and expect the proof
// to name it.
import { FakeResource, R, urnOf } from "./helpers";

export const K8S_PROVIDER = { type: "pulumi:providers:kubernetes", name: "dev-k8s", props: {} };
export const HUB_PROVIDER = { type: "pulumi:providers:kubernetes", name: "dev-hub-k8s", props: {} };

export const CLUSTER_ARN = "arn:aws:eks:ap-northeast-3:111122223333:cluster/kyeol-dev";

export function k8s(type: string, name: string, props: Record<string, any>, deps: string[] = [], provider = K8S_PROVIDER): FakeResource {
    return R(type, name, props, { deps, provider });
}

export function release(name: string, chart: string, values: Record<string, any>, deps: string[], namespace = "kube-system"): FakeResource {
    return k8s("kubernetes:helm.sh/v3:Release", name, { chart, name: chart, namespace, version: "1.0.0", values }, deps);
}

/** Explicit requests, as every release must set them. */
export const REQ = { requests: { cpu: "50m", memory: "64Mi" } };

export function world(): FakeResource[] {
    return [
        R("pulumi:pulumi:StackReference", "dev-hub", { name: "organization/kyeol-platform/mgmt" }, {
            outputs: { name: "organization/kyeol-platform/mgmt", outputs: { natPublicIp: "203.0.113.39", argocdRoleArn: "arn:aws:iam::111122223333:role/mgmt-argocd-role" } },
        }),
        R("aws:eks/cluster:Cluster", "dev-eks", { name: "kyeol-dev", vpcConfig: { subnetIds: ["subnet-p1"] } }, {
            outputs: { name: "kyeol-dev", arn: CLUSTER_ARN, endpoint: "https://DEV.eks.amazonaws.com", vpcConfig: { clusterSecurityGroupId: "sg-cluster" } },
        }),
        R("pulumi:providers:kubernetes", "dev-k8s", { kubeconfig: "{}" }, { deps: ["dev-eks"], propDeps: { kubeconfig: ["dev-eks"] } }),
        R("pulumi:providers:kubernetes", "dev-hub-k8s", { kubeconfig: "{}" }, { deps: ["dev-hub"], propDeps: { kubeconfig: ["dev-hub"] } }),
        R("aws:eks/addon:Addon", "dev-vpc-cni", { addonName: "vpc-cni", clusterName: "kyeol-dev" }, { deps: ["dev-eks"], propDeps: { clusterName: ["dev-eks"] } }),
        R("aws:eks/addon:Addon", "dev-kube-proxy", { addonName: "kube-proxy", clusterName: "kyeol-dev" }, { deps: ["dev-eks"], propDeps: { clusterName: ["dev-eks"] } }),
        R("aws:eks/addon:Addon", "dev-eks-pod-identity-agent", { addonName: "eks-pod-identity-agent", clusterName: "kyeol-dev" }, { deps: ["dev-eks"], propDeps: { clusterName: ["dev-eks"] } }),
        R("aws:eks/nodeGroup:NodeGroup", "dev-nodes", {
            clusterName: "kyeol-dev", instanceTypes: ["t3.large"], scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 4 },
        }, { deps: ["dev-eks", "dev-vpc-cni", "dev-kube-proxy", "dev-eks-pod-identity-agent"], propDeps: { clusterName: ["dev-eks"] } }),
        R("aws:eks/addon:Addon", "dev-coredns", { addonName: "coredns", clusterName: "kyeol-dev" }, { deps: ["dev-eks", "dev-nodes"], propDeps: { clusterName: ["dev-eks"] } }),
        release("dev-aws-load-balancer-controller", "aws-load-balancer-controller", { clusterName: "kyeol-dev", replicaCount: 2, resources: REQ }, ["dev-nodes", "dev-coredns"]),
        R("aws:eks/addon:Addon", "dev-aws-ebs-csi-driver", { addonName: "aws-ebs-csi-driver", clusterName: "kyeol-dev" }, {
            deps: ["dev-eks", "dev-nodes", "dev-aws-load-balancer-controller"], propDeps: { clusterName: ["dev-eks"] },
        }),
        release("dev-metrics-server", "metrics-server", { replicas: 2, resources: REQ }, ["dev-nodes", "dev-aws-load-balancer-controller"]),
        release("dev-external-secrets", "external-secrets", {
            replicaCount: 1, resources: REQ, webhook: { resources: REQ }, certController: { resources: REQ },
        }, ["dev-nodes", "dev-aws-load-balancer-controller"], "external-secrets"),
        k8s("kubernetes:core/v1:Namespace", "dev-app-namespace", { metadata: { name: "saleor" } }, ["dev-nodes"]),
        k8s("kubernetes:external-secrets.io/v1:ClusterSecretStore", "dev-secret-store", { spec: {} }, ["dev-external-secrets"]),
        k8s("kubernetes:external-secrets.io/v1:ExternalSecret", "dev-database-secret", { metadata: { namespace: "saleor" } }, ["dev-secret-store", "dev-app-namespace"]),
        // On the hub, through the hub's provider: its CRDs exist (mgmt is up first); it deploys onto this cluster.
        k8s("kubernetes:argoproj.io/v1alpha1:Application", "dev-argocd-application", {
            spec: { destination: { name: "kyeol-dev", namespace: "saleor" }, source: { path: "gitops/overlays/dev" } },
        }, ["dev-hub", "dev-aws-load-balancer-controller", "dev-database-secret"], HUB_PROVIDER),
    ];
}

/** The world with `edit` applied to the resource called `name` (its props, deps or anything else). */
export function breakOne(list: FakeResource[], name: string, edit: (r: FakeResource) => void): FakeResource[] {
    const r = list.find((x) => x.name === name);
    if (!r) {
        throw new Error(`no ${name} in the world`);
    }
    edit(r);
    return list;
}

export function urnNamed(list: FakeResource[], name: string): string {
    const r = list.find((x) => x.name === name)!;
    return urnOf(r.type, r.name);
}
