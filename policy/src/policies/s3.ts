import { ofType, refersTo, Res, stackRule } from "../lib/rules";
import { appliesToEveryone, denies, list, statements } from "../lib/iam-documents";
import { get, isTrue, isUnknown, items, jsonish, show, tagsOf, UNKNOWN } from "../lib/values";

export const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const SSE = [
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
];
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const VERSIONING = ["aws:s3/bucketVersioningV2:BucketVersioningV2", "aws:s3/bucketVersioning:BucketVersioning"];
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

/**
 * Is this a TLS-only statement: Deny, every principal, every S3 action (s3:* or *), on the bucket and its objects,
 * when aws:SecureTransport is false? UNKNOWN when a part of it cannot be known yet.
 */
function deniesInsecureTransport(s: any): boolean | typeof UNKNOWN {
    if (!denies(s)) {
        return false;
    }
    const everyone = appliesToEveryone(s);
    if (everyone === UNKNOWN || isUnknown(s.Action) || isUnknown(s.Resource) || isUnknown(s.Condition)) {
        return UNKNOWN;
    }
    const actions = list(s.Action);
    const resources = list(s.Resource).filter((x) => typeof x === "string");
    const secure = Object.entries(s.Condition ?? {})
        .filter(([op]) => /^bool(ifexists)?$/i.test(op))
        .map(([, entries]) => Object.entries((entries as object) ?? {}).find(([k]) => k.toLowerCase() === "aws:securetransport")?.[1]);
    return everyone === true
        && (actions.includes("s3:*") || actions.includes("*"))
        && (resources.includes("*") || (resources.some((x) => x.endsWith("/*")) && resources.some((x) => !x.includes("/"))))
        && secure.some((v) => v === false || v === "false" || (Array.isArray(v) && v.some((x) => x === false || x === "false")));
}

export type BucketPurpose = "media" | "data" | "backup" | "logs" | "other";

/**
 * What a bucket holds: its `Purpose` tag (media, data, backup, logs) when set, otherwise a
 * word in its logical name or bucket name (e.g. "prod-media", "kyeol-prod-media-…", "dev-logs").
 */
export function bucketPurpose(r: Res): BucketPurpose {
    const tag = tagsOf(r.props).Purpose;
    const words = typeof tag === "string" && tag !== "" ? [tag.toLowerCase()] : [r.name, r.props.bucket, r.props.bucketPrefix].filter((x) => typeof x === "string");
    for (const p of ["media", "data", "backup", "logs"] as const) {
        const re = new RegExp(`(^|[^a-z])${p === "logs" ? "logs?" : p}([^a-z]|$)`, "i");
        if (words.some((w) => re.test(w))) {
            return p;
        }
    }
    return "other";
}

/** For each bucket, the child resources of the given types that configure it. */
function perBucket(resources: Res[], childTypes: string[], fn: (bucket: Res, children: Res[]) => void) {
    const children = resources.filter((r) => childTypes.includes(r.type));
    for (const bucket of ofType(resources, ...BUCKETS)) {
        fn(bucket, children.filter((c) => refersTo(c, "bucket", bucket, ["bucket", "id"])));
    }
}

