package com.kyeol.platform.config;

/**
 * Saleor's application secrets of a workload stack, from encrypted stack config
 * ({@code pulumi config set --secret}, or {@code bin/generate-secrets <stack>}). They reach AWS only as secret
 * outputs (Secrets Manager, the cache's AUTH token) and never print.
 */
public record SaleorSecrets(Secret secretKey, Secret rsaPrivateKey, Secret cacheAuthToken) {

    public static final String SECRET_KEY = "saleorSecretKey";
    public static final String RSA_PRIVATE_KEY = "saleorRsaPrivateKey";
    public static final String CACHE_AUTH_TOKEN = "cacheAuthToken";
}
