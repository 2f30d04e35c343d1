import { resourceRule } from "../lib/rules";
import { asNumber, isClearText, isSet, isTrue, isUnknown, show } from "../lib/values";

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
        description: "ElastiCache replication groups must require authentication: authToken set, as a secret (offline plans show \"[secret]\"; a token written in clear text is refused there, where secrets are visible as such), or RBAC userGroupIds.",
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
            if (r.secretsVisible && isClearText(token)) {
                report("authToken is written in clear text: it would sit readable in the plan, the state and every preview; pass it as a secret (pulumi config set --secret, Output.ofSecret).");
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
    resourceRule<{ minimumDays: number }>({
        name: "elasticache-snapshots",
        description: "ElastiCache replication groups must keep daily snapshots for at least the per-environment minimum (config minimumDays; dev 0, stage 1, prod 7: the cache is also Celery's broker) and, where snapshots are required, take a final snapshot when deleted (finalSnapshotIdentifier).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [REPLICATION_GROUP],
        remediationSteps: "Set snapshotRetentionLimit to at least the environment's minimum, a snapshotWindow, and finalSnapshotIdentifier=<group id>-final.",
        configSchema: { properties: { minimumDays: { type: "integer", minimum: 0, maximum: 35, default: 7 } } },
        check: (r, c, report) => {
            if (c.minimumDays === 0) {
                return;
            }
            const v = r.props.snapshotRetentionLimit;
            if (!isUnknown(v)) {
                const days = asNumber(v) ?? 0;
                if (days < c.minimumDays) {
                    report(`snapshotRetentionLimit is ${v === undefined ? "not set (AWS default 0, no snapshots)" : days}; minimum here is ${c.minimumDays} day(s).`);
                }
            }
            const last = r.props.finalSnapshotIdentifier;
            if (!isUnknown(last) && !isSet(last)) {
                report("finalSnapshotIdentifier is not set: deleting or replacing the group keeps no final snapshot.");
            }
        },
    }),
];
