import { ofType, refersTo, resourceRule, Res, stackRule } from "../lib/rules";
import { asNumber, get, isTrue, isUnknown, items, knownItems, show, tagsOf, UNKNOWN } from "../lib/values";

const VPC = "aws:ec2/vpc:Vpc";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const SUBNET = "aws:ec2/subnet:Subnet";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const INGRESS_TYPES = [SG, SG_INGRESS_RULE, SG_RULE];

const WORLD = ["0.0.0.0/0", "::/0"];

/** One ingress permission, whichever of the three resource shapes it came from. */
interface Ingress {
    label: string;
    protocol: string | typeof UNKNOWN;
    from: number | undefined | typeof UNKNOWN;
    to: number | undefined | typeof UNKNOWN;
    cidrs: string[];
    prefixLists: string[];
}

function port(v: unknown): number | undefined | typeof UNKNOWN {
    return isUnknown(v) ? UNKNOWN : asNumber(v);
}

function ingressOf(r: Res): Ingress[] {
    const p = r.props;
    const strings = (...vs: any[]) => vs.flatMap((v) => knownItems(v)).filter((x): x is string => typeof x === "string");
    const proto = (v: any) => (isUnknown(v) ? UNKNOWN : String(v ?? "").toLowerCase());
    switch (r.type) {
        case SG:
            return knownItems(p.ingress).map((i, n) => ({
                label: `ingress[${n}]`,
                protocol: proto(get(i, "protocol")),
                from: port(get(i, "fromPort")),
                to: port(get(i, "toPort")),
                cidrs: strings(get(i, "cidrBlocks"), get(i, "ipv6CidrBlocks")),
                prefixLists: strings(get(i, "prefixListIds")),
            }));
        case SG_INGRESS_RULE:
            return [{
                label: "rule",
                protocol: proto(p.ipProtocol),
                from: port(p.fromPort),
                to: port(p.toPort),
                cidrs: strings(p.cidrIpv4, p.cidrIpv6),
                prefixLists: strings(p.prefixListId),
            }];
        case SG_RULE:
            if (p.type !== "ingress") {
                return [];
            }
            return [{
                label: "rule",
                protocol: proto(p.protocol),
                from: port(p.fromPort),
                to: port(p.toPort),
                cidrs: strings(p.cidrBlocks, p.ipv6CidrBlocks),
                prefixLists: strings(p.prefixListIds),
            }];
        default:
            return [];
    }
}

const ALL_PROTOCOLS = ["-1", "all"];
const TCP = ["tcp", "6"];

/** true / false / undefined (can't tell at preview). */
function covers(i: Ingress, target: number): boolean | undefined {
    if (isUnknown(i.protocol)) {
        return undefined;
    }
    if (ALL_PROTOCOLS.includes(i.protocol)) {
        return true;
    }
    if (!TCP.includes(i.protocol)) {
        return false;
    }
    if (isUnknown(i.from) || isUnknown(i.to)) {
        return undefined;
    }
    const from = i.from ?? 0;
    const to = i.to ?? 65535;
    return from <= target && target <= to;
}

function describe(i: Ingress): string {
    const ports = ALL_PROTOCOLS.includes(i.protocol as string) ? "all traffic" : `${String(i.protocol)} ${show(i.from)}-${show(i.to)}`;
    return `${i.label} (${ports})`;
}

/** Public subnets are tagged kubernetes.io/role/elb=1 or Tier=public, or say "public" in their name. */
export function isPublicSubnet(r: Res): boolean {
    const tags = tagsOf(r.props);
    return tags["kubernetes.io/role/elb"] === "1" || String(tags.Tier ?? "").toLowerCase() === "public" || /public/i.test(r.name) || /public/i.test(String(tags.Name ?? ""));
}

