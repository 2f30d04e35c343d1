// Proof: reachability. From the plan's security groups and rules, network ACLs, route tables, routes and
// associations, NAT and internet gateways, VPC endpoints and subnets, per cluster:
//   app pods → each RDS instance's port, each ElastiCache group's port, each interface endpoint :443 (private DNS on)
//   app pods → the internet through a NAT gateway (public subnet, EIP, IGW route)
//   the ALB → the pods (public subnets with an IGW route in two AZs; the controller on the cluster)
//   the hub's NAT address → this cluster's public API endpoint (publicAccessCidrs), for each stack reference
//   the CI runners (gha-runner-scale-set) → their own cluster's private endpoint, and out through the NAT
//   data subnets → no route to the internet; the data ports → reachable from the cluster security group only.
// Modelled facts (not in the plan): app pods use the EKS-created cluster security group, which allows all traffic
// from itself and all egress (EKS User Guide, "Amazon EKS security group requirements"); a subnet without an explicit
// route-table association uses the VPC's main table (local route only unless the plan changes it); a subnet without
// a network ACL of the plan uses the default ACL (allow all); the load balancer controller adds the rules from its
// ALB security group to the pods' security group itself (its default manageBackendSecurityGroupRules), which needs
// exactly one security group tagged kubernetes.io/cluster/<name> on the pods' ENIs: EKS's cluster security group.

import { Res, stackRule } from "../lib/rules";
import { isTrue, isUnknown, knownItems, tagsOf } from "../lib/values";
import { attr, chartOf, CLUSTER, label, NODE_GROUP, RELEASE, Stack, STACK_REFERENCE, str } from "./model";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";

/** A security group as the proof sees it: a plan SG (by URN) or a cluster's EKS-created one ("cluster:<urn>"). */
type SgRef = string;

interface Rule {
    direction: "ingress" | "egress";
    protocol: string;
    from: number;
    to: number;
    cidrs: string[];
    groups: SgRef[];
    prefixLists: string[];
    origin: string;
}

function ipToInt(ip: string): number {
    return ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
}

export function cidrContains(outer: string, inner: string): boolean {
    const [oip, olen] = outer.split("/");
    const [iip, ilen] = inner.includes("/") ? inner.split("/") : [inner, "32"];
    if (!oip.includes(".") || !iip.includes(".")) {
        return outer === inner || outer === "::/0";
    }
    const ol = Number(olen);
    if (Number(ilen) < ol) {
        return false;
    }
    const mask = ol === 0 ? 0 : (0xffffffff << (32 - ol)) >>> 0;
    return ((ipToInt(oip) & mask) >>> 0) === ((ipToInt(iip) & mask) >>> 0);
}

/** A number from plan data; unknown or missing gives the default (and marks the network uncertain). */
function n(v: unknown, d: number, net?: { uncertain: boolean }): number {
    if (typeof v === "number") {
        return v;
    }
    if (typeof v === "string" && v.trim() !== "" && !isNaN(Number(v))) {
        return Number(v);
    }
    if (isUnknown(v) && net) {
        net.uncertain = true;
    }
    return d;
}

function text(v: unknown, d: string, net?: { uncertain: boolean }): string {
    if (isUnknown(v)) {
        if (net) {
            net.uncertain = true;
        }
        return d;
    }
    return v === undefined || v === null ? d : String(v);
}

function protocolMatches(rule: string, wanted: string): boolean {
    const r = String(rule).toLowerCase();
    return r === "-1" || r === "all" || r === wanted || (wanted === "tcp" && r === "6");
}

class Net {
    /** Some rule, route or port is unknown (a real preview): a blocked path may still open. */
    uncertain = false;
    readonly sgs: Res[];
    readonly rules = new Map<SgRef, Rule[]>();

