package com.kyeol.platform.config;

import java.util.List;
import java.util.Optional;

/**
 * The VPC of one stack: its CIDR, one {@link ZoneSubnets} per availability zone, the NAT Elastic IP
 * (brought as an allocation id, or allocated and protected by the stack), flow-log retention and
 * the optional interface endpoints.
 */
public record NetworkSettings(
        Cidr vpcCidr,
        List<ZoneSubnets> zones,
        Optional<String> natEipAllocationId,
        int flowLogRetentionDays,
        List<String> interfaceEndpoints) {

    /** Interface endpoint services a stack may ask for (the suffix of {@code com.amazonaws.<region>.<service>}). */
    public static final List<String> INTERFACE_ENDPOINT_SERVICES = List.of("ecr.api", "ecr.dkr", "sts", "logs");

    /** CloudWatch Logs accepts only these retention periods (days). */
    public static final List<Integer> LOG_RETENTION_DAYS = List.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    /** The three subnets of one availability zone. */
    public record ZoneSubnets(String availabilityZone, Cidr publicSubnet, Cidr privateSubnet, Cidr dataSubnet) {

        /** The zone's letter(s) after the region, e.g. {@code a} for {@code ap-northeast-2a}: stable resource names. */
        public String suffix(String region) {
            return availabilityZone.substring(region.length());
        }
    }
}
