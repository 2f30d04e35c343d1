package com.kyeol.platform.cost;

import com.kyeol.platform.cost.Price.Basis;

import static com.kyeol.platform.cost.Price.Basis.PUBLISHED;
import static com.kyeol.platform.cost.Price.Basis.RECALLED;
import static com.kyeol.platform.cost.Price.Basis.STAND_IN;

/**
 * The project's price tables: on-demand list prices in USD, one table per region, each price with the AWS page
 * that publishes it, what was actually read to confirm it and when ({@link Price.Basis}). Looked up on 2026-12-01
 * without network access to AWS (the offer files could not be downloaded): where a region's own price could not be
 * read, the row says so ({@code STAND_IN}: another region's published price; {@code RECALLED}: not confirmed by any
 * source that could be read), and every estimate counts the prices of each kind it used.
 *
 * <p>To price a new type or size: add a row to each region a stack uses (a test fails for a stack whose priced
 * resources miss a row in their region), with its source. CloudFront and WAF for CloudFront are global and billed
 * through us-east-1, so their rows are in the us-east-1 table.
 */
public final class Prices {

    /** AWS bills hourly resources for the hours in a month; 730 = 8,760 hours / 12, what the AWS Pricing Calculator uses. */
    public static final double HOURS_PER_MONTH = 730;
    /** The day the tables were last looked up. */
    public static final String CHECKED = "2026-12-01";

    private static final String EKS = "https://aws.amazon.com/eks/pricing/";
    private static final String EC2 = "https://aws.amazon.com/ec2/pricing/on-demand/";
    private static final String EBS = "https://aws.amazon.com/ebs/pricing/";
    private static final String VPC = "https://aws.amazon.com/vpc/pricing/";
    private static final String PRIVATELINK = "https://aws.amazon.com/privatelink/pricing/";
    private static final String ELB = "https://aws.amazon.com/elasticloadbalancing/pricing/";
    private static final String RDS = "https://aws.amazon.com/rds/postgresql/pricing/";
    private static final String ELASTICACHE = "https://aws.amazon.com/elasticache/pricing/";
    private static final String CLOUDFRONT = "https://aws.amazon.com/cloudfront/pricing/";
    private static final String WAF = "https://aws.amazon.com/waf/pricing/";
    private static final String KMS = "https://aws.amazon.com/kms/pricing/";
    private static final String SECRETS = "https://aws.amazon.com/secrets-manager/pricing/";
    private static final String CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";
    private static final String S3 = "https://aws.amazon.com/s3/pricing/";
    private static final String ECR = "https://aws.amazon.com/ecr/pricing/";

    private static final String NOT_FOUND_OSAKA = "not found offline for ap-northeast-3; the Tokyo (ap-northeast-1) on-demand "
            + "rate as the engineer reads the AWS page (AWS lists Osaka at Tokyo's rates for these services), unconfirmed: "
            + "check the offer file";
    private static final String NOT_FOUND = "no source for this rate could be read offline; the engineer's reading of the "
            + "AWS page, unconfirmed: check the offer file";
    private static final String EKS_EVIDENCE = "shared/FACTS.md (facts checked against upstream for this project): $0.10 per "
            + "cluster-hour on standard support, $0.60 on extended support; the same in every region";
    private static final String IPV4_EVIDENCE = "AWS Networking & Content Delivery blog, \"Identify and optimize public IPv4 "
            + "address usage on AWS\" (and its 2024-02-01 update): $0.005 per IP-hour for every AWS-provided public IPv4 "
            + "address (EC2, Elastic IP, ELB, NAT gateway), in-use or idle, in every region";
    private static final String WAF_EVIDENCE = "c3x.dev \"AWS WAF cost explained\" (2026): $5/month per web ACL, $1/month per "
            + "rule or managed rule group, $0.60 per million requests; AWS blog \"Cost-effective ways for securing your web "
            + "applications using AWS WAF\": WAF pricing is the same in every region";