    constructor(readonly stack: Stack) {
        this.sgs = stack.ofType(SG, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        for (const c of stack.clusters) {
            // EKS's cluster security group: all from itself, all egress (modelled fact).
            this.rules.set(`cluster:${c.urn}`, [
                { direction: "ingress", protocol: "-1", from: 0, to: 65535, cidrs: [], groups: [`cluster:${c.urn}`], prefixLists: [], origin: "EKS default (self)" },
                { direction: "egress", protocol: "-1", from: 0, to: 65535, cidrs: ["0.0.0.0/0"], groups: [], prefixLists: [], origin: "EKS default (all egress)" },
            ]);
        }
        for (const sg of this.sgs) {
            const list: Rule[] = [];
            for (const direction of ["ingress", "egress"] as const) {
                for (const r of knownItems(attr(sg, direction))) {
                    list.push(this.inline(sg, direction, r));
                }
            }
            this.rules.set(sg.urn, list);
        }
        for (const r of stack.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "aws:ec2/securityGroupRule:SecurityGroupRule")) {
            const owner = this.sgOf(r, "securityGroupId");
            if (!owner) {
                continue;
            }
            const legacy = r.type === "aws:ec2/securityGroupRule:SecurityGroupRule";
            const direction = legacy ? (str(r, "type") === "egress" ? "egress" : "ingress") : r.type.includes("Egress") ? "egress" : "ingress";
            const peer = legacy ? (isTrue(attr(r, "self")) ? owner : this.sgOf(r, "sourceSecurityGroupId")) : this.sgOf(r, "referencedSecurityGroupId");
            const cidrs = legacy ? knownItems(attr(r, "cidrBlocks")).filter((x): x is string => typeof x === "string") : [str(r, "cidrIpv4"), str(r, "cidrIpv6")].filter((x): x is string => !!x);
            const prefixLists = legacy ? knownItems(attr(r, "prefixListIds")) : [str(r, "prefixListId")].filter((x) => x);
            const protocol = text(attr(r, legacy ? "protocol" : "ipProtocol"), "-1", this);
            const all = protocol === "-1" || protocol === "all";
            const rules = this.rules.get(owner) ?? [];
            rules.push({ direction, protocol, from: all ? 0 : n(attr(r, "fromPort"), 0, this), to: all ? 65535 : n(attr(r, "toPort"), 65535, this), cidrs, groups: peer ? [peer] : [], prefixLists: prefixLists.map((x) => text(x, "?")), origin: r.name });
            this.rules.set(owner, rules);
        }
    }

    private inline(sg: Res, direction: "ingress" | "egress", r: any): Rule {
        const groups = knownItems(r?.securityGroups).map((id) => this.sgById(text(id, "?"))).filter((x): x is SgRef => !!x);
        if (isTrue(r?.self)) {
            groups.push(sg.urn);
        }
        if (isUnknown(r) || isUnknown(r?.cidrBlocks) || isUnknown(r?.securityGroups)) {
            this.uncertain = true;
        }
        const protocol = text(r?.protocol, "-1", this);
        const all = protocol === "-1" || protocol === "all";
        return { direction, protocol, from: all ? 0 : n(r?.fromPort, 0, this), to: all ? 65535 : n(r?.toPort, 65535, this), cidrs: [...knownItems(r?.cidrBlocks), ...knownItems(r?.ipv6CidrBlocks)].filter((x): x is string => typeof x === "string"), groups, prefixLists: knownItems(r?.prefixListIds).map((x) => text(x, "?")), origin: `${sg.name} (inline)` };
    }

    /** The SG a rule's property points at: by the engine's property dependencies, else by the literal id. */
    sgOf(r: Res, prop: string): SgRef | undefined {
        const fed = this.stack.fedBy(r, prop, [...this.sgs, ...this.stack.clusters], ["id"]);
        const feeder = fed.find((x) => x.type !== CLUSTER) ?? fed[0];
        if (feeder) {
            return feeder.type === CLUSTER ? `cluster:${feeder.urn}` : feeder.urn;
        }
        const v = attr(r, prop);
        return typeof v === "string" ? this.sgById(v) ?? `external:${v}` : undefined;
    }

