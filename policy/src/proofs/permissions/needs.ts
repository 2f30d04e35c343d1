// The declared needs of every kind of IAM identity the platform creates: which AWS calls it must be able to make,
// on which resources of the plan. A rule applies to a role by how the plan uses it (a Pod Identity association's
// service account, a node group, a cluster, a flow log, an access entry, a GitHub OIDC trust), never by a list of
// today's resource names. A role no rule applies to is a violation: add its rule here.

import { Res } from "../../lib/rules";
import { knownItems, tagsOf } from "../../lib/values";
import { apiOf, attr, chartOf, doc, label, RELEASE, Stack, str, valueAt } from "../model";
import { defaultKeyPolicy, GITHUB_OIDC_HOST } from "./facts";

export interface Association {
    cluster?: Res;
    namespace?: string;
    serviceAccount?: string;
    via: Res;
    index?: number;
}

export interface Identity {
    role: Res;
    associations: Association[];
    usedBy: { use: string; resource: Res }[];
    trust: any;
}

export interface PlanFacts {
    stack: Stack;
    account: string;
    region: string;
    config: { spokeEnvironments: string[] };
    /** The outputs each stack reference of the plan returned. */
    references: Record<string, any>[];
}

export interface Need {
    why: string;
    action: string;
    resource: string;
    /** The plan resource `resource` names (its resource policy is evaluated). */
    target?: Res;
    context?: Record<string, string | string[]>;
    /** Instead of the target's policy. */
    resourcePolicy?: any;
    expect?: "Allowed" | "Denied";
    /** Evaluate the role's trust policy for this principal assuming the role (action sts:AssumeRole…). */
    assumedBy?: string;
    unvalidatedContext?: boolean;
    /** This need cannot be evaluated from what is known. */
    undecided?: string;
    /** A structural need (not an IAM call): returns the problem, or undefined. */
    check?: () => string | undefined;
}

export interface NeedRule {
    id: string;
    describe: string;
    applies: (id: Identity, f: PlanFacts) => boolean;
    needs: (id: Identity, f: PlanFacts) => Need[];
}

const sa = (id: Identity, ...names: string[]) => id.associations.some((a) => a.serviceAccount !== undefined && names.includes(a.serviceAccount));
const uses = (id: Identity, use: string) => id.usedBy.filter((u) => u.use === use).map((u) => u.resource);
const clusterNames = (id: Identity) => [...new Set(id.associations.map((a) => (a.cluster ? str(a.cluster, "name") : undefined)).filter((x): x is string => !!x))];

function need(why: string, action: string, resource: string, extra: Partial<Need> = {}): Need {
    return { why, action, resource, ...extra };
}

function undecided(why: string): Need {
    return { why, action: "", resource: "", undecided: why };
}

/** The hosted zones this stack writes records in (Route 53 records' zoneId). */
function hostedZones(f: PlanFacts): string[] {
    const ids = f.stack.ofType("aws:route53/record:Record").map((r) => str(r, "zoneId")).filter((x): x is string => !!x);
    return [...new Set(ids)].map((id) => `arn:aws:route53:::hostedzone/${id.replace(/^\/hostedzone\//, "")}`);
}

