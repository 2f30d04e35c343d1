import { resourceRule } from "../lib/rules";
import { asNumber, get, isFalse, isTrue, isUnknown, items, show, UNKNOWN } from "../lib/values";

const CLUSTER = "aws:eks/cluster:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

export const WORLD_CIDRS = ["0.0.0.0/0", "::/0"];
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const eksPolicies = [
    resourceRule({
        name: "eks-public-endpoint-restricted",
        description: "EKS API endpoint: when public access is on (the AWS default), publicAccessCidrs must be set and must not contain 0.0.0.0/0 or ::/0.",
        severity: "critical",
        enforcementLevel: "mandatory",
        resourceTypes: [CLUSTER],
        remediationSteps: "Set vpcConfig.publicAccessCidrs to the allowlist (office/VPN ranges and the hub NAT EIP as /32), or set vpcConfig.endpointPublicAccess=false.",
        check: (r, _c, report) => {
            const publicAccess = get(r.props, "vpcConfig.endpointPublicAccess");
            if (isUnknown(publicAccess) || isFalse(publicAccess)) {
                return;
            }
            const cidrs = items(get(r.props, "vpcConfig.publicAccessCidrs"));
            if (cidrs === UNKNOWN) {
                return;
            }
            if (cidrs.length === 0) {
                report("The public API endpoint is enabled without vpcConfig.publicAccessCidrs, which AWS defaults to 0.0.0.0/0.");
                return;
            }
            const open = cidrs.filter((c) => WORLD_CIDRS.includes(c));
            if (open.length > 0) {
                report(`The public API endpoint is open to the world (publicAccessCidrs contains ${open.join(", ")}).`);
            }
        },
    }),
    resourceRule({
        name: "eks-private-endpoint-enabled",
        description: "EKS API endpoint: private access must be enabled so nodes and pods reach the API inside the VPC.",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [CLUSTER],
        remediationSteps: "Set vpcConfig.endpointPrivateAccess=true.",
        check: (r, _c, report) => {
            const v = get(r.props, "vpcConfig.endpointPrivateAccess");
            if (!isUnknown(v) && !isTrue(v)) {
                report(`vpcConfig.endpointPrivateAccess is ${show(v)}; expected true.`);
            }
        },
    }),
    resourceRule({
        name: "eks-secrets-encryption",
        description: "EKS clusters must envelope-encrypt Kubernetes secrets with a KMS key (encryptionConfig.resources contains \"secrets\", provider.keyArn set).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [CLUSTER],
        remediationSteps: "Set encryptionConfig = { provider: { keyArn: <kms key arn> }, resources: [\"secrets\"] } (a customer-managed key with rotation).",
        check: (r, _c, report) => {
            const cfg = get(r.props, "encryptionConfig");
            if (isUnknown(cfg)) {
                return;
            }
            if (cfg === undefined || cfg === null) {
                report("encryptionConfig is not set: Kubernetes secrets are not envelope-encrypted with KMS.");
                return;
            }
            const resources = items(get(cfg, "resources"));
            if (resources !== UNKNOWN && !resources.includes("secrets")) {
                report(`encryptionConfig.resources is ${show(resources)}; it must include "secrets".`);
            }
            const keyArn = get(cfg, "provider.keyArn");
            if (!isUnknown(keyArn) && (typeof keyArn !== "string" || keyArn === "")) {
                report("encryptionConfig.provider.keyArn is not set.");
            }
        },
    }),
    resourceRule({
        name: "eks-control-plane-logging",
        description: `EKS clusters must ship all five control-plane log types (${CONTROL_PLANE_LOG_TYPES.join(", ")}).`,
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [CLUSTER],
        remediationSteps: `Set enabledClusterLogTypes to ${JSON.stringify(CONTROL_PLANE_LOG_TYPES)} and create the /aws/eks/<name>/cluster log group with a retention first.`,
        check: (r, _c, report) => {
            const types = items(r.props.enabledClusterLogTypes);
            if (types === UNKNOWN) {
                return;
            }
            const missing = CONTROL_PLANE_LOG_TYPES.filter((t) => !types.includes(t) && !types.includes(UNKNOWN));
            if (missing.length > 0) {
                report(`enabledClusterLogTypes is missing ${missing.join(", ")}.`);
            }
        },
    }),
    resourceRule<{ allowedVersions: string[] }>({
        name: "eks-supported-version",
        description: "EKS clusters must pin a Kubernetes version from the supported list (config allowedVersions).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [CLUSTER],
        remediationSteps: "Set version to one of the allowed versions; upgrade one minor at a time and update policy/config when the supported window moves.",
        configSchema: {
            properties: {
                allowedVersions: { type: "array", items: { type: "string" }, default: ["1.34", "1.35", "1.36"] },
            },
        },
        check: (r, c, report) => {
            const v = r.props.version;
            if (isUnknown(v)) {
                return;
            }
            if (typeof v !== "string" || v === "") {
                report(`version is not pinned (AWS would pick its default); allowed: ${c.allowedVersions.join(", ")}.`);
            } else if (!c.allowedVersions.includes(v)) {
                report(`Kubernetes version ${v} is not in the supported list ${c.allowedVersions.join(", ")}.`);
            }
        },
    }),
    resourceRule({
        name: "eks-authentication-mode-api",
        description: "EKS clusters must use access entries only (accessConfig.authenticationMode = API), never the aws-auth ConfigMap.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [CLUSTER],
        remediationSteps: "Set accessConfig.authenticationMode=\"API\" and grant access with aws.eks.AccessEntry + AccessPolicyAssociation.",
        check: (r, _c, report) => {
            const mode = get(r.props, "accessConfig.authenticationMode");
            if (!isUnknown(mode) && mode !== "API") {
                report(`accessConfig.authenticationMode is ${show(mode)}; expected "API".`);
            }
        },
    }),
    resourceRule({
        name: "eks-node-group-launch-template",
        description: "EKS managed node groups must use our launch template (that is where IMDSv2 and volume settings are enforced).",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [NODE_GROUP],
        remediationSteps: "Set launchTemplate = { id: <launch template id>, version: <latestVersion> } on the node group.",
        check: (r, _c, report) => {
            const lt = get(r.props, "launchTemplate");
            if (isUnknown(lt)) {
                return;
            }
            const id = get(lt, "id");
            const name = get(lt, "name");
            if (!lt || (!isUnknown(id) && !id && !isUnknown(name) && !name)) {
                report("The node group has no launchTemplate (id or name): the EKS default template does not require IMDSv2.");
            }
        },
    }),
    resourceRule({
        name: "eks-node-group-no-remote-access",
        description: "EKS managed node groups must not enable SSH (remoteAccess); use SSM Session Manager instead.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [NODE_GROUP],
        remediationSteps: "Remove remoteAccess (ec2SshKey/sourceSecurityGroupIds) from the node group.",
        check: (r, _c, report) => {
            const ra = r.props.remoteAccess;
            if (ra !== undefined && ra !== null && !isUnknown(ra) && !(Array.isArray(ra) && ra.length === 0)) {
                report("remoteAccess is set: SSH access to worker nodes is not allowed.");
            }
        },
    }),
    resourceRule({
        name: "launch-template-imdsv2",
        description: "Launch templates must require IMDSv2 (metadataOptions.httpTokens = required) unless the metadata endpoint is disabled.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [LAUNCH_TEMPLATE],
        remediationSteps: "Set metadataOptions = { httpEndpoint: \"enabled\", httpTokens: \"required\", httpPutResponseHopLimit: 1 } (hop limit 1: see launch-template-imds-hop-limit).",
        check: (r, _c, report) => {
            const endpoint = get(r.props, "metadataOptions.httpEndpoint");
            if (endpoint === "disabled") {
                return;
            }
            const tokens = get(r.props, "metadataOptions.httpTokens");
            if (!isUnknown(tokens) && tokens !== "required") {
                report(`metadataOptions.httpTokens is ${show(tokens)}; expected "required" (IMDSv2).`);
            }
        },
    }),
    resourceRule({
        name: "launch-template-imds-hop-limit",
        description: "Launch templates must set metadataOptions.httpPutResponseHopLimit to 1 (unless the metadata endpoint is disabled): pods get AWS credentials from EKS Pod Identity, never from IMDS, and with a hop limit above 1 any pod can read the node role's credentials. Unset takes the AMI's default, 2 on AL2023 (ImdsSupport v2.0).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [LAUNCH_TEMPLATE],
        remediationSteps: "Set metadataOptions.httpPutResponseHopLimit = 1. Give a pod that calls AWS a Pod Identity association (the eks-pod-identity-agent serves its credentials on the node), and pass the region and VPC id to controllers that would otherwise ask IMDS.",
        check: (r, _c, report) => {
            const endpoint = get(r.props, "metadataOptions.httpEndpoint");
            if (endpoint === "disabled") {
                return;
            }
            const limit = get(r.props, "metadataOptions.httpPutResponseHopLimit");
            if (isUnknown(limit)) {
                return;
            }
            const hops = asNumber(limit);
            if (hops === undefined) {
                report(`metadataOptions.httpPutResponseHopLimit is ${show(limit)}: the AMI's default applies (2 on AL2023), which lets pods reach the node role's credentials; expected 1.`);
            } else if (hops > 1) {
                report(`metadataOptions.httpPutResponseHopLimit is ${hops}: pods can reach IMDS and the node role's credentials; expected 1.`);
            }
        },
    }),
    resourceRule({
        name: "launch-template-root-volume-encrypted",
        description: "Launch templates must declare their EBS volumes (blockDeviceMappings with ebs, the root volume at least) and encrypt every one (ebs.encrypted = true); without a mapping the root volume takes the AMI's snapshot settings, unencrypted unless the account encrypts by default.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [LAUNCH_TEMPLATE],
        remediationSteps: "Set blockDeviceMappings = [{ deviceName: \"/dev/xvda\" (AL2023), ebs: { encrypted: \"true\", volumeType: \"gp3\", volumeSize: <GiB>, deleteOnTermination: \"true\" } }] (optionally kmsKeyId).",
        check: (r, _c, report) => {
            const mappings = items(r.props.blockDeviceMappings);
            if (mappings === UNKNOWN) {
                return;
            }
            const volumes = mappings.filter((m) => m === UNKNOWN || get(m, "ebs") !== undefined);
            if (volumes.length === 0) {
                report("blockDeviceMappings declares no EBS volume: the root volume is whatever the AMI's snapshot says, unencrypted unless the account encrypts by default.");
                return;
            }
            volumes.forEach((m) => {
                const encrypted = get(m, "ebs.encrypted");
                if (!isUnknown(encrypted) && !isTrue(encrypted)) {
                    report(`The EBS volume ${show(get(m, "deviceName"))} has ebs.encrypted ${show(encrypted)}; expected true.`);
                }
            });
        },
    }),
];
