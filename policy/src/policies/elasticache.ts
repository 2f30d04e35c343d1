import { resourceRule } from "../lib/rules";
import { asNumber, isSet, isTrue, isUnknown, show } from "../lib/values";

const REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";

export const elasticachePolicies = [
    resourceRule({
        name: "elasticache-at-rest-encryption",
        description: "ElastiCache replication groups must encrypt data at rest (atRestEncryptionEnabled = true).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [REPLICATION_GROUP],
        remediationSteps: "Set atRestEncryptionEnabled=true (and kmsKeyId); changing it replaces the group.",
        check: (r, _c, report) => {
            const v = r.props.atRestEncryptionEnabled;
            if (!isUnknown(v) && !isTrue(v)) {
                report(`atRestEncryptionEnabled is ${show(v)}; expected true.`);
            }
        },
    }),
    resourceRule({
        name: "elasticache-transit-encryption",
        description: "ElastiCache replication groups must require TLS in transit (transitEncryptionEnabled = true, transitEncryptionMode unset or \"required\").",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [REPLICATION_GROUP],
        remediationSteps: "Set transitEncryptionEnabled=true and connect with rediss:// (Celery needs ssl_cert_reqs).",
        check: (r, _c, report) => {
            const v = r.props.transitEncryptionEnabled;
            if (!isUnknown(v) && !isTrue(v)) {
                report(`transitEncryptionEnabled is ${show(v)}; expected true.`);
            }
            const mode = r.props.transitEncryptionMode;
            if (mode !== undefined && !isUnknown(mode) && mode !== "required") {
                report(`transitEncryptionMode is ${show(mode)}; "preferred" still accepts plaintext clients, expected "required".`);
            }
        },
    }),
    resourceRule({
        name: "elasticache-auth-token",
        description: "ElastiCache replication groups must require authentication: authToken set (a secret; \"[secret]\" in offline plans) or RBAC userGroupIds.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [REPLICATION_GROUP],
        remediationSteps: "Set authToken from a secret stack config value (pulumi config set --secret), or attach a user group with userGroupIds.",
        check: (r, _c, report) => {
            const token = r.props.authToken;
            const groups = r.props.userGroupIds;
            if (!isSet(token) && !isSet(groups)) {
                report("Neither authToken nor userGroupIds is set: any client in the security group can connect without a password.");
            }
        },
    }),
    resourceRule({
        name: "elasticache-automatic-failover",
        description: "ElastiCache replication groups with replicas (numCacheClusters > 1 or replicasPerNodeGroup > 0) must enable automaticFailoverEnabled.",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [REPLICATION_GROUP],
        remediationSteps: "Set automaticFailoverEnabled=true (and multiAzEnabled=true) whenever the group has replicas.",
        check: (r, _c, report) => {
            const clusters = asNumber(r.props.numCacheClusters);
            const replicas = asNumber(r.props.replicasPerNodeGroup);
            const hasReplicas = (clusters !== undefined && clusters > 1) || (replicas !== undefined && replicas > 0);
            const failover = r.props.automaticFailoverEnabled;
            if (hasReplicas && !isUnknown(failover) && !isTrue(failover)) {
                report(`The group has replicas but automaticFailoverEnabled is ${show(failover)}.`);
            }
        },
    }),
];