/** Secrets the app reads through External Secrets: the stack's Secrets Manager secrets and RDS-managed master secrets. */
function appSecrets(f: PlanFacts): Need[] {
    const out: Need[] = [];
    const keys = f.stack.ofType("aws:kms/key:Key");
    const via = { "kms:ViaService": `secretsmanager.${f.region}.amazonaws.com`, "kms:CallerAccount": f.account };
    const decrypt = (keyProp: Res, prop: string, what: string) => {
        const key = f.stack.fedBy(keyProp, prop, keys, ["arn", "keyId", "id"])[0];
        const keyArn = key ? str(key, "arn") : str(keyProp, prop);
        if (!str(keyProp, prop) && !key) {
            return; // encrypted with the AWS-managed aws/secretsmanager key: no key policy of ours to satisfy
        }
        out.push(keyArn
            ? need(`decrypt ${what} (its customer-managed key)`, "kms:Decrypt", keyArn, { target: key, context: via })
            : undecided(`the key of ${what} is unknown`));
    };
    for (const s of f.stack.ofType("aws:secretsmanager/secret:Secret")) {
        const arn = str(s, "arn");
        if (!arn) {
            out.push(undecided(`the ARN of ${label(s)} is unknown`));
            continue;
        }
        out.push(need(`read ${s.name}`, "secretsmanager:GetSecretValue", arn, { target: s }));
        decrypt(s, "kmsKeyId", s.name);
    }
    for (const db of f.stack.ofType("aws:rds/instance:Instance")) {
        if (attr(db, "manageMasterUserPassword") !== true && attr(db, "manageMasterUserPassword") !== "true") {
            continue;
        }
        const arn = knownItems(attr(db, "masterUserSecrets")).map((m) => m?.secretArn).find((x) => typeof x === "string");
        if (!arn) {
            out.push(undecided(`the master secret ARN of ${label(db)} is unknown`));
            continue;
        }
        out.push(need(`read the RDS-managed master secret of ${db.name}`, "secretsmanager:GetSecretValue", arn));
        decrypt(db, "masterUserSecretKmsKeyId", `the master secret of ${db.name}`);
    }
    return out;
}

function mediaBuckets(f: PlanFacts): Res[] {
    return f.stack.ofType("aws:s3/bucketV2:BucketV2", "aws:s3/bucket:Bucket").filter((b) => {
        const purpose = tagsOf(b.props).Purpose ?? tagsOf(b.outputs).Purpose;
        return typeof purpose === "string" ? purpose.toLowerCase() === "media" : /media/i.test(str(b, "bucket") ?? b.name);
    });
}

/** Namespaces the plan's ArgoCD Applications deploy the app into. */
function appNamespaces(f: PlanFacts): string[] {
    return f.stack.resources.filter((r) => apiOf(r.type)?.kind === "Application").map((a) => str(a, "spec.destination.namespace")).filter((x): x is string => !!x);
}

/** ECR repositories the nodes pull from: this stack's, and the hub's (ecrRepositoryUrls of a stack reference). */
function repositories(f: PlanFacts): { arn: string; target?: Res }[] {
    const out: { arn: string; target?: Res }[] = [];
    for (const r of f.stack.ofType("aws:ecr/repository:Repository")) {
        const arn = str(r, "arn");
        if (arn) {
            out.push({ arn, target: r });
        }
    }
    for (const refOut of f.references) {
        const urls = refOut.ecrRepositoryUrls;
        for (const url of urls && typeof urls === "object" ? Object.values(urls) : []) {
            const m = typeof url === "string" ? /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/(.+)$/.exec(url) : null;
            if (m) {
                out.push({ arn: `arn:aws:ecr:${m[2]}:${m[1]}:repository/${m[3]}` });
            }
        }
    }
    return out;
}

/** The GitHub repository (owner/name) the plan deploys from: its GitOps objects' sources. */
function githubRepository(f: PlanFacts): string | undefined {
    for (const r of f.stack.resources) {
        const api = apiOf(r.type);
        if (api?.group !== "argoproj.io") {
            continue;
        }
        const urls = [str(r, "spec.source.repoURL"), ...knownItems(attr(r, "spec.sourceRepos"))];
        for (const u of urls) {
            const m = typeof u === "string" ? /github\.com[/:]([^/]+\/[^/.]+)/.exec(u) : null;
            if (m) {
                return m[1];
            }
        }
    }
    return undefined;
}

/** The Helm releases of a chart that run in a namespace the identity's Pod Identity associations name. */
function releasesFor(id: Identity, f: PlanFacts, chart: string): Res[] {
    const namespaces = id.associations.map((a) => a.namespace).filter((n): n is string => !!n);
    return f.stack.ofType(RELEASE).filter((r) => chartOf(r) === chart && namespaces.includes(str(r, "namespace") ?? ""));
}

