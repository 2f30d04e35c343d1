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

    /** {@code base} with the three secrets set as encrypted keys holding the known values, as a real run sees them. */
    public static StackConfig withSecrets(StackConfig base) {
        Map<String, String> values = new HashMap<>(base.values());
        values.put(SECRET_KEY_NAME, SECRET_KEY);
        values.put(RSA_KEY_NAME, rsaPrivateKeyPem());
        values.put(CACHE_TOKEN_NAME, CACHE_TOKEN);
        var secretKeys = new HashSet<>(base.secretKeys());
        secretKeys.addAll(java.util.List.of(SECRET_KEY_NAME, RSA_KEY_NAME, CACHE_TOKEN_NAME));
        return new StackConfig(base.project(), base.stack(), base.source(), values, secretKeys, false);
    }
}