    public static final PriceBook BOOK = new PriceBook.Builder()
            .region("ap-northeast-3")
            .add(p("eks.standard", 0.10, "cluster-hour", "AmazonEKS", EKS, PUBLISHED, EKS_EVIDENCE, "2026-11"))
            .add(p("eks.extended", 0.60, "cluster-hour", "AmazonEKS", EKS, PUBLISHED, EKS_EVIDENCE, "2026-11"))
            .add(p("ec2.t3.medium", 0.0544, "instance-hour", "AmazonEC2", EC2, RECALLED, NOT_FOUND_OSAKA, CHECKED))
            .add(p("ec2.t3.large", 0.1088, "instance-hour", "AmazonEC2", EC2, RECALLED, NOT_FOUND_OSAKA, CHECKED))
            .add(p("ec2.t3.xlarge", 0.2176, "instance-hour", "AmazonEC2", EC2, RECALLED, NOT_FOUND_OSAKA, CHECKED))
            .add(p("ec2.m6i.large", 0.124, "instance-hour", "AmazonEC2", EC2, RECALLED, NOT_FOUND_OSAKA, CHECKED))
            .add(p("ec2.m6i.xlarge", 0.248, "instance-hour", "AmazonEC2", EC2, RECALLED, NOT_FOUND_OSAKA, CHECKED))
            .add(p("ebs.gp3", 0.096, "GB-month", "AmazonEC2", EBS, RECALLED, NOT_FOUND_OSAKA, CHECKED))
            .add(p("nat.hour", 0.062, "NAT gateway-hour", "AmazonEC2", VPC, PUBLISHED,
                    "pipetail/cloudlint (GitHub) NAT gateway price map: ap-northeast-3 $0.062 per hour, same as "
                            + "ap-northeast-1 (third-party copy of the AWS page, undated)", "undated"))
            .add(p("nat.gb", 0.062, "GB processed", "AmazonEC2", VPC, STAND_IN,
                    "jamasakura.com \"AWS: NAT Instance1\" (2022-10): Tokyo NAT gateway $0.062 per hour and $0.062 per GB "
                            + "processed; Osaka's per-GB rate not found offline (its hourly rate equals Tokyo's)", "2022-10"))
            .add(p("ipv4.hour", 0.005, "IP-hour", "AmazonVPC", VPC, PUBLISHED, IPV4_EVIDENCE, "2024-02-01"))
            .add(p("vpce.hour", 0.014, "endpoint-AZ-hour", "AmazonVPC", PRIVATELINK, RECALLED, NOT_FOUND_OSAKA, CHECKED))
            .add(p("vpce.gb", 0.01, "GB processed", "AmazonVPC", PRIVATELINK, PUBLISHED,
                    "aws.amazon.com/privatelink/pricing (stored copy): interface endpoint data processing $0.01 per GB for "
                            + "the first PB per month in a region", "2026"))
            .add(p("alb.hour", 0.0243, "ALB-hour", "AWSELB", ELB, RECALLED, NOT_FOUND_OSAKA, CHECKED))
            .add(p("alb.lcu", 0.008, "LCU-hour", "AWSELB", ELB, STAND_IN,
                    "api-evangelist/amazon-elastic-load-balancing pricing transcript of the AWS page (read 2026-09-20): "
                            + "$0.008 per LCU-hour (us-east-1 example); the ap-northeast-1 rate is the same on the AWS page "
                            + "as the engineer reads it", "2026-09-20"))
            .add(p("rds.postgres.db.t3.micro", 0.026, "instance-hour", "AmazonRDS", RDS, RECALLED, NOT_FOUND_OSAKA, CHECKED))
            .add(p("rds.postgres.db.t3.small", 0.052, "instance-hour", "AmazonRDS", RDS, RECALLED, NOT_FOUND_OSAKA, CHECKED))
            .add(p("rds.postgres.db.t3.medium", 0.104, "instance-hour", "AmazonRDS", RDS, RECALLED, NOT_FOUND_OSAKA, CHECKED))
            .add(p("rds.postgres.db.t3.large", 0.208, "instance-hour", "AmazonRDS", RDS, RECALLED, NOT_FOUND_OSAKA, CHECKED))
            .add(p("rds.gp3", 0.138, "GB-month", "AmazonRDS", RDS, RECALLED, NOT_FOUND_OSAKA, CHECKED))
            .add(p("rds.backup", 0.095, "GB-month", "AmazonRDS", RDS, STAND_IN,
                    "usage.ai \"RDS pricing calculator\" (rates of June 2026, us-east-1): backup storage beyond 100% of the "
                            + "provisioned storage ~$0.095 per GB-month; Osaka's not found offline", "2026-06"))
            .add(p("elasticache.valkey.cache.t3.micro", 0.0208, "node-hour", "AmazonElastiCache", ELASTICACHE, RECALLED,
                    NOT_FOUND_OSAKA + " (Valkey nodes are 20% below Redis OSS nodes: $0.026 × 0.8)", CHECKED))
            .add(p("elasticache.valkey.cache.t3.small", 0.0416, "node-hour", "AmazonElastiCache", ELASTICACHE, RECALLED,
                    NOT_FOUND_OSAKA + " (Valkey nodes are 20% below Redis OSS nodes: $0.052 × 0.8)", CHECKED))
            .add(p("elasticache.valkey.cache.t3.medium", 0.0832, "node-hour", "AmazonElastiCache", ELASTICACHE, RECALLED,
                    NOT_FOUND_OSAKA + " (Valkey nodes are 20% below Redis OSS nodes: $0.104 × 0.8)", CHECKED))
            .add(p("kms.key", 1.00, "key-month", "awskms", KMS, RECALLED, NOT_FOUND
                    + " ($1 per customer managed key per month in every region; each of the first two automatic rotations "
                    + "adds $1/month)", CHECKED))
            .add(p("secretsmanager.secret", 0.40, "secret-month", "AWSSecretsManager", SECRETS, RECALLED, NOT_FOUND
                    + " ($0.40 per secret per month in every region)", CHECKED))
            .add(p("logs.ingest", 0.76, "GB ingested", "AmazonCloudWatch", CLOUDWATCH, STAND_IN,
                    "awsi.click \"Why CloudWatch Logs costs more than you expect\": ingestion $0.76 per GB in "
                            + "ap-northeast-1; Osaka's not found offline", "2026"))
            .add(p("logs.storage", 0.033, "GB-month", "AmazonCloudWatch", CLOUDWATCH, STAND_IN,
                    "awsi.click \"Why CloudWatch Logs costs more than you expect\": storage $0.033 per GB-month in "
                            + "ap-northeast-1; Osaka's not found offline", "2026"))
            .add(p("cloudwatch.getMetricData", 0.01, "1,000 metrics requested", "AmazonCloudWatch", CLOUDWATCH, STAND_IN,
                    "Site24x7 knowledge base \"CloudWatch metrics cost calculation\": AWS charges $0.01 per 1,000 metrics "
                            + "requested with GetMetricData (region not stated, the us-east-1 rate); Osaka's not found offline",
                    "undated"))
            .add(p("s3.standard", 0.025, "GB-month", "AmazonS3", S3, STAND_IN,
                    "awsi.click (same article, ap-northeast-1): S3 storage $0.025 per GB; Osaka's not found offline", "2026"))
            .add(p("ecr.storage", 0.10, "GB-month", "AmazonECR", ECR, RECALLED, NOT_FOUND
                    + " ($0.10 per GB-month in every region)", CHECKED))
            .region("us-east-1")
            .add(p("cloudfront.dataOut.apac", 0.120, "GB to viewers", "AmazonCloudFront", CLOUDFRONT, PUBLISHED,
                    "aws.amazon.com/cloudfront/pricing (stored copy): first 10 TB/month to \"Hong Kong, Indonesia, "
                            + "Philippines, Singapore, South Korea, Taiwan, Thailand, Malaysia, and Vietnam\" $0.120 per GB "
                            + "(Japan $0.114); the always-free 1 TB and 10M requests per account are not credited", "2026"))
            .add(p("cloudfront.https.apac", 0.0120, "10,000 HTTPS requests", "AmazonCloudFront", CLOUDFRONT, RECALLED,
                    NOT_FOUND + " (the stored copy of the page was cut before the request table)", CHECKED))
            .add(p("waf.webAcl", 5.00, "web ACL-month", "awswaf", WAF, PUBLISHED, WAF_EVIDENCE, "2026"))
            .add(p("waf.rule", 1.00, "rule-month", "awswaf", WAF, PUBLISHED, WAF_EVIDENCE, "2026"))
            .add(p("waf.requests", 0.60, "million requests", "awswaf", WAF, PUBLISHED, WAF_EVIDENCE, "2026"))
            .add(p("logs.ingest", 0.50, "GB ingested", "AmazonCloudWatch", CLOUDWATCH, PUBLISHED,
                    "c3x.dev \"CloudWatch Logs cost optimization\" (us-east-1, June 2026): ingestion $0.50 per GB", "2026-06"))
            .add(p("logs.storage", 0.03, "GB-month", "AmazonCloudWatch", CLOUDWATCH, PUBLISHED,
                    "c3x.dev \"CloudWatch Logs cost optimization\" (us-east-1, June 2026): storage $0.03 per GB-month", "2026-06"))
            .add(p("logs.vendedS3", 0.25, "GB delivered", "AmazonCloudWatch", CLOUDWATCH, PUBLISHED,
                    "c3x.dev \"CloudWatch Logs cost optimization\" (us-east-1, June 2026): vended logs delivered to S3 "
                            + "$0.25 per GB", "2026-06"))
            .add(p("s3.standard", 0.023, "GB-month", "AmazonS3", S3, RECALLED, NOT_FOUND
                    + " (S3 Standard, first 50 TB, us-east-1)", CHECKED))
            .build();

    private Prices() {
    }

    private static Price p(String key, double usd, String unit, String offer, String page, Basis basis, String evidence,
                           String asOf) {
        return new Price(key, usd, unit, offer, page, basis, evidence, asOf);
    }
}
