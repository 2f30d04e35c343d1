// The behaviour proofs' entries in test/cases.ts: a whole world that passes and one broken variant each.
import type { PolicyCases } from "./cases";
import { breakOne, iamWorld, networkWorld, sourceArnTrust, world } from "./proofs-world";

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
    "proof-capacity": {
        pass: [{ title: "whole world", input: world() }],
        fail: [
            {
                title: "release without requests",
                input: breakOne(world(), "dev-metrics-server", (r) => delete r.props.values.resources),
                expect: /dev-metrics-server \(Release\): component metrics-server runs without explicit cpu and memory requests \(set resources\.requests/,
            },
        ],
    },
    "proof-reachability": {
        pass: [{ title: "network world", input: networkWorld() }],
        fail: [
            {
                title: "no NAT route",
                input: networkWorld().filter((r) => r.name !== "private-default"),
                expect: /^path app pods \(kyeol-dev\) → internet:443 via NAT: blocked/,
            },
        ],
    },
    "proof-permissions": {
        pass: [{ title: "IAM world", input: iamWorld() }],
        fail: [
            {
                title: "trust by aws:SourceArn",
                input: breakOne(iamWorld(), "dev-external-dns-role", (r) => (r.props.assumeRolePolicy = r.outputs!.assumeRolePolicy = sourceArnTrust())),
                expect: /trust policy refuses Pod Identity for kube-system\/external-dns on kyeol-dev/,
            },
        ],
    },
};
