import { resourceRule, stackRule } from "../lib/rules";
import { asNumber, get, isSet, isUnknown, jsonish, show, UNKNOWN } from "../lib/values";
import { bucketPurpose, BUCKETS } from "./s3";

const KMS_KEY = "aws:kms/key:Key";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const AWS_PROVIDER = "pulumi:providers:aws";

/** The values CloudWatch Logs accepts for retentionInDays. */
export const RETENTION_VALUES = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const REQUIRED_TAG_KEYS = ["Project", "Environment", "Stack", "ManagedBy"];

export const STATEFUL_TYPES = [
    "aws:rds/instance:Instance",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    KMS_KEY,
    "aws:ec2/eip:Eip",
];

export const opsPolicies = [
    resourceRule({
        name: "kms-key-rotation",
        description: "Symmetric customer-managed KMS keys must rotate automatically (enableKeyRotation = true).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [KMS_KEY],
        remediationSteps: "Set enableKeyRotation=true (optionally rotationPeriodInDays).",
        check: (r, _c, report) => {
            const spec = r.props.customerMasterKeySpec ?? r.props.keySpec;
            if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") {
                return; // asymmetric and HMAC keys cannot rotate
            }
            const v = r.props.enableKeyRotation;
            if (!isUnknown(v) && v !== true && v !== "true") {
                report(`enableKeyRotation is ${show(v)}; expected true.`);
            }
        },
    }),
    resourceRule<{ minimumDays: number; maximumDays: number }>({
        name: "log-group-retention",
        description: "CloudWatch log groups must set retentionInDays to a valid CloudWatch value between config minimumDays (per environment) and maximumDays.",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [LOG_GROUP],
        remediationSteps: "Set retentionInDays to a CloudWatch-accepted value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …) within this environment's bounds.",
        configSchema: {
            properties: {
                minimumDays: { type: "integer", minimum: 1, default: 7 },
                maximumDays: { type: "integer", minimum: 1, default: 731 },
            },
        },
        check: (r, c, report) => {
            const v = r.props.retentionInDays;
            if (isUnknown(v)) {
                return;
            }
            const days = asNumber(v);
            if (days === undefined || days <= 0) {
                report(`retentionInDays is ${show(v)}: the logs are kept forever.`);
            } else if (!RETENTION_VALUES.includes(days)) {
                report(`retentionInDays ${days} is not a value CloudWatch accepts.`);
            } else if (days < c.minimumDays || days > c.maximumDays) {
                report(`retentionInDays ${days} is outside this environment's range ${c.minimumDays}..${c.maximumDays}.`);
            }
        },
    }),
    stackRule<{ requiredKeys: string[]; expectedValues: Record<string, string> }>({
        name: "aws-provider-default-tags",
        description: `Every aws provider (explicit or default) must set defaultTags.tags with ${REQUIRED_TAG_KEYS.join(", ")} (non-empty; values in config expectedValues must match), so every taggable resource is tagged.`,
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [AWS_PROVIDER],
        remediationSteps: "Create every aws.Provider with defaultTags { tags: { Project, Environment, Stack, ManagedBy } } and pass it to every AWS resource (no resource may fall back to the default provider).",
        configSchema: {
            properties: {
                requiredKeys: { type: "array", items: { type: "string" }, default: REQUIRED_TAG_KEYS },
                expectedValues: { type: "object", additionalProperties: { type: "string" }, default: {} },
            },
        },
        check: (resources, c, report) => {
            for (const p of resources.filter((r) => r.type === AWS_PROVIDER)) {
                const dt = jsonish(p.props.defaultTags);
                if (dt === UNKNOWN) {
                    continue;
                }
                if (dt instanceof Error) {
                    report(`defaultTags is ${dt.message}`, p.urn);
                    continue;
                }
                const tags = get(dt, "tags");
                if (isUnknown(tags)) {
                    continue;
                }
                const t = tags && typeof tags === "object" ? tags : {};
                const missing = c.requiredKeys.filter((k) => !isSet(t[k]));
                if (missing.length > 0) {
                    report(`aws provider ${p.name} has no defaultTags for ${missing.join(", ")}.`, p.urn);
                }
                for (const [k, want] of Object.entries(c.expectedValues)) {
                    if (isSet(t[k]) && !isUnknown(t[k]) && t[k] !== want) {
                        report(`aws provider ${p.name} tags ${k}=${show(t[k])}; this stack expects ${show(want)}.`, p.urn);
                    }
                }
            }
        },
    }),
    resourceRule<{ resourceTypes: string[]; mediaBucket: boolean }>({
        name: "stateful-resources-protected",
        description: "Stateful resources must be created with the protect option: the types in config resourceTypes (prod: RDS, ElastiCache, KMS keys, EIPs; every stack: the NAT EIP) and, when config mediaBucket is true, the media bucket.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [...STATEFUL_TYPES, ...BUCKETS],
        remediationSteps: "Pass CustomResourceOptions.protect(true) for these resources; unprotect deliberately (pulumi state unprotect) before a planned removal.",
        configSchema: {
            properties: {
                resourceTypes: { type: "array", items: { type: "string" }, default: STATEFUL_TYPES },
                mediaBucket: { type: "boolean", default: true },
            },
        },
        check: (r, c, report) => {
            const required = BUCKETS.includes(r.type) ? c.mediaBucket && bucketPurpose(r) === "media" : c.resourceTypes.includes(r.type);
            if (required && !r.protect) {
                report(`${r.type} ${r.name} is not protected; this environment requires protect=true.`);
            }
        },
    }),
    stackRule<{ providerPackages: string[] }>({
        name: "explicit-provider",
        description: "Every resource of a provider package (aws, kubernetes, and any package with a provider in the stack) must name an explicit provider: a default provider reads ambient credentials, region and kubeconfig (a Helm release could land on whatever cluster the current context points at) and carries none of our default tags.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [AWS_PROVIDER, "pulumi:providers:kubernetes"],
        remediationSteps: "Pass the stack's provider to the resource: aws.child(this) / CustomResourceOptions.builder().provider(...) for AWS, the cluster's kubernetes provider for in-cluster resources and Helm releases.",
        configSchema: {
            properties: {
                providerPackages: { type: "array", items: { type: "string" }, default: ["aws", "kubernetes"] },
            },
        },
        check: (resources, c, report) => {
            const packages = new Set([...c.providerPackages, ...resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => r.type.split(":")[2])]);
            for (const r of resources) {
                const pkg = r.type.split(":")[0];
                if (pkg === "pulumi" || !packages.has(pkg)) {
                    continue;
                }
                if (r.provider === undefined) {
                    report(`${r.type} ${r.name} names no provider, so the engine gives it the default ${pkg} provider.`, r.urn);
                } else if (/^default(_|$)/.test(r.provider.name)) {
                    report(`${r.type} ${r.name} uses the default ${pkg} provider ${r.provider.name}.`, r.urn);
                }
            }
        },
    }),
];