    sgById(id: string): SgRef | undefined {
        const c = this.stack.clusters.find((x) => attr(x, "vpcConfig.clusterSecurityGroupId") === id);
        if (c) {
            return `cluster:${c.urn}`;
        }
        const sg = this.sgs.find((x) => attr(x, "id") === id);
        return sg?.urn;
    }

    /** SGs a resource lists in `prop` (RDS vpcSecurityGroupIds, ElastiCache securityGroupIds, endpoints). */
    sgsOf(r: Res, prop: string): SgRef[] {
        const fed = this.stack.fedBy(r, prop, [...this.sgs, ...this.stack.clusters], ["id"]);
        if (fed.length > 0) {
            return fed.map((f) => (f.type === CLUSTER ? `cluster:${f.urn}` : f.urn));
        }
        return knownItems(attr(r, prop)).map((id) => this.sgById(text(id, "?")) ?? `external:${text(id, "?")}`);
    }

    name(ref: SgRef): string {
        if (ref.startsWith("cluster:")) {
            return `the cluster security group of ${this.stack.byUrn.get(ref.slice(8))?.name}`;
        }
        return this.stack.byUrn.get(ref)?.name ?? ref.replace(/^external:/, "security group ");
    }

    /** Does `dst` accept tcp `port` from `src` (an SG or a CIDR), and does `src` let it out? */
    allows(src: { sg?: SgRef; cidr: string }, dst: { sgs: SgRef[]; cidr: string }, port: number): string | undefined {
        const matches = (r: Rule, peerSgs: SgRef[], peerCidr: string) =>
            protocolMatches(r.protocol, "tcp") && r.from <= port && port <= r.to && (r.groups.some((g) => peerSgs.includes(g)) || r.cidrs.some((c) => cidrContains(c, peerCidr)));
        if (src.sg) {
            const out = (this.rules.get(src.sg) ?? []).filter((r) => r.direction === "egress");
            if (!out.some((r) => matches(r, dst.sgs, dst.cidr))) {
                return `${this.name(src.sg)} has no egress to tcp/${port}`;
            }
        }
        const ins = dst.sgs.flatMap((g) => (this.rules.get(g) ?? []).filter((r) => r.direction === "ingress"));
        if (!ins.some((r) => matches(r, src.sg ? [src.sg] : [], src.cidr))) {
            return `${dst.sgs.map((g) => this.name(g)).join(", ") || "its security groups"} allow no tcp/${port} from ${src.sg ? this.name(src.sg) : src.cidr}`;
        }
        return undefined;
    }

    /** The route table of a subnet (explicit association), or undefined for the VPC's main table. */
    routeTable(subnet: Res): Res | undefined {
        const assoc = this.stack.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation").find((a) => this.stack.fedBy(a, "subnetId", [subnet], ["id"]).length > 0);
        return assoc ? this.stack.fedBy(assoc, "routeTableId", this.stack.ofType(ROUTE_TABLE), ["id"])[0] : undefined;
    }

    /** Routes of a table: aws:ec2/route resources and inline routes, each with its target resource type. */
    routes(table: Res | undefined): { cidr: string; target?: Res; kind: string }[] {
        if (!table) {
            return [];
        }
        const out: { cidr: string; target?: Res; kind: string }[] = [];
        const targets = this.stack.resources.filter((r) => /natGateway:NatGateway|internetGateway:InternetGateway|egressOnlyInternetGateway|vpcEndpoint:VpcEndpoint|transitGateway|vpcPeeringConnection/.test(r.type));
        for (const r of this.stack.ofType("aws:ec2/route:Route")) {
            if (this.stack.fedBy(r, "routeTableId", [table], ["id"]).length === 0) {
                continue;
            }
            const cidr = str(r, "destinationCidrBlock") ?? str(r, "destinationIpv6CidrBlock") ?? str(r, "destinationPrefixListId") ?? "?";
            const prop = ["natGatewayId", "gatewayId", "egressOnlyGatewayId", "transitGatewayId", "vpcPeeringConnectionId", "vpcEndpointId", "networkInterfaceId"].find((p) => attr(r, p) !== undefined);
            const target = prop ? this.stack.fedBy(r, prop, targets, ["id"])[0] : undefined;
            out.push({ cidr, target, kind: prop ?? "?" });
        }
        for (const r of knownItems(attr(table, "routes"))) {
            const prop = ["natGatewayId", "gatewayId", "egressOnlyGatewayId", "transitGatewayId", "vpcPeeringConnectionId", "vpcEndpointId", "networkInterfaceId"].find((p) => r?.[p]);
            out.push({ cidr: text(r?.cidrBlock ?? r?.ipv6CidrBlock, "?", this), kind: prop ?? "?" });
        }
        return out;
    }

