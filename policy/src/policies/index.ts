// The policy list of kyeol-platform-policy. Importing this module has no side effects (no gRPC
// server): tests and the offline check-plan import it; only ../../index.ts builds the PolicyPack.
import { kubernetesSchemaPolicy } from "../k8s/policy";
import { KyeolPolicy } from "../lib/rules";
import { proofPolicies } from "../proofs";
import { cloudfrontPolicies } from "./cloudfront";
import { argocdPolicies } from "./argocd";
import { ecrPolicies } from "./ecr";
import { eksPolicies } from "./eks";
import { elasticachePolicies } from "./elasticache";
import { helmPolicies } from "./helm";
import { iamPolicies } from "./iam";
import { networkPolicies } from "./network";
import { opsPolicies } from "./ops";
import { rdsPolicies } from "./rds";
import { resourcePolicies } from "./resource-policies";
import { s3Policies } from "./s3";
import { securityBaselinePolicies } from "./security-baseline";
import { wafPolicies } from "./waf";

export const policies: KyeolPolicy[] = [
    ...eksPolicies,
    ...rdsPolicies,
    ...elasticachePolicies,
    ...ecrPolicies,
    ...cloudfrontPolicies,
    ...wafPolicies,
    ...s3Policies,
    ...networkPolicies,
    ...iamPolicies,
    ...resourcePolicies,
    ...opsPolicies,
    ...helmPolicies,
    ...argocdPolicies,
    ...securityBaselinePolicies,
    kubernetesSchemaPolicy,
    // The behaviour proofs (policy/src/proofs/), last: the slowest, and they read the whole plan.
    ...proofPolicies,
];

export const PACK_NAME = "kyeol-platform-policy";
