package com.kyeol.platform.support;

import com.kyeol.platform.config.StackConfig;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

/**
 * Known, valid values for Saleor's three secrets, so tests can feed them as encrypted config (as the Pulumi CLI
 * does for a real run) and then prove that none of them ever shows up where it must not.
 */
public final class TestSecrets {

    public static final String SECRET_KEY_NAME = "kyeol-platform:saleorSecretKey";
    public static final String RSA_KEY_NAME = "kyeol-platform:saleorRsaPrivateKey";
    public static final String CACHE_TOKEN_NAME = "kyeol-platform:cacheAuthToken";

    /** 64 characters, distinctive enough to search for. */
    public static final String SECRET_KEY = "KNOWN-django-secret-key-0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0";
    /** Uses every special character ElastiCache allows, so percent-encoding is exercised. */
    public static final String CACHE_TOKEN = "KnownCacheToken-7a6b5c4d3e2f1!&#$^<>";
    private static String rsaPem;

    private TestSecrets() {
    }

    /** A fresh 2048-bit RSA key in PKCS#8 PEM, made once per test JVM. */
    public static synchronized String rsaPrivateKeyPem() {
        if (rsaPem == null) {
            try {
                var generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
                rsaPem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                        + "\n-----END PRIVATE KEY-----\n";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return rsaPem;
    }

    /** A line of the key's base64 body: if it appears anywhere, the key leaked. */
    public static String rsaFingerprintLine() {
        return rsaPrivateKeyPem().lines().skip(5).findFirst().orElseThrow();
    }

    public static final String ORIGIN_SECRET_NAME = "kyeol-platform:originVerifySecret";
    public static final String ORIGIN_SECRET = "KNOWN-origin-verify-secret-0123456789abcdefABCDEF";
    public static final String ARGOCD_HASH_NAME = "kyeol-platform:argocdAdminPasswordBcrypt";
    public static final String ARGOCD_HASH = "$2a$10$" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";

    /** The account the hub's placeholders name (refused in a real run) and the one a real run's tests use instead. */
    public static final String PLACEHOLDER_ACCOUNT = "111122223333";
    public static final String REAL_ACCOUNT = "123456789012";

    /**
     * The hub's stack file after the one-time setup: the bootstrap's bucket and key and the operator's role in place of
     * the placeholders of the account {@value #PLACEHOLDER_ACCOUNT}, which a real run refuses. Other stacks unchanged.
     */
    public static StackConfig bootstrapped(StackConfig base) {
        if (!"hub".equals(base.values().get("kyeol-platform:role"))) {
            return base;
        }
        Map<String, String> values = new HashMap<>(base.values());
        for (String section : java.util.List.of("kyeol-platform:ci", "kyeol-platform:cluster")) {
            values.computeIfPresent(section, (k, v) -> v.replace(PLACEHOLDER_ACCOUNT, REAL_ACCOUNT));
        }
        return new StackConfig(base.project(), base.stack(), base.source(), values, base.secretKeys(), base.offline());
    }

    /**
     * {@code base} as a real run sees it: the three Saleor secrets with the known values, the other secret its
     * role needs (the workload's origin secret, the hub's ArgoCD hash), and on the hub the bootstrap's bucket and key
     * and the operator's role in place of the placeholders (as the one-time setup leaves them), so that only what a
     * test changes can fail.
     */
    public static StackConfig withSecrets(StackConfig base) {
        return withSecretsExcept(base, "");
    }

    /** {@link #withSecrets}, leaving {@code key} out (to test what its absence does). */
    public static StackConfig withSecretsExcept(StackConfig base, String key) {
        Map<String, String> values = new HashMap<>(bootstrapped(base).values());
        values.put(SECRET_KEY_NAME, SECRET_KEY);
        values.put(RSA_KEY_NAME, rsaPrivateKeyPem());
        values.put(CACHE_TOKEN_NAME, CACHE_TOKEN);
        boolean hub = "hub".equals(base.values().get("kyeol-platform:role"));
        values.put(hub ? ARGOCD_HASH_NAME : ORIGIN_SECRET_NAME, hub ? ARGOCD_HASH : ORIGIN_SECRET);
        values.remove(key);
        var secretKeys = new HashSet<>(base.secretKeys());
        secretKeys.addAll(values.keySet().stream().filter(k -> k.equals(SECRET_KEY_NAME) || k.equals(RSA_KEY_NAME)
                || k.equals(CACHE_TOKEN_NAME) || k.equals(ORIGIN_SECRET_NAME) || k.equals(ARGOCD_HASH_NAME)).toList());
        return new StackConfig(base.project(), base.stack(), base.source(), values, secretKeys, false);
    }
}
