import { ofType, refersTo, resourceRule, stackRule } from "../lib/rules";
import { asNumber, isSet, isTrue, isUnknown, items, show, UNKNOWN } from "../lib/values";

const INSTANCE = "aws:rds/instance:Instance";
const PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";

/** A boolean input that must be true: unknown passes, anything else (incl. unset) fails. */
function mustBeTrue(prop: string, why: string) {
    return (props: Record<string, any>, report: (m: string) => void) => {
        const v = props[prop];
        if (!isUnknown(v) && !isTrue(v)) {
            report(`${prop} is ${show(v)}; ${why}`);
        }
    };
}

export const rdsPolicies = [
    resourceRule({
        name: "rds-storage-encrypted",
        description: "RDS instances must encrypt storage at rest (storageEncrypted = true).",
        severity: "critical",
        enforcementLevel: "mandatory",
        resourceTypes: [INSTANCE],
        remediationSteps: "Set storageEncrypted=true (and kmsKeyId to our key). Existing unencrypted instances need a snapshot copy with encryption and a restore.",
        check: (r, _c, report) => mustBeTrue("storageEncrypted", "expected true.")(r.props, report),
    }),
    resourceRule({
        name: "rds-not-publicly-accessible",
        description: "RDS instances must not be publicly accessible.",
        severity: "critical",
        enforcementLevel: "mandatory",
        resourceTypes: [INSTANCE],
        remediationSteps: "Set publiclyAccessible=false and place the instance in private (database) subnets.",
        check: (r, _c, report) => {
            if (isTrue(r.props.publiclyAccessible)) {
                report("publiclyAccessible is true: the database gets a public DNS name/IP.");
            }
        },
    }),
    resourceRule<{ minimumDays: number }>({
        name: "rds-backup-retention",
        description: "RDS automated backups must be kept at least the per-environment minimum (config minimumDays; dev 1, stage 7, prod 14).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [INSTANCE],
        remediationSteps: "Set backupRetentionPeriod to at least the environment's minimum (policy/config/<tier>.json).",
        configSchema: { properties: { minimumDays: { type: "integer", minimum: 0, maximum: 35, default: 7 } } },
        check: (r, c, report) => {
            const v = r.props.backupRetentionPeriod;
            if (isUnknown(v)) {
                return;
            }
            const days = v === undefined || v === null ? undefined : asNumber(v);
            if (days === undefined) {
                if (c.minimumDays > 1) {
                    report(`backupRetentionPeriod is not set (AWS default 1 day); minimum here is ${c.minimumDays}.`);
                }
            } else if (days < c.minimumDays) {
                report(`backupRetentionPeriod is ${days} day(s); minimum here is ${c.minimumDays}.`);
            }
        },
    }),
    resourceRule<{ required: boolean }>({
        name: "rds-multi-az",
        description: "RDS instances must be Multi-AZ where the environment requires it (config required; stage and prod).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [INSTANCE],
        remediationSteps: "Set multiAz=true for this environment.",
        configSchema: { properties: { required: { type: "boolean", default: true } } },
        check: (r, c, report) => {
            if (c.required) {
                mustBeTrue("multiAz", "this environment requires Multi-AZ.")(r.props, report);
            }
        },
    }),
    resourceRule<{ required: boolean }>({
        name: "rds-deletion-protection",
        description: "RDS instances must have deletion protection where the environment requires it (config required; stage and prod).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [INSTANCE],
        remediationSteps: "Set deletionProtection=true (and skipFinalSnapshot=false) for this environment.",
        configSchema: { properties: { required: { type: "boolean", default: true } } },
        check: (r, c, report) => {
            if (c.required) {
                mustBeTrue("deletionProtection", "this environment requires deletion protection.")(r.props, report);
            }
        },
    }),
    resourceRule<{ required: boolean }>({
        name: "rds-final-snapshot",
        description: "RDS instances must leave a final snapshot when deleted where the environment requires it (config required; stage and prod): skipFinalSnapshot not true and finalSnapshotIdentifier set.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [INSTANCE],
        remediationSteps: "Set skipFinalSnapshot=false and finalSnapshotIdentifier=<identifier>-final (the program does this for staging and production; deletionProtection alone does not survive a replacement).",
        configSchema: { properties: { required: { type: "boolean", default: true } } },
        check: (r, c, report) => {
            if (!c.required || r.props.replicateSourceDb !== undefined) {
                return; // a read replica has no snapshot of its own to keep
            }
            const skip = r.props.skipFinalSnapshot;
            if (isTrue(skip)) {
                report("skipFinalSnapshot is true: deleting or replacing the database keeps no final snapshot.");
            } else if (!isUnknown(r.props.finalSnapshotIdentifier) && !isSet(r.props.finalSnapshotIdentifier)) {
                report("finalSnapshotIdentifier is not set: AWS refuses the deletion, or (with skipFinalSnapshot later set to get past it) the data is gone.");
            }
        },
    }),
    resourceRule({
        name: "rds-managed-master-password",
        description: "RDS master passwords must be generated and rotated by AWS Secrets Manager (manageMasterUserPassword = true, no password input).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [INSTANCE],
        remediationSteps: "Set manageMasterUserPassword=true, drop password, and read the secret ARN from masterUserSecrets.",
        check: (r, _c, report) => {
            if (r.props.replicateSourceDb !== undefined) {
                return; // read replicas inherit the source's credentials
            }
            mustBeTrue("manageMasterUserPassword", "expected true.")(r.props, report);
            if (isSet(r.props.password)) {
                report("password is set: the master password must be managed by RDS (manageMasterUserPassword), not passed in.");
            }
        },
    }),
    resourceRule({
        name: "rds-cloudwatch-logs-exports",
        description: "RDS instances must export their engine logs to CloudWatch (enabledCloudwatchLogsExports non-empty, e.g. [\"postgresql\", \"upgrade\"]).",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [INSTANCE],
        remediationSteps: "Set enabledCloudwatchLogsExports=[\"postgresql\",\"upgrade\"] and create /aws/rds/instance/<id>/postgresql with a retention.",
        check: (r, _c, report) => {
            const l = items(r.props.enabledCloudwatchLogsExports);
            if (l !== UNKNOWN && l.length === 0) {
                report("enabledCloudwatchLogsExports is empty: database logs stay on the instance.");
            }
        },
    }),
    stackRule({
        name: "rds-force-ssl",
        description: "Every RDS instance must use a parameter group in this stack that sets rds.force_ssl = 1 (TLS-only connections).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [INSTANCE, PARAMETER_GROUP],
        remediationSteps: "Create an aws.rds.ParameterGroup with parameters [{ name: \"rds.force_ssl\", value: \"1\" }] and set the instance's parameterGroupName to its name.",
        check: (resources, _c, report) => {
            const groups = ofType(resources, PARAMETER_GROUP);
            for (const db of ofType(resources, INSTANCE)) {
                const pgName = db.props.parameterGroupName;
                const linked = groups.filter((g) => refersTo(db, "parameterGroupName", g, ["name", "id"]));
                if (linked.length === 0) {
                    if (isUnknown(pgName)) {
                        continue;
                    }
                    report(
                        isSet(pgName)
                            ? `parameterGroupName ${show(pgName)} is not a parameter group of this stack, so rds.force_ssl cannot be verified.`
                            : "parameterGroupName is not set: the default parameter group does not force TLS.",
                        db.urn,
                    );
                    continue;
                }
                const forced = linked.some((g) => {
                    const params = items(g.props.parameters);
                    return params === UNKNOWN || params.some((p) => p === UNKNOWN || (p?.name === "rds.force_ssl" && String(p?.value) === "1"));
                });
                if (!forced) {
                    report(`Parameter group ${linked.map((g) => g.name).join(", ")} does not set rds.force_ssl = 1.`, db.urn);
                }
            }
        },
    }),
];
