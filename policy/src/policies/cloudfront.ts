import { ofType, refersTo, resourceRule, stackRule } from "../lib/rules";
import { get, isSet, isTrue, isUnknown, items, knownItems, show, UNKNOWN } from "../lib/values";

const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const DELIVERY_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
const DELIVERY = "aws:cloudwatch/logDelivery:LogDelivery";

/** Default behaviour first, then the ordered ones, each with a label for messages. */
function behaviours(props: Record<string, any>): { label: string; b: any }[] {
    const out: { label: string; b: any }[] = [];
    const d = get(props, "defaultCacheBehavior");
    if (d !== undefined && d !== null) {
        out.push({ label: "defaultCacheBehavior", b: d });
    }
    knownItems(props.orderedCacheBehaviors).forEach((b, i) => {
        const path = get(b, "pathPattern");
        out.push({ label: `orderedCacheBehaviors[${i}]${typeof path === "string" ? ` (${path})` : ""}`, b });
    });
    return out;
}

const HTTPS_VIEWER = ["redirect-to-https", "https-only"];
const WEAK_ORIGIN_TLS = ["SSLv3", "TLSv1", "TLSv1.1"];

export const cloudfrontPolicies = [
    resourceRule({
        name: "cloudfront-viewer-https",
        description: "CloudFront: every cache behaviour (default and ordered) must use viewerProtocolPolicy redirect-to-https or https-only.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [DISTRIBUTION],
        remediationSteps: "Set viewerProtocolPolicy=\"redirect-to-https\" on defaultCacheBehavior and on each orderedCacheBehaviors entry.",
        check: (r, _c, report) => {
            for (const { label, b } of behaviours(r.props)) {
                const v = get(b, "viewerProtocolPolicy");
                if (!isUnknown(v) && !HTTPS_VIEWER.includes(v)) {
                    report(`${label}.viewerProtocolPolicy is ${show(v)}; expected redirect-to-https or https-only.`);
                }
            }
        },
    }),
    resourceRule({
        name: "cloudfront-response-headers-policy",
        description: "CloudFront: every cache behaviour must attach a response headers policy (HSTS, X-Content-Type-Options, frame options).",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [DISTRIBUTION],
        remediationSteps: "Set responseHeadersPolicyId on every behaviour (e.g. the managed SecurityHeadersPolicy 67f7725c-6f97-4210-82d7-5512b31e9d03 or our own).",
        check: (r, _c, report) => {
            for (const { label, b } of behaviours(r.props)) {
                if (!isSet(get(b, "responseHeadersPolicyId"))) {
                    report(`${label} has no responseHeadersPolicyId.`);
                }
            }
        },
    }),
    resourceRule({
        name: "cloudfront-origin-https-only",
        description: "CloudFront: custom origins must be reached over HTTPS only (originProtocolPolicy = https-only, no SSLv3/TLSv1/TLSv1.1 in originSslProtocols).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [DISTRIBUTION],
        remediationSteps: "Set customOriginConfig = { originProtocolPolicy: \"https-only\", originSslProtocols: [\"TLSv1.2\"], httpPort: 80, httpsPort: 443 }.",
        check: (r, _c, report) => {
            knownItems(r.props.origins).forEach((o, i) => {
                const custom = get(o, "customOriginConfig");
                if (custom === undefined || custom === null || isUnknown(custom)) {
                    return;
                }
                const id = get(o, "originId");
                const label = `origins[${i}]${typeof id === "string" ? ` (${id})` : ""}`;
                const policy = get(custom, "originProtocolPolicy");
                if (!isUnknown(policy) && policy !== "https-only") {
                    report(`${label}.customOriginConfig.originProtocolPolicy is ${show(policy)}; expected "https-only".`);
                }
                const weak = knownItems(get(custom, "originSslProtocols")).filter((p) => WEAK_ORIGIN_TLS.includes(p));
                if (weak.length > 0) {
                    report(`${label}.customOriginConfig.originSslProtocols allows ${weak.join(", ")}; use TLSv1.2 only.`);
                }
            });
        },
    }),
    resourceRule({
        name: "cloudfront-s3-origin-oac",
        description: "CloudFront: S3 origins must use Origin Access Control (originAccessControlId), not a public bucket or a legacy OAI.",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [DISTRIBUTION],
        remediationSteps: "Create an aws.cloudfront.OriginAccessControl (signingBehavior always, sigv4, s3) and set originAccessControlId on the S3 origin.",
        check: (r, _c, report) => {
            knownItems(r.props.origins).forEach((o, i) => {
                const domain = get(o, "domainName");
                const s3 = get(o, "s3OriginConfig");
                const isS3 = (typeof domain === "string" && /\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.test(domain)) || (s3 !== undefined && s3 !== null);
                if (!isS3) {
                    return;
                }
                const custom = get(o, "customOriginConfig");
                if (custom !== undefined && custom !== null) {
                    return; // S3 website endpoints are custom origins, judged by cloudfront-origin-https-only
                }
                if (!isSet(get(o, "originAccessControlId"))) {
                    report(`origins[${i}] (${show(domain)}) is an S3 origin without originAccessControlId.`);
                }
            });
        },
    }),
    resourceRule<{ allowedVersions: string[] }>({
        name: "cloudfront-tls-minimum",
        description: "CloudFront viewers must negotiate TLS 1.2+: a custom certificate with viewerCertificate.minimumProtocolVersion TLSv1.2_2021 (config allowedVersions), not the default certificate.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [DISTRIBUTION],
        remediationSteps: "Set viewerCertificate = { acmCertificateArn: <us-east-1 cert>, sslSupportMethod: \"sni-only\", minimumProtocolVersion: \"TLSv1.2_2021\" }.",
        configSchema: { properties: { allowedVersions: { type: "array", items: { type: "string" }, default: ["TLSv1.2_2021"] } } },
        check: (r, c, report) => {
            const vc = get(r.props, "viewerCertificate");
            if (isUnknown(vc)) {
                return;
            }
            if (isTrue(get(vc, "cloudfrontDefaultCertificate"))) {
                report("viewerCertificate uses the CloudFront default certificate, which still accepts TLSv1.");
                return;
            }
            const v = get(vc, "minimumProtocolVersion");
            if (!isUnknown(v) && !c.allowedVersions.includes(v)) {
                report(`viewerCertificate.minimumProtocolVersion is ${show(v)}; expected one of ${c.allowedVersions.join(", ")}.`);
            }
        },
    }),
    resourceRule<{ required: boolean }>({
        name: "cloudfront-waf",
        description: "CloudFront distributions must be protected by a WAFv2 web ACL (webAclId) where the environment requires it (config required; prod).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [DISTRIBUTION],
        remediationSteps: "Create an aws.wafv2.WebAcl (scope CLOUDFRONT, us-east-1 provider) and set webAclId to its ARN.",
        configSchema: { properties: { required: { type: "boolean", default: true } } },
        check: (r, c, report) => {
            if (c.required && !isSet(r.props.webAclId)) {
                report("webAclId is not set: this environment requires a WAF in front of CloudFront.");
            }
        },
    }),
    stackRule({
        name: "cloudfront-access-logging",
        description: "CloudFront distributions must keep access logs: standard logging v2 (a CloudWatch LogDeliverySource of type ACCESS_LOGS for the distribution, delivered by a LogDelivery) or legacy logging (loggingConfig.bucket).",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [DISTRIBUTION, DELIVERY_SOURCE, DELIVERY],
        remediationSteps: "Prefer standard logging v2: aws.cloudwatch.LogDeliverySource { logType: \"ACCESS_LOGS\", resourceArn: distribution.arn } + LogDeliveryDestination (S3) + LogDelivery. Legacy: loggingConfig = { bucket: <ACL-enabled logs bucket>.bucketDomainName }.",
        check: (resources, _c, report) => {
            const sources = ofType(resources, DELIVERY_SOURCE).filter((s) => {
                const type = s.props.logType;
                return isUnknown(type) || type === "ACCESS_LOGS";
            });
            const deliveries = ofType(resources, DELIVERY);
            for (const d of ofType(resources, DISTRIBUTION)) {
                const lc = get(d.props, "loggingConfig");
                if (isUnknown(lc)) {
                    continue;
                }
                const legacy = items(lc);
                if (legacy === UNKNOWN || (legacy.length > 0 && isSet(get(legacy[0], "bucket")))) {
                    continue;
                }
                const delivered = sources.some((s) => refersTo(s, "resourceArn", d, ["arn"])
                    && deliveries.some((l) => refersTo(l, "deliverySourceName", s, ["name"])));
                if (!delivered) {
                    report("The distribution keeps no access logs: neither a LogDeliverySource + LogDelivery for it nor loggingConfig.bucket.", d.urn);
                }
            }
        },
    }),
];
