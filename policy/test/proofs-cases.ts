// The behaviour proofs' entries in test/cases.ts: a whole world that passes and one broken variant each.
import type { PolicyCases } from "./cases";
import { breakOne, world } from "./proofs-world";

export const proofCases: Record<string, PolicyCases> = {
    "proof-readiness": {
        pass: [{ title: "whole world", input: world() }],
        fail: [
            {
                title: "release concurrent with the controller",
                input: breakOne(world(), "dev-metrics-server", (r) => (r.deps = ["dev-nodes"])),
                expect: /runs concurrently with dev-aws-load-balancer-controller/,
            },
        ],
    },
};
