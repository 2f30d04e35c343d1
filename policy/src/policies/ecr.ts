import { resourceRule } from "../lib/rules";
import { get, isTrue, isUnknown, items, show, UNKNOWN } from "../lib/values";

const REPOSITORY = "aws:ecr/repository:Repository";

export const ecrPolicies = [
    resourceRule({
        name: "ecr-immutable-tags",
        description: "ECR repositories must make image tags immutable (imageTagMutability = IMMUTABLE), so a deployed tag can never change under ArgoCD.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [REPOSITORY],
        remediationSteps: "Set imageTagMutability=\"IMMUTABLE\" and tag images with the commit SHA.",
        check: (r, _c, report) => {
            const v = r.props.imageTagMutability;
            if (!isUnknown(v) && v !== "IMMUTABLE") {
                report(`imageTagMutability is ${show(v ?? "MUTABLE (default)")}; expected "IMMUTABLE".`);
            }
        },
    }),
    resourceRule({
        name: "ecr-scan-on-push",
        description: "ECR repositories must scan images on push (imageScanningConfiguration.scanOnPush = true).",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [REPOSITORY],
        remediationSteps: "Set imageScanningConfiguration = { scanOnPush: true }.",
        check: (r, _c, report) => {
            const v = get(r.props, "imageScanningConfiguration.scanOnPush");
            if (!isUnknown(v) && !isTrue(v)) {
                report(`imageScanningConfiguration.scanOnPush is ${show(v)}; expected true.`);
            }
        },
    }),
    resourceRule({
        name: "ecr-kms-encryption",
        description: "ECR repositories must encrypt images with KMS (encryptionConfigurations[0].encryptionType = KMS).",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [REPOSITORY],
        remediationSteps: "Set encryptionConfigurations = [{ encryptionType: \"KMS\", kmsKey: <key arn> }] (replaces the repository).",
        check: (r, _c, report) => {
            const l = items(r.props.encryptionConfigurations);
            if (l === UNKNOWN) {
                return;
            }
            const type = l.length > 0 ? get(l[0], "encryptionType") : undefined;
            if (!isUnknown(type) && type !== "KMS") {
                report(`encryption type is ${show(type ?? "AES256 (default)")}; expected "KMS".`);
            }
        },
    }),
];
