// The CrossGuard entry point used by `pulumi preview --policy-pack policy`.
// Constructing PolicyPack starts the analyzer gRPC server, so nothing else imports this file.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./src/policies";

new PolicyPack(PACK_NAME, {
    policies,
    enforcementLevel: "mandatory",
    description: "kyeol-platform guardrails; per-stack settings come from policy/config/<tier>.json and the stack name (policy/check-plan --print-config, then --policy-pack-config).",
    provider: "aws",
    tags: ["aws", "eks", "kubernetes"],
});
