// proof-reachability: named paths over security groups, network ACLs, routes, gateways and endpoints.
import { strict as assert } from "node:assert";
import { describe, test } from "node:test";
import { cidrContains } from "../src/proofs/reachability";
import { policy, R, run } from "./helpers";
import { breakOne, networkWorld, release, REQ } from "./proofs-world";

const proof = policy("proof-reachability");
const messages = async (list = networkWorld()) => (await run(proof, list)).map((v) => v.message);

describe("proof-reachability", () => {
    test("the network world passes", async () => {
        assert.deepEqual(await messages(), []);
    });

    test("broken: the database admits nothing from the cluster security group", async () => {
        const out = await messages(networkWorld().filter((r) => r.name !== "dev-postgres-from-cluster"));
        assert.deepEqual(out, ["path app pods (kyeol-dev) → dev-postgres:5432: blocked: dev-postgres-sg allow no tcp/5432 from the cluster security group of dev-eks"]);
    });

    test("broken: the database port open to the world", async () => {
        const list = [...networkWorld(), R("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "dev-postgres-world", { securityGroupId: "sg-postgres", cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 5432, toPort: 5432 }, { propDeps: { securityGroupId: ["dev-postgres-sg"] } })];
        assert.deepEqual(await messages(list), ["path 0.0.0.0/0 (the whole internet) → dev-postgres:5432: open through dev-postgres-world; only the cluster security group may reach it"]);
    });

    test("broken: a data subnet routed to the internet gateway", async () => {
        const list = [...networkWorld(), R("aws:ec2/route:Route", "data-default", { routeTableId: "rtb-d", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }, { propDeps: { routeTableId: ["data-rt"], gatewayId: ["dev-igw"] } })];
        assert.deepEqual(await messages(list), [
            "path data subnet data-a → internet: open: route table data-rt sends 0.0.0.0/0 to dev-igw",
            "path data subnet data-b → internet: open: route table data-rt sends 0.0.0.0/0 to dev-igw",
        ]);
    });

    test("broken: pods without a NAT route", async () => {
        assert.deepEqual(await messages(networkWorld().filter((r) => r.name !== "private-default")), ["path app pods (kyeol-dev) → internet:443 via NAT: blocked: private-a's route table private-rt has no 0.0.0.0/0 route"]);
    });

    test("broken: an interface endpoint without private DNS", async () => {
        const list = breakOne(networkWorld(), "dev-sts-endpoint", (r) => (r.props.privateDnsEnabled = false));
        assert.match((await messages(list))[0], /^path app pods \(kyeol-dev\) → dev-sts-endpoint \(com\.amazonaws\.ap-northeast-3\.sts\):443: blocked: private DNS is off/);
    });

    test("broken: the hub's NAT address is not in the spoke's publicAccessCidrs", async () => {
        const list = breakOne(networkWorld(), "dev-eks", (r) => (r.outputs!.vpcConfig.publicAccessCidrs = ["198.51.100.0/24"]));
        assert.deepEqual(await messages(list), ['path hub NAT 203.0.113.39 (dev-hub) → kyeol-dev API endpoint: blocked: publicAccessCidrs ["198.51.100.0/24"] do not contain 203.0.113.39/32']);
    });

    test("broken: a network ACL on the data subnets that only admits HTTPS", async () => {
        const acl = R("aws:ec2/networkAcl:NetworkAcl", "data-acl", {
            subnetIds: ["subnet-data-a", "subnet-data-b"],
            ingress: [{ ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlock: "10.10.0.0/16" }],
            egress: [{ ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" }],
        }, { propDeps: { subnetIds: ["data-a", "data-b"] } });
        assert.deepEqual(await messages([...networkWorld(), acl]), ["path app pods (kyeol-dev) → dev-postgres:5432: blocked: network ACL data-acl has no ingress rule for tcp/5432 (implicit deny)"]);
    });

    test("broken: public subnets in one AZ only: no ALB", async () => {
        const list = breakOne(networkWorld(), "public-b", (r) => (r.props.tags = {}));
        assert.deepEqual(await messages(list), ["path ALB → pods (kyeol-dev): blocked: 1 public subnet(s) tagged kubernetes.io/role/elb=1 with an internet-gateway route, in 1 AZ(s); an ALB needs two AZs"]);
    });

    test("the hub's CI runners reach their own API privately and leave through the NAT", async () => {
        const runners = () => release("dev-runners", "oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set", { template: { spec: { containers: [{ name: "runner", resources: REQ }] } } }, ["dev-nodes"], "arc-runners");
        const withPrivate = breakOne(networkWorld(), "dev-eks", (r) => (r.outputs!.vpcConfig.endpointPrivateAccess = true));
        assert.deepEqual(await messages([...withPrivate, runners()]), []);
        assert.deepEqual(await messages([...networkWorld(), runners()]), ["path CI runners (kyeol-dev) → kyeol-dev API private endpoint: blocked: the private endpoint is off"]);
        const noNat = breakOne(networkWorld(), "dev-eks", (r) => (r.outputs!.vpcConfig.endpointPrivateAccess = true)).filter((r) => r.name !== "private-default");
        assert.ok((await messages([...noNat, runners()])).includes("path CI runners (kyeol-dev) → other clusters' API endpoints via NAT: blocked: private-a's route table private-rt has no 0.0.0.0/0 route"));
    });

    test("CIDR containment", () => {
        assert.ok(cidrContains("0.0.0.0/0", "203.0.113.39"));
        assert.ok(cidrContains("203.0.113.0/24", "203.0.113.39/32"));
        assert.ok(!cidrContains("198.51.100.0/24", "203.0.113.39"));
        assert.ok(!cidrContains("10.10.0.0/24", "10.10.0.0/16"));
    });
});
