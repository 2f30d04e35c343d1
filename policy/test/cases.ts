// Passing and failing inputs for every policy (policies.test.ts checks each policy has both).
import { securityBaselineCases } from "./cases-security-baseline";
import { deepClone, FakeResource, R } from "./helpers";
import { proofCases } from "./proofs-cases";

export interface Case {
    title: string;
    input: FakeResource | FakeResource[];
    config?: object;
    /** a failing case must report a message matching this */
    expect?: RegExp;
    /**
     * decided on the offline plan only (a secret written in clear text): under the engine's proxy, which unwraps
     * secrets, the policy cannot tell and must stay silent (policies.test.ts checks both)
     */
    offlineOnly?: boolean;
}

export interface PolicyCases {
    pass: Case[];
    fail: Case[];
}

/** Copy of `r` with a dotted path set (undefined deletes it). */
export function set(r: FakeResource, path: string, value: unknown, extra: Partial<FakeResource> = {}): FakeResource {
    const c = deepClone(r);
    const parts = path.split(".");
    let cur: any = c.props;
    for (const p of parts.slice(0, -1)) {
        cur = cur[p] ??= {};
    }
    const last = parts[parts.length - 1];
    if (value === undefined) {
        delete cur[last];
    } else {
        cur[last] = value;
    }
    return { ...c, ...extra };
}

const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

// --- good baselines -------------------------------------------------------------------------

