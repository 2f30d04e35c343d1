package com.kyeol.platform.plan;

import com.pulumi.test.Mocks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The offline engine's answers. Resources get deterministic ids and ARNs derived from their type and
 * name (so two plans of the same program are byte-identical); invokes get fixed answers; stack
 * references get the referenced stack's own offline outputs. An invoke without an answer fails loudly
 * rather than returning an empty object the program would misread.
 */
public final class PlanMocks implements Mocks {

    /** The account every offline plan pretends to run in (AWS's documentation account). */
    public static final String ACCOUNT_ID = "111122223333";
    /** The hosted zone id every offline plan resolves the domain's zone to. */
    public static final String HOSTED_ZONE_ID = "Z0OFFLINEPLAN0ZONE";

    private static final Map<String, String> ID_PREFIXES = Map.ofEntries(
            Map.entry("aws:ec2/vpc:Vpc", "vpc"),
            Map.entry("aws:ec2/subnet:Subnet", "subnet"),
            Map.entry("aws:ec2/eip:Eip", "eipalloc"),
            Map.entry("aws:ec2/natGateway:NatGateway", "nat"),
            Map.entry("aws:ec2/internetGateway:InternetGateway", "igw"),
            Map.entry("aws:ec2/routeTable:RouteTable", "rtb"),
            Map.entry("aws:ec2/routeTableAssociation:RouteTableAssociation", "rtbassoc"),
            Map.entry("aws:ec2/securityGroup:SecurityGroup", "sg"),
            Map.entry("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "sg"),
            Map.entry("aws:ec2/vpcEndpoint:VpcEndpoint", "vpce"),
            Map.entry("aws:ec2/flowLog:FlowLog", "fl"),
            Map.entry("aws:ec2/launchTemplate:LaunchTemplate", "lt"),
            Map.entry("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "sgr"));
    /** Input properties that carry a resource's physical name when it is not {@code name}. */
    private static final List<String> NAME_INPUTS = List.of("name", "bucket", "identifier", "replicationGroupId");

    private final String region;
    private final Function<String, ReferencedStack> stackReferences;

    /**
     * @param stackReferences answers a stack reference by the referenced stack's name (the last segment
     *                        of {@code org/project/stack})
     */
    public PlanMocks(String region, Function<String, ReferencedStack> stackReferences) {
        this.region = region;
        this.stackReferences = stackReferences;
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        if ("pulumi:pulumi:StackReference".equals(args.type)) {
            return CompletableFuture.supplyAsync(() -> stackReference(args));
        }
        String hex = hex(args.type + "::" + args.name);
        String prefix = ID_PREFIXES.get(args.type);
        Map<String, Object> state = new LinkedHashMap<>(args.inputs == null ? Map.of() : args.inputs);
        String physicalName = NAME_INPUTS.stream().map(state::get).filter(String.class::isInstance).map(String.class::cast)
                .findFirst().orElse(args.name + "-" + hex.substring(0, 7));
        String id = prefix != null ? prefix + "-" + hex.substring(0, 17) : physicalName;
        state.putIfAbsent("name", physicalName);
        state.putIfAbsent("arn", arn(args.type, physicalName));
        switch (args.type) {
            case "aws:ec2/eip:Eip" -> {
                state.put("allocationId", id);
                state.put("publicIp", documentationAddress(hex));
            }
            case "aws:iam/role:Role", "aws:iam/policy:Policy" -> state.put("arn", "arn:aws:iam::" + ACCOUNT_ID + ":"
                    + (args.type.endsWith("Role") ? "role/" : "policy/") + physicalName);
            case "aws:kms/key:Key" -> {
                state.put("keyId", hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                        + hex.substring(16, 20) + "-" + hex.substring(20, 32));
                state.put("arn", "arn:aws:kms:" + region + ":" + ACCOUNT_ID + ":key/" + state.get("keyId"));
            }
            case "aws:eks/cluster:Cluster" -> {
                state.put("arn", "arn:aws:eks:" + region + ":" + ACCOUNT_ID + ":cluster/" + physicalName);
                state.put("endpoint", "https://" + hex.substring(0, 32).toUpperCase() + ".gr7." + region + ".eks.amazonaws.com");
                state.put("certificateAuthority", Map.of("data", "T0ZGTElORS1QTEFOLUNB"));
                Map<String, Object> vpcConfig = new LinkedHashMap<>(asMap(state.get("vpcConfig")));
                vpcConfig.put("clusterSecurityGroupId", "sg-" + hex(args.name + "::cluster-sg").substring(0, 17));
                state.put("vpcConfig", vpcConfig);
            }
            case "aws:ec2/launchTemplate:LaunchTemplate" -> state.put("latestVersion", 1);
            case "aws:rds/instance:Instance" -> {
                String address = physicalName + "." + hex.substring(0, 12) + "." + region + ".rds.amazonaws.com";
                Object port = state.getOrDefault("port", 5432);
                state.put("arn", "arn:aws:rds:" + region + ":" + ACCOUNT_ID + ":db:" + physicalName);
                state.put("address", address);
                state.put("endpoint", address + ":" + port);
                state.put("port", port);
                state.put("resourceId", "db-" + hex.substring(0, 26).toUpperCase());
                state.put("engineVersionActual", state.getOrDefault("engineVersion", ""));
                if (Boolean.TRUE.equals(state.get("manageMasterUserPassword"))) {
                    state.put("masterUserSecrets", List.of(Map.of(
                            "secretArn", "arn:aws:secretsmanager:" + region + ":" + ACCOUNT_ID + ":secret:rds!db-" + uuid(hex) + "-"
                                    + hex.substring(32, 38),
                            "kmsKeyId", String.valueOf(state.getOrDefault("masterUserSecretKmsKeyId", "")),
                            "secretStatus", "active")));
                }
            }
            case "aws:elasticache/replicationGroup:ReplicationGroup" -> {
                String[] parts = region.split("-");
                String suffix = hex.substring(0, 6) + "." + parts[0] + parts[1].charAt(0) + parts[parts.length - 1] + ".cache.amazonaws.com";
                state.put("arn", "arn:aws:elasticache:" + region + ":" + ACCOUNT_ID + ":replicationgroup:" + physicalName);
                state.put("primaryEndpointAddress", "master." + physicalName + "." + suffix);
                state.put("readerEndpointAddress", "replica." + physicalName + "." + suffix);
                state.putIfAbsent("port", 6379);
            }
            case "aws:s3/bucketV2:BucketV2" -> {
                state.put("arn", "arn:aws:s3:::" + physicalName);
                state.put("bucketDomainName", physicalName + ".s3.amazonaws.com");
                state.put("bucketRegionalDomainName", physicalName + ".s3." + region + ".amazonaws.com");
            }
            case "aws:ecr/repository:Repository" -> {
                state.put("arn", "arn:aws:ecr:" + region + ":" + ACCOUNT_ID + ":repository/" + physicalName);
                state.put("registryId", ACCOUNT_ID);
                state.put("repositoryUrl", ACCOUNT_ID + ".dkr.ecr." + region + ".amazonaws.com/" + physicalName);
            }
            case "aws:secretsmanager/secret:Secret" -> state.put("arn",
                    "arn:aws:secretsmanager:" + region + ":" + ACCOUNT_ID + ":secret:" + physicalName + "-" + hex.substring(0, 6));
            default -> {
            }
        }
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), state));
    }

