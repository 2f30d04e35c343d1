package com.kyeol.platform;

import com.kyeol.platform.config.InvalidSettingsException;
import com.kyeol.platform.config.Role;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real run reads the configuration the Pulumi CLI passes in PULUMI_CONFIG, through the same loader. */
class MainTest {

    private static final String ORIGIN_SECRET = "MainTest-origin-verify-0123456789abcdefABCDEF";
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
            + "\"kyeol-platform:database\":\"{\\\"instanceClass\\\":\\\"db.t3.small\\\",\\\"multiAz\\\":false}\","
            + "\"kyeol-platform:cache\":\"{\\\"nodeType\\\":\\\"cache.t3.micro\\\",\\\"replicas\\\":0}\","
            + "\"kyeol-platform:gitops\":\"{\\\"hubStack\\\":\\\"organization/kyeol-platform/mgmt\\\"}\","
            + "\"kyeol-platform:edge\":\"{\\\"priceClass\\\":\\\"PriceClass_200\\\"}\","
            + "\"kyeol-platform:originVerifySecret\":\"" + ORIGIN_SECRET + "\"}";
    /** The CLI passes secrets decrypted, and names them in PULUMI_CONFIG_SECRET_KEYS. */
    private static final String SECRET_KEYS = "[\"kyeol-platform:originVerifySecret\"]";

    @Test
    void settingsComeFromTheEnginesConfiguration() {
        var settings = Main.settingsFromEngine(Map.of("PULUMI_STACK", "dev", "PULUMI_CONFIG", DEV_CONFIG,
                "PULUMI_CONFIG_SECRET_KEYS", SECRET_KEYS));
        assertEquals(Role.WORKLOAD, settings.role());
        assertEquals("10.10.0.0/16", settings.network().vpcCidr().toString());
        assertEquals(90, settings.network().flowLogRetentionDays(), "the default when the key is absent");
    }

    @Test
    void badEngineConfigurationIsReportedAgainstTheStackFile() {
        var e = assertThrows(InvalidSettingsException.class, () -> Main.settingsFromEngine(Map.of("PULUMI_STACK", "dev",
                "PULUMI_CONFIG", DEV_CONFIG.replace("\"workload\"", "\"spoke\""), "PULUMI_CONFIG_SECRET_KEYS", SECRET_KEYS)));
        assertEquals(1, e.problems().size(), e.problems()::toString);
        assertTrue(e.problems().get(0).startsWith("Pulumi.dev.yaml: kyeol-platform:role: 'spoke'"), e.problems().get(0));
    }

    /** The offline plan may use a placeholder for the origin secret; a real run never does. */
    @Test
    void aRealRunWithoutTheOriginSecretStopsWithTheCommandThatSetsIt() {
        String withoutSecret = DEV_CONFIG.replace(",\"kyeol-platform:originVerifySecret\":\"" + ORIGIN_SECRET + "\"", "");
        var e = assertThrows(InvalidSettingsException.class, () -> Main.settingsFromEngine(Map.of("PULUMI_STACK", "dev",
                "PULUMI_CONFIG", withoutSecret)));
        assertEquals(1, e.problems().size(), e.problems()::toString);
        assertTrue(e.problems().get(0).startsWith("Pulumi.dev.yaml: kyeol-platform:originVerifySecret: is missing;"), e.problems().get(0));
        assertTrue(e.problems().get(0).contains("pulumi config set --secret kyeol-platform:originVerifySecret"), e.problems().get(0));
    }

    @Test
    void theOriginSecretReachesTheSettingsAsASecret() {
        var settings = Main.settingsFromEngine(Map.of("PULUMI_STACK", "dev", "PULUMI_CONFIG", DEV_CONFIG,
                "PULUMI_CONFIG_SECRET_KEYS", SECRET_KEYS));
        var edge = settings.edge().orElseThrow();
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
