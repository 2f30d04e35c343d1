import { ofType, refersTo, resourceRule, stackRule } from "../lib/rules";
import { get, isTrue, isUnknown, items, jsonish, show, UNKNOWN } from "../lib/values";

const REPOSITORY = "aws:ecr/repository:Repository";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";

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
    stackRule({
        name: "ecr-lifecycle-policy",
        description: "Every ECR repository must have a LifecyclePolicy in the stack with at least one rule (images accumulate forever otherwise: storage cost, and old vulnerable images stay pullable).",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [REPOSITORY, LIFECYCLE],
        remediationSteps: "Create aws.ecr.LifecyclePolicy { repository: repo.name(), policy: {rules: [expire untagged after N days, keep the last N tagged]} } (registry.keepLastImages / untaggedExpiryDays in the stack file).",
        check: (resources, _c, report) => {
            const lifecycles = ofType(resources, LIFECYCLE);
            for (const repo of ofType(resources, REPOSITORY)) {
                const mine = lifecycles.filter((l) => refersTo(l, "repository", repo, ["name", "id"]));
                const rules = mine.map((l) => jsonish(l.props.policy)).map((doc) => (doc === UNKNOWN ? UNKNOWN : doc instanceof Error ? [] : items(get(doc, "rules"))));
                if (rules.some((x) => x === UNKNOWN || (Array.isArray(x) && x.length > 0))) {
                    continue;
                }
                report(mine.length === 0 ? "The repository has no LifecyclePolicy: images are never expired." : "The repository's LifecyclePolicy has no rules.", repo.urn);
            }
        },
    }),
];
