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

// --- IAM: a cluster, ExternalDNS and External Secrets with Pod Identity, a secret under a customer-managed key ---

export const ACCOUNT = "111122223333";
export const ZONE = "Z0TESTZONE";
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });

export function podIdentityTrust(namespace: string, serviceAccount: string): string {
    return doc({
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
            StringEquals: {
                "aws:SourceAccount": ACCOUNT,
                "aws:RequestTag/eks-cluster-arn": CLUSTER_ARN,
                "aws:RequestTag/kubernetes-namespace": namespace,
                "aws:RequestTag/kubernetes-service-account": serviceAccount,
            },
        },
    });
}

/** The trust today's main builds: aws:SourceArn, which EKS Pod Identity does not send. */
export function sourceArnTrust(): string {
    return doc({
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnEquals: { "aws:SourceArn": CLUSTER_ARN } },
    });
}

export const KEY_ARN = `arn:aws:kms:ap-northeast-3:${ACCOUNT}:key/0000aaaa-0000-4000-8000-000000000001`;
export const SECRET_ARN = `arn:aws:secretsmanager:ap-northeast-3:${ACCOUNT}:secret:kyeol/dev/saleor-AbCdEf`;

export function esoPolicy(withDecrypt = true): string {
    const statements: object[] = [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: [SECRET_ARN] }];
    if (withDecrypt) {
        statements.push({ Effect: "Allow", Action: ["kms:Decrypt"], Resource: [KEY_ARN], Condition: { StringEquals: { "kms:ViaService": "secretsmanager.ap-northeast-3.amazonaws.com" } } });
    }
    return doc(...statements);
}

export function role(name: string, trust: string): FakeResource {
    return R("aws:iam/role:Role", name, { assumeRolePolicy: trust }, { outputs: { name: `${name}-abc`, arn: `arn:aws:iam::${ACCOUNT}:role/${name}-abc`, assumeRolePolicy: trust } });
}

export function association(name: string, roleName: string, namespace: string, serviceAccount: string): FakeResource {
    return R("aws:eks/podIdentityAssociation:PodIdentityAssociation", name, { clusterName: "kyeol-dev", namespace, serviceAccount, roleArn: `arn:aws:iam::${ACCOUNT}:role/${roleName}-abc` }, {
        propDeps: { clusterName: ["dev-eks"], roleArn: [roleName] },
    });
}

export function iamWorld(): FakeResource[] {
    return [
        R("pulumi:providers:aws", "aws-dev", { region: "ap-northeast-3" }),
        R("aws:eks/cluster:Cluster", "dev-eks", { name: "kyeol-dev" }, { outputs: { name: "kyeol-dev", arn: CLUSTER_ARN } }),
        R("aws:route53/record:Record", "dev-origin", { zoneId: ZONE, name: "origin.example.org", type: "A" }),
        role("dev-external-dns-role", podIdentityTrust("kube-system", "external-dns")),
        R("aws:iam/policy:Policy", "dev-external-dns-policy", {
            policy: doc(
                { Effect: "Allow", Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"], Resource: [`arn:aws:route53:::hostedzone/${ZONE}`] },
                { Effect: "Allow", Action: ["route53:ListHostedZones"], Resource: "*" },
            ),
        }, { outputs: { arn: `arn:aws:iam::${ACCOUNT}:policy/dev-external-dns-policy-abc` } }),
        R("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "dev-external-dns-attach", { role: "dev-external-dns-role-abc", policyArn: `arn:aws:iam::${ACCOUNT}:policy/dev-external-dns-policy-abc` }, {
            propDeps: { role: ["dev-external-dns-role"], policyArn: ["dev-external-dns-policy"] },
        }),
        association("dev-external-dns-pod-identity", "dev-external-dns-role", "kube-system", "external-dns"),
        R("aws:kms/key:Key", "dev-secrets-key", { enableKeyRotation: true }, { outputs: { arn: KEY_ARN, keyId: "0000aaaa-0000-4000-8000-000000000001" } }),
        R("aws:secretsmanager/secret:Secret", "dev-saleor-secret", { name: "kyeol/dev/saleor", kmsKeyId: KEY_ARN }, { propDeps: { kmsKeyId: ["dev-secrets-key"] }, outputs: { arn: SECRET_ARN, kmsKeyId: KEY_ARN } }),
        role("dev-external-secrets-role", podIdentityTrust("external-secrets", "external-secrets")),
        R("aws:iam/rolePolicy:RolePolicy", "dev-external-secrets-read", { role: "dev-external-secrets-role-abc", policy: esoPolicy() }, { propDeps: { role: ["dev-external-secrets-role"] } }),
        association("dev-external-secrets-pod-identity", "dev-external-secrets-role", "external-secrets", "external-secrets"),
    ];
}

// --- Observability: Alloy reading CloudWatch, Loki on a TLS-only bucket, Alertmanager publishing to SNS ---

