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
import java.util.concurrent.ConcurrentHashMap;
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
    /** Route 53's zone id of every CloudFront distribution (a real AWS constant). */
    public static final String CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

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
    /** Each explicit aws provider's region, by the provider id this engine gave it (a stack may use several regions). */
    private final Map<String, String> providerRegions = new ConcurrentHashMap<>();

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
        String resourceRegion = regionOf(args.provider);
        if ("pulumi:providers:aws".equals(args.type) && state.get("region") instanceof String r) {
            providerRegions.put(id, r);
        }
        state.putIfAbsent("name", physicalName);
        id = computedOutputs(args.type, hex, resourceRegion, id, state);
        state.putIfAbsent("arn", arn(args.type, physicalName));
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), state));
    }

    /** The region of the provider a resource is registered with ({@code <provider urn>::<id>}); the stack's by default. */
    private String regionOf(String providerReference) {
        if (providerReference == null || !providerReference.contains("::")) {
            return region;
        }
        return providerRegions.getOrDefault(providerReference.substring(providerReference.lastIndexOf("::") + 2), region);
    }

    /**
     * Outputs AWS computes that the program reads (the mock otherwise echoes inputs), shaped like the real ones.
     * Returns the resource's id.
     */
    private static String computedOutputs(String type, String hex, String region, String id, Map<String, Object> state) {
        String uuid = uuid(hex);
        switch (type) {
            case "aws:acm/certificate:Certificate" -> {
                String domain = String.valueOf(state.get("domainName"));
                state.put("arn", "arn:aws:acm:" + region + ":" + ACCOUNT_ID + ":certificate/" + uuid);
                state.put("status", "ISSUED");
                state.put("domainValidationOptions", List.of(Map.of(
                        "domainName", domain,
                        "resourceRecordName", "_" + hex.substring(0, 32) + "." + domain + ".",
                        "resourceRecordType", "CNAME",
                        "resourceRecordValue", "_" + hex.substring(32, 64) + ".offline.acm-validations.aws.")));
                return (String) state.get("arn");
            }
            case "aws:route53/record:Record" -> {
                state.put("fqdn", String.valueOf(state.get("name")).replaceAll("\\.$", ""));
                return HOSTED_ZONE_ID + "_" + state.get("name") + "_" + state.get("type");
            }
            case "aws:cloudfront/distribution:Distribution" -> {
                String distributionId = "E" + hex.substring(0, 13).toUpperCase();
                state.put("arn", "arn:aws:cloudfront::" + ACCOUNT_ID + ":distribution/" + distributionId);
                state.put("domainName", "d" + hex.substring(13, 26) + ".cloudfront.net");
                state.put("hostedZoneId", CLOUDFRONT_ZONE_ID);
                state.put("status", "Deployed");
                return distributionId;
            }
            case "aws:cloudfront/cachePolicy:CachePolicy", "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
                 "aws:cloudfront/originRequestPolicy:OriginRequestPolicy" -> {
                return uuid;
            }
            case "aws:cloudfront/originAccessControl:OriginAccessControl" -> {
                return "E" + hex.substring(0, 13).toUpperCase();
            }
            case "aws:s3/bucketV2:BucketV2" -> {
                String bucket = state.get("bucket") instanceof String b ? b : id;
                state.put("bucket", bucket);
                state.put("arn", "arn:aws:s3:::" + bucket);
                state.put("bucketDomainName", bucket + ".s3.amazonaws.com");
                state.put("bucketRegionalDomainName", bucket + ".s3." + region + ".amazonaws.com");
                state.put("region", region);
                return bucket;
            }
            case "aws:wafv2/webAcl:WebAcl" -> {
                state.put("arn", "arn:aws:wafv2:" + region + ":" + ACCOUNT_ID + ":"
                        + ("CLOUDFRONT".equals(state.get("scope")) ? "global" : "regional") + "/webacl/" + state.get("name") + "/" + uuid);
                return uuid;
            }
            case "aws:ec2/eip:Eip" -> {
                state.put("allocationId", id);
                state.put("publicIp", documentationAddress(hex));
                return id;
            }
            case "aws:iam/openIdConnectProvider:OpenIdConnectProvider" -> {
                // IAM names an OIDC provider by its issuer URL without the scheme, in a region-less ARN.
                String url = String.valueOf(state.getOrDefault("url", "")).replaceFirst("^https://", "");
                state.put("arn", "arn:aws:iam::" + ACCOUNT_ID + ":oidc-provider/" + url);
                return (String) state.get("arn");
            }
            case "aws:sns/topic:Topic" -> {
                // SNS: arn:aws:sns:<region>:<account>:<topic name> (no resource-type segment); the topic's id is its ARN.
                String name = state.get("name") instanceof String n ? n : id;
                state.put("name", name);
                state.put("arn", "arn:aws:sns:" + region + ":" + ACCOUNT_ID + ":" + name);
                return (String) state.get("arn");
            }
            case "aws:iam/role:Role", "aws:iam/policy:Policy" -> {
                state.put("arn", "arn:aws:iam::" + ACCOUNT_ID + ":" + (type.endsWith("Role") ? "role/" : "policy/") + state.get("name"));
                return id;
            }
            case "aws:kms/key:Key" -> {
                state.put("keyId", uuid);
                state.put("arn", "arn:aws:kms:" + region + ":" + ACCOUNT_ID + ":key/" + uuid);
                return uuid;
            }
            case "aws:eks/cluster:Cluster" -> {
                state.put("arn", "arn:aws:eks:" + region + ":" + ACCOUNT_ID + ":cluster/" + state.get("name"));
                state.put("endpoint", "https://" + hex.substring(0, 32).toUpperCase() + ".gr7." + region + ".eks.amazonaws.com");
                state.put("certificateAuthority", Map.of("data", "T0ZGTElORS1QTEFOLUNB"));
                Map<String, Object> vpcConfig = new LinkedHashMap<>(asMap(state.get("vpcConfig")));
                vpcConfig.put("clusterSecurityGroupId", "sg-" + hex.substring(32, 49));
                state.put("vpcConfig", vpcConfig);
                return String.valueOf(state.get("name"));
            }
            case "aws:ec2/launchTemplate:LaunchTemplate" -> {
                state.put("latestVersion", 1);
                return id;
            }
            case "aws:rds/instance:Instance" -> {
                String identifier = String.valueOf(state.getOrDefault("identifier", state.get("name")));
                String address = identifier + "." + hex.substring(0, 12) + "." + region + ".rds.amazonaws.com";
                Object port = state.getOrDefault("port", 5432);
                state.put("arn", "arn:aws:rds:" + region + ":" + ACCOUNT_ID + ":db:" + identifier);
                state.put("address", address);
                state.put("endpoint", address + ":" + port);
                state.put("port", port);
                state.put("resourceId", "db-" + hex.substring(0, 26).toUpperCase());
                state.put("engineVersionActual", state.getOrDefault("engineVersion", ""));
                if (Boolean.TRUE.equals(state.get("manageMasterUserPassword"))) {
                    state.put("masterUserSecrets", List.of(Map.of(
                            "secretArn", "arn:aws:secretsmanager:" + region + ":" + ACCOUNT_ID + ":secret:rds!db-" + uuid + "-"
                                    + hex.substring(32, 38),
                            "kmsKeyId", String.valueOf(state.getOrDefault("masterUserSecretKmsKeyId", "")),
                            "secretStatus", "active")));
                }
                return identifier;
            }
            case "aws:elasticache/replicationGroup:ReplicationGroup" -> {
                String group = String.valueOf(state.getOrDefault("replicationGroupId", state.get("name")));
                String[] parts = region.split("-");
                String suffix = hex.substring(0, 6) + "." + parts[0] + parts[1].charAt(0) + parts[parts.length - 1] + ".cache.amazonaws.com";
                state.put("arn", "arn:aws:elasticache:" + region + ":" + ACCOUNT_ID + ":replicationgroup:" + group);
                state.put("primaryEndpointAddress", "master." + group + "." + suffix);
                state.put("readerEndpointAddress", "replica." + group + "." + suffix);
                state.putIfAbsent("port", 6379);
                return group;
            }
            case "aws:ecr/repository:Repository" -> {
                String repository = String.valueOf(state.get("name"));
                state.put("arn", "arn:aws:ecr:" + region + ":" + ACCOUNT_ID + ":repository/" + repository);
                state.put("registryId", ACCOUNT_ID);
                state.put("repositoryUrl", ACCOUNT_ID + ".dkr.ecr." + region + ".amazonaws.com/" + repository);
                return repository;
            }
            case "aws:secretsmanager/secret:Secret" -> {
                state.put("arn", "arn:aws:secretsmanager:" + region + ":" + ACCOUNT_ID + ":secret:" + state.get("name") + "-"
                        + hex.substring(0, 6));
                return (String) state.get("arn");
            }
            case "aws:cloudwatch/logGroup:LogGroup" -> {
                state.put("arn", "arn:aws:logs:" + region + ":" + ACCOUNT_ID + ":log-group:" + state.get("name"));
                return id;
            }
            case "aws:cloudwatch/logDeliverySource:LogDeliverySource" -> {
                state.put("arn", "arn:aws:logs:" + region + ":" + ACCOUNT_ID + ":delivery-source:" + state.get("name"));
                return id;
            }
            case "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination" -> {
                state.put("arn", "arn:aws:logs:" + region + ":" + ACCOUNT_ID + ":delivery-destination:" + state.get("name"));
                return id;
            }
            default -> {
                return id;
            }
        }
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
            case "aws:route53/getZone:getZone" -> Map.ofEntries(
                    Map.entry("zoneId", HOSTED_ZONE_ID),
                    Map.entry("id", HOSTED_ZONE_ID),
                    Map.entry("name", String.valueOf(a.getOrDefault("name", "example.com"))),
                    Map.entry("arn", "arn:aws:route53:::hostedzone/" + HOSTED_ZONE_ID),
                    Map.entry("nameServers", List.of("ns-1.awsdns-00.org", "ns-2.awsdns-00.net")),
                    Map.entry("primaryNameServer", "ns-1.awsdns-00.org"),
                    Map.entry("privateZone", false),
                    Map.entry("callerReference", "offline-plan"),
                    Map.entry("comment", ""),
                    Map.entry("linkedServiceDescription", ""),
                    Map.entry("linkedServicePrincipal", ""),
                    Map.entry("resourceRecordSetCount", 2),
                    Map.entry("tags", Map.of()),
                    Map.entry("vpcId", ""));
            case "aws:ec2/getManagedPrefixList:getManagedPrefixList" -> {
                String name = String.valueOf(a.getOrDefault("name", "unnamed"));
                String id = "pl-" + hex(region + "/" + name).substring(0, 8);
                yield Map.of("id", id, "name", name, "arn", "arn:aws:ec2:" + region + ":aws:prefix-list/" + id,
                        "addressFamily", "IPv4", "maxEntries", 55, "ownerId", "AWS", "entries", List.of(),
                        "tags", Map.of(), "version", 1);
            }
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