    private ResourceResult stackReference(ResourceArgs args) {
        String fullName = String.valueOf(args.inputs.get("name"));
        String stack = fullName.substring(fullName.lastIndexOf('/') + 1);
        ReferencedStack referenced = stackReferences.apply(stack);
        return ResourceResult.of(Optional.of(fullName), Map.of(
                "name", fullName,
                "outputs", referenced.outputs(),
                "secretOutputNames", List.copyOf(referenced.secretOutputNames())));
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        Map<String, Object> a = args.args == null ? Map.of() : args.args;
        Map<String, Object> answer = switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity" -> Map.of(
                    "accountId", ACCOUNT_ID,
                    "arn", "arn:aws:sts::" + ACCOUNT_ID + ":assumed-role/offline-plan/offline",
                    "userId", "AROAOFFLINEPLAN:offline",
                    "id", ACCOUNT_ID);
            case "aws:index/getPartition:getPartition" -> Map.of(
                    "partition", "aws", "dnsSuffix", "amazonaws.com", "reverseDnsPrefix", "com.amazonaws", "id", "aws");
            case "aws:index/getRegion:getRegion" -> Map.of(
                    "name", region, "id", region, "endpoint", "ec2." + region + ".amazonaws.com",
                    "description", "offline plan region");
            case "aws:index/getAvailabilityZones:getAvailabilityZones" -> Map.of(
                    "names", List.of(region + "a", region + "b", region + "c"),
                    "zoneIds", List.of(region + "-az1", region + "-az2", region + "-az3"),
                    "id", region);
            case "aws:route53/getZone:getZone" -> Map.of(
                    "zoneId", HOSTED_ZONE_ID,
                    "id", HOSTED_ZONE_ID,
                    "name", String.valueOf(a.getOrDefault("name", "example.com")),
                    "arn", "arn:aws:route53:::hostedzone/" + HOSTED_ZONE_ID,
                    "nameServers", List.of("ns-1.awsdns-00.org", "ns-2.awsdns-00.net"),
                    "primaryNameServer", "ns-1.awsdns-00.org",
                    "callerReference", "offline-plan",
                    "comment", "",
                    "resourceRecordSetCount", 10,
                    "privateZone", false);
            case "aws:ec2/getElasticIp:getElasticIp" -> {
                String id = String.valueOf(a.getOrDefault("id", "eipalloc-offline"));
                yield Map.of("id", id, "allocationId", id, "publicIp", documentationAddress(hex(id)), "domain", "vpc");
            }
            default -> null;
        };
        if (answer == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "the offline plan has no answer for invoke " + args.token + "; add one to " + PlanMocks.class.getName()));
        }
        return CompletableFuture.completedFuture(answer);
    }

    private static String uuid(String hex) {
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-"
                + hex.substring(20, 32);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private String arn(String type, String physicalName) {
        // aws:ec2/vpc:Vpc -> service ec2, resource vpc
        String module = type.contains("/") ? type.substring(type.indexOf(':') + 1, type.indexOf('/')) : "unknown";
        String kind = type.substring(type.lastIndexOf(':') + 1).toLowerCase();
        return "arn:aws:" + module + ":" + region + ":" + ACCOUNT_ID + ":" + kind + "/" + physicalName;
    }

    /** An address in 203.0.113.0/24 (TEST-NET-3), which never routes anywhere. */
    private static String documentationAddress(String hex) {
        return "203.0.113." + (1 + Integer.parseInt(hex.substring(0, 2), 16) % 254);
    }

    static String hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
