package com.kyeol.platform.edge;

/**
 * AWS-managed CloudFront policies, by the well-known ids the CloudFront API takes (Developer Guide, "Use
 * managed cache policies" and "Use managed origin request policies"; the same ids as aws-cdk's
 * {@code CachePolicy.CACHING_*} and {@code OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER}).
 */
public final class ManagedPolicies {

    /** Cache policy: TTL 0, nothing in the cache key. With it, the origin request policy alone decides what is forwarded. */
    public static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    /** Cache policy: 1 s / 1 day / 1 year, no cookies or query strings in the key, gzip and brotli. */
    public static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
    /**
     * Origin request policy: every viewer header (Authorization and Origin included), cookie and query string,
     * except Host, so the origin sees (and TLS-verifies) its own hostname, the one the ALB certificate covers.
     */
    public static final String ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    private ManagedPolicies() {
    }
}