export const cluster = R("aws:eks/cluster:Cluster", "dev-eks", {
    version: "1.35",
    vpcConfig: { subnetIds: ["s-1"], endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.10/32"] },
    accessConfig: { authenticationMode: "API" },
    encryptionConfig: { provider: { keyArn: "arn:aws:kms:ap-northeast-2:111122223333:key/k" }, resources: ["secrets"] },
    enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
});
const nodeGroup = R("aws:eks/nodeGroup:NodeGroup", "dev-nodes", { clusterName: "dev-eks", launchTemplate: { id: "lt-1", version: "1" } });
const launchTemplate = R("aws:ec2/launchTemplate:LaunchTemplate", "dev-lt", {
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 50, volumeType: "gp3", deleteOnTermination: "true" } }],
});
export const db = R("aws:rds/instance:Instance", "dev-db", {
    engine: "postgres",
    storageEncrypted: true,
    publiclyAccessible: false,
    backupRetentionPeriod: 14,
    multiAz: true,
    deletionProtection: true,
    manageMasterUserPassword: true,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "kyeol-prod-postgres-final",
    parameterGroupName: "dev-pg16",
    enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
});
const pg = R("aws:rds/parameterGroup:ParameterGroup", "dev-pg16", { name: "dev-pg16", family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "1" }] });
const cache = R("aws:elasticache/replicationGroup:ReplicationGroup", "dev-cache", {
    engine: "valkey",
    numCacheClusters: 1,
    atRestEncryptionEnabled: true,
    transitEncryptionEnabled: true,
    authToken: "[secret]",
    snapshotRetentionLimit: 7,
    finalSnapshotIdentifier: "kyeol-prod-valkey-final",
});
const repo = R("aws:ecr/repository:Repository", "storefront", {
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: "arn:aws:kms:::key/k" }],
});
const dist = R("aws:cloudfront/distribution:Distribution", "dev-cdn", {
    origins: [
        { originId: "alb", domainName: "origin-dev-kyeol.msp-g1.click", customOriginConfig: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"], httpPort: 80, httpsPort: 443 } },
        { originId: "media", domainName: "kyeol-dev-media.s3.ap-northeast-2.amazonaws.com", originAccessControlId: "oac-1" },
    ],
    defaultCacheBehavior: { targetOriginId: "alb", viewerProtocolPolicy: "redirect-to-https", responseHeadersPolicyId: "rhp-1" },
    orderedCacheBehaviors: [{ pathPattern: "/media/*", targetOriginId: "media", viewerProtocolPolicy: "https-only", responseHeadersPolicyId: "rhp-1" }],
    viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:1:certificate/c", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
    webAclId: "arn:aws:wafv2:us-east-1:1:global/webacl/prod",
    loggingConfig: { bucket: "kyeol-dev-logs.s3.amazonaws.com", prefix: "cloudfront/" },
});
const deliverySource = (distribution: string) => R("aws:cloudwatch/logDeliverySource:LogDeliverySource", `${distribution}-logs`,
    { name: `${distribution}-logs`, logType: "ACCESS_LOGS", resourceArn: `arn:aws:cloudfront::1:distribution/${distribution}` }, { deps: [distribution] });
const delivery = (source: string) => R("aws:cloudwatch/logDelivery:LogDelivery", `${source}-delivery`,
    { deliverySourceName: source, deliveryDestinationArn: "arn:aws:logs:us-east-1:1:delivery-destination:d" }, { deps: [source] });
const managed = (name: string) => ({ name, priority: 1, overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { name, vendorName: "AWS" } } });
export const webAcl = R("aws:wafv2/webAcl:WebAcl", "prod-acl", {
    scope: "CLOUDFRONT",
    rules: [
        managed("AWSManagedRulesCommonRuleSet"),
        managed("AWSManagedRulesKnownBadInputsRuleSet"),
        { name: "rate", priority: 3, action: { block: {} }, statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } } },
    ],
});
const wafLogging = R("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "prod-acl-logging", { resourceArn: "arn-acl", logDestinationConfigs: ["arn:lg"] }, { deps: ["prod-acl"] });

const bucket = (name: string, purpose?: string) => R("aws:s3/bucketV2:BucketV2", name, { bucket: `kyeol-${name}`, ...(purpose ? { tags: { Purpose: purpose } } : {}) });
const pab = (b: string, flags: Partial<Record<string, boolean>> = {}) =>
    R("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${b}-pab`, { bucket: `${b}_id`, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...flags }, { deps: [b] });
const sse = (b: string, alg: string | null = "aws:kms") =>
    R("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", `${b}-sse`, { bucket: `${b}_id`, rules: [{ applyServerSideEncryptionByDefault: alg ? { sseAlgorithm: alg } : {} }] }, { deps: [b] });
const ownership = (b: string, o = "BucketOwnerEnforced") => R("aws:s3/bucketOwnershipControls:BucketOwnershipControls", `${b}-own`, { bucket: `${b}_id`, rule: { objectOwnership: o } }, { deps: [b] });
const versioning = (b: string, status = "Enabled") => R("aws:s3/bucketVersioningV2:BucketVersioningV2", `${b}-ver`, { bucket: `${b}_id`, versioningConfiguration: { status } }, { deps: [b] });

const vpc = R("aws:ec2/vpc:Vpc", "dev-vpc", { cidrBlock: "10.10.0.0/16" });
const flowLog = (traffic = "ALL") => R("aws:ec2/flowLog:FlowLog", "dev-flow", { vpcId: "dev-vpc_id", trafficType: traffic }, { deps: ["dev-vpc"] });
const sg = (ingress: object[]) => R("aws:ec2/securityGroup:SecurityGroup", "sg", { vpcId: "v", ingress });
const ingressRule = (p: object) => R("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "rule", { securityGroupId: "sg-1", ...p });
const sgRule = (p: object) => R("aws:ec2/securityGroupRule:SecurityGroupRule", "legacy-rule", { securityGroupId: "sg-1", ...p });

const role = (trust: object, extra: object = {}) => R("aws:iam/role:Role", "role", { assumeRolePolicy: doc(trust), ...extra });
const OIDC = "oidc.eks.ap-northeast-2.amazonaws.com/id/ABC";
const awsProvider = (tags: object | string) => R("pulumi:providers:aws", "aws-dev", { region: "ap-northeast-2", defaultTags: typeof tags === "string" ? tags : { tags } });
const TAGS = { Project: "kyeol", Environment: "dev", Stack: "dev", ManagedBy: "pulumi" };
const release = (chart: string, p: object = {}) =>
    R("kubernetes:helm.sh/v3:Release", chart, { chart, version: "1.2.3", namespace: "kube-system", repositoryOpts: { repo: "https://charts.example.org" }, values: {}, ...p });
const pia = (ns: string, sa: string) => R("aws:eks/podIdentityAssociation:PodIdentityAssociation", `${sa}-pia`, { clusterName: "dev-eks", namespace: ns, serviceAccount: sa, roleArn: "arn:aws:iam::1:role/r" });

const APPLICATION = "kubernetes:argoproj.io/v1alpha1:Application";
const application = R(APPLICATION, "dev-argocd-application", {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "saleor-dev", namespace: "argocd", finalizers: ["resources-finalizer.argocd.argoproj.io"] },
    spec: {
        project: "apps-dev",
        destination: { name: "kyeol-dev", namespace: "saleor" },
        source: { repoURL: "https://github.com/kyeol/kyeol-platform.git", path: "gitops/overlays/dev", targetRevision: "main" },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
});
const appNamespace = R("kubernetes:core/v1:Namespace", "dev-app-namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "saleor", labels: { "pod-security.kubernetes.io/enforce": "baseline" } } });
const GH = "token.actions.githubusercontent.com";
const GH_PROVIDER = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
const PR = "repo:kyeol/kyeol-platform:pull_request";
const MAIN = "repo:kyeol/kyeol-platform:ref:refs/heads/main";
const ENVIRONMENTS = ["repo:kyeol/kyeol-platform:environment:mgmt", "repo:kyeol/kyeol-platform:environment:prod"];
/** GitHub Actions' trust as the program writes it: aud pinned, sub patterns under StringLike. */
const ghTrust = (subs: string[], condition?: object) => ({
    Effect: "Allow",
    Principal: { Federated: GH_PROVIDER },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: condition ?? { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${GH}:sub`]: subs } },
});
const ghRole = (name: string, subs: string[]) => R("aws:iam/role:Role", name, { assumeRolePolicy: doc(ghTrust(subs)) });
const attach = (roleName: string, policyArn: string, deps: string[] = []) =>
    R("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${roleName}-${policyArn.split("/").pop()}`, { role: `${roleName}-1a2b3c4`, policyArn }, { deps: [roleName, ...deps] });
const rolePolicy = (roleName: string, name: string, ...statements: object[]) =>
    R("aws:iam/rolePolicy:RolePolicy", name, { role: `${roleName}-1a2b3c4`, policy: doc(...statements) }, { deps: [roleName] });
const AWS_POLICY = (name: string) => `arn:aws:iam::aws:policy/${name}`;

const BUCKET_ARN = "arn:aws:s3:::kyeol-media";
const TLS_DENY = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } };
const OAC_READ = { Sid: "CloudFrontReads", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: ["s3:GetObject"], Resource: `${BUCKET_ARN}/*`, Condition: { StringEquals: { "AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/E1" } } };
const bucketPolicy = (b: string, ...statements: object[]) => R("aws:s3/bucketPolicy:BucketPolicy", `${b}-policy`, { bucket: `${b}_id`, policy: doc(...statements) }, { deps: [b] });
const keyPolicy = (...statements: object[]) => R("aws:kms/key:Key", "key", { enableKeyRotation: true, policy: doc(...statements) });
const KEY_ADMIN = { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" };
const repoPolicy = (...statements: object[]) => R("aws:ecr/repositoryPolicy:RepositoryPolicy", "api-pull", { repository: "kyeol/api", policy: doc(...statements) });
const lifecycle = (repository: string, rules: object[]) =>
    R("aws:ecr/lifecyclePolicy:LifecyclePolicy", `${repository.replace("/", "-")}-lifecycle`, { repository, policy: JSON.stringify({ rules }) });
const EXPIRE_UNTAGGED = { rulePriority: 1, selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 }, action: { type: "expire" } };
const kubernetes = (name = "prod-k8s") => ({ type: "pulumi:providers:kubernetes", name, props: {} });
const aws = (name = "aws-prod") => ({ type: "pulumi:providers:aws", name, props: {} });
const appProject = (spec: object) => R("kubernetes:argoproj.io/v1alpha1:AppProject", "prod-argocd-project", {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AppProject",
    metadata: { name: "apps-prod", namespace: "argocd" },
    spec: {
        sourceRepos: ["https://github.com/kyeol/kyeol-platform.git"],
        destinations: [{ name: "kyeol-prod", namespace: "saleor" }],
        clusterResourceWhitelist: [],
        ...spec,
    },
});
const prodApplication = R("kubernetes:argoproj.io/v1alpha1:Application", "prod-argocd-application", {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "saleor-prod", namespace: "argocd", finalizers: ["resources-finalizer.argocd.argoproj.io"] },
    spec: { project: "apps-prod", destination: { name: "kyeol-prod", namespace: "saleor" }, source: { repoURL: "https://github.com/kyeol/kyeol-platform.git", path: "gitops/overlays/prod", targetRevision: "main" } },
});

// --- cases ----------------------------------------------------------------------------------

export const cases: Record<string, PolicyCases> = {
    "eks-public-endpoint-restricted": {
        pass: [
            { title: "allowlisted CIDRs", input: cluster },
            { title: "public endpoint off", input: set(set(cluster, "vpcConfig.endpointPublicAccess", false), "vpcConfig.publicAccessCidrs", ["0.0.0.0/0"]) },
        ],
        fail: [
            { title: "0.0.0.0/0", input: set(cluster, "vpcConfig.publicAccessCidrs", ["10.0.0.0/8", "0.0.0.0/0"]), expect: /open to the world.*0\.0\.0\.0\/0/ },
            { title: "::/0", input: set(cluster, "vpcConfig.publicAccessCidrs", ["::/0"]), expect: /::\/0/ },
            { title: "public by default, no CIDRs", input: set(set(cluster, "vpcConfig.endpointPublicAccess", undefined), "vpcConfig.publicAccessCidrs", undefined), expect: /defaults to 0\.0\.0\.0\/0/ },
        ],
    },
    "eks-private-endpoint-enabled": {
        pass: [{ title: "private on", input: cluster }],
        fail: [{ title: "private unset", input: set(cluster, "vpcConfig.endpointPrivateAccess", undefined), expect: /endpointPrivateAccess is <unset>/ }],
    },
    "eks-secrets-encryption": {
        pass: [{ title: "secrets with key", input: cluster }, { title: "list form", input: set(cluster, "encryptionConfig", [cluster.props.encryptionConfig]) }],
        fail: [
            { title: "no encryptionConfig", input: set(cluster, "encryptionConfig", undefined), expect: /not envelope-encrypted/ },
            { title: "no secrets resource", input: set(cluster, "encryptionConfig.resources", []), expect: /must include "secrets"/ },
            { title: "no key", input: set(cluster, "encryptionConfig.provider", {}), expect: /keyArn is not set/ },
        ],
    },
    "eks-control-plane-logging": {
        pass: [{ title: "all five", input: cluster }],
        fail: [
            { title: "api only", input: set(cluster, "enabledClusterLogTypes", ["api"]), expect: /missing audit, authenticator, controllerManager, scheduler/ },
            { title: "none", input: set(cluster, "enabledClusterLogTypes", undefined), expect: /missing api/ },
        ],
    },
    "eks-supported-version": {
        pass: [{ title: "1.35", input: cluster }, { title: "configured list", input: set(cluster, "version", "1.30"), config: { allowedVersions: ["1.30"] } }],
        fail: [
            { title: "1.29", input: set(cluster, "version", "1.29"), expect: /1\.29 is not in the supported list 1\.34, 1\.35, 1\.36/ },
            { title: "unpinned", input: set(cluster, "version", undefined), expect: /not pinned/ },
            { title: "config narrows", input: cluster, config: { allowedVersions: ["1.34"] }, expect: /1\.35 is not in/ },
        ],
    },
    "eks-authentication-mode-api": {
        pass: [{ title: "API", input: cluster }],
        fail: [
            { title: "API_AND_CONFIG_MAP", input: set(cluster, "accessConfig.authenticationMode", "API_AND_CONFIG_MAP"), expect: /"API_AND_CONFIG_MAP"; expected "API"/ },
            { title: "unset", input: set(cluster, "accessConfig", undefined), expect: /<unset>/ },
        ],
    },
    "eks-node-group-launch-template": {
        pass: [{ title: "by id", input: nodeGroup }, { title: "by name", input: set(nodeGroup, "launchTemplate", { name: "lt", version: "1" }) }],
        fail: [{ title: "no launch template", input: set(nodeGroup, "launchTemplate", undefined), expect: /no launchTemplate/ }],
    },
    "eks-node-group-no-remote-access": {
        pass: [{ title: "no remoteAccess", input: nodeGroup }],
        fail: [{ title: "ssh key", input: set(nodeGroup, "remoteAccess", { ec2SshKey: "ops" }), expect: /SSH/ }],
    },
    "launch-template-imdsv2": {
        pass: [{ title: "required", input: launchTemplate }, { title: "IMDS disabled", input: set(launchTemplate, "metadataOptions", { httpEndpoint: "disabled" }) }],
        fail: [
            { title: "optional", input: set(launchTemplate, "metadataOptions.httpTokens", "optional"), expect: /"optional"; expected "required"/ },
            { title: "no metadataOptions", input: set(launchTemplate, "metadataOptions", undefined), expect: /<unset>/ },
        ],
    },
    "launch-template-imds-hop-limit": {
        pass: [{ title: "hop limit 1", input: launchTemplate }, { title: "IMDS disabled", input: set(launchTemplate, "metadataOptions", { httpEndpoint: "disabled" }) }],
        fail: [
            { title: "hop limit 2", input: set(launchTemplate, "metadataOptions.httpPutResponseHopLimit", 2), expect: /httpPutResponseHopLimit is 2: pods can reach IMDS/ },
            { title: "unset (AMI default)", input: set(launchTemplate, "metadataOptions.httpPutResponseHopLimit", undefined), expect: /the AMI's default applies \(2 on AL2023\)/ },
            { title: "hop limit as a string", input: set(launchTemplate, "metadataOptions.httpPutResponseHopLimit", "3"), expect: /is 3/ },
        ],
    },
    "launch-template-root-volume-encrypted": {
        pass: [
            { title: "encrypted gp3 root", input: launchTemplate },
            { title: "boolean true, list of one", input: set(launchTemplate, "blockDeviceMappings", [{ deviceName: "/dev/xvda", ebs: { encrypted: true } }]) },
        ],
        fail: [
            { title: "unencrypted root", input: set(launchTemplate, "blockDeviceMappings", [{ deviceName: "/dev/xvda", ebs: { encrypted: "false", volumeSize: 50 } }]), expect: /"\/dev\/xvda" has ebs.encrypted "false"; expected true/ },
            { title: "encryption unset", input: set(launchTemplate, "blockDeviceMappings", [{ deviceName: "/dev/xvda", ebs: { volumeSize: 50 } }]), expect: /ebs.encrypted <unset>/ },
            { title: "no mappings (the AMI's default)", input: set(launchTemplate, "blockDeviceMappings", undefined), expect: /declares no EBS volume/ },
            { title: "a second, unencrypted data volume", input: set(launchTemplate, "blockDeviceMappings", [launchTemplate.props.blockDeviceMappings[0], { deviceName: "/dev/xvdb", ebs: { encrypted: false } }]), expect: /"\/dev\/xvdb"/ },
        ],
    },
    "rds-storage-encrypted": {
        pass: [{ title: "encrypted", input: db }],
        fail: [
            { title: "false", input: set(db, "storageEncrypted", false), expect: /storageEncrypted is false/ },
            { title: "unset", input: set(db, "storageEncrypted", undefined), expect: /<unset>/ },
        ],
    },
    "rds-not-publicly-accessible": {
        pass: [{ title: "private", input: db }, { title: "unset (default private)", input: set(db, "publiclyAccessible", undefined) }],
        fail: [{ title: "public", input: set(db, "publiclyAccessible", true), expect: /publiclyAccessible is true/ }],
    },
    "rds-backup-retention": {
        pass: [
            { title: "14 >= 7 default", input: db },
            { title: "dev minimum 1, unset", input: set(db, "backupRetentionPeriod", undefined), config: { minimumDays: 1 } },
        ],
        fail: [
            { title: "3 < prod 14", input: set(db, "backupRetentionPeriod", 3), config: { minimumDays: 14 }, expect: /3 day\(s\); minimum here is 14/ },
            { title: "unset < 7", input: set(db, "backupRetentionPeriod", undefined), expect: /not set \(AWS default 1 day\)/ },
            { title: "0 disables backups", input: set(db, "backupRetentionPeriod", 0), config: { minimumDays: 1 }, expect: /0 day/ },
        ],
    },
    "rds-multi-az": {
        pass: [{ title: "multi-AZ", input: db }, { title: "dev: not required", input: set(db, "multiAz", false), config: { required: false } }],
        fail: [{ title: "single AZ where required", input: set(db, "multiAz", false), config: { required: true }, expect: /multiAz is false/ }],
    },
    "rds-deletion-protection": {
        pass: [{ title: "protected", input: db }, { title: "dev: not required", input: set(db, "deletionProtection", undefined), config: { required: false } }],
        fail: [{ title: "unset where required", input: set(db, "deletionProtection", undefined), expect: /deletionProtection is <unset>/ }],
    },
    "rds-final-snapshot": {
        pass: [
            { title: "final snapshot named", input: db },
            { title: "dev: not required", input: set(set(db, "skipFinalSnapshot", true), "finalSnapshotIdentifier", undefined), config: { required: false } },
            { title: "read replica", input: set(set(db, "finalSnapshotIdentifier", undefined), "replicateSourceDb", "src") },
        ],
        fail: [
            { title: "skipped", input: set(db, "skipFinalSnapshot", true), expect: /skipFinalSnapshot is true/ },
            { title: "skipped as a string", input: set(db, "skipFinalSnapshot", "true"), expect: /skipFinalSnapshot is true/ },
            { title: "no identifier", input: set(db, "finalSnapshotIdentifier", undefined), expect: /finalSnapshotIdentifier is not set/ },
        ],
    },
    "rds-managed-master-password": {
        pass: [{ title: "managed", input: db }, { title: "read replica", input: set(set(db, "manageMasterUserPassword", undefined), "replicateSourceDb", "src") }],
        fail: [
            { title: "password passed in", input: set(set(db, "manageMasterUserPassword", undefined), "password", "[secret]"), expect: /manageMasterUserPassword is <unset>/ },
            { title: "both", input: set(db, "password", "hunter2"), expect: /password is set/ },
        ],
    },
    "rds-cloudwatch-logs-exports": {
        pass: [{ title: "postgresql", input: db }],
        fail: [
            { title: "empty", input: set(db, "enabledCloudwatchLogsExports", []), expect: /empty/ },
            { title: "unset", input: set(db, "enabledCloudwatchLogsExports", undefined), expect: /empty/ },
        ],
    },
    "rds-force-ssl": {
        pass: [
            { title: "group by name", input: [db, pg] },
            { title: "group by dependency (offline mock ids)", input: [set(db, "parameterGroupName", "dev-pg16_id", { deps: ["dev-pg16"] }), pg] },
            { title: "numeric value", input: [db, set(pg, "parameters", [{ name: "rds.force_ssl", value: 1 }])] },
        ],
        fail: [
            { title: "no group", input: [set(db, "parameterGroupName", undefined), pg], expect: /parameterGroupName is not set/ },
            { title: "force_ssl 0", input: [db, set(pg, "parameters", [{ name: "rds.force_ssl", value: "0" }])], expect: /does not set rds\.force_ssl = 1/ },
            { title: "foreign group", input: [set(db, "parameterGroupName", "default.postgres16"), pg], expect: /not a parameter group of this stack/ },
            {
                title: "engine dependencies point elsewhere",
                input: [set(db, "parameterGroupName", "x", { propDeps: { parameterGroupName: ["other"] } }), pg, set(pg, "parameters", [], { name: "other" })],
                expect: /other does not set/,
            },
        ],
    },
    "elasticache-at-rest-encryption": {
        pass: [{ title: "true", input: cache }, { title: "string true (provider v7 shape)", input: set(cache, "atRestEncryptionEnabled", "true") }],
        fail: [{ title: "unset", input: set(cache, "atRestEncryptionEnabled", undefined), expect: /atRestEncryptionEnabled is <unset>/ }],
    },
    "elasticache-transit-encryption": {
        pass: [{ title: "enabled", input: cache }, { title: "required mode", input: set(cache, "transitEncryptionMode", "required") }],
        fail: [
            { title: "off", input: set(cache, "transitEncryptionEnabled", false), expect: /transitEncryptionEnabled is false/ },
            { title: "preferred", input: set(cache, "transitEncryptionMode", "preferred"), expect: /"preferred"/ },
        ],
    },
    "elasticache-auth-token": {
        pass: [{ title: "secret token", input: cache }, { title: "RBAC user group", input: set(set(cache, "authToken", undefined), "userGroupIds", ["ug"]) }],
        fail: [
            { title: "none", input: set(cache, "authToken", undefined), expect: /Neither authToken nor userGroupIds/ },
            { title: "empty string", input: set(cache, "authToken", ""), expect: /Neither/ },
            { title: "token in clear text", input: set(cache, "authToken", "correct-horse-battery-staple"), expect: /authToken is written in clear text/, offlineOnly: true },
        ],
    },
    "elasticache-snapshots": {
        pass: [
            { title: "7 days and a final snapshot", input: cache },
            { title: "staging minimum 1", input: set(cache, "snapshotRetentionLimit", 3), config: { minimumDays: 1 } },
            { title: "dev: none required", input: set(set(cache, "snapshotRetentionLimit", 0), "finalSnapshotIdentifier", undefined), config: { minimumDays: 0 } },
        ],
        fail: [
            { title: "none kept", input: set(cache, "snapshotRetentionLimit", 0), expect: /snapshotRetentionLimit is 0; minimum here is 7/ },
            { title: "unset (AWS default 0)", input: set(cache, "snapshotRetentionLimit", undefined), expect: /not set \(AWS default 0, no snapshots\)/ },
            { title: "below the stage minimum", input: set(cache, "snapshotRetentionLimit", 0), config: { minimumDays: 1 }, expect: /minimum here is 1/ },
            { title: "no final snapshot", input: set(cache, "finalSnapshotIdentifier", undefined), expect: /finalSnapshotIdentifier is not set/ },
        ],
    },
    "elasticache-automatic-failover": {
        pass: [
            { title: "single node", input: cache },
            { title: "replicas with failover", input: set(set(cache, "numCacheClusters", 2), "automaticFailoverEnabled", true) },
        ],
        fail: [
            { title: "replicas without failover", input: set(cache, "numCacheClusters", 2), expect: /has replicas/ },
            { title: "cluster mode replicas", input: set(set(cache, "numCacheClusters", undefined), "replicasPerNodeGroup", 1), expect: /has replicas/ },
        ],
    },
    "ecr-immutable-tags": {
        pass: [{ title: "immutable", input: repo }],
        fail: [
            { title: "mutable", input: set(repo, "imageTagMutability", "MUTABLE"), expect: /"MUTABLE"; expected "IMMUTABLE"/ },
            { title: "default", input: set(repo, "imageTagMutability", undefined), expect: /default/ },
        ],
    },
    "ecr-scan-on-push": {
        pass: [{ title: "scan", input: repo }],
        fail: [{ title: "no scanning config", input: set(repo, "imageScanningConfiguration", undefined), expect: /scanOnPush is <unset>/ }],
    },
    "ecr-kms-encryption": {
        pass: [{ title: "KMS", input: repo }],
        fail: [
            { title: "AES256", input: set(repo, "encryptionConfigurations", [{ encryptionType: "AES256" }]), expect: /"AES256"; expected "KMS"/ },
            { title: "default", input: set(repo, "encryptionConfigurations", undefined), expect: /AES256 \(default\)/ },
        ],
    },
    "ecr-lifecycle-policy": {
        pass: [
            { title: "by repository name", input: [set(repo, "name", "kyeol/api"), lifecycle("kyeol/api", [EXPIRE_UNTAGGED])] },
            { title: "by dependency (offline ids)", input: [repo, set(lifecycle("x", [EXPIRE_UNTAGGED]), "repository", "storefront_id", { deps: ["storefront"] })] },
        ],
        fail: [
            { title: "no lifecycle policy", input: [set(repo, "name", "kyeol/api")], expect: /no LifecyclePolicy: images are never expired/ },
            { title: "empty rules", input: [set(repo, "name", "kyeol/api"), lifecycle("kyeol/api", [])], expect: /LifecyclePolicy has no rules/ },
            { title: "lifecycle of another repository", input: [set(repo, "name", "kyeol/api"), lifecycle("kyeol/storefront", [EXPIRE_UNTAGGED])], expect: /no LifecyclePolicy/ },
        ],
    },
    "cloudfront-viewer-https": {
        pass: [{ title: "redirect + https-only", input: dist }],
        fail: [
            { title: "default allow-all", input: set(dist, "defaultCacheBehavior.viewerProtocolPolicy", "allow-all"), expect: /defaultCacheBehavior\.viewerProtocolPolicy is "allow-all"/ },
            {
                title: "ordered allow-all",
                input: set(dist, "orderedCacheBehaviors", [{ pathPattern: "/media/*", viewerProtocolPolicy: "allow-all", responseHeadersPolicyId: "r" }]),
                expect: /orderedCacheBehaviors\[0\] \(\/media\/\*\)/,
            },
        ],
    },
    "cloudfront-response-headers-policy": {
        pass: [{ title: "all behaviours", input: dist }],
        fail: [
            { title: "default missing", input: set(dist, "defaultCacheBehavior.responseHeadersPolicyId", undefined), expect: /defaultCacheBehavior has no responseHeadersPolicyId/ },
            { title: "ordered missing", input: set(dist, "orderedCacheBehaviors", [{ pathPattern: "/x", viewerProtocolPolicy: "https-only" }]), expect: /orderedCacheBehaviors\[0\]/ },
        ],
    },
    "cloudfront-origin-https-only": {
        pass: [{ title: "https-only TLSv1.2", input: dist }],
        fail: [
            { title: "http-only origin", input: set(dist, "origins", [{ originId: "alb", domainName: "o", customOriginConfig: { originProtocolPolicy: "http-only", originSslProtocols: ["TLSv1.2"] } }]), expect: /origins\[0\] \(alb\).*"http-only"/ },
            { title: "TLSv1 allowed", input: set(dist, "origins", [{ originId: "alb", domainName: "o", customOriginConfig: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1", "TLSv1.2"] } }]), expect: /allows TLSv1;/ },
        ],
    },
    "cloudfront-s3-origin-oac": {
        pass: [{ title: "OAC", input: dist }],
        fail: [
            { title: "S3 origin without OAC", input: set(dist, "origins", [{ originId: "media", domainName: "b.s3.ap-northeast-2.amazonaws.com" }]), expect: /S3 origin without originAccessControlId/ },
            { title: "legacy OAI", input: set(dist, "origins", [{ originId: "media", domainName: "b.s3.amazonaws.com", s3OriginConfig: { originAccessIdentity: "oai" } }]), expect: /without originAccessControlId/ },
        ],
    },
    "cloudfront-tls-minimum": {
        pass: [{ title: "TLSv1.2_2021", input: dist }],
        fail: [
            { title: "TLSv1", input: set(dist, "viewerCertificate.minimumProtocolVersion", "TLSv1"), expect: /"TLSv1"; expected one of TLSv1\.2_2021/ },
            { title: "default certificate", input: set(dist, "viewerCertificate", { cloudfrontDefaultCertificate: true }), expect: /default certificate/ },
        ],
    },
    "cloudfront-waf": {
        pass: [{ title: "web ACL", input: dist }, { title: "dev: not required", input: set(dist, "webAclId", undefined), config: { required: false } }],
        fail: [{ title: "prod without WAF", input: set(dist, "webAclId", undefined), config: { required: true }, expect: /webAclId is not set/ }],
    },
    "cloudfront-access-logging": {
        pass: [
            { title: "legacy bucket", input: [dist] },
            {
                title: "standard logging v2",
                input: [set(dist, "loggingConfig", undefined), deliverySource("dev-cdn"), delivery("dev-cdn-logs")],
            },
        ],
        fail: [
            { title: "no logging at all", input: [set(dist, "loggingConfig", undefined)], expect: /keeps no access logs/ },
            { title: "empty bucket", input: [set(dist, "loggingConfig", { bucket: "" })], expect: /keeps no access logs/ },
            {
                title: "a delivery source that is never delivered",
                input: [set(dist, "loggingConfig", undefined), deliverySource("dev-cdn")],
                expect: /keeps no access logs/,
            },
            {
                title: "logging of another distribution",
                input: [set(dist, "loggingConfig", undefined), set(dist, "loggingConfig", undefined, { name: "other-cdn" }),
                    deliverySource("other-cdn"), delivery("other-cdn-logs")],
                expect: /keeps no access logs/,
            },
        ],
    },
    "waf-managed-rule-groups": {
        pass: [
            { title: "common + bad inputs", input: webAcl },
            {
                title: "ruleJson form (WAF API casing)",
                input: set(set(webAcl, "rules", undefined), "ruleJson", JSON.stringify([{ Name: "b", Statement: { ManagedRuleGroupStatement: { Name: "AWSManagedRulesKnownBadInputsRuleSet", VendorName: "AWS" } } }])),
                config: { requiredRuleGroups: ["AWSManagedRulesKnownBadInputsRuleSet"] },
            },
        ],
        fail: [
            { title: "missing bad inputs", input: set(webAcl, "rules", [managed("AWSManagedRulesCommonRuleSet")]), expect: /AWSManagedRulesKnownBadInputsRuleSet/ },
            { title: "no rules", input: set(webAcl, "rules", []), expect: /AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet/ },
        ],
    },
    "waf-rate-limit-rule": {
        pass: [
            { title: "rate rule", input: webAcl },
            {
                title: "rate rule nested in a scope-down",
                input: set(webAcl, "rules", [{ name: "x", statement: { notStatement: { statement: { rateBasedStatement: { limit: 100 } } } } }]),
            },
        ],
        fail: [{ title: "managed rules only", input: set(webAcl, "rules", [managed("AWSManagedRulesCommonRuleSet")]), expect: /no rate-based rule/ }],
    },
    "waf-rules-enforced": {
        pass: [
            { title: "block and none", input: webAcl },
            {
                title: "the allowed SizeRestrictions_BODY count",
                input: set(webAcl, "rules", [{ ...managed("AWSManagedRulesCommonRuleSet"), statement: { managedRuleGroupStatement: { name: "AWSManagedRulesCommonRuleSet", vendorName: "AWS", ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }] } } }]),
            },
        ],
        fail: [
            { title: "rate rule counts", input: set(webAcl, "rules", [{ name: "rate", action: { count: {} }, statement: { rateBasedStatement: { limit: 2000 } } }]), expect: /Rule rate has action count/ },
            { title: "managed group switched to count", input: set(webAcl, "rules", [{ ...managed("AWSManagedRulesKnownBadInputsRuleSet"), overrideAction: { count: {} } }]), expect: /Rule AWSManagedRulesKnownBadInputsRuleSet switches its whole rule group to count/ },
            {
                title: "another rule of a group counted",
                input: set(webAcl, "rules", [{ ...managed("AWSManagedRulesCommonRuleSet"), statement: { managedRuleGroupStatement: { name: "AWSManagedRulesCommonRuleSet", vendorName: "AWS", ruleActionOverrides: [{ name: "CrossSiteScripting_BODY", actionToUse: { count: {} } }] } } }]),
                expect: /Rule CrossSiteScripting_BODY of AWSManagedRulesCommonRuleSet .* is switched to count/,
            },
            {
                title: "excludedRules (the older way to count)",
                input: set(webAcl, "rules", [{ ...managed("AWSManagedRulesCommonRuleSet"), statement: { managedRuleGroupStatement: { name: "AWSManagedRulesCommonRuleSet", vendorName: "AWS", excludedRules: [{ name: "GenericRFI_BODY" }] } } }]),
                expect: /GenericRFI_BODY of AWSManagedRulesCommonRuleSet/,
            },
            {
                title: "ruleJson form (WAF API casing)",
                input: set(set(webAcl, "rules", undefined), "ruleJson", JSON.stringify([{ Name: "bad", OverrideAction: { Count: {} }, Statement: { ManagedRuleGroupStatement: { Name: "AWSManagedRulesKnownBadInputsRuleSet", VendorName: "AWS" } } }])),
                expect: /Rule bad switches its whole rule group to count/,
            },
            {
                title: "the allowance removed by config",
                input: set(webAcl, "rules", [{ ...managed("AWSManagedRulesCommonRuleSet"), statement: { managedRuleGroupStatement: { name: "AWSManagedRulesCommonRuleSet", vendorName: "AWS", ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }] } } }]),
                config: { allowedCountOverrides: [] },
                expect: /SizeRestrictions_BODY .* allowed: none/,
            },
        ],
    },
    "waf-logging-configured": {
        pass: [{ title: "logging config depends on the ACL", input: [webAcl, wafLogging] }],
        fail: [
            { title: "no logging config", input: [webAcl], expect: /no WebAclLoggingConfiguration/ },
            {
                title: "logging config for another ACL",
                input: [webAcl, set(webAcl, "scope", "REGIONAL", { name: "other-acl" }), set(wafLogging, "resourceArn", "arn-other", { deps: ["other-acl"] })],
                expect: /no WebAclLoggingConfiguration/,
            },
        ],
    },
    "s3-public-access-block": {
        pass: [{ title: "all four", input: [bucket("media"), pab("media")] }],
        fail: [
            { title: "missing", input: [bucket("media")], expect: /no BucketPublicAccessBlock/ },
            { title: "one false", input: [bucket("media"), pab("media", { restrictPublicBuckets: false })], expect: /leaves restrictPublicBuckets not true/ },
            { title: "block for another bucket only", input: [bucket("media"), bucket("logs"), pab("logs")], expect: /no BucketPublicAccessBlock/ },
        ],
    },
    "s3-encryption": {
        pass: [
            { title: "SSE v2 resource", input: [bucket("media"), sse("media")] },
            { title: "inline v1 block", input: [R("aws:s3/bucket:Bucket", "old", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } })] },
        ],
        fail: [
            { title: "missing", input: [bucket("media")], expect: /no server-side encryption configuration/ },
            { title: "no algorithm", input: [bucket("media"), sse("media", null)], expect: /sets no sseAlgorithm/ },
        ],
    },
    "s3-ownership-enforced": {
        pass: [
            { title: "enforced", input: [bucket("media"), ownership("media")] },
            { title: "log bucket may prefer", input: [bucket("logs", "logs"), ownership("logs", "BucketOwnerPreferred")] },
        ],
        fail: [
            { title: "missing", input: [bucket("media")], expect: /no BucketOwnershipControls/ },
            { title: "preferred on media", input: [bucket("media"), ownership("media", "BucketOwnerPreferred")], expect: /expected BucketOwnerEnforced\./ },
            { title: "writer on logs", input: [bucket("logs", "logs"), ownership("logs", "ObjectWriter")], expect: /"ObjectWriter"/ },
        ],
    },
    "s3-data-bucket-versioning": {
        pass: [
            { title: "media versioned", input: [bucket("media", "media"), versioning("media")] },
            { title: "logs bucket needs none", input: [bucket("logs", "logs")] },
            { title: "inline v1", input: [R("aws:s3/bucket:Bucket", "dev-data", { versioning: { enabled: true } })] },
        ],
        fail: [
            { title: "media by tag, unversioned", input: [bucket("assets", "media")], expect: /Data bucket \(media\) has no versioning/ },
            { title: "media by name, suspended", input: [bucket("dev-media"), versioning("dev-media", "Suspended")], expect: /"Suspended"/ },
        ],
    },
    "vpc-flow-logs": {
        pass: [{ title: "flow log", input: [vpc, flowLog()] }],
        fail: [
            { title: "none", input: [vpc], expect: /no FlowLog/ },
            { title: "reject only", input: [vpc, flowLog("REJECT")], expect: /"REJECT" traffic; expected ALL/ },
        ],
    },
    "vpc-default-sg-closed": {
        pass: [{ title: "empty", input: R("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "d", { vpcId: "v", ingress: [], egress: [] }) }],
        fail: [
            {
                title: "allow-all egress",
                input: R("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "d", { vpcId: "v", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
                expect: /1 egress rule/,
            },
        ],
    },
    "subnet-public-ip-only-public": {
        pass: [
            { title: "public by elb tag", input: R("aws:ec2/subnet:Subnet", "a", { mapPublicIpOnLaunch: true, tags: { "kubernetes.io/role/elb": "1" } }) },
            { title: "private without public IPs", input: R("aws:ec2/subnet:Subnet", "dev-private-a", { mapPublicIpOnLaunch: false }) },
        ],
        fail: [{ title: "private with public IPs", input: R("aws:ec2/subnet:Subnet", "dev-private-a", { mapPublicIpOnLaunch: true, tags: { "kubernetes.io/role/internal-elb": "1" } }), expect: /not tagged public/ }],
    },
    "sg-no-world-ingress": {
        pass: [
            { title: "443 from world (inline)", input: sg([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }]) },
            { title: "all from a SG (rule)", input: ingressRule({ ipProtocol: "-1", referencedSecurityGroupId: "sg-2" }) },
            { title: "egress to world (legacy rule)", input: sgRule({ type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }) },
        ],
        fail: [
            { title: "22 from world (inline)", input: sg([{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }]), expect: /ingress\[0\] \(tcp 22-22\) is open to 0\.0\.0\.0\/0/ },
            { title: "all from ::/0 (ingress rule)", input: ingressRule({ ipProtocol: "-1", cidrIpv6: "::/0" }), expect: /all traffic.*::\/0/ },
            { title: "80-443 range (legacy rule)", input: sgRule({ type: "ingress", protocol: "tcp", fromPort: 80, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }), expect: /tcp 80-443/ },
        ],
    },
    "sg-data-ports-from-sg-only": {
        pass: [
            { title: "5432 from SG (ingress rule)", input: ingressRule({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: "sg-nodes" }) },
            { title: "6379 from SG (inline)", input: sg([{ protocol: "tcp", fromPort: 6379, toPort: 6379, securityGroups: ["sg-nodes"] }]) },
            { title: "443 from VPC CIDR", input: sgRule({ type: "ingress", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.10.0.0/16"] }) },
        ],
        fail: [
            { title: "5432 from world (ingress rule)", input: ingressRule({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/0" }), expect: /data port\(s\) 5432 from 0\.0\.0\.0\/0/ },
            { title: "6379 from VPC CIDR (inline)", input: sg([{ protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: ["10.10.0.0/16"] }]), expect: /6379 from 10\.10\.0\.0\/16/ },
            { title: "all ports from CIDR (legacy rule)", input: sgRule({ type: "ingress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/8"] }), expect: /5432, 6379/ },
            { title: "range from prefix list", input: ingressRule({ ipProtocol: "tcp", fromPort: 5000, toPort: 6000, prefixListId: "pl-1" }), expect: /5432 from pl-1/ },
        ],
    },
    "iam-no-wildcard-action": {
        pass: [
            { title: "scoped actions", input: R("aws:iam/policy:Policy", "p", { policy: doc({ Effect: "Allow", Action: ["route53:ChangeResourceRecordSets"], Resource: "arn:aws:route53:::hostedzone/Z" }) }) },
            { title: "deny *", input: R("aws:iam/rolePolicy:RolePolicy", "p", { policy: doc({ Effect: "Deny", Action: "*", Resource: "*" }) }) },
            { title: "object document", input: R("aws:iam/policy:Policy", "p", { policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] } }) },
            { title: "deploy identity with the IAM actions it needs", input: rolePolicy("deploy", "deploy-iam", { Effect: "Allow", Action: ["iam:CreateRole", "iam:PutRolePolicy", "iam:PassRole"], Resource: "*" }) },
        ],
        fail: [
            { title: "Action *", input: R("aws:iam/policy:Policy", "p", { policy: doc({ Sid: "All", Effect: "Allow", Action: "*", Resource: "*" }) }), expect: /policy Statement\[0\] \(All\) allows Action "\*"/ },
            { title: "role inline policy", input: role({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }, { inlinePolicies: [{ name: "x", policy: doc({ Effect: "Allow", Action: ["s3:*", "*"], Resource: "*" }) }] }), expect: /inlinePolicies\[0\]/ },
            { title: "NotAction", input: R("aws:s3/bucketPolicy:BucketPolicy", "bp", { policy: doc({ Effect: "Allow", NotAction: "s3:DeleteBucket", Resource: "*" }) }), expect: /NotAction/ },
            { title: "invalid JSON", input: R("aws:iam/policy:Policy", "p", { policy: "{not json" }), expect: /not valid JSON/ },
            { title: "deploy identity with iam:*", input: rolePolicy("deploy", "deploy-iam", { Effect: "Allow", Action: ["iam:*"], Resource: "*" }), expect: /allows Action "iam:\*", which grants everything/ },
            { title: "*:*", input: R("aws:iam/policy:Policy", "p", { policy: doc({ Effect: "Allow", Action: "*:*", Resource: "*" }) }), expect: /allows Action "\*:\*"/ },
            { title: "IAM:* in capitals", input: R("aws:iam/policy:Policy", "p", { policy: doc({ Effect: "Allow", Action: ["IAM:*"], Resource: "*" }) }), expect: /"IAM:\*"/ },
        ],
    },
    "iam-no-admin-policy-attachment": {
        pass: [
            { title: "worker node policy", input: R("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a", { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy" }) },
            { title: "role managed ARNs", input: role({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }, { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }) },
        ],
        fail: [
            { title: "attachment", input: R("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a", { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }), expect: /AdministratorAccess is attached/ },
            { title: "role managedPolicyArns (gov partition)", input: role({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }, { managedPolicyArns: ["arn:aws-us-gov:iam::aws:policy/AdministratorAccess"] }), expect: /AdministratorAccess/ },
            { title: "IAMFullAccess (admin by another name)", input: attach("deploy", AWS_POLICY("IAMFullAccess")), expect: /IAMFullAccess is attached/ },
        ],
    },
    "iam-trust-policy-conditioned": {
        pass: [
            { title: "IRSA with sub", input: role({ Effect: "Allow", Principal: { Federated: `arn:aws:iam::1:oidc-provider/${OIDC}` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${OIDC}:sub`]: "system:serviceaccount:kube-system:x", [`${OIDC}:aud`]: "sts.amazonaws.com" } } }) },
            { title: "pod identity with tags", input: role({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"], Condition: { StringEquals: { "aws:RequestTag/kubernetes-namespace": "kube-system" } } }) },
            { title: "exempt EKS service", input: role({ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: "sts:AssumeRole" }) },
            { title: "hub role principal", input: role({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:role/hub" }, Action: "sts:AssumeRole" }) },
            { title: "GitHub deployment environments of one repository", input: role(ghTrust(ENVIRONMENTS)) },
            { title: "GitHub environments listed exactly (StringEquals)", input: role(ghTrust([], { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: ENVIRONMENTS } })) },
            { title: "GitHub pull requests and the main branch", input: role(ghTrust([PR, MAIN])) },
            { title: "everyone, limited to our organization", input: role({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }) },
        ],
        fail: [
            { title: "IRSA without condition", input: role({ Effect: "Allow", Principal: { Federated: "arn:aws:iam::1:oidc-provider/x" }, Action: "sts:AssumeRoleWithWebIdentity" }), expect: /federated principal .* without a Condition/ },
            { title: "IRSA with aud only", input: role({ Effect: "Allow", Principal: { Federated: "arn:oidc" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${OIDC}:aud`]: "sts.amazonaws.com" } } }), expect: /:sub/ },
            { title: "pod identity without condition", input: role({ Effect: "Allow", Principal: { Service: ["pods.eks.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:TagSession"] }), expect: /trusts service pods\.eks\.amazonaws\.com without a Condition/ },
            { title: "exemption removed by config", input: role({ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: "sts:AssumeRole" }), config: { unconditionedServices: [] }, expect: /eks\.amazonaws\.com/ },
            { title: "principal *", input: role({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }), expect: /trusts every AWS principal \("\*"\)/ },
            {
                title: "AWS * with an IfExists condition (passes when the key is absent)",
                input: role({ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::1:root", "*"] }, Action: "sts:AssumeRole", Condition: { StringEqualsIfExists: { "aws:PrincipalAccount": "111122223333" } } }),
                expect: /trusts every AWS principal/,
            },
            { title: "GitHub sub of any repository of the owner", input: role(ghTrust(["repo:kyeol/*"])), expect: /:sub matches "repo:kyeol\/\*"/ },
            { title: "GitHub sub of any workflow of the repository", input: role(ghTrust(["repo:kyeol/kyeol-platform:*"])), expect: /matches "repo:kyeol\/kyeol-platform:\*"/ },
            { title: "GitHub sub *", input: role(ghTrust(["*"])), expect: /matches "\*"/ },
            { title: "GitHub without aud", input: role(ghTrust([], { StringLike: { [`${GH}:sub`]: ENVIRONMENTS } })), expect: /without a Condition on the token's :aud/ },
            { title: "GitHub environment:* (any workflow can create one)", input: role(ghTrust(["repo:kyeol/kyeol-platform:environment:*"])), expect: /any GitHub environment matching "repo:kyeol\/kyeol-platform:environment:\*".*GitHub creates an environment the moment a workflow names it/ },
            { title: "GitHub environments by prefix", input: role(ghTrust([MAIN, "repo:kyeol/kyeol-platform:environment:prod-?"])), expect: /environment matching "repo:kyeol\/kyeol-platform:environment:prod-\?"/ },
            { title: "GitHub sub only excluded (StringNotLike)", input: role(ghTrust([], { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" }, StringNotLike: { [`${GH}:sub`]: "repo:evil/*" } })), expect: /without a Condition on the token's :sub/ },
            {
                title: "IRSA for every service account",
                input: role({ Effect: "Allow", Principal: { Federated: `arn:aws:iam::1:oidc-provider/${OIDC}` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${OIDC}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${OIDC}:sub`]: "system:serviceaccount:*" } } }),
                expect: /matches "system:serviceaccount:\*"/,
            },
        ],
    },
    "kms-key-rotation": {
        pass: [
            { title: "rotation", input: R("aws:kms/key:Key", "k", { enableKeyRotation: true }) },
            { title: "asymmetric key", input: R("aws:kms/key:Key", "k", { customerMasterKeySpec: "RSA_2048" }) },
        ],
        fail: [{ title: "no rotation", input: R("aws:kms/key:Key", "k", { description: "x" }), expect: /enableKeyRotation is <unset>/ }],
    },
    "log-group-retention": {
        pass: [
            { title: "30 in 7..731", input: R("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 30 }) },
            { title: "prod 90 in 30..731", input: R("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 90 }), config: { minimumDays: 30, maximumDays: 731 } },
        ],
        fail: [
            { title: "forever", input: R("aws:cloudwatch/logGroup:LogGroup", "lg", {}), expect: /kept forever/ },
            { title: "invalid value", input: R("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 10 }), expect: /not a value CloudWatch accepts/ },
            { title: "below env minimum", input: R("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 14 }), config: { minimumDays: 30 }, expect: /outside this environment's range 30\.\.731/ },
            { title: "above maximum", input: R("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 3653 }), expect: /range 7\.\.731/ },
        ],
    },
    "aws-provider-default-tags": {
        pass: [
            { title: "four tags", input: [awsProvider(TAGS)] },
            { title: "JSON-encoded provider input", input: [awsProvider(JSON.stringify({ tags: TAGS }))], config: { expectedValues: { Environment: "dev" } } },
            { title: "kubernetes provider ignored", input: [R("pulumi:providers:kubernetes", "k8s", {})] },
        ],
        fail: [
            { title: "default provider without tags", input: [R("pulumi:providers:aws", "default_6_83_0", { region: "ap-northeast-2" })], expect: /no defaultTags for Project, Environment, Stack, ManagedBy/ },
            { title: "missing ManagedBy", input: [awsProvider({ ...TAGS, ManagedBy: "" })], expect: /for ManagedBy\./ },
            { title: "wrong environment", input: [awsProvider(TAGS)], config: { expectedValues: { Environment: "prod" } }, expect: /Environment="dev"; this stack expects "prod"/ },
        ],
    },
    "stateful-resources-protected": {
        pass: [
            { title: "protected RDS", input: { ...db, protect: true } },
            { title: "dev: RDS not required", input: db, config: { resourceTypes: ["aws:ec2/eip:Eip"], mediaBucket: false } },
            { title: "non-media bucket", input: bucket("logs", "logs") },
        ],
        fail: [
            { title: "unprotected RDS", input: db, expect: /aws:rds\/instance:Instance dev-db is not protected/ },
            { title: "unprotected NAT EIP", input: R("aws:ec2/eip:Eip", "nat", { domain: "vpc" }), config: { resourceTypes: ["aws:ec2/eip:Eip"], mediaBucket: false }, expect: /Eip nat/ },
            { title: "unprotected media bucket", input: bucket("prod-media"), expect: /BucketV2 prod-media/ },
        ],
    },
    "helm-chart-version-pinned": {
        pass: [{ title: "exact", input: release("external-dns", { version: "1.21.1" }) }, { title: "v-prefixed prerelease", input: release("x", { version: "v2.0.0-rc.1" }) }],
        fail: [
            { title: "range", input: release("external-dns", { version: "^1.21.0" }), expect: /"\^1\.21\.0"/ },
            { title: "unset", input: release("external-dns", { version: undefined }), expect: /<unset>/ },
        ],
    },
    "helm-repo-https": {
        pass: [{ title: "https", input: release("metrics-server") }, { title: "oci chart", input: release("oci://public.ecr.aws/x/chart", { repositoryOpts: undefined }) }],
        fail: [
            { title: "http", input: release("metrics-server", { repositoryOpts: { repo: "http://charts.example.org" } }), expect: /"http:\/\/charts\.example\.org"/ },
            { title: "no repo", input: release("metrics-server", { repositoryOpts: undefined }), expect: /<unset>/ },
        ],
    },
    "helm-aws-identity": {
        pass: [
            { title: "IRSA annotation", input: [release("external-dns", { values: { serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/x" } } } })] },
            { title: "pod identity by chart stem", input: [release("aws-load-balancer-controller"), pia("kube-system", "aws-load-balancer-controller")] },
            { title: "pod identity by named SA", input: [release("cluster-autoscaler", { values: { rbac: { serviceAccount: { name: "ca" } } } }), pia("kube-system", "ca")] },
            { title: "chart without AWS calls", input: [release("metrics-server")] },
            { title: "loki with its bucket role", input: [release("loki", { namespace: "monitoring", values: { serviceAccount: { name: "loki" } } }), pia("monitoring", "loki")] },
        ],
        fail: [
            { title: "nothing", input: [release("external-dns", { namespace: "external-dns" })], expect: /no eks\.amazonaws\.com\/role-arn annotation and no PodIdentityAssociation for namespace external-dns/ },
            { title: "association in another namespace", input: [release("argo-cd", { namespace: "argocd" }), pia("default", "argocd-server")], expect: /namespace argocd/ },
            { title: "empty annotation", input: [release("external-secrets", { values: { serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": "" } } } })], expect: /external-secrets/ },
            { title: "loki without an identity for its bucket", input: [release("loki", { namespace: "monitoring", values: { serviceAccount: { name: "loki" } } }), pia("monitoring", "alloy-cluster")], expect: /chart loki/ },
        ],
    },
    "kubernetes-object-schema": {
        pass: [
            { title: "an Application and a Namespace with free-form labels", input: [application, appNamespace] },
            { title: "a Helm release is not an API object", input: [release("metrics-server")] },
        ],
        fail: [
            { title: "typo'd field in an Application", input: [set(application, "spec.syncPolicy.automated.prunee", true)], expect: /^Application dev-argocd-application: \/spec\/syncPolicy\/automated\/prunee: unknown field/ },
            { title: "typo'd metadata field", input: [set(appNamespace, "metadata.label", { a: "b" })], expect: /\/metadata\/label: unknown field/ },
            { title: "wrong type", input: [set(application, "spec.syncPolicy.automated.prune", "yes")], expect: /\/spec\/syncPolicy\/automated\/prune: must be boolean/ },
            { title: "missing required field", input: [set(application, "spec.destination", undefined)], expect: /\/spec: missing required field "destination"/ },
        ],
    },
    // The behaviour proofs: one whole world each (test/proofs-*.test.ts have the many broken variants).
    ...proofCases,
    "s3-tls-only": {
        pass: [
            { title: "deny without TLS next to the CloudFront read", input: [bucket("media"), bucketPolicy("media", OAC_READ, TLS_DENY)] },
            { title: "inline v1 policy, Action *, Resource *", input: [R("aws:s3/bucket:Bucket", "logs", { policy: doc({ ...TLS_DENY, Action: "*", Resource: "*" }) })] },
            { title: "boolean false, principal {AWS: *}", input: [bucket("media"), bucketPolicy("media", { ...TLS_DENY, Principal: { AWS: "*" }, Condition: { Bool: { "aws:SecureTransport": false } } })] },
        ],
        fail: [
            { title: "no bucket policy", input: [bucket("media")], expect: /no bucket policy, so nothing denies requests without TLS/ },
            { title: "no deny", input: [bucket("media"), bucketPolicy("media", OAC_READ)], expect: /has no statement denying requests without TLS/ },
            { title: "objects only", input: [bucket("media"), bucketPolicy("media", { ...TLS_DENY, Resource: `${BUCKET_ARN}/*` })], expect: /no statement denying/ },
            { title: "SecureTransport true (the reverse)", input: [bucket("media"), bucketPolicy("media", { ...TLS_DENY, Condition: { Bool: { "aws:SecureTransport": "true" } } })], expect: /no statement denying/ },
            { title: "GetObject only", input: [bucket("media"), bucketPolicy("media", { ...TLS_DENY, Action: "s3:GetObject" })], expect: /no statement denying/ },
            { title: "the deny of another bucket", input: [bucket("media"), bucket("logs", "logs"), bucketPolicy("logs", TLS_DENY)], expect: /no bucket policy/ },
        ],
    },
    "resource-policy-not-public": {
        pass: [
            { title: "bucket: CloudFront with a source ARN, TLS deny", input: bucketPolicy("media", OAC_READ, TLS_DENY) },
            {
                title: "key: the account, and everyone through EBS in this account",
                input: keyPolicy(KEY_ADMIN, { Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt", "kms:CreateGrant"], Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "111122223333", "kms:ViaService": "ec2.ap-northeast-3.amazonaws.com" } } }),
            },
            { title: "repository: the workload accounts pull", input: repoPolicy({ Sid: "WorkloadAccountsPull", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111122223333:root"] }, Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }) },
            { title: "key without a policy (the AWS default: this account)", input: R("aws:kms/key:Key", "key", { enableKeyRotation: true }) },
        ],
        fail: [
            { title: "key open to everyone", input: keyPolicy(KEY_ADMIN, { Sid: "Everyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" }), expect: /Statement\[1\] \(Everyone\) allows kms:\* to every principal/ },
            {
                title: "key open to everyone with a wildcard account",
                input: keyPolicy({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringLike: { "kms:CallerAccount": "*" } } }),
                expect: /allows kms:Decrypt to every principal/,
            },
            { title: "bucket: public read", input: bucketPolicy("media", { Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*` }, TLS_DENY), expect: /\(PublicRead\) allows s3:GetObject to every principal/ },
            { title: "bucket: a condition that limits nothing", input: bucketPolicy("media", { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*`, Condition: { Bool: { "aws:SecureTransport": "true" } } }), expect: /s3:GetObject to every principal/ },
            { title: "bucket: NotPrincipal", input: bucketPolicy("media", { Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::1:root" }, Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*` }), expect: /every principal/ },
            { title: "repository: public pull", input: repoPolicy({ Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }), expect: /allows ecr:BatchGetImage, ecr:GetDownloadUrlForLayer to every principal/ },
            {
                title: "repository: account condition only if present",
                input: repoPolicy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "ecr:BatchGetImage", Condition: { StringEqualsIfExists: { "aws:PrincipalAccount": "111122223333" } } }),
                expect: /every principal/,
            },
        ],
    },
    "ci-preview-role-read-only": {
        pass: [
            { title: "preview with ReadOnlyAccess", input: [ghRole("preview", [PR, MAIN]), attach("preview", AWS_POLICY("ReadOnlyAccess"))] },
            { title: "deploy (environments only) may write", input: [ghRole("deploy", ENVIRONMENTS), attach("deploy", AWS_POLICY("PowerUserAccess"))] },
            { title: "preview with an inline read policy", input: [ghRole("preview", [PR]), rolePolicy("preview", "preview-reads", { Effect: "Allow", Action: ["ec2:Describe*", "cloudwatch:GetMetricData", "s3:ListBucket"], Resource: "*" })] },
            { title: "a role GitHub cannot assume", input: [role({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }), attach("role", AWS_POLICY("PowerUserAccess"))] },
        ],
        fail: [
            { title: "preview with PowerUserAccess", input: [ghRole("preview", [PR, MAIN]), attach("preview", AWS_POLICY("PowerUserAccess"))], expect: /Role preview can be assumed from pull requests \(:sub "repo:kyeol\/kyeol-platform:pull_request"\) but can write: PowerUserAccess \(AWS managed, not read-only\) is attached/ },
            { title: "preview that may push images", input: [ghRole("preview", [PR]), rolePolicy("preview", "preview-push", { Effect: "Allow", Action: ["ecr:GetAuthorizationToken", "ecr:PutImage"], Resource: "*" })], expect: /preview-push allows ecr:PutImage/ },
            { title: "preview that reads secret values", input: [ghRole("preview", [PR]), rolePolicy("preview", "preview-secrets", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" })], expect: /allows secretsmanager:GetSecretValue/ },
            { title: "a wildcard that admits pull requests", input: [ghRole("ci", ["repo:kyeol/kyeol-platform:*"]), attach("ci", AWS_POLICY("ReadOnlyAccess")), rolePolicy("ci", "ci-deploy", { Effect: "Allow", Action: "s3:*", Resource: "*" })], expect: /assumed from pull requests \(:sub "repo:kyeol\/kyeol-platform:\*"\).*ci-deploy allows s3:\*/ },
            {
                title: "preview with a customer policy of the stack",
                input: [ghRole("preview", [PR]), R("aws:iam/policy:Policy", "preview-extra", { policy: doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" }) }),
                    attach("preview", "arn:aws:iam::111122223333:policy/preview-extra-9f8e7d6", ["preview-extra"])],
                expect: /preview-extra allows s3:PutObject/,
            },
            { title: "preview with NotAction", input: [ghRole("preview", [PR]), rolePolicy("preview", "preview-all-but", { Effect: "Allow", NotAction: "iam:*", Resource: "*" })], expect: /preview-all-but allows \*/ },
        ],
    },
    "explicit-provider": {
        pass: [
            { title: "explicit aws and kubernetes providers", input: [R("aws:s3/bucketV2:BucketV2", "media", {}, { provider: aws() }), { ...release("metrics-server"), provider: kubernetes() }] },
            { title: "components and the stack need none", input: [R("kyeol:network:Network", "prod", {}), R("pulumi:pulumi:StackReference", "prod-hub", { name: "organization/kyeol-platform/mgmt" })] },
        ],
        fail: [
            { title: "an AWS resource without a provider", input: [R("aws:s3/bucketV2:BucketV2", "media", {})], expect: /aws:s3\/bucketV2:BucketV2 media names no provider, so the engine gives it the default aws provider/ },
            { title: "a Helm release on the default kubernetes provider", input: [{ ...release("metrics-server"), provider: kubernetes("default_4_0_0") }], expect: /kubernetes:helm.sh\/v3:Release metrics-server uses the default kubernetes provider default_4_0_0/ },
            { title: "a package whose provider is in the stack", input: [R("pulumi:providers:random", "random", {}), R("random:index/randomPassword:RandomPassword", "pw", { length: 32 })], expect: /RandomPassword pw names no provider/ },
        ],
    },
    "helm-values-no-clear-text-secrets": {
        pass: [
            { title: "references to Secrets", input: release("argo-cd", { values: { configs: { secret: { createSecret: false }, repositories: { x: { passwordSecret: { name: "repo-creds", key: "password" } } } }, redis: { existingSecret: "redis-auth", auth: { existingSecretPasswordKey: "password" } } } }) },
            { title: "a Pulumi secret (offline marker)", input: release("external-dns", { values: { provider: { webhook: { env: [{ name: "API_TOKEN", value: "[secret]" }] } }, auth: { token: "[secret]" } } }) },
            { title: "ArgoCD's $secret:key reference", input: release("argo-cd", { values: { configs: { cm: { "dex.config": "x" } }, server: { config: { clientSecret: "$dex-github:clientSecret" } } } }) },
            { title: "a runner scale set naming its GitHub App Secret", input: release("oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set", { values: { githubConfigUrl: "https://github.com/kyeol/kyeol-platform", githubConfigSecret: "github-app" } }) },
        ],
        fail: [
            { title: "a bcrypt admin password", input: release("argo-cd", { values: { configs: { secret: { argocdServerAdminPassword: "$2a$10$0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ" } } } }), expect: /values hold a secret in clear text at configs\.secret\.argocdServerAdminPassword/, offlineOnly: true },
            { title: "a token and a password", input: release("external-dns", { values: { auth: { token: "t0ken" }, redis: { password: "hunter2" } } }), expect: /secrets in clear text at auth\.token, redis\.password/, offlineOnly: true },
            { title: "an environment variable", input: release("external-dns", { values: { env: [{ name: "DB_PASSWORD", value: "hunter2" }] } }), expect: /env\.0\.value/, offlineOnly: true },
            { title: "a runner scale set given the GitHub App's key itself", input: release("oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set", { values: { githubConfigSecret: { github_app_id: "1", github_app_private_key: "-----BEGIN RSA PRIVATE KEY-----" } } }), expect: /clear text at githubConfigSecret\.github_app_private_key/, offlineOnly: true },
            { title: "another chart's githubConfigSecret string is no reference", input: release("external-dns", { values: { githubConfigSecret: "ghp_x" } }), expect: /clear text at githubConfigSecret/, offlineOnly: true },
        ],
    },
    "argocd-project-scoped": {
        pass: [
            { title: "this repository, one cluster's namespace", input: appProject({}) },
            { title: "the hub's platform project (namespaced kinds only)", input: appProject({ destinations: [{ namespace: "argocd", server: "https://kubernetes.default.svc" }], namespaceResourceWhitelist: [{ group: "*", kind: "*" }] }) },
            { title: "a namespace pattern of our own", input: appProject({ destinations: [{ name: "kyeol-prod", namespace: "saleor-*" }], sourceRepos: ["https://github.com/kyeol/kyeol-platform.git", "!https://github.com/kyeol/other.git"] }) },
        ],
        fail: [
            { title: "any source", input: appProject({ sourceRepos: ["*"] }), expect: /spec.sourceRepos allows "\*"/ },
            { title: "any repository of the owner", input: appProject({ sourceRepos: ["https://github.com/kyeol/*"] }), expect: /sourceRepos allows "https:\/\/github.com\/kyeol\/\*"/ },
            { title: "any server", input: appProject({ destinations: [{ server: "*", namespace: "saleor" }] }), expect: /destinations\[0\].server is "\*"/ },
            { title: "any cluster name", input: appProject({ destinations: [{ name: "*", namespace: "saleor" }] }), expect: /destinations\[0\].name is "\*"/ },
            { title: "any namespace", input: appProject({ destinations: [{ name: "kyeol-prod", namespace: "*" }] }), expect: /namespace is "\*": it admits every namespace, kube-system included/ },
            { title: "kube-* namespaces", input: appProject({ destinations: [{ name: "kyeol-prod", namespace: "kube-*" }] }), expect: /kube-system included/ },
            { title: "any cluster-scoped kind", input: appProject({ clusterResourceWhitelist: [{ group: "*", kind: "*" }] }), expect: /clusterResourceWhitelist\[0\].*ClusterRoleBindings included/ },
            { title: "any kind of RBAC", input: appProject({ clusterResourceWhitelist: [{ group: "rbac.authorization.k8s.io", kind: "*" }] }), expect: /clusterResourceWhitelist\[0\]/ },
            { title: "Applications from any namespace", input: appProject({ sourceNamespaces: ["*"] }), expect: /sourceNamespaces admits Applications from any namespace/ },
        ],
    },
    "argocd-application-finalizer": {
        pass: [
            { title: "resources finalizer", input: prodApplication },
            { title: "background variant", input: set(prodApplication, "metadata.finalizers", ["resources-finalizer.argocd.argoproj.io/background"]) },
        ],
        fail: [
            { title: "no finalizers", input: set(prodApplication, "metadata.finalizers", undefined), expect: /metadata.finalizers is <unset>: deleting the Application would leave its resources/ },
            { title: "another finalizer only", input: set(prodApplication, "metadata.finalizers", ["example.com/cleanup"]), expect: /\["example.com\/cleanup"\]/ },
        ],
    },
    "argocd-application-project": {
        pass: [{ title: "the environment's project", input: prodApplication }],
        fail: [
            { title: "default project", input: set(prodApplication, "spec.project", "default"), expect: /spec.project is "default": the default project allows anything/ },
            { title: "no project", input: set(prodApplication, "spec.project", undefined), expect: /spec.project is <unset>/ },
        ],
    },
    ...securityBaselineCases,
};
