package com.kyeol.platform.config;

import com.kyeol.platform.support.TestStacks;

import static com.kyeol.platform.support.SettingsAssertions.assertOneProblem;
import static com.kyeol.platform.support.SettingsAssertions.problems;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.kyeol.platform.support.TestStacks.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code edge} section and the origin secret: good stack files load, every bad one gets one clear line. */
class EdgeSettingsTest {

    private static final String EDGE = "kyeol-platform:edge";
    private static final String SECRET = "kyeol-platform:originVerifySecret";
    private static final String GOOD_SECRET = "0123456789abcdefghijklmnopqrstuvwxyzABCD+/=";
    private final StackConfig dev = TestStacks.config("dev");
    private final StackConfig stage = TestStacks.config("stage");
    private final StackConfig prod = TestStacks.config("prod");
    private final StackConfig mgmt = TestStacks.config("mgmt");

    @Test
    void devHasAnEdgeWithoutWafOrMaintenancePage() {
        EdgeSettings edge = SettingsLoader.load(dev, List.of()).edge().orElseThrow();
        assertEquals("PriceClass_200", edge.priceClass());
        assertFalse(edge.waf().enabled());
        assertFalse(edge.maintenanceFailover());
        assertEquals(List.of(502, 503, 504), edge.failoverStatusCodes());
        assertEquals(30, edge.logRetentionDays());
    }

    @Test
    void prodHasTheWafAtTheSeedsRateAndTheMaintenancePage() {
        EdgeSettings edge = SettingsLoader.load(prod, List.of()).edge().orElseThrow();
        assertEquals(new EdgeSettings.WafSettings(true, 2000, 300), edge.waf());
        assertTrue(edge.maintenanceFailover());
        assertEquals(365, edge.logRetentionDays());
    }

    @Test
    void theHubHasNoEdge() {
        assertTrue(SettingsLoader.load(mgmt, List.of()).edge().isEmpty());
    }

    @Test
    void unknownPriceClass() {
        assertOneProblem(problems(edit(dev, EDGE, "priceClass", "PriceClass_300")), EDGE + ".priceClass",
                "'PriceClass_300' is not valid; expected one of PriceClass_100, PriceClass_200, PriceClass_All");
    }

    @Test
    void rateLimitBelowAwsMinimum() {
        assertOneProblem(problems(edit(stage, EDGE, "waf.rateLimit", 5)), EDGE + ".waf.rateLimit",
                "5 is below AWS WAF's minimum rate limit; expected a whole number from 10 to 2000000000");
        var atMinimum = SettingsLoader.load(edit(stage, EDGE, "waf.rateLimit", 10), List.of()).edge().orElseThrow();
        assertEquals(10, atMinimum.waf().rateLimit());
    }

    @Test
    void rateWindowMustBeOneWafAccepts() {
        assertOneProblem(problems(edit(stage, EDGE, "waf.rateWindowSeconds", 100)), EDGE + ".waf.rateWindowSeconds",
                "100 is not a WAF evaluation window");
        assertEquals(60, SettingsLoader.load(edit(stage, EDGE, "waf.rateWindowSeconds", 60), List.of())
                .edge().orElseThrow().waf().rateWindowSeconds());
    }

    @Test
    void productionWithoutTheWafIsRejected() {
        assertOneProblem(problems(edit(prod, EDGE, "waf.enabled", false)), EDGE + ".waf.enabled",
                "the WAF is off on a production stack");
        assertOneProblem(problems(edit(prod, EDGE, "waf", null)), EDGE + ".waf", "the WAF is off on a production stack");
    }

    @Test
    void stagingMayTurnTheWafOff() {
        assertFalse(SettingsLoader.load(edit(stage, EDGE, "waf.enabled", false), List.of()).edge().orElseThrow().waf().enabled());
    }

    @Test
    void wafSectionNeedsEnabled() {
        assertOneProblem(problems(edit(stage, EDGE, "waf", Map.of("rateLimit", 2000))), EDGE + ".waf.enabled", "is missing");
    }

    @Test
    void failoverStatusCodesAreOriginErrorsTheMaintenancePageMayReplace() {
        assertOneProblem(problems(edit(prod, EDGE, "failoverStatusCodes", List.of(502, 404))),
                EDGE + ".failoverStatusCodes[1]", "'404' is not valid");
        assertOneProblem(problems(edit(dev, EDGE, "failoverStatusCodes", List.of(503))),
                EDGE + ".failoverStatusCodes", "is set but maintenanceFailover is off");
        assertEquals(List.of(500, 503), SettingsLoader.load(edit(prod, EDGE, "failoverStatusCodes", List.of(500, 503)), List.of())
                .edge().orElseThrow().failoverStatusCodes());
    }

