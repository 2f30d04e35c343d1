package com.kyeol.platform.config;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the size of an RSA private key in PEM form, PKCS#8 ({@code BEGIN PRIVATE KEY}, what {@code openssl genpkey}
 * writes) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}); Saleor's {@code RSA_PRIVATE_KEY} accepts both. Only the key's
 * size ever leaves this class.
 */
final class RsaPem {

    private static final Pattern PEM = Pattern.compile(
            "\\s*-----BEGIN (RSA )?PRIVATE KEY-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1?PRIVATE KEY-----\\s*");
    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
            0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private RsaPem() {
    }

    /** The modulus size in bits, or empty when {@code pem} is not an RSA private key. */
    static Optional<Integer> bits(String pem) {
        Matcher m = PEM.matcher(pem);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            byte[] pkcs8 = m.group(1) == null ? der : wrapPkcs1(der);
            var key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            BigInteger modulus = key.getModulus();
            return Optional.of(modulus.bitLength());
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING pkcs1 }. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        body.writeBytes(length(pkcs1.length));
        body.writeBytes(pkcs1);
        var out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(length(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] length(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        byte[] big = BigInteger.valueOf(n).toByteArray();
        int skip = big[0] == 0 ? 1 : 0;
        byte[] out = new byte[big.length - skip + 1];
        out[0] = (byte) (0x80 | (big.length - skip));
        System.arraycopy(big, skip, out, 1, big.length - skip);
        return out;
    }
}
