package com.kyeol.platform.data;

import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.StackConfig;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlanPrinter;
import com.kyeol.platform.support.TestSecrets;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import com.google.gson.Gson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise of the issue: with known secret values fed as encrypted config (as a real run gets them), none of
 * them, nor anything derived from them, appears in the plan's JSON or summary or in the stack outputs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsNeverLeakTest {

    private Plan plan;
    private List<String> needles;

    @BeforeAll
    void planProdWithKnownSecrets() {
        StackConfig config = TestSecrets.withSecrets(TestStacks.config("prod"));
        plan = TestPlans.run(config, SettingsLoader.load(config, List.of()));
        String pemLine = TestSecrets.rsaFingerprintLine();
        needles = List.of(TestSecrets.SECRET_KEY, TestSecrets.CACHE_TOKEN, AppSecrets.percentEncode(TestSecrets.CACHE_TOKEN),
                pemLine, pemLine.substring(0, 32), "KnownCacheToken", "KNOWN-django");
    }

    @Test
    void notInThePlanJson() {
        String json = PlanPrinter.json(plan);
        needles.forEach(n -> assertFalse(json.contains(n), () -> "leaked into the JSON: " + n));
        assertTrue(json.contains("\"secretString\": \"[secret]\""), "the secret's value is planned, masked");
        assertTrue(json.contains("\"authToken\": \"[secret]\""));
    }

    @Test
    void notInTheSummary() {
        String summary = PlanPrinter.summary(plan);
        needles.forEach(n -> assertFalse(summary.contains(n), () -> "leaked into the summary: " + n));
    }

    @Test
    void notInTheStackOutputsEvenUnmasked() {
        // The raw outputs, before masking: nothing derived from Saleor's secrets is exported at all. The one secret
        // output is the edge's origin-verify value, which the Ingress needs (and which prints masked).
        String raw = new Gson().toJson(plan.outputs());
        needles.forEach(n -> assertFalse(raw.contains(n), () -> "exported: " + n));
        assertEquals(java.util.Set.of("originVerifySecret"), plan.secretOutputNames());
    }

    @Test
    void theSecretJsonHoldsWhatSaleorNeedsWithTheTokenEncodedInUrls() {
        String json = AppSecrets.json(TestSecrets.SECRET_KEY, TestSecrets.rsaPrivateKeyPem(), TestSecrets.CACHE_TOKEN,
                "master.kyeol-dev-valkey.abc123.apn3.cache.amazonaws.com");
        Map<?, ?> values = new Gson().fromJson(json, Map.class);
        assertEquals(AppSecrets.KEYS, List.copyOf(values.keySet().stream().map(String::valueOf).toList()));
        assertEquals(TestSecrets.SECRET_KEY, values.get("SECRET_KEY"));
        assertEquals(TestSecrets.rsaPrivateKeyPem(), values.get("RSA_PRIVATE_KEY"));
        assertEquals(TestSecrets.CACHE_TOKEN, values.get("CACHE_AUTH_TOKEN"));
        URI cache = URI.create((String) values.get("CACHE_URL"));
        assertEquals("rediss", cache.getScheme());
        assertEquals(":" + TestSecrets.CACHE_TOKEN, cache.getUserInfo(), "the token survives URL decoding");
        assertEquals("master.kyeol-dev-valkey.abc123.apn3.cache.amazonaws.com", cache.getHost());
        assertEquals(6379, cache.getPort());
        assertEquals("/0", cache.getPath());
        URI broker = URI.create((String) values.get("CELERY_BROKER_URL"));
        assertEquals("/1", broker.getPath(), "the broker in its own database: clearing the cache keeps queued tasks");
        assertEquals("ssl_cert_reqs=required", broker.getQuery());
    }
}