/** The buckets a Loki release stores in (loki.storage.bucketNames), as plan buckets when the plan makes them. */
function lokiBuckets(id: Identity, f: PlanFacts): Need[] {
    const releases = releasesFor(id, f, "loki");
    if (releases.length === 0) {
        return [undecided("no Loki release runs in the namespace of this role's service account")];
    }
    const tls = { "aws:SecureTransport": "true" };
    const buckets = f.stack.ofType("aws:s3/bucketV2:BucketV2", "aws:s3/bucket:Bucket");
    return releases.flatMap((rel) => {
        const names = valueAt(attr(rel, "values") ?? {}, "loki.storage.bucketNames");
        const list = [...new Set(names && typeof names === "object" ? Object.values(names).filter((x): x is string => typeof x === "string") : [])];
        if (list.length === 0) {
            return [undecided(`${label(rel)}: loki.storage.bucketNames is unknown`)];
        }
        return list.flatMap((name) => {
            const b = buckets.find((x) => str(x, "bucket") === name);
            const arn = b ? str(b, "arn") ?? `arn:aws:s3:::${name}` : `arn:aws:s3:::${name}`;
            return [
                need(`list the chunks and index of ${name}`, "s3:ListBucket", arn, { target: b, context: tls }),
                ...["s3:GetObject", "s3:PutObject", "s3:DeleteObject"].map((a) => need(`read, write and compact (retention) the chunks and index in ${name}`, a, `${arn}/fake/chunk`, { target: b, context: tls })),
            ];
        });
    });
}

/** The SNS topics an Alertmanager release publishes to (alertmanager.config receivers' sns_configs). */
function alertTopics(id: Identity, f: PlanFacts): Need[] {
    const releases = releasesFor(id, f, "kube-prometheus-stack");
    const arns = releases.flatMap((rel) => knownItems(valueAt(attr(rel, "values") ?? {}, "alertmanager.config.receivers"))
        .flatMap((r: any) => knownItems(r?.sns_configs)).map((c: any) => c?.topic_arn)).filter((x): x is string => typeof x === "string");
    if (arns.length === 0) {
        return [undecided("no kube-prometheus-stack release in the role's namespace names an SNS topic (alertmanager.config receivers' sns_configs)")];
    }
    const topics = f.stack.ofType("aws:sns/topic:Topic");
    return [...new Set(arns)].map((arn) => need("publish alerts (e-mail subscribers)", "sns:Publish", arn, { target: topics.find((t) => str(t, "arn") === arn) }));
}

function trustsGithub(id: Identity): boolean {
    return id.trust !== null && typeof id.trust === "object" && JSON.stringify(id.trust).includes(GITHUB_OIDC_HOST);
}

