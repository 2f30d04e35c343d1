import { resourceRule, Res } from "../lib/rules";
import { get, isUnknown, items, jsonish, knownItems, UNKNOWN } from "../lib/values";

const ROLE = "aws:iam/role:Role";

/** Where each resource type carries permission policy documents (JSON strings or objects). */
const DOCUMENT_PROPS: Record<string, string[]> = {
    "aws:iam/policy:Policy": ["policy"],
    "aws:iam/rolePolicy:RolePolicy": ["policy"],
    "aws:iam/userPolicy:UserPolicy": ["policy"],
    "aws:iam/groupPolicy:GroupPolicy": ["policy"],
    "aws:s3/bucketPolicy:BucketPolicy": ["policy"],
    "aws:kms/key:Key": ["policy"],
    [ROLE]: [], // inline policies, handled below
};

const ATTACHMENTS = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
];

const ADMIN_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

type Doc = { label: string; doc: any };

/** Parsed documents of a resource; unknown or "[secret]" documents are skipped. */
function documents(r: Res): Doc[] {
    const raw: { label: string; value: any }[] = (DOCUMENT_PROPS[r.type] ?? []).map((p) => ({ label: p, value: r.props[p] }));
    if (r.type === ROLE) {
        knownItems(r.props.inlinePolicies).forEach((p, i) => raw.push({ label: `inlinePolicies[${i}]`, value: get(p, "policy") }));
    }
    const out: Doc[] = [];
    for (const { label, value } of raw) {
        if (value === undefined || value === null || value === "") {
            continue;
        }
        const doc = jsonish(value);
        if (doc !== UNKNOWN) {
            out.push({ label, doc });
        }
    }
    return out;
}

function statements(doc: any): any[] {
    const s = items(get(doc, "Statement"));
    return s === UNKNOWN ? [] : s.filter((x) => x && typeof x === "object");
}

function list(v: any): any[] {
    const l = items(v);
    return l === UNKNOWN ? [] : l;
}

function allows(s: any): boolean {
    return s.Effect === "Allow";
}

export const iamPolicies = [
    resourceRule({
        name: "iam-no-wildcard-action",
        description: "IAM, bucket and key policy documents must not Allow Action \"*\" (or use Allow with NotAction).",
        severity: "critical",
        enforcementLevel: "mandatory",
        resourceTypes: Object.keys(DOCUMENT_PROPS),
        remediationSteps: "List the service actions needed (e.g. route53:ChangeResourceRecordSets) and scope Resource to ARNs; ship vendor policies such as the ALB controller's iam_policy.json unchanged.",
        check: (r, _c, report) => {
            for (const { label, doc } of documents(r)) {
                if (doc instanceof Error) {
                    report(`${label} is ${doc.message}`);
                    continue;
                }
                statements(doc).forEach((s, i) => {
                    if (!allows(s)) {
                        return;
                    }
                    if (list(s.Action).includes("*")) {
                        report(`${label} Statement[${i}]${s.Sid ? ` (${s.Sid})` : ""} allows Action "*".`);
                    }
                    if (s.NotAction !== undefined) {
                        report(`${label} Statement[${i}]${s.Sid ? ` (${s.Sid})` : ""} uses Allow with NotAction, which grants everything else.`);
                    }
                });
            }
        },
    }),
    resourceRule({
        name: "iam-no-admin-policy-attachment",
        description: "The AWS managed AdministratorAccess policy must not be attached (policy attachments or Role.managedPolicyArns).",
        severity: "critical",
        enforcementLevel: "mandatory",
        resourceTypes: [...ATTACHMENTS, ROLE],
        remediationSteps: "Attach a least-privilege policy instead; for cluster admin use an EKS access entry with AmazonEKSClusterAdminPolicy.",
        check: (r, _c, report) => {
            const arns = r.type === ROLE ? knownItems(r.props.managedPolicyArns) : [r.props.policyArn];
            for (const arn of arns) {
                if (typeof arn === "string" && ADMIN_ARN.test(arn)) {
                    report(`${arn} is attached.`);
                }
            }
        },
    }),
    resourceRule<{ unconditionedServices: string[] }>({
        name: "iam-trust-policy-conditioned",
        description: "Role trust policies: statements trusting a Federated principal need a Condition with a :sub key; Service principals need a Condition (e.g. aws:SourceAccount, pod identity request tags) unless listed in config unconditionedServices.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [ROLE],
        remediationSteps: "IRSA: add StringEquals <oidc>:sub = system:serviceaccount:<ns>:<sa> and <oidc>:aud = sts.amazonaws.com. Services: add StringEquals aws:SourceAccount (pods.eks.amazonaws.com: aws:RequestTag/kubernetes-namespace and kubernetes-service-account).",
        configSchema: {
            properties: {
                unconditionedServices: { type: "array", items: { type: "string" }, default: ["ec2.amazonaws.com", "eks.amazonaws.com"] },
            },
        },
        check: (r, c, report) => {
            const raw = r.props.assumeRolePolicy;
            if (raw === undefined || raw === null) {
                return;
            }
            const doc = jsonish(raw);
            if (doc === UNKNOWN) {
                return;
            }
            if (doc instanceof Error) {
                report(`assumeRolePolicy is ${doc.message}`);
                return;
            }
            statements(doc).forEach((s, i) => {
                if (!allows(s)) {
                    return;
                }
                const cond = s.Condition;
                const hasCondition = isUnknown(cond) || (cond && typeof cond === "object" && Object.keys(cond).length > 0);
                const federated = list(get(s, "Principal.Federated"));
                const services = list(get(s, "Principal.Service")).filter((x) => !c.unconditionedServices.includes(x));
                const label = `Statement[${i}]${s.Sid ? ` (${s.Sid})` : ""}`;
                if (federated.length > 0) {
                    const keys = hasCondition && !isUnknown(cond) ? Object.values(cond).flatMap((o: any) => (o && typeof o === "object" ? Object.keys(o) : [])) : [];
                    if (!hasCondition || (!isUnknown(cond) && !keys.some((k) => k.endsWith(":sub")))) {
                        report(`${label} trusts federated principal ${federated.join(", ")} without a Condition on the token's :sub (any service account could assume it).`);
                    }
                }
                if (services.length > 0 && !hasCondition) {
                    report(`${label} trusts service ${services.join(", ")} without a Condition.`);
                }
            });
        },
    }),
];