    @Test
    void logRetentionMustBeACloudWatchPeriod() {
        assertOneProblem(problems(edit(dev, EDGE, "logRetentionDays", 45)), EDGE + ".logRetentionDays",
                "45 is not a CloudWatch Logs retention period");
    }

    @Test
    void typoInTheEdgeSectionIsNamed() {
        assertOneProblem(problems(edit(dev, EDGE, "priceClas", "PriceClass_100")), EDGE + ".priceClas",
                "did you mean 'priceClass'?");
    }

    @Test
    void aWorkloadNeedsAnEdgeSection() {
        assertOneProblem(problems(edit(dev, EDGE, null, null)), EDGE, "is missing");
    }

    @Test
    void theHubMayHaveNeitherEdgeNorOriginSecret() {
        assertOneProblem(problems(edit(mgmt, EDGE, null, Map.of("priceClass", "PriceClass_100"))), EDGE,
                "the hub (role: hub) serves no storefront");
        assertOneProblem(problems(TestStacks.withSecret(mgmt, SECRET, GOOD_SECRET)), SECRET,
                "the hub (role: hub) has no CloudFront origin");
    }

    /** What `pulumi up` sees from a fresh clone: the stack file alone, without the encrypted secret. */
    @Test
    void aWorkloadWithoutTheOriginSecretIsRejectedWithTheCommandToSetIt() {
        var withoutOrigin = com.kyeol.platform.support.TestSecrets.withSecretsExcept(TestStacks.config("dev"), SECRET);
        assertOneProblem(problems(withoutOrigin), SECRET, "is missing; expected 32 to 1783 characters");
        assertTrue(problems(withoutOrigin).get(0).contains("`pulumi config set --secret " + SECRET + "`"));
    }

    @Test
    void theOriginSecretMustBeEncryptedAndLongEnough() {
        assertOneProblem(problems(plainText(GOOD_SECRET)), SECRET, "is stored in plain text");
        List<String> tooShort = problems(TestStacks.withSecret(dev, SECRET, "short-secret"));
        assertOneProblem(tooShort, SECRET, "the secret value is not valid");
        assertFalse(tooShort.get(0).contains("short-secret"), "a secret's value is never printed: " + tooShort.get(0));
        assertOneProblem(problems(TestStacks.withSecret(dev, SECRET, GOOD_SECRET.replace('/', ' '))), SECRET,
                "the secret value is not valid");
        assertTrue(SettingsLoader.load(TestStacks.withSecret(dev, SECRET, GOOD_SECRET), List.of()).edge().isPresent());
    }

    /** A plain-text value in the stack file (not in secretKeys). */
    private StackConfig plainText(String value) {
        var raw = com.kyeol.platform.support.TestSecrets.withSecretsExcept(TestStacks.config("dev"), SECRET);
        return edit(raw, SECRET, null, value);
    }

    @Test
    void offlineAMissingOriginSecretIsAPlaceholderWithANote() {
        var loaded = SettingsLoader.loadWithNotes(TestStacks.config("dev"), List.of());
        assertEquals("[secret]", loaded.settings().edge().orElseThrow().originVerifySecret().toString());
        assertEquals(1, loaded.notes().stream().filter(n -> n.contains(SECRET)).count(), loaded.notes()::toString);
        assertTrue(loaded.notes().stream().anyMatch(n -> n.contains("pulumi config set --secret " + SECRET + " --stack dev")),
                loaded.notes()::toString);
        assertTrue(SettingsLoader.loadWithNotes(TestStacks.config("mgmt"), List.of()).notes().stream().noneMatch(n -> n.contains(SECRET)),
                "the hub has no origin secret");
        assertTrue(SettingsLoader.loadWithNotes(TestStacks.withSecret(TestStacks.config("prod"), SECRET, GOOD_SECRET), List.of())
                .notes().stream().noneMatch(n -> n.contains(SECRET)), "a set secret needs no note");
    }

    /** Siblings lack the secret offline too; the cross-stack hostname check must still see their hostnames. */
    @Test
    void hostnameClashIsFoundEvenWhenTheSiblingHasNoSecretYet() {
        var config = edit(dev, "kyeol-platform:domain", "serviceHostname", "kyeol.msp-g1.click");
        var e = assertThrows(InvalidSettingsException.class,
                () -> SettingsLoader.load(config, List.of(TestStacks.config("prod"), TestStacks.config("mgmt"))));
        assertOneProblem(e.problems(), "kyeol-platform:domain.serviceHostname", "kyeol.msp-g1.click is also the service hostname of Pulumi.prod.yaml");
    }
}
