import { allowedActions, allows, appliesToEveryone, limitsEveryone, list, readDocument, requirements, statementLabel, statements } from "../lib/iam-documents";
import { ofType, refersTo, resourceRule, Res, stackRule } from "../lib/rules";
import { get, isUnknown, jsonish, knownItems, UNKNOWN } from "../lib/values";

const ROLE = "aws:iam/role:Role";
const POLICY = "aws:iam/policy:Policy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ROLE_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
/** The issuer of GitHub Actions OIDC tokens; its condition keys are <issuer>:sub and <issuer>:aud. */
export const GITHUB_TOKEN_ISSUER = "token.actions.githubusercontent.com";

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

/** AWS managed policies that are administrator access by another name: IAMFullAccess can attach any policy to itself. */
const ADMIN_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|IAMFullAccess)$/;

/** Actions that grant everything, directly or through IAM ("iam:*" can attach AdministratorAccess to itself). */
const EVERYTHING_ACTIONS = ["*", "*:*", "iam:*"];

type Doc = { label: string; doc: any };

/** Parsed documents of a resource; unknown or "[secret]" documents are skipped. */
export function documents(r: Res): Doc[] {
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

/**
 * Is a StringLike :sub pattern scoped? Its first wildcard must come after the issuer's fixed parts: GitHub's
 * repo:OWNER/NAME:KIND: (KIND = environment, ref, pull_request…), EKS's system:serviceaccount:NAMESPACE:. So
 * "repo:kyeol/kyeol-platform:environment:*" is scoped (but refused for another reason: githubEnvironmentPattern);
 * "repo:kyeol/*", "repo:kyeol/kyeol-platform:*" and "*" are not.
 */
export function subPatternScoped(pattern: string): boolean {
    const first = pattern.search(/[*?]/);
    return first < 0 || pattern.slice(0, first).split(":").length >= 4;
}

/** A GitHub :sub pattern whose environment name is a wildcard (repo:OWNER/NAME:environment:*, …:environment:prod-*). */
export function githubEnvironmentPattern(pattern: string): boolean {
    return /^repo:[^:]+:environment:.*[*?]/.test(pattern);
}

export const iamPolicies = [
    resourceRule({
        name: "iam-no-wildcard-action",
        description: "IAM, bucket and key policy documents must not Allow Action \"*\", \"*:*\" or \"iam:*\" (which can grant itself everything), nor use Allow with NotAction.",
        severity: "critical",
        enforcementLevel: "mandatory",
        resourceTypes: Object.keys(DOCUMENT_PROPS),
        remediationSteps: "List the service actions needed (e.g. route53:ChangeResourceRecordSets, or the iam: actions a deploy makes, as ci/GithubActionsComponent.java does) and scope Resource to ARNs.",
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
                    for (const action of list(s.Action).filter((a) => typeof a === "string" && EVERYTHING_ACTIONS.includes(a.toLowerCase()))) {
                        report(`${label} Statement[${i}]${s.Sid ? ` (${s.Sid})` : ""} allows Action "${action}"${action === "*" ? "" : ", which grants everything"}.`);
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
        description: "The AWS managed AdministratorAccess and IAMFullAccess (admin by another name) policies must not be attached (policy attachments or Role.managedPolicyArns).",
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
        description: "Role trust policies: no statement trusts every principal (\"*\") without a condition on the account, organization or source; a Federated (OIDC) principal needs the token's :sub (a StringLike pattern keeps the repository or namespace and the kind of workflow fixed, and never matches GitHub environment names, which any workflow can create) and :aud; Service principals need a Condition unless listed in config unconditionedServices.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [ROLE],
        remediationSteps: "OIDC: StringEquals <issuer>:aud = sts.amazonaws.com and <issuer>:sub = the exact subject (repo:<owner>/<name>:environment:<env>, system:serviceaccount:<ns>:<sa>); a StringLike wildcard only after those fixed parts, and never in a GitHub environment name (list the environments). Principal \"*\": name the account or role instead. Services: add StringEquals aws:SourceAccount (pods.eks.amazonaws.com: aws:RequestTag/kubernetes-namespace and kubernetes-service-account).",
        configSchema: {
            properties: {
                unconditionedServices: { type: "array", items: { type: "string" }, default: ["ec2.amazonaws.com", "eks.amazonaws.com"] },
            },
        },
        check: (r, c, report) => {
            const doc = readDocument(r.props.assumeRolePolicy, "assumeRolePolicy", report);
            if (doc === undefined) {
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
                const label = statementLabel(s, i);
                if (appliesToEveryone(s) === true && !limitsEveryone(s)) {
                    report(`${label} trusts every AWS principal ("*") without a condition on the account, organization or source: anyone could assume the role.`);
                }
                const required = requirements(cond);
                if (federated.length > 0 && required !== UNKNOWN) {
                    const subs = required.filter(([, key]) => key.endsWith(":sub"));
                    if (subs.length === 0) {
                        report(`${label} trusts federated principal ${federated.join(", ")} without a Condition on the token's :sub (any service account could assume it).`);
                    }
                    for (const [operator, key, values] of subs) {
                        for (const v of values) {
                            if (operator === "stringlike" && typeof v === "string" && !subPatternScoped(v)) {
                                report(`${label} lets any token whose :sub matches "${v}" assume the role: a wildcard before the repository (or namespace) and the kind of workflow are fixed admits other repositories, branches or pull requests.`);
                            } else if (operator === "stringlike" && key === `${GITHUB_TOKEN_ISSUER}:sub` && typeof v === "string" && githubEnvironmentPattern(v)) {
                                report(`${label} lets any GitHub environment matching "${v}" assume the role: GitHub creates an environment the moment a workflow names it, without protection rules, so anyone who can push a workflow gets one. List the environments.`);
                            }
                        }
                    }
                    const auds = required.filter(([, key, values]) => key.endsWith(":aud") && values.every((v) => isUnknown(v) || (typeof v === "string" && !/[*?]/.test(v))));
                    if (auds.length === 0) {
                        report(`${label} trusts federated principal ${federated.join(", ")} without a Condition on the token's :aud (tokens this provider issues for any other audience would do).`);
                    }
                }
                if (services.length > 0 && !hasCondition) {
                    report(`${label} trusts service ${services.join(", ")} without a Condition.`);
                }
            });
        },
    }),
    stackRule<{ readOnlyPolicies: string[] }>({
        name: "ci-preview-role-read-only",
        description: `A role that GitHub Actions can assume from a pull request (a trust on ${GITHUB_TOKEN_ISSUER}:sub matching repo:<owner>/<name>:pull_request) runs code nobody has merged yet: it may only read. Its AWS managed policies must be in config readOnlyPolicies, and every action its own policies allow must be a read (Get*, List*, Describe*, …) that reveals no secret value.`,
        severity: "critical",
        enforcementLevel: "mandatory",
        resourceTypes: [ROLE, ROLE_ATTACHMENT, ROLE_POLICY, POLICY],
        remediationSteps: "Give the preview role ReadOnlyAccess only (pulumi preview needs no write); run writes (pulumi up, image pushes) from a separate role trusted by environment: or ref:refs/heads/<branch> subjects, never pull_request. A preview that must decrypt the stack's secrets (kms:Decrypt on the secrets provider's key) trusts a GitHub environment whose required reviewers approve running the pull request's code (environment:pulumi-preview), not pull_request.",
        configSchema: {
            properties: {
                readOnlyPolicies: { type: "array", items: { type: "string" }, default: ["ReadOnlyAccess", "ViewOnlyAccess", "SecurityAudit"] },
            },
        },
        check: (resources, c, report) => {
            const policies = ofType(resources, POLICY);
            for (const role of ofType(resources, ROLE)) {
                const subject = githubSubjects(role).find(reachableFromPullRequests);
                if (subject === undefined) {
                    continue;
                }
                const writes: string[] = [];
                const managed: { arn: any; via?: Res }[] = knownItems(role.props.managedPolicyArns).map((arn) => ({ arn }));
                for (const att of ofType(resources, ROLE_ATTACHMENT).filter((a) => refersTo(a, "role", role, ["name", "id"]))) {
                    managed.push({ arn: att.props.policyArn, via: att });
                }
                for (const { arn, via } of managed) {
                    if (typeof arn !== "string") {
                        continue; // unknown until the policy exists: nothing to say yet
                    }
                    const awsManaged = /^arn:aws[a-z-]*:iam::aws:policy\/(.*\/)?([^/]+)$/.exec(arn);
                    if (awsManaged) {
                        if (!c.readOnlyPolicies.includes(awsManaged[2])) {
                            writes.push(`${awsManaged[2]} (AWS managed, not read-only) is attached`);
                        }
                        continue;
                    }
                    const own = policies.filter((p) => (via ? refersTo(via, "policyArn", p, ["arn"]) : false) || (typeof p.props.name === "string" && arn.endsWith(`/${p.props.name}`)));
                    if (own.length === 0) {
                        writes.push(`${arn} is attached and is not a policy of this stack, so it cannot be shown to be read-only`);
                    }
                    own.forEach((p) => writes.push(...nonReadActions(documents(p)).map((a) => `${p.name} allows ${a}`)));
                }
                for (const rp of ofType(resources, ROLE_POLICY).filter((x) => refersTo(x, "role", role, ["name", "id"]))) {
                    writes.push(...nonReadActions(documents(rp)).map((a) => `${rp.name} allows ${a}`));
                }
                writes.push(...nonReadActions(documents(role)).map((a) => `an inline policy allows ${a}`));
                if (writes.length > 0) {
                    report(`Role ${role.name} can be assumed from pull requests (:sub "${subject}") but can write: ${writes.join("; ")}.`, role.urn);
                }
            }
        },
    }),
];

/** The :sub patterns a role's trust policy accepts from GitHub Actions tokens. */
function githubSubjects(role: Res): string[] {
    const doc = jsonish(role.props.assumeRolePolicy);
    if (doc === UNKNOWN || doc instanceof Error || !doc) {
        return [];
    }
    const out: string[] = [];
    for (const s of statements(doc).filter(allows)) {
        const required = requirements(s.Condition);
        if (required === UNKNOWN) {
            continue;
        }
        for (const [, key, values] of required) {
            if (key === `${GITHUB_TOKEN_ISSUER}:sub`) {
                out.push(...values.filter((v): v is string => typeof v === "string"));
            }
        }
    }
    return out;
}

/** Does a :sub pattern admit the token of a pull_request workflow (repo:<owner>/<name>:pull_request)? */
export function reachableFromPullRequests(pattern: string): boolean {
    // the pattern's own repository, its wildcards standing for any name: repo:kyeol/* tries repo:kyeol/x:pull_request
    const repo = `repo:${(pattern.split(":")[1] ?? "x/x").replace(/[*?]/g, "x")}:`;
    const escaped = pattern.replace(/[.+^$()|{}[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    const glob = new RegExp("^" + escaped + "$");
    return glob.test(`${repo}pull_request`);
}

/** Reads that hand out secret values: not "read-only" for code from a pull request. */
const SECRET_READS = ["secretsmanager:getsecretvalue", "ssm:getparameter", "ssm:getparameters", "ssm:getparametersbypath", "ssm:getparameterhistory"];
const READ_ACTION = /^[a-z0-9-]+:(Get|List|Describe|BatchGet|BatchDescribe|Lookup|Search|Scan|Query|Select|View)[A-Za-z0-9]*\*?$/;

/** Allowed actions of these documents that are not reads. */
function nonReadActions(docs: Doc[]): string[] {
    const out: string[] = [];
    for (const { doc } of docs) {
        if (doc instanceof Error) {
            out.push("an unreadable document");
            continue;
        }
        for (const s of statements(doc)) {
            for (const a of allowedActions(s)) {
                if (!READ_ACTION.test(a) || SECRET_READS.includes(a.toLowerCase().replace(/\*$/, ""))) {
                    out.push(a);
                }
            }
        }
    }
    return [...new Set(out)];
}
