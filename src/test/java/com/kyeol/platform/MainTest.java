package com.kyeol.platform;

import com.kyeol.platform.config.InvalidSettingsException;
import com.kyeol.platform.config.Role;
import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import com.kyeol.platform.support.TestSecrets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real run reads the configuration the Pulumi CLI passes in PULUMI_CONFIG, through the same loader. */
class MainTest {

    private static final String ORIGIN_SECRET = "MainTest-origin-verify-0123456789abcdefABCDEF";
    private static final String ORIGIN_SECRET_NAME = "kyeol-platform:originVerifySecret";

    private static final String DEV_CONFIG = "{"
            + "\"aws:region\":\"ap-northeast-3\","
            + "\"kyeol-platform:role\":\"workload\","
            + "\"kyeol-platform:tier\":\"development\","
            + "\"kyeol-platform:domain\":\"{\\\"zone\\\":\\\"msp-g1.click\\\",\\\"site\\\":\\\"kyeol\\\"}\","
            + "\"kyeol-platform:network\":\"{\\\"vpcCidr\\\":\\\"10.10.0.0/16\\\","
            + "\\\"availabilityZones\\\":[\\\"ap-northeast-3a\\\",\\\"ap-northeast-3b\\\",\\\"ap-northeast-3c\\\"],"
            + "\\\"publicSubnets\\\":[\\\"10.10.0.0/24\\\",\\\"10.10.1.0/24\\\",\\\"10.10.2.0/24\\\"],"
            + "\\\"dataSubnets\\\":[\\\"10.10.10.0/24\\\",\\\"10.10.11.0/24\\\",\\\"10.10.12.0/24\\\"],"
            + "\\\"privateSubnets\\\":[\\\"10.10.32.0/19\\\",\\\"10.10.64.0/19\\\",\\\"10.10.96.0/19\\\"]}\","
            + "\"kyeol-platform:cluster\":\"{\\\"version\\\":\\\"1.35\\\",\\\"publicAccessCidrs\\\":[],\\\"nodeGroup\\\":{\\\"instanceType\\\":\\\"t3.medium\\\",\\\"desiredSize\\\":2,\\\"minSize\\\":1,\\\"maxSize\\\":2}}\","
            + "\"kyeol-platform:database\":\"{\\\"instanceClass\\\":\\\"db.t3.small\\\",\\\"multiAz\\\":false,\\\"engineVersion\\\":\\\"17\\\"}\","
            + "\"kyeol-platform:cache\":\"{\\\"nodeType\\\":\\\"cache.t3.micro\\\",\\\"replicas\\\":0,\\\"engineVersion\\\":\\\"8.1\\\"}\","
            + "\"kyeol-platform:gitops\":\"{\\\"hubStack\\\":\\\"organization/kyeol-platform/mgmt\\\"}\","
            + "\"kyeol-platform:edge\":\"{\\\"priceClass\\\":\\\"PriceClass_200\\\"}\"}";

    /** What the CLI passes for a stack whose secrets were set with `pulumi config set --secret`. */
    private static Map<String, String> engineEnvironment(String config) {
        Map<String, String> values = new Gson().fromJson(config, new TypeToken<Map<String, String>>() { }.getType());
        values.put(TestSecrets.SECRET_KEY_NAME, TestSecrets.SECRET_KEY);
        values.put(TestSecrets.RSA_KEY_NAME, TestSecrets.rsaPrivateKeyPem());
        values.put(TestSecrets.CACHE_TOKEN_NAME, TestSecrets.CACHE_TOKEN);
        values.put(ORIGIN_SECRET_NAME, ORIGIN_SECRET);
        return Map.of("PULUMI_STACK", "dev", "PULUMI_CONFIG", new Gson().toJson(values), "PULUMI_CONFIG_SECRET_KEYS",
                new Gson().toJson(List.of(TestSecrets.SECRET_KEY_NAME, TestSecrets.RSA_KEY_NAME, TestSecrets.CACHE_TOKEN_NAME,
                        ORIGIN_SECRET_NAME)));
    }

    @Test
    void settingsComeFromTheEnginesConfiguration() {
        var settings = Main.settingsFromEngine(engineEnvironment(DEV_CONFIG));
        assertEquals(Role.WORKLOAD, settings.role());
        assertEquals("[secret]", settings.saleorSecrets().orElseThrow().cacheAuthToken().toString());
        assertEquals("10.10.0.0/16", settings.network().vpcCidr().toString());
        assertEquals(90, settings.network().flowLogRetentionDays(), "the default when the key is absent");
    }

    @Test
    void badEngineConfigurationIsReportedAgainstTheStackFile() {
        var e = assertThrows(InvalidSettingsException.class, () -> Main.settingsFromEngine(
                engineEnvironment(DEV_CONFIG.replace("\"workload\"", "\"spoke\""))));
        assertEquals(1, e.problems().size(), e.problems()::toString);
        assertTrue(e.problems().get(0).startsWith("Pulumi.dev.yaml: kyeol-platform:role: 'spoke'"), e.problems().get(0));
    }

    /** Offline a missing secret is planned as a placeholder; a real run refuses to start without it. */
    @Test
    void aRealRunRequiresEverySecretAndSaysHowToSetIt() {
        var e = assertThrows(InvalidSettingsException.class, () -> Main.settingsFromEngine(
                Map.of("PULUMI_STACK", "dev", "PULUMI_CONFIG", DEV_CONFIG)));
        assertEquals(4, e.problems().size(), e.problems()::toString);
        for (String key : List.of(TestSecrets.SECRET_KEY_NAME, TestSecrets.RSA_KEY_NAME, TestSecrets.CACHE_TOKEN_NAME, ORIGIN_SECRET_NAME)) {
            assertTrue(e.problems().stream().anyMatch(p -> p.contains(key + ": is missing") && p.contains("pulumi config set --secret " + key)),
                    e.problems()::toString);
        }
    }

    @Test
    void theOriginSecretReachesTheSettingsAsASecret() {
        var edge = Main.settingsFromEngine(engineEnvironment(DEV_CONFIG)).edge().orElseThrow();
        assertEquals("[secret]", edge.originVerifySecret().toString());
        assertEquals("PriceClass_200", edge.priceClass());
        assertEquals(false, edge.waf().enabled(), "the WAF is optional on a development stack");
    }

    @Test
    void runningTheJarByHandExplainsItself() {
        var e = assertThrows(InvalidSettingsException.class, () -> Main.settingsFromEngine(Map.of()));
        assertTrue(e.problems().get(0).contains("bin/plan"), e.problems().get(0));
    }
}