    /** Network ACL verdict for tcp `port` between two CIDRs (stateless: request and response), or undefined. */
    nacl(subnet: Res, direction: "ingress" | "egress", peer: string, port: number): string | undefined {
        const acl = this.stack.ofType("aws:ec2/networkAcl:NetworkAcl").find((a) => this.stack.fedBy(a, "subnetIds", [subnet], ["id"]).length > 0)
            ?? this.stack.ofType("aws:ec2/networkAclAssociation:NetworkAclAssociation").filter((a) => this.stack.fedBy(a, "subnetId", [subnet], ["id"]).length > 0)
                .map((a) => this.stack.fedBy(a, "networkAclId", this.stack.ofType("aws:ec2/networkAcl:NetworkAcl"), ["id"])[0]).find((x) => x);
        if (!acl) {
            return undefined; // the default ACL allows all
        }
        const entries = [
            ...knownItems(attr(acl, direction)).map((e) => ({ ...e, egress: direction === "egress" })),
            ...this.stack.ofType("aws:ec2/networkAclRule:NetworkAclRule").filter((r) => this.stack.fedBy(r, "networkAclId", [acl], ["id"]).length > 0)
                .map((r) => ({ ruleNo: attr(r, "ruleNumber"), action: attr(r, "ruleAction"), protocol: attr(r, "protocol"), fromPort: attr(r, "fromPort"), toPort: attr(r, "toPort"), cidrBlock: attr(r, "cidrBlock"), egress: isTrue(attr(r, "egress")) })),
        ].filter((e) => e.egress === (direction === "egress")).sort((a, b) => n(a.ruleNo, 0) - n(b.ruleNo, 0));
        for (const e of entries) {
            const protocol = text(e.protocol, "-1", this);
            const all = protocol === "-1" || protocol === "all";
            if ((all || protocolMatches(protocol, "tcp")) && (all || (n(e.fromPort, 0, this) <= port && port <= n(e.toPort, 65535, this))) && cidrContains(text(e.cidrBlock, "0.0.0.0/0", this), peer)) {
                return text(e.action, "allow", this).toLowerCase() === "allow" ? undefined : `network ACL ${acl.name} denies ${direction} tcp/${port} (rule ${text(e.ruleNo, "?")})`;
            }
        }
        return `network ACL ${acl.name} has no ${direction} rule for tcp/${port} (implicit deny)`;
    }

    /** Network ACLs along src subnet → dst subnet for tcp `port`, the response on an ephemeral port included. */
    acls(src: Res, dst: Res, port: number): string | undefined {
        const sc = str(src, "cidrBlock") ?? "0.0.0.0/0";
        const dc = str(dst, "cidrBlock") ?? "0.0.0.0/0";
        return this.nacl(src, "egress", dc, port) ?? this.nacl(dst, "ingress", sc, port) ?? this.nacl(dst, "egress", sc, 32768) ?? this.nacl(src, "ingress", dc, 32768);
    }
}

function subnetsOf(stack: Stack, r: Res, prop: string): Res[] {
    return stack.fedBy(r, prop, stack.ofType(SUBNET), ["id"]);
}

