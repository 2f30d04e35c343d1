// The stack policy that validates every Kubernetes object of a stack against its upstream schema, strictly.
// Schemas load asynchronously (ESM packages), so this policy is built here rather than with stackRule.

import type { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { KyeolStackPolicy, resFromPolicyResource } from "../lib/rules";
import { checkPlanObjects } from "./objects";

export const KUBERNETES_OBJECT_SCHEMA = "kubernetes-object-schema";

export const kubernetesSchemaPolicy: KyeolStackPolicy = {
    name: KUBERNETES_OBJECT_SCHEMA,
    description:
        "Every Kubernetes object the stack applies (every kubernetes:GROUP/VERSION:KIND resource: Namespace, Secret, ConfigMap, ArgoCD " +
        "Application/AppProject, ESO ClusterSecretStore/ExternalSecret, …) must validate against its upstream schema " +
        "(npm kubernetes-models and @kubernetes-models/*), strictly: an unknown field is a violation, because the API server " +
        "prunes or ignores it and the setting never takes effect.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Fix the field named in the message (spelling, type, a required field that is missing) against the API reference of " +
        "that kind; for a kind from a new API group, add its @kubernetes-models package to policy/package.json and to " +
        "CRD_PACKAGES in policy/src/k8s/schemas.ts.",
    resourceTypes: [
        "kubernetes:core/v1:Namespace",
        "kubernetes:core/v1:Secret",
        "kubernetes:core/v1:ConfigMap",
        "kubernetes:argoproj.io/v1alpha1:Application",
        "kubernetes:argoproj.io/v1alpha1:AppProject",
        "kubernetes:external-secrets.io/v1:ClusterSecretStore",
        "kubernetes:external-secrets.io/v1:ExternalSecret",
    ],
    kind: "stack",
    validateStack: async (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const problems = await checkPlanObjects(args.resources.map(resFromPolicyResource));
        for (const p of problems) {
            reportViolation(`${p.label}: ${p.path || "(object)"}: ${p.message}`, p.urn);
        }
    },
};