export const networkPolicies = [
    stackRule({
        name: "vpc-flow-logs",
        description: "Every VPC must have a FlowLog (vpcId = the VPC) capturing ALL traffic.",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [VPC, FLOW_LOG],
        remediationSteps: "Create aws.ec2.FlowLog { vpcId: vpc.id(), trafficType: \"ALL\", logDestinationType: \"cloud-watch-logs\", logDestination: <log group arn>, iamRoleArn } (or an S3 destination).",
        check: (resources, _c, report) => {
            const logs = ofType(resources, FLOW_LOG);
            for (const vpc of ofType(resources, VPC)) {
                const mine = logs.filter((l) => refersTo(l, "vpcId", vpc, ["id"]));
                if (mine.length === 0) {
                    report("The VPC has no FlowLog.", vpc.urn);
                } else if (!mine.some((l) => isUnknown(l.props.trafficType) || l.props.trafficType === "ALL")) {
                    report(`The VPC's flow log captures ${mine.map((l) => show(l.props.trafficType)).join(", ")} traffic; expected ALL.`, vpc.urn);
                }
            }
        },
    }),
    resourceRule({
        name: "vpc-default-sg-closed",
        description: "The VPC default security group must be adopted (aws.ec2.DefaultSecurityGroup) with no ingress and no egress rules.",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [DEFAULT_SG],
        remediationSteps: "Declare aws.ec2.DefaultSecurityGroup { vpcId } with no ingress and no egress: Pulumi then removes AWS's allow-all defaults.",
        check: (r, _c, report) => {
            for (const dir of ["ingress", "egress"]) {
                const l = items(r.props[dir]);
                if (l !== UNKNOWN && l.length > 0) {
                    report(`The default security group has ${l.length} ${dir} rule(s); it must have none.`);
                }
            }
        },
    }),
    resourceRule({
        name: "subnet-public-ip-only-public",
        description: "Only public subnets (tag kubernetes.io/role/elb=1 or Tier=public, or \"public\" in the name) may set mapPublicIpOnLaunch = true.",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [SUBNET],
        remediationSteps: "Set mapPublicIpOnLaunch=false on private/database subnets (nodes and pods egress through the NAT gateway).",
        check: (r, _c, report) => {
            if (isTrue(r.props.mapPublicIpOnLaunch) && !isPublicSubnet(r)) {
                report("mapPublicIpOnLaunch is true on a subnet that is not tagged public (kubernetes.io/role/elb=1 or Tier=public).");
            }
        },
    }),
    resourceRule<{ allowedPorts: number[] }>({
        name: "sg-no-world-ingress",
        description: "Security groups (inline ingress, SecurityGroupIngressRule, SecurityGroupRule) must not allow 0.0.0.0/0 or ::/0 except single TCP ports in config allowedPorts (80, 443).",
        severity: "critical",
        enforcementLevel: "mandatory",
        resourceTypes: INGRESS_TYPES,
        remediationSteps: "Restrict the source to a security group, the CloudFront origin-facing prefix list (com.amazonaws.global.cloudfront.origin-facing), or known CIDRs; only tcp/80 and tcp/443 may face the internet.",
        configSchema: { properties: { allowedPorts: { type: "array", items: { type: "integer" }, default: [80, 443] } } },
        check: (r, c, report) => {
            for (const i of ingressOf(r)) {
                const world = i.cidrs.filter((x) => WORLD.includes(x));
                if (world.length === 0 || isUnknown(i.protocol) || isUnknown(i.from) || isUnknown(i.to)) {
                    continue;
                }
                const singleAllowedPort = TCP.includes(i.protocol) && i.from !== undefined && i.from === i.to && c.allowedPorts.includes(i.from);
                if (!singleAllowedPort) {
                    report(`${describe(i)} is open to ${world.join(", ")}; only tcp ${c.allowedPorts.join("/")} may be world-open.`);
                }
            }
        },
    }),
    resourceRule<{ ports: number[] }>({
        name: "sg-data-ports-from-sg-only",
        description: "Ingress to the data ports in config ports (PostgreSQL 5432, Valkey/Redis 6379) must come from security groups only, never from a CIDR or prefix list.",
        severity: "critical",
        enforcementLevel: "mandatory",
        resourceTypes: INGRESS_TYPES,
        remediationSteps: "Replace the CIDR source with the EKS node/cluster security group (referencedSecurityGroupId / sourceSecurityGroupId / securityGroups).",
        configSchema: { properties: { ports: { type: "array", items: { type: "integer" }, default: [5432, 6379] } } },
        check: (r, c, report) => {
            for (const i of ingressOf(r)) {
                const sources = [...i.cidrs, ...i.prefixLists];
                if (sources.length === 0) {
                    continue;
                }
                const hit = c.ports.filter((p) => covers(i, p) === true);
                if (hit.length > 0) {
                    report(`${describe(i)} reaches data port(s) ${hit.join(", ")} from ${sources.join(", ")}; allow only source security groups.`);
                }
            }
        },
    }),
];
