package com.kyeol.platform.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * AWS regions and the availability-zone letters their zone names use: facts, not logic. A stack file whose
 * {@code aws:region} is not here, or whose zones are not that region's, is refused before anything is created.
 *
 * <p>Checked {@value #CHECKED} against the AWS Regions and Availability Zones documentation
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html) and
 * {@code aws ec2 describe-availability-zones}. Zone <em>names</em> are mapped per account in the older regions
 * (us-east-1, us-west-1, ap-northeast-1, ca-central-1 …: an account sees some of the letters), so each entry lists
 * every letter an account may see; the zone ids ({@code apne3-az1}) are what is stable. When AWS opens a region
 * or a zone after that date, add it here.
 */
final class AwsRegions {

    static final String CHECKED = "2025-11";

    /** Region code → the zone letters of that region (zone name = region + letter). */
    private static final Map<String, String> ZONE_LETTERS = new TreeMap<>(Map.ofEntries(
            // Commercial (aws)
            Map.entry("us-east-1", "abcdef"),
            Map.entry("us-east-2", "abc"),
            Map.entry("us-west-1", "abc"),
            Map.entry("us-west-2", "abcd"),
            Map.entry("af-south-1", "abc"),
            Map.entry("ap-east-1", "abc"),
            Map.entry("ap-east-2", "abc"),
            Map.entry("ap-south-1", "abc"),
            Map.entry("ap-south-2", "abc"),
            Map.entry("ap-northeast-1", "abcd"),
            Map.entry("ap-northeast-2", "abcd"),
            Map.entry("ap-northeast-3", "abc"),
            Map.entry("ap-southeast-1", "abc"),
            Map.entry("ap-southeast-2", "abc"),
            Map.entry("ap-southeast-3", "abc"),
            Map.entry("ap-southeast-4", "abc"),
            Map.entry("ap-southeast-5", "abc"),
            Map.entry("ap-southeast-6", "abc"),
            Map.entry("ap-southeast-7", "abc"),
            Map.entry("ca-central-1", "abcd"),
            Map.entry("ca-west-1", "abc"),
            Map.entry("eu-central-1", "abc"),
            Map.entry("eu-central-2", "abc"),
            Map.entry("eu-north-1", "abc"),
            Map.entry("eu-south-1", "abc"),
            Map.entry("eu-south-2", "abc"),
            Map.entry("eu-west-1", "abc"),
            Map.entry("eu-west-2", "abc"),
            Map.entry("eu-west-3", "abc"),
            Map.entry("il-central-1", "abc"),
            Map.entry("me-central-1", "abc"),
            Map.entry("me-south-1", "abc"),
            Map.entry("mx-central-1", "abc"),
            Map.entry("sa-east-1", "abc"),
            // GovCloud (aws-us-gov) and China (aws-cn): separate partitions and accounts
            Map.entry("us-gov-east-1", "abc"),
            Map.entry("us-gov-west-1", "abc"),
            Map.entry("cn-north-1", "abcd"),
            Map.entry("cn-northwest-1", "abc")));

    private AwsRegions() {
    }

    static boolean isRegion(String region) {
        return ZONE_LETTERS.containsKey(region);
    }

    /** The zone names of {@code region}, e.g. ap-northeast-3a, ap-northeast-3b, ap-northeast-3c. */
    static Optional<String> zoneNames(String region) {
        return Optional.ofNullable(ZONE_LETTERS.get(region)).map(letters -> String.join(", ",
                letters.chars().mapToObj(c -> region + (char) c).toList()));
    }

    static boolean isZoneOf(String zone, String region) {
        String letters = ZONE_LETTERS.get(region);
        return letters != null && zone.length() == region.length() + 1 && zone.startsWith(region)
                && letters.indexOf(zone.charAt(zone.length() - 1)) >= 0;
    }

    /** The region codes closest to a wrong one, for the message ("did you mean"). */
    static Optional<String> nearest(String wrong) {
        return ConfigSection.nearest(wrong, ZONE_LETTERS.keySet());
    }
}