export const LOGS_BUCKET = `kyeol-dev-logs-${ACCOUNT}`;
export const ALERT_TOPIC = `arn:aws:sns:ap-northeast-3:${ACCOUNT}:kyeol-dev-alerts`;

function attached(roleName: string, policy: string): FakeResource[] {
    return [
        R("aws:iam/policy:Policy", `${roleName}-policy`, { policy }, { outputs: { arn: `arn:aws:iam::${ACCOUNT}:policy/${roleName}-policy-abc` } }),
        R("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${roleName}-attach`, { role: `${roleName}-abc`, policyArn: `arn:aws:iam::${ACCOUNT}:policy/${roleName}-policy-abc` }, {
            propDeps: { role: [roleName], policyArn: [`${roleName}-policy`] },
        }),
    ];
}

export function telemetryWorld(traces = false): FakeResource[] {
    const bucketArn = `arn:aws:s3:::${LOGS_BUCKET}`;
    const alloyConfig = traces ? 'otelcol.auth.sigv4 "xray" {\n  region = "ap-northeast-3"\n  service = "xray"\n}\n' : 'prometheus.exporter.cloudwatch "aws" {}\n';
    return [
        ...iamWorld(),
        role("dev-alloy-cluster-role", podIdentityTrust("monitoring", "alloy-cluster")),
        ...attached("dev-alloy-cluster-role", doc({ Effect: "Allow", Action: ["cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics", "tag:GetResources"], Resource: "*" })),
        association("dev-alloy-cluster-pod-identity", "dev-alloy-cluster-role", "monitoring", "alloy-cluster"),
        R("kubernetes:helm.sh/v3:Release", "dev-alloy-cluster", { chart: "alloy", namespace: "monitoring", values: { alloy: { configMap: { content: alloyConfig } } } }),
        R("aws:s3/bucketV2:BucketV2", "dev-logs", { bucket: LOGS_BUCKET }, { outputs: { bucket: LOGS_BUCKET, arn: bucketArn } }),
        R("aws:s3/bucketPolicy:BucketPolicy", "dev-logs-policy", {
            bucket: LOGS_BUCKET,
            policy: doc({ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        }, { propDeps: { bucket: ["dev-logs"] } }),
        role("dev-loki-role", podIdentityTrust("monitoring", "loki")),
        ...attached("dev-loki-role", doc(
            { Effect: "Allow", Action: ["s3:ListBucket"], Resource: bucketArn },
            { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${bucketArn}/*` },
        )),
        association("dev-loki-pod-identity", "dev-loki-role", "monitoring", "loki"),
        R("kubernetes:helm.sh/v3:Release", "dev-loki", { chart: "loki", namespace: "monitoring", values: { loki: { storage: { bucketNames: { chunks: LOGS_BUCKET, ruler: LOGS_BUCKET } } } } }),
        R("aws:sns/topic:Topic", "dev-alerts", { name: "kyeol-dev-alerts" }, { outputs: { arn: ALERT_TOPIC } }),
        role("dev-alertmanager-role", podIdentityTrust("monitoring", "alertmanager")),
        ...attached("dev-alertmanager-role", doc({ Effect: "Allow", Action: ["sns:Publish"], Resource: ALERT_TOPIC })),
        association("dev-alertmanager-pod-identity", "dev-alertmanager-role", "monitoring", "alertmanager"),
        R("kubernetes:helm.sh/v3:Release", "dev-kps", {
            chart: "kube-prometheus-stack", namespace: "monitoring",
            values: { alertmanager: { config: { receivers: [{ name: "null" }, { name: "email", sns_configs: [{ topic_arn: ALERT_TOPIC, sigv4: { region: "ap-northeast-3" } }] }] } } },
        }),
    ];
}

// --- Network: a VPC with public, private and data subnets, NAT, an endpoint, a database, the cluster ---

export function networkWorld(): FakeResource[] {
    const subnet = (name: string, cidr: string, az: string, tags: Record<string, string>) =>
        R("aws:ec2/subnet:Subnet", name, { vpcId: "vpc-1", cidrBlock: cidr, availabilityZone: az, tags }, { propDeps: { vpcId: ["dev-vpc"] }, outputs: { id: `subnet-${name}` } });
    const assoc = (s: string, rt: string) => R("aws:ec2/routeTableAssociation:RouteTableAssociation", `${s}-rta`, { subnetId: `subnet-${s}`, routeTableId: rt }, { propDeps: { subnetId: [s], routeTableId: [rt] } });
    return [
        R("pulumi:pulumi:StackReference", "dev-hub", { name: "organization/kyeol-platform/mgmt" }, { outputs: { outputs: { natPublicIp: "203.0.113.39" } } }),
        R("aws:ec2/vpc:Vpc", "dev-vpc", { cidrBlock: "10.10.0.0/16" }),
        subnet("public-a", "10.10.0.0/24", "ap-northeast-3a", { "kubernetes.io/role/elb": "1" }),
        subnet("public-b", "10.10.1.0/24", "ap-northeast-3b", { "kubernetes.io/role/elb": "1" }),
        subnet("private-a", "10.10.32.0/19", "ap-northeast-3a", { "kubernetes.io/role/internal-elb": "1" }),
        subnet("data-a", "10.10.10.0/24", "ap-northeast-3a", {}),
        subnet("data-b", "10.10.11.0/24", "ap-northeast-3b", {}),
        R("aws:ec2/internetGateway:InternetGateway", "dev-igw", { vpcId: "vpc-1" }, { propDeps: { vpcId: ["dev-vpc"] } }),
        R("aws:ec2/eip:Eip", "dev-nat-eip", { domain: "vpc" }),
        R("aws:ec2/natGateway:NatGateway", "dev-nat", { subnetId: "subnet-public-a", allocationId: "eipalloc-1", connectivityType: "public" }, { propDeps: { subnetId: ["public-a"], allocationId: ["dev-nat-eip"] } }),
        R("aws:ec2/routeTable:RouteTable", "public-rt", { vpcId: "vpc-1" }, { propDeps: { vpcId: ["dev-vpc"] } }),
        R("aws:ec2/routeTable:RouteTable", "private-rt", { vpcId: "vpc-1" }, { propDeps: { vpcId: ["dev-vpc"] } }),
        R("aws:ec2/routeTable:RouteTable", "data-rt", { vpcId: "vpc-1" }, { propDeps: { vpcId: ["dev-vpc"] } }),
        R("aws:ec2/route:Route", "public-default", { routeTableId: "rtb-p", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }, { propDeps: { routeTableId: ["public-rt"], gatewayId: ["dev-igw"] } }),
        R("aws:ec2/route:Route", "private-default", { routeTableId: "rtb-q", destinationCidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" }, { propDeps: { routeTableId: ["private-rt"], natGatewayId: ["dev-nat"] } }),
        assoc("public-a", "public-rt"), assoc("public-b", "public-rt"), assoc("private-a", "private-rt"), assoc("data-a", "data-rt"), assoc("data-b", "data-rt"),
        R("aws:eks/cluster:Cluster", "dev-eks", { name: "kyeol-dev", vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["198.51.100.0/24", "203.0.113.39/32"] } }, {
            propDeps: { vpcConfig: ["private-a", "dev-hub"] },
            outputs: { name: "kyeol-dev", vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["198.51.100.0/24", "203.0.113.39/32"], clusterSecurityGroupId: "sg-cluster" } },
        }),
        R("pulumi:providers:kubernetes", "dev-k8s", { kubeconfig: "{}" }, { propDeps: { kubeconfig: ["dev-eks"] } }),
        R("aws:eks/nodeGroup:NodeGroup", "dev-nodes", { clusterName: "kyeol-dev", subnetIds: ["subnet-private-a"] }, { propDeps: { clusterName: ["dev-eks"], subnetIds: ["private-a"] } }),
        release("dev-aws-load-balancer-controller", "aws-load-balancer-controller", { resources: REQ }, ["dev-nodes"]),
        R("aws:ec2/securityGroup:SecurityGroup", "dev-postgres-sg", { vpcId: "vpc-1" }, { propDeps: { vpcId: ["dev-vpc"] }, outputs: { id: "sg-postgres" } }),
        R("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "dev-postgres-from-cluster", { securityGroupId: "sg-postgres", referencedSecurityGroupId: "sg-cluster", ipProtocol: "tcp", fromPort: 5432, toPort: 5432 }, {
            propDeps: { securityGroupId: ["dev-postgres-sg"], referencedSecurityGroupId: ["dev-eks"] },
        }),
        R("aws:rds/subnetGroup:SubnetGroup", "dev-postgres-subnets", { name: "kyeol-dev-postgres", subnetIds: ["subnet-data-a", "subnet-data-b"] }, { propDeps: { subnetIds: ["data-a", "data-b"] } }),
        R("aws:rds/instance:Instance", "dev-postgres", { port: 5432, dbSubnetGroupName: "kyeol-dev-postgres", vpcSecurityGroupIds: ["sg-postgres"] }, { propDeps: { dbSubnetGroupName: ["dev-postgres-subnets"], vpcSecurityGroupIds: ["dev-postgres-sg"] } }),
        R("aws:ec2/securityGroup:SecurityGroup", "dev-endpoints-sg", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.10.0.0/16"] }] }, { propDeps: { vpcId: ["dev-vpc"] } }),
        R("aws:ec2/vpcEndpoint:VpcEndpoint", "dev-sts-endpoint", { vpcEndpointType: "Interface", serviceName: "com.amazonaws.ap-northeast-3.sts", privateDnsEnabled: true, subnetIds: ["subnet-private-a"], securityGroupIds: ["sg-e"] }, {
            propDeps: { subnetIds: ["private-a"], securityGroupIds: ["dev-endpoints-sg"] },
        }),
    ];
}
