// The behaviour proofs: stack policies over the whole plan (see README "Behaviour proofs"). Mandatory; what a
// proof cannot decide (unknown values in a real preview, a missing tool) is reported the way the engine reports
// an unknown value, as advisory, without failing the preview.
import { KyeolPolicy } from "../lib/rules";
import { proofCapacity } from "./capacity";
import { proofPermissions } from "./permissions";
import { proofReachability } from "./reachability";
import { proofReadiness } from "./readiness";

export const proofPolicies: KyeolPolicy[] = [proofPermissions, proofReadiness, proofCapacity, proofReachability];
