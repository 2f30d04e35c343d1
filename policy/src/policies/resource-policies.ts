import { allowedActions, isPublicGrant, readDocument, statementLabel, statements } from "../lib/iam-documents";
import { resourceRule } from "../lib/rules";

/** Resources whose `policy` input is a resource policy: who, outside this account's identities, may act on them. */
export const RESOURCE_POLICY_TYPES = [
    "aws:kms/key:Key",
    "aws:kms/keyPolicy:KeyPolicy",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:ecr/repositoryPolicy:RepositoryPolicy",
    "aws:secretsmanager/secret:Secret",
    "aws:secretsmanager/secretPolicy:SecretPolicy",
    "aws:sns/topicPolicy:TopicPolicy",
    "aws:sqs/queuePolicy:QueuePolicy",
];

export const resourcePolicies = [
    resourceRule({
        name: "resource-policy-not-public",
        description: "Resource policies (KMS key policies, S3 bucket policies, ECR repository policies, Secrets Manager, SNS and SQS policies) must not Allow every principal (\"*\", {AWS: \"*\"} or NotPrincipal) unless a condition limits it to an account, organization, principal ARN or source (aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount, aws:SourceVpce, kms:CallerAccount …) with a concrete value.",
        severity: "critical",
        enforcementLevel: "mandatory",
        resourceTypes: RESOURCE_POLICY_TYPES,
        remediationSteps: "Name the principals (an account root ARN, a role ARN, a service principal with aws:SourceArn), or keep Principal \"*\" only with StringEquals aws:PrincipalAccount / kms:CallerAccount / aws:SourceArn set to our values; serve public content through CloudFront with origin access control instead of a public bucket.",
        check: (r, _c, report) => {
            const doc = readDocument(r.props.policy, "policy", report);
            if (doc === undefined) {
                return;
            }
            statements(doc).forEach((s, i) => {
                if (isPublicGrant(s)) {
                    const actions = allowedActions(s);
                    report(`policy ${statementLabel(s, i)} allows ${actions.length ? actions.join(", ") : "its actions"} to every principal ("*") without a condition that limits the account, organization or source.`);
                }
            });
        },
    }),
];
