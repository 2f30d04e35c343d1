// Facts the permissions proof relies on that are not in any plan. Written in our own words and code (no copied
// policy files): the part of each AWS-managed policy we rely on, the default KMS key policy, and what EKS Pod
// Identity sends to STS. Each fact names its source; re-check it when AWS changes the policy (`aws iam
// get-policy-version --policy-arn <arn> --version-id <default>`): the proof cannot see AWS-managed policy drift.

/** One grant of an AWS-managed policy, as the evaluator reads it (an IAM statement). */
export interface ManagedGrant {
    Effect: "Allow";
    Action: string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface ManagedPolicyFacts {
    /** Where the full policy is documented. */
    source: string;
    /** Only the grants our declared needs rely on; the real policy grants more. */
    grants: ManagedGrant[];
}

const MANAGED_REFERENCE = "AWS Managed Policy Reference Guide (docs.aws.amazon.com/aws-managed-policy/latest/reference/<name>.html)";

/** Keyed by the policy name at the end of arn:aws:iam::aws:policy/[path/]<name>. */
export const AWS_MANAGED_POLICIES: Record<string, ManagedPolicyFacts> = {
    AmazonEKSClusterPolicy: {
        source: MANAGED_REFERENCE + "; EKS User Guide, 'Amazon EKS cluster IAM role'",
        grants: [{ Effect: "Allow", Action: ["ec2:CreateNetworkInterface", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "elasticloadbalancing:DescribeLoadBalancers"], Resource: "*" }],
    },
    AmazonEKSWorkerNodePolicy: {
        source: MANAGED_REFERENCE + "; EKS User Guide, 'Amazon EKS node IAM role'",
        grants: [{ Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:DescribeRouteTables", "ec2:DescribeSubnets", "eks:DescribeCluster", "eks-auth:AssumeRoleForPodIdentity"], Resource: "*" }],
    },
    AmazonEKS_CNI_Policy: {
        source: MANAGED_REFERENCE + "; EKS User Guide, 'Configure Amazon VPC CNI plugin to use IRSA'",
        grants: [{ Effect: "Allow", Action: ["ec2:AssignPrivateIpAddresses", "ec2:AttachNetworkInterface", "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstances"], Resource: "*" }],
    },
    AmazonEC2ContainerRegistryReadOnly: {
        source: MANAGED_REFERENCE,
        grants: [{ Effect: "Allow", Action: ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ecr:DescribeRepositories"], Resource: "*" }],
    },
    AmazonSSMManagedInstanceCore: {
        source: MANAGED_REFERENCE + "; Systems Manager User Guide, 'Configure instance permissions'",
        grants: [{ Effect: "Allow", Action: ["ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel", "ec2messages:GetMessages"], Resource: "*" }],
    },
    AmazonEBSCSIDriverPolicy: {
        source: MANAGED_REFERENCE + "; kubernetes-sigs/aws-ebs-csi-driver docs/install.md",
        grants: [
            { Effect: "Allow", Action: ["ec2:DescribeVolumes", "ec2:DescribeInstances", "ec2:DescribeAvailabilityZones"], Resource: "*" },
            { Effect: "Allow", Action: ["ec2:AttachVolume", "ec2:DetachVolume"], Resource: ["arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*:*:instance/*"] },
            { Effect: "Allow", Action: ["ec2:CreateVolume"], Resource: "arn:aws:ec2:*:*:volume/*", Condition: { StringLike: { "aws:RequestTag/ebs.csi.aws.com/cluster": "true" } } },
        ],
    },
    ReadOnlyAccess: {
        source: MANAGED_REFERENCE,
        grants: [{
            Effect: "Allow",
            Action: ["ec2:Describe*", "eks:Describe*", "eks:List*", "iam:Get*", "iam:List*", "kms:Describe*", "kms:GetKeyPolicy", "rds:Describe*", "elasticache:Describe*", "s3:GetBucketPolicy", "ecr:DescribeRepositories", "route53:GetHostedZone", "cloudfront:GetDistribution", "logs:DescribeLogGroups"],
            Resource: "*",
        }],
    },
    PowerUserAccess: {
        source: MANAGED_REFERENCE + " (Allow NotAction iam:*, organizations:*, account:*; plus a few iam/organizations reads)",
        grants: [{
            Effect: "Allow",
            Action: ["ec2:*", "eks:*", "rds:*", "elasticache:*", "s3:*", "kms:*", "ecr:*", "route53:*", "cloudfront:*", "wafv2:*", "logs:*", "secretsmanager:*", "acm:*", "sts:*"],
            Resource: "*",
        }],
    },
};

export function managedPolicyName(arn: string): string | undefined {
    const m = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    return m ? m[1] : undefined;
}

/**
 * A KMS key created without a policy gets the default key policy: the account root may use the key, so IAM
 * policies of the account decide (KMS Developer Guide, "Default key policy").
 */
export function defaultKeyPolicy(account: string): object {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" }],
    };
}

/**
 * What EKS Pod Identity sends when it assumes a role for a pod: principal pods.eks.amazonaws.com, sts:AssumeRole and
 * sts:TagSession, with these session tags (EKS User Guide, "pod-id-role" and "pod-id-abac", the six tags EKS adds)
 * and aws:SourceAccount. aws:SourceArn is not documented for this principal, so the proof does not send it.
 */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";
export const POD_IDENTITY_ACTIONS = ["sts:AssumeRole", "sts:TagSession"];

export function podIdentityContext(account: string, clusterArn: string, namespace: string, serviceAccount: string): Record<string, string | string[]> {
    const clusterName = clusterArn.split("/").pop()!;
    return {
        "aws:SourceAccount": account,
        "aws:RequestTag/eks-cluster-arn": clusterArn,
        "aws:RequestTag/eks-cluster-name": clusterName,
        "aws:RequestTag/kubernetes-namespace": namespace,
        "aws:RequestTag/kubernetes-service-account": serviceAccount,
        "aws:RequestTag/kubernetes-pod-name": `${serviceAccount}-7d9f8b6c5-abcde`,
        "aws:RequestTag/kubernetes-pod-uid": "00000000-0000-4000-8000-000000000000",
        "aws:TagKeys": ["eks-cluster-arn", "eks-cluster-name", "kubernetes-namespace", "kubernetes-service-account", "kubernetes-pod-name", "kubernetes-pod-uid"],
    };
}

/** The namespace AWS puts every managed add-on's service accounts in. */
export const ADDON_NAMESPACE = "kube-system";

/** GitHub's OIDC issuer (GitHub docs, "Configuring OpenID Connect in Amazon Web Services"). */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