export const proofReachability = stackRule({
    name: "proof-reachability",
    description:
        "Behaviour proof: from security groups, network ACLs, routes, gateways and endpoints: app pods reach the database, the cache, the interface endpoints and the internet (NAT); " +
        "the ALB reaches the pods; the hub's NAT address may reach each spoke's API endpoint; the hub's CI runners reach its private API endpoint and leave through its NAT; data subnets have no internet route; only the cluster security group reaches the data ports.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Follow the named path: add the missing security-group rule from the cluster security group, the NAT/IGW route or association, enable private DNS on the endpoint, " +
        "add the hub NAT address as /32 to publicAccessCidrs, or remove the route/rule that exposes the data subnets or ports.",
    resourceTypes: [SG, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:ec2/route:Route", "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/natGateway:NatGateway", "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:ec2/networkAcl:NetworkAcl", CLUSTER],
    check: (resources, _config, violation, undecided) => {
        const stack = new Stack(resources);
        const net = new Net(stack);
        // A path found blocked while some rule or route is unknown (a real preview) may open on apply: undecided.
        const report = (message: string, urn: string) => (net.uncertain && / blocked: /.test(message) ? undecided(message) : violation(message, urn));
        const dbs = stack.ofType("aws:rds/instance:Instance");
        const caches = stack.ofType("aws:elasticache/replicationGroup:ReplicationGroup");
        const dataSubnets = new Set<Res>();
        const dataTargets: { r: Res; port: number; sgs: SgRef[]; subnets: Res[] }[] = [];
        for (const db of dbs) {
            const group = stack.fedBy(db, "dbSubnetGroupName", stack.ofType("aws:rds/subnetGroup:SubnetGroup"), ["name"])[0];
            const subnets = group ? subnetsOf(stack, group, "subnetIds") : [];
            dataTargets.push({ r: db, port: n(attr(db, "port"), 5432, net), sgs: net.sgsOf(db, "vpcSecurityGroupIds"), subnets });
        }
        for (const c of caches) {
            const group = stack.fedBy(c, "subnetGroupName", stack.ofType("aws:elasticache/subnetGroup:SubnetGroup"), ["name"])[0];
            const subnets = group ? subnetsOf(stack, group, "subnetIds") : [];
            dataTargets.push({ r: c, port: n(attr(c, "port"), 6379, net), sgs: net.sgsOf(c, "securityGroupIds"), subnets });
        }
        dataTargets.forEach((t) => t.subnets.forEach((s) => dataSubnets.add(s)));

        for (const cluster of stack.clusters) {
            const podSg: SgRef = `cluster:${cluster.urn}`;
            const nodeSubnets = [...new Set(stack.ofType(NODE_GROUP).filter((g) => stack.clusterByName(g)?.urn === cluster.urn).flatMap((g) => subnetsOf(stack, g, "subnetIds")))];
            const podSubnets = nodeSubnets.length > 0 ? nodeSubnets : subnetsOf(stack, cluster, "vpcConfig");
            const cname = str(cluster, "name") ?? cluster.name;
            if (podSubnets.length === 0) {
                continue;
            }
            const src = podSubnets[0];
            const srcCidr = str(src, "cidrBlock") ?? "10.0.0.0/8";
            // 1-2. App pods → database and cache ports.
            for (const t of dataTargets) {
                const dst = t.subnets[0];
                const why = net.allows({ sg: podSg, cidr: srcCidr }, { sgs: t.sgs, cidr: (dst && str(dst, "cidrBlock")) ?? "10.0.0.0/8" }, t.port) ?? (dst ? net.acls(src, dst, t.port) : `${label(t.r)} has no subnets in the plan`);
                if (why) {
                    report(`path app pods (${cname}) → ${t.r.name}:${t.port}: blocked: ${why}`, t.r.urn);
                }
            }
            // 3. App pods → interface endpoints :443 with private DNS.
            for (const ep of stack.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => str(e, "vpcEndpointType") === "Interface")) {
                const subnets = subnetsOf(stack, ep, "subnetIds");
                const why = net.allows({ sg: podSg, cidr: srcCidr }, { sgs: net.sgsOf(ep, "securityGroupIds"), cidr: (subnets[0] && str(subnets[0], "cidrBlock")) ?? srcCidr }, 443)
                    ?? (subnets[0] ? net.acls(src, subnets[0], 443) : undefined)
                    ?? (attr(ep, "privateDnsEnabled") === true || attr(ep, "privateDnsEnabled") === "true" ? undefined : "private DNS is off, so pods resolve the public endpoint and leave through the NAT");
                if (why) {
                    report(`path app pods (${cname}) → ${ep.name} (${str(ep, "serviceName")}):443: blocked: ${why}`, ep.urn);
                }
            }
            // 4. App pods → internet through a NAT gateway.
            const egress = (() => {
                const table = net.routeTable(src);
                const def = net.routes(table).find((r) => r.cidr === "0.0.0.0/0");
                if (!def) {
                    return `${src.name}'s route table ${table?.name ?? "(main)"} has no 0.0.0.0/0 route`;
                }
                if (def.kind !== "natGatewayId" || !def.target) {
                    return `${src.name}'s default route goes to ${def.kind}, not a NAT gateway of the plan`;
                }
                const nat = def.target;
                if ((str(nat, "connectivityType") ?? "public") !== "public" || !attr(nat, "allocationId")) {
                    return `${nat.name} is not a public NAT gateway with an Elastic IP`;
                }
                const natSubnet = subnetsOf(stack, nat, "subnetId")[0];
                const natDefault = natSubnet ? net.routes(net.routeTable(natSubnet)).find((r) => r.cidr === "0.0.0.0/0") : undefined;
                if (!natDefault || natDefault.kind !== "gatewayId" || natDefault.target?.type !== "aws:ec2/internetGateway:InternetGateway") {
                    return `${nat.name}'s subnet ${natSubnet?.name ?? "?"} has no 0.0.0.0/0 route to an internet gateway`;
                }
                const out443 = (net.rules.get(podSg) ?? []).some((r) => r.direction === "egress" && r.cidrs.includes("0.0.0.0/0") && protocolMatches(r.protocol, "tcp") && r.from <= 443 && 443 <= r.to);
                return out443 ? net.nacl(src, "egress", "0.0.0.0/0", 443) ?? net.nacl(src, "ingress", "0.0.0.0/0", 32768) : "the cluster security group has no egress to 0.0.0.0/0:443";
            })();
            if (egress) {
                report(`path app pods (${cname}) → internet:443 via NAT: blocked: ${egress}`, cluster.urn);
            }
            // 5. ALB → pods.
            const controller = stack.ofType(RELEASE).find((r) => chartOf(r) === "aws-load-balancer-controller" && stack.target(r).kind === "cluster" && (stack.target(r) as any).cluster.urn === cluster.urn);
            const publicSubnets = stack.ofType(SUBNET).filter((s) => tagsOf(s.props)["kubernetes.io/role/elb"] === "1" && stack.fedBy(s, "vpcId", stack.ofType("aws:ec2/vpc:Vpc"), ["id"]).some((v) => stack.fedBy(src, "vpcId", [v], ["id"]).length > 0));
            const routed = publicSubnets.filter((s) => net.routes(net.routeTable(s)).some((r) => r.cidr === "0.0.0.0/0" && r.target?.type === "aws:ec2/internetGateway:InternetGateway"));
            const zones = new Set(routed.map((s) => str(s, "availabilityZone") ?? s.name));
            const tagged = stack.ofType(SG).filter((g) => Object.keys(tagsOf(g.props)).includes(`kubernetes.io/cluster/${cname}`));
            const albWhy = !controller ? "no aws-load-balancer-controller release on this cluster creates it"
                : zones.size < 2 ? `${routed.length} public subnet(s) tagged kubernetes.io/role/elb=1 with an internet-gateway route, in ${zones.size} AZ(s); an ALB needs two AZs`
                : tagged.length > 0 ? `security group(s) ${tagged.map((g) => g.name).join(", ")} also carry kubernetes.io/cluster/${cname}: the controller needs exactly one (EKS's cluster security group) to add its rules`
                : routed.map((s) => net.acls(s, src, 8000)).find((x) => x);
            if (albWhy) {
                report(`path ALB → pods (${cname}): blocked: ${albWhy}`, cluster.urn);
            }
            // 8. The CI runners on this cluster (the hub's runner scale sets): its own API on the private endpoint, and
            //    every other cluster's public endpoint through this VPC's NAT, whose address those clusters admit (path
            //    6, proven in their plans).
            const runners = stack.ofType(RELEASE).filter((r) => chartOf(r) === "gha-runner-scale-set" && stack.target(r).kind === "cluster" && (stack.target(r) as any).cluster.urn === cluster.urn);
            if (runners.length > 0) {
                const privateOn = attr(cluster, "vpcConfig.endpointPrivateAccess");
                const own = privateOn === true || privateOn === "true"
                    ? net.allows({ sg: podSg, cidr: srcCidr }, { sgs: [podSg], cidr: srcCidr }, 443) ?? net.acls(src, src, 443)
                    : "the private endpoint is off";
                if (own) {
                    report(`path CI runners (${cname}) → ${cname} API private endpoint: blocked: ${own}`, cluster.urn);
                }
                if (egress) {
                    report(`path CI runners (${cname}) → other clusters' API endpoints via NAT: blocked: ${egress}`, cluster.urn);
                }
            }
            // 6. The hub's NAT address → this cluster's public endpoint.
            for (const ref of stack.ofType(STACK_REFERENCE)) {
                const outs = stack.referenceOutputs(ref);
                const ip = !isUnknown(outs) ? outs.natPublicIp : undefined;
                if (typeof ip !== "string" || ip === "[secret]") {
                    continue;
                }
                const cidrs = knownItems(attr(cluster, "vpcConfig.publicAccessCidrs")).filter((x): x is string => typeof x === "string");
                const publicOn = attr(cluster, "vpcConfig.endpointPublicAccess");
                const why = publicOn === false || publicOn === "false" ? "the public endpoint is off"
                    : !cidrs.some((c) => cidrContains(c, ip)) ? `publicAccessCidrs ${JSON.stringify(cidrs)} do not contain ${ip}/32` : undefined;
                if (why) {
                    report(`path hub NAT ${ip} (${ref.name}) → ${cname} API endpoint: blocked: ${why}`, cluster.urn);
                }
            }
        }
        // 7. Data subnets: no internet route.
        for (const s of dataSubnets) {
            const table = net.routeTable(s);
            for (const r of net.routes(table)) {
                if ((r.cidr === "0.0.0.0/0" || r.cidr === "::/0") && r.kind !== "vpcEndpointId") {
                    report(`path data subnet ${s.name} → internet: open: route table ${table?.name} sends ${r.cidr} to ${r.target?.name ?? r.kind}`, s.urn);
                }
            }
        }
        // 8. Data ports: the cluster security group only.
        for (const t of dataTargets) {
            for (const g of t.sgs) {
                for (const r of (net.rules.get(g) ?? []).filter((x) => x.direction === "ingress" && protocolMatches(x.protocol, "tcp") && x.from <= t.port && t.port <= x.to)) {
                    const strangers = [
                        ...r.cidrs.map((c) => (c === "0.0.0.0/0" || c === "::/0" ? `${c} (the whole internet)` : c)),
                        ...r.prefixLists.map((p) => `prefix list ${p}`),
                        ...r.groups.filter((x) => !x.startsWith("cluster:")).map((x) => net.name(x)),
                    ];
                    if (strangers.length > 0) {
                        report(`path ${strangers.join(", ")} → ${t.r.name}:${t.port}: open through ${r.origin}; only the cluster security group may reach it`, t.r.urn);
                    }
                }
            }
        }
    },
});
