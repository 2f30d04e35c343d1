package com.kyeol.platform.data;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.config.SaleorSecrets;
import com.kyeol.platform.config.Tier;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.aws.secretsmanager.SecretVersion;
import com.pulumi.aws.secretsmanager.SecretVersionArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;


import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saleor's application secrets in AWS Secrets Manager: one JSON secret per environment, encrypted with its own
 * key, its value built from encrypted stack config as a secret output (masked in every display, encrypted in
 * state). Also the one IAM policy document a reader of the application's secrets needs, which the External Secrets
 * Operator's role carries: this secret and the RDS-managed master secret, and {@code kms:Decrypt} on the two
 * customer-managed keys that encrypt them (Secrets Manager decrypts with the caller's permissions, so without it
 * {@code GetSecretValue} fails), only through Secrets Manager in this region.
 *
 * <p>Keys of the JSON: {@code SECRET_KEY}, {@code RSA_PRIVATE_KEY}, {@code CACHE_AUTH_TOKEN}, and, because the
 * token is part of them, {@code CACHE_URL} (Django cache, database 0) and {@code CELERY_BROKER_URL} (database 1,
 * so that clearing the cache never drops queued tasks), both {@code rediss://} with the token percent-encoded.
 */
public final class AppSecrets extends ComponentResource {

    public static final List<String> KEYS = List.of("SECRET_KEY", "RSA_PRIVATE_KEY", "CACHE_AUTH_TOKEN", "CACHE_URL",
            "CELERY_BROKER_URL");

    @Export(name = "secretArn")
    public final Output<String> secretArn;
    /** What reading both secrets takes (identity policy JSON); the External Secrets Operator's role carries it. */
    public final Output<String> readPolicyDocument;

    public AppSecrets(String name, SaleorSecrets secrets, Tier tier, Output<String> cacheHost, Output<String> databaseSecretArn,
                      Output<String> databaseKeyArn, AwsTarget aws, ComponentResourceOptions options) {
        super("kyeol:data:AppSecrets", name, options);
        boolean keep = tier.isProductionLike();
        Key key = EncryptionKeys.key(name + "-saleor-secrets-key", "Saleor application secrets of " + name, keep, aws, this);
        var secret = new Secret(name + "-saleor-secret", SecretArgs.builder()
                .name(secretName(name))
                .description("Saleor SECRET_KEY, RSA_PRIVATE_KEY and cache credentials of " + name + " (from stack config)")
                .kmsKeyId(key.arn())
                // Deleted by mistake, a secret can be restored for this long (30 is the AWS maximum, 7 the minimum).
                .recoveryWindowInDays(keep ? 30 : 7)
                .build(), CustomResourceOptions.builder().parent(this).provider(aws.provider()).protect(keep).build());
        Output<String> value = Output.tuple(secrets.secretKey().output(), secrets.rsaPrivateKey().output(),
                        secrets.cacheAuthToken().output(), cacheHost)
                .applyValue(t -> json(t.t1, t.t2, t.t3, t.t4))
                .asSecret();
        new SecretVersion(name + "-saleor-secret-value", SecretVersionArgs.builder()
                .secretId(secret.id())
                .secretString(value)
                .build(), aws.child(this));

        this.secretArn = secret.arn();
        this.readPolicyDocument = Output.tuple(secret.arn(), databaseSecretArn, key.arn(), databaseKeyArn)
                .applyValue(t -> readPolicy(List.of(t.t1, t.t2), List.of(t.t3, t.t4), aws.region()));
        registerOutputs(Map.of("secretArn", secretArn));
    }

    /** GetSecretValue on {@code secretArns}; kms:Decrypt on {@code keyArns} only when Secrets Manager in {@code region} asks. */
    public static String readPolicy(List<String> secretArns, List<String> keyArns, String region) {
        return PolicyDocuments.document(List.of(
                PolicyDocuments.allow(List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"), secretArns, Map.of()),
                PolicyDocuments.allow(List.of("kms:Decrypt"), keyArns, Map.of("Condition",
                        Map.of("StringEquals", Map.of("kms:ViaService", "secretsmanager." + region + ".amazonaws.com"))))));
    }

    /** {@code kyeol/<env>/saleor}. */
    public static String secretName(String environment) {
        return "kyeol/" + environment + "/saleor";
    }

    static String json(String secretKey, String rsaPrivateKey, String token, String cacheHost) {
        String auth = ":" + percentEncode(token) + "@" + cacheHost + ":" + Cache.PORT;
        var values = new LinkedHashMap<String, String>();
        values.put("SECRET_KEY", secretKey);
        values.put("RSA_PRIVATE_KEY", rsaPrivateKey);
        values.put("CACHE_AUTH_TOKEN", token);
        values.put("CACHE_URL", "rediss://" + auth + "/0");
        values.put("CELERY_BROKER_URL", "rediss://" + auth + "/1?ssl_cert_reqs=required");
        return PolicyDocuments.json(values);
    }

    /** RFC 3986: everything but unreserved characters is percent-encoded (the token may hold # $ & ^ < >). */
    static String percentEncode(String text) {
        var out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append(String.format("%%%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
