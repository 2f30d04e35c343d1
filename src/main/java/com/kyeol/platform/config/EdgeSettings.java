package com.kyeol.platform.config;

import java.util.List;

/**
 * The edge of a workload stack: one CloudFront distribution in front of the ALB origin, its WAF, access logs
 * and maintenance page. Validated by {@link SettingsLoader}; the hub has none.
 *
 * @param priceClass          CloudFront price class ({@link #PRICE_CLASSES}); Korea and Japan edges need PriceClass_200
 * @param waf                 the web ACL in front of the distribution (required on production stacks)
 * @param maintenanceFailover serve a static page from a private bucket when the origin fails
 * @param failoverStatusCodes origin status codes answered with the maintenance page
 * @param logRetentionDays    how long access logs (S3) and WAF logs (CloudWatch Logs) are kept
 * @param originVerifySecret  the value of the header CloudFront adds to every origin request; the Ingress
 *                            rejects requests without it, so the ALB only serves CloudFront
 */
public record EdgeSettings(
        String priceClass,
        WafSettings waf,
        boolean maintenanceFailover,
        List<Integer> failoverStatusCodes,
        int logRetentionDays,
        Secret originVerifySecret) {

    public static final List<String> PRICE_CLASSES = List.of("PriceClass_100", "PriceClass_200", "PriceClass_All");

    /**
     * Origin status codes that may show the maintenance page. 500 is allowed but not the default: it would
     * also hide the API's own error responses.
     */
    public static final List<Integer> FAILOVER_STATUS_CODES = List.of(500, 502, 503, 504);
    public static final List<Integer> DEFAULT_FAILOVER_STATUS_CODES = List.of(502, 503, 504);

    public EdgeSettings {
        failoverStatusCodes = List.copyOf(failoverStatusCodes);
    }

    /**
     * @param rateLimit         requests per client IP within {@code rateWindowSeconds} before it is blocked
     *                          (AWS WAF's minimum is 10)
     * @param rateWindowSeconds the rate-based rule's evaluation window: 60, 120, 300 or 600
     */
    public record WafSettings(boolean enabled, int rateLimit, int rateWindowSeconds) {

        public static final int MIN_RATE_LIMIT = 10;
        public static final int MAX_RATE_LIMIT = 2_000_000_000;
        public static final int DEFAULT_RATE_LIMIT = 2000;
        public static final List<Integer> RATE_WINDOWS = List.of(60, 120, 300, 600);

        public static WafSettings disabled() {
            return new WafSettings(false, DEFAULT_RATE_LIMIT, 300);
        }
    }
}