const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3Policies = [
    stackRule({
        name: "s3-public-access-block",
        description: "Every S3 bucket must have a BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
        severity: "critical",
        enforcementLevel: "mandatory",
        resourceTypes: [...BUCKETS, PUBLIC_ACCESS_BLOCK],
        remediationSteps: "Create aws.s3.BucketPublicAccessBlock { bucket: bucket.id(), all four flags true }; serve media through CloudFront OAC instead.",
        check: (resources, _c, report) =>
            perBucket(resources, [PUBLIC_ACCESS_BLOCK], (bucket, pabs) => {
                if (pabs.length === 0) {
                    report("The bucket has no BucketPublicAccessBlock.", bucket.urn);
                    return;
                }
                for (const pab of pabs) {
                    const off = PAB_FLAGS.filter((f) => !isUnknown(pab.props[f]) && !isTrue(pab.props[f]));
                    if (off.length > 0) {
                        report(`BucketPublicAccessBlock ${pab.name} leaves ${off.join(", ")} not true.`, bucket.urn);
                    }
                }
            }),
    }),
    stackRule({
        name: "s3-encryption",
        description: "Every S3 bucket must declare default server-side encryption (a BucketServerSideEncryptionConfigurationV2 with sseAlgorithm, or the inline v1 block).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [...BUCKETS, ...SSE],
        remediationSteps: "Create aws.s3.BucketServerSideEncryptionConfigurationV2 { bucket: bucket.id(), rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: \"aws:kms\", kmsMasterKeyId }, bucketKeyEnabled: true }] }.",
        check: (resources, _c, report) =>
            perBucket(resources, SSE, (bucket, configs) => {
                const inline = get(bucket.props, "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm");
                if (isUnknown(inline) || (typeof inline === "string" && inline !== "")) {
                    return;
                }
                const ok = configs.some((c) => {
                    const rules = items(c.props.rules);
                    return rules === UNKNOWN || rules.some((rule) => {
                        const alg = get(rule, "applyServerSideEncryptionByDefault.sseAlgorithm");
                        return isUnknown(alg) || (typeof alg === "string" && alg !== "");
                    });
                });
                if (!ok) {
                    report(
                        configs.length === 0 ? "The bucket has no server-side encryption configuration." : "The bucket's encryption configuration sets no sseAlgorithm.",
                        bucket.urn,
                    );
                }
            }),
    }),
    stackRule({
        name: "s3-ownership-enforced",
        description: "Every S3 bucket must disable ACLs with BucketOwnershipControls objectOwnership = BucketOwnerEnforced; log buckets (CloudFront standard logs need ACLs) may use BucketOwnerPreferred.",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [...BUCKETS, OWNERSHIP],
        remediationSteps: "Create aws.s3.BucketOwnershipControls { bucket: bucket.id(), rule: { objectOwnership: \"BucketOwnerEnforced\" } } (BucketOwnerPreferred only on a bucket tagged Purpose=logs).",
        check: (resources, _c, report) =>
            perBucket(resources, [OWNERSHIP], (bucket, controls) => {
                const allowed = bucketPurpose(bucket) === "logs" ? ["BucketOwnerEnforced", "BucketOwnerPreferred"] : ["BucketOwnerEnforced"];
                const values = controls.map((c) => get(c.props, "rule.objectOwnership"));
                if (values.some(isUnknown) || values.some((v) => allowed.includes(v))) {
                    return;
                }
                report(
                    controls.length === 0
                        ? "The bucket has no BucketOwnershipControls (ACLs stay possible)."
                        : `objectOwnership is ${values.map(show).join(", ")}; expected ${allowed.join(" or ")}.`,
                    bucket.urn,
                );
            }),
    }),
    stackRule({
        name: "s3-data-bucket-versioning",
        description: "S3 buckets holding data (tag Purpose media/data/backup, or that word in the name) must have versioning Enabled.",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [...BUCKETS, ...VERSIONING],
        remediationSteps: "Create aws.s3.BucketVersioningV2 { bucket: bucket.id(), versioningConfiguration: { status: \"Enabled\" } } (plus a lifecycle rule expiring noncurrent versions).",
        check: (resources, _c, report) =>
            perBucket(resources, VERSIONING, (bucket, versionings) => {
                if (!["media", "data", "backup"].includes(bucketPurpose(bucket))) {
                    return;
                }
                const inline = get(bucket.props, "versioning.enabled");
                if (isUnknown(inline) || isTrue(inline)) {
                    return;
                }
                const statuses = versionings.map((v) => get(v.props, "versioningConfiguration.status"));
                if (statuses.some((s) => isUnknown(s) || s === "Enabled")) {
                    return;
                }
                report(
                    versionings.length === 0 ? `Data bucket (${bucketPurpose(bucket)}) has no versioning configuration.` : `Data bucket versioning status is ${statuses.map(show).join(", ")}; expected "Enabled".`,
                    bucket.urn,
                );
            }),
    }),
    stackRule({
        name: "s3-tls-only",
        description: "Every S3 bucket must have a bucket policy that denies requests without TLS: Effect Deny, Principal \"*\", Action s3:*, Resource the bucket and bucket/*, Condition Bool aws:SecureTransport = false (a bucket's HTTP endpoint answers plain-text requests otherwise).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [...BUCKETS, BUCKET_POLICY],
        remediationSteps: "Add the statement {Sid: \"DenyInsecureTransport\", Effect: \"Deny\", Principal: \"*\", Action: \"s3:*\", Resource: [<bucket arn>, <bucket arn>/*], Condition: {Bool: {\"aws:SecureTransport\": \"false\"}}} to the bucket's BucketPolicy (one policy per bucket: a second BucketPolicy replaces the first).",
        check: (resources, _c, report) =>
            perBucket(resources, [BUCKET_POLICY], (bucket, policies) => {
                const raw = [bucket.props.policy, ...policies.map((p) => p.props.policy)].filter((x) => x !== undefined && x !== null && x !== "");
                const docs = raw.map(jsonish);
                if (docs.some((d) => d === UNKNOWN)) {
                    return;
                }
                const verdicts = docs.filter((d) => !(d instanceof Error)).flatMap((d) => statements(d).map(deniesInsecureTransport));
                if (verdicts.includes(true) || verdicts.includes(UNKNOWN)) {
                    return;
                }
                report(
                    raw.length === 0
                        ? "The bucket has no bucket policy, so nothing denies requests without TLS."
                        : "The bucket's policy has no statement denying requests without TLS (Deny s3:* to \"*\" on the bucket and its objects when aws:SecureTransport is false).",
                    bucket.urn,
                );
            }),
    }),
];