/** A GitHub Actions token of this repository with this subject: assumes the role (expect Allowed) or must not (Denied). */
function githubToken(id: Identity, f: PlanFacts, subject: (repo: string) => string, why: (repo: string) => string, expect?: "Denied"): Need[] {
    const provider = f.stack.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider").find((p) => (str(p, "url") ?? "").includes(GITHUB_OIDC_HOST));
    const providerArn = provider ? str(provider, "arn") : undefined;
    const repo = githubRepository(f);
    if (!providerArn || !repo) {
        return [undecided(`the GitHub OIDC provider or the repository the plan deploys from is not known`)];
    }
    const context = { [`${GITHUB_OIDC_HOST}:sub`]: subject(repo), [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com" };
    return [need(why(repo), "sts:AssumeRoleWithWebIdentity", str(id.role, "arn")!, { assumedBy: providerArn, context, unvalidatedContext: true, ...(expect ? { expect } : {}) })];
}

/** GitHub Actions trust: the right workflow subject is allowed, a fork's is not. */
function githubTrust(id: Identity, f: PlanFacts, subject: (repo: string) => string): Need[] {
    return [
        ...githubToken(id, f, subject, (repo) => `GitHub Actions of ${repo} (${subject(repo)}) assume it`),
        ...githubToken(id, f, () => subject("someone-else/fork"), () => `a fork's workflow must not assume it`, "Denied"),
    ];
}

/** A GitHub token with this subject must not assume the role. */
function refusedSubject(id: Identity, f: PlanFacts, subject: (repo: string) => string, why: string): Need[] {
    return githubToken(id, f, subject, () => why, "Denied");
}

/**
 * An environment no stack file names: GitHub creates any environment a job names, without protection rules, so a
 * role trusted for environment:* (or any pattern) is a role every workflow edit can assume.
 */
export const MADE_UP_ENVIRONMENT = "made-up-by-a-pull-request";

/** The stack a resource belongs to (its URN's). */
function stackOf(r: { urn: string }): string {
    return r.urn.split("::")[0].replace(/^urn:pulumi:/, "");
}

/** The GitHub environment pull-request previews run in (ci/GithubActionsComponent.PREVIEW_ENVIRONMENT). */
export const PREVIEW_ENVIRONMENT = "pulumi-preview";

/**
 * The Pulumi state a CI role works with: the S3 backend's objects under .pulumi/ (meta.yaml; stacks/, locks/,
 * history/ with a folder per project) in the bootstrap's bucket, encrypted with the bootstrap's key. The bucket and
 * key are stack configuration, not plan resources: they are the ones the role's policies name (the bucket it may
 * list, the key it may decrypt with); the object paths are Pulumi's, per stack of the project.
 */
function stateNeeds(id: Identity, f: PlanFacts, write: boolean): Need[] {
    const statements = f.stack.ofType("aws:iam/rolePolicy:RolePolicy")
        .filter((p) => f.stack.fedBy(p, "role", [id.role], ["name", "id"]).length > 0)
        .flatMap((p): any[] => {
            const d = doc(p, "policy");
            return d && typeof d === "object" && !(d instanceof Error) ? ([] as any[]).concat(d.Statement ?? []) : [];
        });
    const resourcesOf = (action: string): string[] => statements
        .filter((st) => st.Effect === "Allow" && ([] as string[]).concat(st.Action ?? []).includes(action))
        .flatMap((st) => ([] as string[]).concat(st.Resource ?? []));
    const bucket = resourcesOf("s3:ListBucket").find((r) => /^arn:aws[a-z-]*:s3:::[^/]+$/.test(r));
    const key = resourcesOf("kms:Decrypt").find((r) => /^arn:aws[a-z-]*:kms:[^:]+:\d{12}:key\//.test(r));
    if (!bucket || !key) {
        return [{ why: "use the stack state", action: "", resource: "", check: () => `grants no s3:ListBucket on a state bucket and kms:Decrypt on its key: the state backend is out of reach` }];
    }
    const project = id.role.urn.split("::")[1];
    const stacks = [...new Set([stackOf(id.role), ...f.config.spokeEnvironments])];
    const keyPolicy = defaultKeyPolicy(key.split(":")[4]);
    const out: Need[] = [
        need("find the stacks", "s3:ListBucket", bucket),
        need("read the backend's layout", "s3:GetObject", `${bucket}/.pulumi/meta.yaml`),
        need("decrypt the stack secrets' data key and the state objects", "kms:Decrypt", key, { resourcePolicy: keyPolicy }),
    ];
    for (const stack of stacks) {
        const lock = `${bucket}/.pulumi/locks/${project}/${stack}/0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9.json`;
        out.push(need(`read the state of ${stack} (and of the hub its stack reference reads)`, "s3:GetObject", `${bucket}/.pulumi/stacks/${project}/${stack}.json`));
        if (write) {
            out.push(
                need(`lock ${stack} for an update`, "s3:PutObject", lock),
                need(`unlock ${stack}`, "s3:DeleteObject", lock),
                need(`write the state of ${stack}`, "s3:PutObject", `${bucket}/.pulumi/stacks/${project}/${stack}.json`),
                need(`record ${stack}'s update in its history`, "s3:PutObject", `${bucket}/.pulumi/history/${project}/${stack}/${stack}-1767225600000000000.history.json`),
            );
        } else {
            out.push(need(`a preview of ${stack} takes no lock and writes no state`, "s3:PutObject", lock, { expect: "Denied" }));
        }
    }
    out.push(write
        ? need("encrypt the objects it writes (SSE-KMS with the bootstrap key)", "kms:GenerateDataKey", key, { resourcePolicy: keyPolicy })
        : need("a preview writes nothing, so it makes no data keys", "kms:GenerateDataKey", key, { resourcePolicy: keyPolicy, expect: "Denied" }));
    return out;
}

export const NEED_RULES: NeedRule[] = [
    {
        id: "aws-load-balancer-controller",
        describe: "the AWS Load Balancer Controller creates ALBs and target groups tagged for its cluster and opens security groups",
        applies: (id) => sa(id, "aws-load-balancer-controller"),
        needs: (id, f) => clusterNames(id).flatMap((cluster) => {
            const tag = { "aws:RequestTag/elbv2.k8s.aws/cluster": cluster };
            return [
                need("discover subnets", "ec2:DescribeSubnets", "*"),
                need("read load balancers", "elasticloadbalancing:DescribeLoadBalancers", "*"),
                need("create the Ingress's ALB", "elasticloadbalancing:CreateLoadBalancer", `arn:aws:elasticloadbalancing:${f.region}:${f.account}:loadbalancer/app/k8s-saleor-0123456789/0123456789abcdef`, { context: tag }),
                need("create its target groups", "elasticloadbalancing:CreateTargetGroup", `arn:aws:elasticloadbalancing:${f.region}:${f.account}:targetgroup/k8s-saleor-0123456789/0123456789abcdef`, { context: tag }),
                need("register pod IPs", "elasticloadbalancing:RegisterTargets", `arn:aws:elasticloadbalancing:${f.region}:${f.account}:targetgroup/k8s-saleor-0123456789/0123456789abcdef`),
                need("let the ALB reach the pods", "ec2:AuthorizeSecurityGroupIngress", `arn:aws:ec2:${f.region}:${f.account}:security-group/sg-0123456789abcdef0`),
            ];
        }),
    },
    {
        id: "external-dns",
        describe: "ExternalDNS writes the records of the stack's hosted zone(s) (docs/tutorials/aws.md)",
        applies: (id) => sa(id, "external-dns"),
        needs: (_id, f) => {
            const zones = hostedZones(f);
            if (zones.length === 0) {
                return [undecided("the plan writes no Route 53 record, so its hosted zone is unknown")];
            }
            return [
                need("list zones", "route53:ListHostedZones", "*"),
                ...zones.flatMap((z) => [need("write records", "route53:ChangeResourceRecordSets", z), need("read records", "route53:ListResourceRecordSets", z)]),
            ];
        },
    },
    {
        id: "cluster-autoscaler",
        describe: "cluster-autoscaler reads and resizes the Auto Scaling groups of its cluster's node groups (tagged k8s.io/cluster-autoscaler/<cluster>=owned by EKS)",
        applies: (id) => sa(id, "cluster-autoscaler"),
        needs: (id, f) => clusterNames(id).flatMap((cluster) => {
            const groups = f.stack.ofType("aws:eks/nodeGroup:NodeGroup").filter((g) => str(g, "clusterName") === cluster);
            return [
                need("discover groups", "autoscaling:DescribeAutoScalingGroups", "*"),
                need("read instance types", "ec2:DescribeInstanceTypes", "*"),
                ...groups.flatMap((g) => {
                    const asg = `arn:aws:autoscaling:${f.region}:${f.account}:autoScalingGroup:00000000-0000-4000-8000-000000000000:autoScalingGroupName/eks-${g.name}-00000000`;
                    const owned = { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster}`]: "owned", "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true" };
                    return [
                        need(`scale node group ${g.name}`, "autoscaling:SetDesiredCapacity", asg, { context: owned }),
                        need(`remove nodes of ${g.name}`, "autoscaling:TerminateInstanceInAutoScalingGroup", asg, { context: owned }),
                        need(`read node group ${g.name}`, "eks:DescribeNodegroup", `arn:aws:eks:${f.region}:${f.account}:nodegroup/${cluster}/${str(g, "nodeGroupName") ?? g.name}/00000000-0000-4000-8000-000000000000`),
                    ];
                }),
            ];
        }),
    },
    {
        id: "ebs-csi-driver",
        describe: "the EBS CSI controller creates and attaches volumes tagged for the driver",
        applies: (id) => sa(id, "ebs-csi-controller-sa"),
        needs: (_id, f) => {
            const volume = `arn:aws:ec2:${f.region}:${f.account}:volume/vol-0123456789abcdef0`;
            return [
                need("read volumes", "ec2:DescribeVolumes", "*"),
                need("create a volume", "ec2:CreateVolume", volume, { context: { "aws:RequestTag/ebs.csi.aws.com/cluster": "true" } }),
                need("attach a volume", "ec2:AttachVolume", volume),
            ];
        },
    },
    {
        id: "external-secrets",
        describe: "External Secrets reads each app secret and decrypts it with its customer-managed key through Secrets Manager",
        applies: (id) => sa(id, "external-secrets"),
        needs: (_id, f) => appSecrets(f),
    },
    {
        id: "argocd-hub",
        describe: "the hub's ArgoCD (controller, server) chains into every spoke's role kyeol-<env>-argocd-spoke",
        applies: (id, f) => sa(id, "argocd-application-controller", "argocd-server") && !f.references.some((o) => typeof o.argocdRoleArn === "string"),
        needs: (_id, f) => f.config.spokeEnvironments.map((env) =>
            need(`reach the ${env} cluster`, "sts:AssumeRole", `arn:aws:iam::${f.account}:role/kyeol-${env}-argocd-spoke`)),
    },
    {
        id: "alloy-cloudwatch",
        describe: "the cluster's Alloy (service account alloy-cluster) reads the CloudWatch metrics of the stack's AWS resources, found by tag, and, when traces are on, sends spans to X-Ray's OTLP endpoint",
        applies: (id) => sa(id, "alloy-cluster"),
        needs: (id, f) => {
            const xray = releasesFor(id, f, "alloy").some((r) => /service\s*=\s*\\?"xray\\?"/.test(JSON.stringify(attr(r, "values") ?? {})));
            return [
                need("find the resources by tag", "tag:GetResources", "*"),
                need("list their metrics", "cloudwatch:ListMetrics", "*"),
                need("read their metrics", "cloudwatch:GetMetricData", "*"),
                need("read their metrics (older API)", "cloudwatch:GetMetricStatistics", "*"),
                ...(xray ? [need("send spans (X-Ray OTLP endpoint, SigV4)", "xray:PutTraceSegments", "*")] : []),
            ];
        },
    },
    {
        id: "loki",
        describe: "Loki keeps chunks and index in its bucket: lists, reads, writes and (compactor retention) deletes objects over TLS",
        applies: (id) => sa(id, "loki"),
        needs: (id, f) => lokiBuckets(id, f),
    },
    {
        id: "alertmanager",
        describe: "Alertmanager publishes alerts to the SNS topic(s) its receivers name (e-mail subscriptions)",
        applies: (id) => sa(id, "alertmanager"),
        needs: (id, f) => alertTopics(id, f),
    },
    {
        id: "app-media",
        describe: "the app's pods write, read and delete media objects in the media bucket (over TLS, as its bucket policy demands)",
        applies: (id, f) => id.associations.some((a) => a.namespace !== undefined && appNamespaces(f).includes(a.namespace)),
        needs: (_id, f) => {
            const buckets = mediaBuckets(f);
            if (buckets.length === 0) {
                return [undecided("the plan has no media bucket (tag Purpose=media)")];
            }
            const tls = { "aws:SecureTransport": "true" };
            return buckets.flatMap((b) => {
                const arn = str(b, "arn");
                if (!arn) {
                    return [undecided(`the ARN of ${label(b)} is unknown`)];
                }
                return ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"].map((a) => need("handle media", a, `${arn}/media/probe.png`, { target: b, context: tls }))
                    .concat([need("list media", "s3:ListBucket", arn, { target: b, context: tls })]);
            });
        },
    },
    {
        id: "node",
        describe: "worker nodes join the cluster, run the VPC CNI, pull images (ECR), hand Pod Identity credentials out and talk to SSM",
        applies: (id) => uses(id, "node").length > 0,
        needs: (id, f) => {
            const clusters = uses(id, "node").map((g) => f.stack.clusterByName(g)).filter((c): c is Res => !!c);
            return [
                need("EC2 may assume the node role", "sts:AssumeRole", str(id.role, "arn")!, { assumedBy: "ec2.amazonaws.com" }),
                need("describe itself", "ec2:DescribeInstances", "*"),
                need("assign pod IPs (VPC CNI)", "ec2:AssignPrivateIpAddresses", "*"),
                need("log in to ECR", "ecr:GetAuthorizationToken", "*"),
                need("register with SSM", "ssm:UpdateInstanceInformation", "*"),
                ...clusters.flatMap((c) => [
                    need("read its cluster", "eks:DescribeCluster", str(c, "arn") ?? "*"),
                    need("hand out Pod Identity credentials (the agent)", "eks-auth:AssumeRoleForPodIdentity", str(c, "arn") ?? "*"),
                ]),
                ...repositories(f).map((r) => need("pull images", "ecr:BatchGetImage", r.arn, { target: r.target })),
            ];
        },
    },
    {
        id: "cluster",
        describe: "the EKS control plane (cluster role) manages ENIs in the cluster's subnets",
        applies: (id) => uses(id, "cluster").length > 0,
        needs: (id) => [
            need("EKS may assume the cluster role", "sts:AssumeRole", str(id.role, "arn")!, { assumedBy: "eks.amazonaws.com" }),
            need("read subnets", "ec2:DescribeSubnets", "*"),
            need("create control-plane ENIs", "ec2:CreateNetworkInterface", "*"),
        ],
    },
    {
        id: "flow-logs",
        describe: "VPC flow logs deliver into their CloudWatch log group (VPC User Guide, 'IAM role for publishing flow logs to CloudWatch Logs')",
        applies: (id) => uses(id, "flow-logs").length > 0,
        needs: (id, f) => uses(id, "flow-logs").flatMap((fl) => {
            const group = f.stack.fedBy(fl, "logDestination", f.stack.ofType("aws:cloudwatch/logGroup:LogGroup"), ["arn"])[0];
            const arn = group ? str(group, "arn") : str(fl, "logDestination");
            if (!arn) {
                return [undecided(`the log group of ${label(fl)} is unknown`)];
            }
            const source = { "aws:SourceAccount": f.account, "aws:SourceArn": `arn:aws:ec2:${f.region}:${f.account}:vpc-flow-log/fl-0123456789abcdef0` };
            return [
                need("the flow-logs service may assume it", "sts:AssumeRole", str(id.role, "arn")!, { assumedBy: "vpc-flow-logs.amazonaws.com", context: source }),
                need("find its log group", "logs:DescribeLogGroups", "*"),
                need("find its streams", "logs:DescribeLogStreams", arn.replace(/:\*$/, "")),
                need("create a stream per ENI", "logs:CreateLogStream", `${arn.replace(/:\*$/, "")}:log-stream:eni-0123456789abcdef0-all`),
                need("write records", "logs:PutLogEvents", `${arn.replace(/:\*$/, "")}:log-stream:eni-0123456789abcdef0-all`),
            ];
        }),
    },
    {
        id: "ci-image-push",
        describe: "GitHub Actions on main (storefront.yml, in no environment) push images to every ECR repository; no other subject may",
        applies: (id) => trustsGithub(id) && /push/i.test(id.role.name),
        needs: (id, f) => [
            ...githubTrust(id, f, (repo) => `repo:${repo}:ref:refs/heads/main`),
            ...refusedSubject(id, f, (repo) => `repo:${repo}:ref:refs/heads/feature`, "another branch's workflow must not push"),
            ...refusedSubject(id, f, (repo) => `repo:${repo}:environment:${MADE_UP_ENVIRONMENT}`, "an environment a workflow names (GitHub creates it, unprotected) must not push"),
            ...refusedSubject(id, f, (repo) => `repo:${repo}:environment:${stackOf(id.role)}`, "a deploy job's token (its stack's environment) must not push"),
            ...refusedSubject(id, f, (repo) => `repo:${repo}:pull_request`, "a pull request must not push"),
            need("log in to ECR", "ecr:GetAuthorizationToken", "*"),
            ...repositories(f).filter((r) => r.target).flatMap((r) =>
                ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchCheckLayerAvailability"].map((a) => need("push", a, r.arn, { target: r.target }))),
        ],
    },
    {
        id: "ci-preview",
        describe: "pull-request previews (in the GitHub environment pulumi-preview, whose reviewers approve running the pull request's code) and the deploy branch's drift checks read the stack's resources and state and decrypt its secrets",
        applies: (id) => trustsGithub(id) && /preview|read/i.test(id.role.name),
        needs: (id, f) => [
            ...githubTrust(id, f, (repo) => `repo:${repo}:environment:${PREVIEW_ENVIRONMENT}`),
            ...githubTrust(id, f, (repo) => `repo:${repo}:ref:refs/heads/main`),
            ...refusedSubject(id, f, (repo) => `repo:${repo}:pull_request`, "a pull request's own token (no environment, no reviewer) must not assume it"),
            ...refusedSubject(id, f, (repo) => `repo:${repo}:environment:${MADE_UP_ENVIRONMENT}`, "an environment a workflow names (GitHub creates it, unprotected) must not read the stack's secrets"),
            ...stateNeeds(id, f, false),
            need("read VPCs", "ec2:DescribeVpcs", "*"),
            ...f.stack.clusters.map((c) => need("read the cluster", "eks:DescribeCluster", str(c, "arn") ?? "*")),
            ...f.stack.ofType("aws:iam/role:Role").slice(0, 3).map((r) => need("read roles", "iam:GetRole", str(r, "arn") ?? "*")),
        ],
    },
    {
        id: "ci-deploy",
        describe: "deployments from a GitHub environment create and update every resource, roles included",
        applies: (id) => trustsGithub(id) && /deploy/i.test(id.role.name),
        needs: (id, f) => [
            ...githubTrust(id, f, (repo) => `repo:${repo}:environment:${stackOf(id.role)}`),
            ...f.config.spokeEnvironments.flatMap((env) => githubTrust(id, f, (repo) => `repo:${repo}:environment:${env}`)),
            ...refusedSubject(id, f, (repo) => `repo:${repo}:environment:${PREVIEW_ENVIRONMENT}`, "the preview environment must not deploy"),
            ...refusedSubject(id, f, (repo) => `repo:${repo}:environment:${MADE_UP_ENVIRONMENT}`, "an environment a workflow names (GitHub creates it, unprotected) must not deploy"),
            ...refusedSubject(id, f, (repo) => `repo:${repo}:pull_request`, "a pull request must not deploy"),
            ...stateNeeds(id, f, true),
            ...f.stack.clusters.map((c) => need("update the cluster", "eks:UpdateClusterConfig", str(c, "arn") ?? "*")),
            need("create VPC pieces", "ec2:CreateSecurityGroup", `arn:aws:ec2:${f.region}:${f.account}:security-group/*`),
            ...f.stack.ofType("aws:iam/role:Role").slice(0, 3).flatMap((r) => [
                need("create roles", "iam:CreateRole", str(r, "arn") ?? "*"),
                need("pass roles to services", "iam:PassRole", str(r, "arn") ?? "*"),
            ]),
        ],
    },
    {
        id: "spoke-access",
        describe: "a role with an EKS access entry on this cluster is assumed by the identity of another stack it trusts (the hub's ArgoCD), and by nobody else",
        // The CI roles have access entries too, but GitHub Actions assume them (their own rules above).
        applies: (id) => uses(id, "access-entry").length > 0 && !trustsGithub(id),
        needs: (id, f) => {
            const hubRoles = f.references.map((o) => o.argocdRoleArn).filter((x): x is string => typeof x === "string" && x !== "[secret]");
            if (hubRoles.length === 0) {
                return [undecided("no stack reference names the identity that uses this role (argocdRoleArn)")];
            }
            const arn = str(id.role, "arn")!;
            return hubRoles.flatMap((hub) => [
                need("the hub's ArgoCD assumes it", "sts:AssumeRole", arn, { assumedBy: hub }),
                need("another role of the account must not", "sts:AssumeRole", arn, { assumedBy: hub.replace(/role\/.*$/, "role/someone-else"), expect: "Denied" }),
            ]);
        },
    },
];

/** Rule ids, for documentation and tests. */
export const NEED_RULE_IDS = NEED_RULES.map((r) => r.id);

/** A rule's needs cannot be worked out from what is known (an unknown ARN). */
export class NeedUndecided extends Error {}
