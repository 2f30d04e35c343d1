package com.kyeol.platform.config;

import com.kyeol.platform.support.TestSecrets;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RsaPemTest {

    @Test
    void pkcs8KeyIsMeasured() {
        assertEquals(2048, RsaPem.bits(TestSecrets.rsaPrivateKeyPem()).orElseThrow());
    }

    @Test
    void pkcs1KeyIsMeasuredToo() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        // PKCS#8 of RSA = header (26 bytes for a 3072-bit key) + the PKCS#1 structure.
        byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n";
        assertEquals(3072, RsaPem.bits(pem).orElseThrow());
    }

    @Test
    void garbageAndMismatchedMarkersAreNotKeys() {
        assertTrue(RsaPem.bits("not a key").isEmpty());
        assertTrue(RsaPem.bits("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----").isEmpty());
        assertTrue(RsaPem.bits("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----").isEmpty());
    }
}
