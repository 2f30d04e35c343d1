package com.kyeol.platform.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the cost estimate cannot read from a plan: monthly traffic and data volumes. The one place their
 * per-tier defaults live; a stack file overrides any of them under {@code kyeol-platform:cost.usage}, and every
 * estimate prints the values it used and where each came from. To price something new that depends on usage,
 * add a constant here (config name, unit, meaning, defaults for development / staging / production).
 */
public enum UsageAssumption {
    CDN_REQUESTS_MILLIONS("cdnRequestsMillions", "million requests / month",
            "HTTPS requests to each CloudFront distribution (its WAF inspects the same requests)", 1, 3, 30),
    CDN_DATA_OUT_GB("cdnDataOutGB", "GB / month", "data CloudFront sends to viewers, per distribution", 10, 30, 500),
    NAT_DATA_GB("natDataGB", "GB / month",
            "data through each NAT gateway (image pulls, package downloads, AWS APIs without an endpoint)", 50, 50, 150),
    ENDPOINT_DATA_GB("endpointDataGB", "GB / month", "data through each interface VPC endpoint", 5, 10, 30),
    ALB_LCU("albLcu", "LCU (monthly average)", "load balancer capacity units each ALB uses on average", 0.5, 1, 3),
    FLOW_LOGS_GB("flowLogsGB", "GB / month", "VPC flow logs ingested into CloudWatch Logs, per VPC", 5, 10, 40),
    CONTROL_PLANE_LOGS_GB("controlPlaneLogsGB", "GB / month",
            "EKS control-plane logs (api, audit, authenticator, controllerManager, scheduler), per cluster", 5, 10, 25),
    DATABASE_LOGS_GB("databaseLogsGB", "GB / month", "RDS log exports, per log group", 0.5, 1, 3),
    WAF_LOGS_GB("wafLogsGB", "GB / month", "WAF request logs, per web ACL log group", 1, 3, 30),
    OTHER_LOGS_GB("otherLogsGB", "GB / month", "any other CloudWatch log group", 1, 1, 2),
    ACCESS_LOGS_GB("accessLogsGB", "GB / month", "CloudFront access logs delivered to S3, per distribution", 0.5, 1, 10),
    MEDIA_STORAGE_GB("mediaStorageGB", "GB", "Saleor media (product images) in the media bucket", 5, 10, 100),
    OTHER_BUCKET_GB("otherBucketGB", "GB", "any other S3 bucket", 5, 5, 20),
    REGISTRY_STORAGE_GB("registryStorageGB", "GB", "images kept per ECR repository (after the lifecycle policy)", 10, 10, 15),
    DATABASE_BACKUP_GB("databaseBackupGB", "GB",
            "automated backups and snapshots of the database (RDS charges what exceeds the allocated storage)", 20, 60, 150),
    CLOUDWATCH_METRICS_K("cloudWatchMetricsK", "thousand metrics requested / month",
            "CloudWatch metrics a cluster's Alloy reads with GetMetricData (one per metric, statistic and resource at every "
                    + "scrape: about 40 every 5 minutes)", 350, 350, 350);

    private final String configName;
    private final String unit;
    private final String meaning;
    private final double development;
    private final double staging;
    private final double production;

    UsageAssumption(String configName, String unit, String meaning, double development, double staging, double production) {
        this.configName = configName;
        this.unit = unit;
        this.meaning = meaning;
        this.development = development;
        this.staging = staging;
        this.production = production;
    }

    /** The key under {@code kyeol-platform:cost.usage}. */
    public String configName() {
        return configName;
    }

    public String unit() {
        return unit;
    }

    public String meaning() {
        return meaning;
    }

    public double defaultFor(Tier tier) {
        return switch (tier) {
            case DEVELOPMENT -> development;
            case STAGING -> staging;
            case PRODUCTION -> production;
        };
    }

    public static Optional<UsageAssumption> fromConfig(String name) {
        return Arrays.stream(values()).filter(u -> u.configName.equals(name)).findFirst();
    }
}
