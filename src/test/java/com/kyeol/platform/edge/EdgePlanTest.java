package com.kyeol.platform.edge;

import com.google.gson.Gson;
import com.kyeol.platform.config.EdgeSettings;
import com.kyeol.platform.config.Role;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.plan.OfflinePlan;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlanPrinter;
import com.kyeol.platform.plan.PlannedResource;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import com.pulumi.aws.s3.BucketV2;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.PlanAssertions.named;
import static com.kyeol.platform.support.PlanAssertions.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edge of every workload stack file (and its absence on the hub), planned once per stack, then checked by
 * small assertions: the behaviour table, certificate regions, DNS, WAF, logging, the maintenance page and the
 * origin secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgePlanTest {

    private static final String DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
    private static final String CERTIFICATE = "aws:acm/certificate:Certificate";
    private static final String RECORD = "aws:route53/record:Record";
    private static final String BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
    // The managed policy ids, written out here rather than taken from ManagedPolicies, so a typo there fails.
    private static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    private static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
    private static final String ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
    /** Stands for this stack's own origin-controlled cache policy in the expected table. */
    private static final String OWN_POLICY = "own";
    private static final List<String> ALL = List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");
    private static final List<String> READ = List.of("GET", "HEAD", "OPTIONS");
    private static final String KNOWN_SECRET = "EdgePlanTest+known/origin=secret-0123456789abcdef";

    /** path → origin, methods, cache policy, origin request policy (null: only the cache key reaches the origin). */
    private record Behaviour(String path, String origin, List<String> methods, String cachePolicy, String originRequestPolicy) {
    }

    private static final List<Behaviour> ALWAYS = List.of(
            new Behaviour("/graphql/*", "alb", ALL, CACHING_DISABLED, ALL_VIEWER_EXCEPT_HOST),
            new Behaviour("/thumbnail/*", "alb", READ, CACHING_OPTIMIZED, null),
            new Behaviour("/dashboard/*", "alb", READ, OWN_POLICY, null),
            new Behaviour("/_next/static/*", "alb", READ, CACHING_OPTIMIZED, null));
    private static final Behaviour MAINTENANCE = new Behaviour("/maintenance/*", "maintenance", List.of("GET", "HEAD"),
            CACHING_OPTIMIZED, null);
    private static final Behaviour MEDIA = new Behaviour("/media/*", "media", READ, CACHING_OPTIMIZED, null);
    private static final Behaviour DEFAULT = new Behaviour("*", "alb", ALL, OWN_POLICY, ALL_VIEWER_EXCEPT_HOST);

    private final Map<String, Plan> plans = new HashMap<>();
    private final Map<String, StackSettings> settings = new HashMap<>();

    @BeforeAll
    void planEveryStack() {
        for (String stack : TestStacks.stacks()) {
            settings.put(stack, TestStacks.settings(stack));
            plans.put(stack, TestPlans.of(stack));
        }
    }

    private final Map<Role, List<String>> stacksByRole = new HashMap<>();

    private List<String> stacksWithRole(Role role) {
        return stacksByRole.computeIfAbsent(role, r -> TestStacks.stacks().stream()
                .filter(s -> TestStacks.settings(s).role() == r).toList());
    }

    List<String> workloadStacks() {
        return stacksWithRole(Role.WORKLOAD);
    }

    List<String> hubStacks() {
        return stacksWithRole(Role.HUB);
    }

    private EdgeSettings edge(String stack) {
        return settings.get(stack).edge().orElseThrow();
    }

    private static Map<String, Object> distribution(Plan plan) {
        return one(plan, DISTRIBUTION).inputs();
    }

    private static String providerUrn(Plan plan, String name) {
        return named(plan, "pulumi:providers:aws", name).urn();
    }

    private static boolean usesProvider(PlannedResource r, String providerUrn) {
        return r.provider().startsWith(providerUrn + "::");
    }

    @Test
    void theRepositoryHasThreeWorkloadStacksAndTheHub() {
        assertTrue(workloadStacks().containsAll(List.of("dev", "stage", "prod")), workloadStacks()::toString);
        assertEquals(List.of("mgmt"), hubStacks());
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void oneDistributionForTheServiceHostnameInFrontOfTheOriginHostname(String stack) {
        Map<String, Object> d = distribution(plans.get(stack));
        var domain = settings.get(stack).domain();
        assertEquals(List.of(domain.serviceHostname().orElseThrow()), d.get("aliases"));
        assertEquals(true, d.get("enabled"));
        assertEquals("http2and3", d.get("httpVersion"));
        assertEquals(true, d.get("isIpv6Enabled"), "AAAA aliases need IPv6 on the distribution");
        assertEquals(edge(stack).priceClass(), d.get("priceClass"));
        assertEquals("none", map(map(d.get("restrictions")).get("geoRestriction")).get("restrictionType"));

        Map<String, Object> alb = origin(d, "alb");
        assertEquals(domain.originHostname().orElseThrow(), alb.get("domainName"), "CloudFront talks only to the origin hostname");
        Map<String, Object> custom = map(alb.get("customOriginConfig"));
        assertEquals("https-only", custom.get("originProtocolPolicy"));
        assertEquals(List.of("TLSv1.2"), custom.get("originSslProtocols"));
        assertEquals(443L, custom.get("httpsPort"));
        assertEquals(60L, custom.get("originReadTimeout"));
        assertTrue((Long) custom.get("originKeepaliveTimeout") < 30, "below the ALB idle timeout");
    }

    private static Map<String, Object> origin(Map<String, Object> distribution, String id) {
        return list(distribution.get("origins")).stream().map(o -> map(o)).filter(o -> id.equals(o.get("originId")))
                .findFirst().orElseThrow(() -> new AssertionError("no origin " + id + " in " + distribution.get("origins")));
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void viewerCertificateIsTheValidatedUsEast1CertificateWithModernTls(String stack) {
        Plan plan = plans.get(stack);
        Map<String, Object> viewer = map(distribution(plan).get("viewerCertificate"));
        assertEquals("TLSv1.2_2021", viewer.get("minimumProtocolVersion"));
        assertEquals("sni-only", viewer.get("sslSupportMethod"));
        assertNull(viewer.get("cloudfrontDefaultCertificate"));
        assertEquals(plan.outputs().get("serviceCertificateArn"), viewer.get("acmCertificateArn"));
        assertTrue(((String) viewer.get("acmCertificateArn")).startsWith("arn:aws:acm:us-east-1:"), viewer.toString());
        String validated = named(plan, "aws:acm/certificateValidation:CertificateValidation", stack + "-service-cert-validated").urn();
        assertTrue(one(plan, DISTRIBUTION).dependsOn().contains(validated), "the distribution waits for the certificate to be issued");
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void certificatesLiveInTheRegionTheirUserReadsThem(String stack) {
        Plan plan = plans.get(stack);
        var domain = settings.get(stack).domain();
        String usEast1 = providerUrn(plan, "aws-us-east-1-" + stack);
        String regional = providerUrn(plan, "aws-" + stack);
        assertEquals("us-east-1", named(plan, "pulumi:providers:aws", "aws-us-east-1-" + stack).inputs().get("region"));
        assertEquals(named(plan, "pulumi:providers:aws", "aws-" + stack).inputs().get("defaultTags"),
                named(plan, "pulumi:providers:aws", "aws-us-east-1-" + stack).inputs().get("defaultTags"), "same default tags");

        var service = named(plan, CERTIFICATE, stack + "-service-cert");
        var origin = named(plan, CERTIFICATE, stack + "-origin-cert");
        assertEquals(domain.serviceHostname().orElseThrow(), service.inputs().get("domainName"));
        assertEquals(domain.originHostname().orElseThrow(), origin.inputs().get("domainName"));
        assertTrue(usesProvider(service, usEast1), "CloudFront reads certificates only in us-east-1: " + service.provider());
        assertTrue(usesProvider(origin, regional), "the ALB reads its certificate in the EKS region: " + origin.provider());
        for (var certificate : List.of(service, origin)) {
            assertEquals("DNS", certificate.inputs().get("validationMethod"));
        }
        assertTrue(((String) plan.outputs().get("originCertificateArn")).startsWith("arn:aws:acm:" + settings.get(stack).region() + ":"));
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void certificatesAreValidatedByCnamesInTheReferencedZone(String stack) {
        Plan plan = plans.get(stack);
        for (String what : List.of("service", "origin")) {
            var record = named(plan, RECORD, stack + "-" + what + "-cert-validation");
            assertEquals("CNAME", record.inputs().get("type"));
            assertEquals("Z0OFFLINEPLAN0ZONE", record.inputs().get("zoneId"), "the zone is looked up, not created");
            assertTrue(((String) record.inputs().get("name")).startsWith("_"), record.inputs().toString());
            var validation = named(plan, "aws:acm/certificateValidation:CertificateValidation", stack + "-" + what + "-cert-validated");
            assertTrue(validation.dependsOn().contains(record.urn()));
            assertTrue(validation.dependsOn().contains(named(plan, CERTIFICATE, stack + "-" + what + "-cert").urn()));
        }
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void theBehaviourTable(String stack) {
        Plan plan = plans.get(stack);
        Map<String, Object> d = distribution(plan);
        List<Behaviour> expected = new ArrayList<>(ALWAYS);
        expected.add(MEDIA);  // every workload stack has its data tier's media bucket
        if (edge(stack).maintenanceFailover()) {
            expected.add(MAINTENANCE);
        }
        List<Map<String, Object>> ordered = list(d.get("orderedCacheBehaviors")).stream().map(b -> map(b)).toList();
        assertEquals(expected.stream().map(Behaviour::path).toList(),
                ordered.stream().map(b -> b.get("pathPattern")).toList(), "paths, most specific first");

        Set<Object> ownPolicies = new java.util.HashSet<>();
        List<Map<String, Object>> actual = new ArrayList<>(ordered);
        actual.add(map(d.get("defaultCacheBehavior")));
        expected.add(DEFAULT);
        for (int i = 0; i < expected.size(); i++) {
            Behaviour want = expected.get(i);
            Map<String, Object> got = actual.get(i);
            assertEquals(want.origin(), got.get("targetOriginId"), want.path());
            assertEquals(want.methods(), got.get("allowedMethods"), want.path());
            assertEquals(List.of("GET", "HEAD"), got.get("cachedMethods"), want.path());
            assertEquals(want.originRequestPolicy(), got.get("originRequestPolicyId"), want.path());
            if (want.cachePolicy().equals(OWN_POLICY)) {
                ownPolicies.add(got.get("cachePolicyId"));
            } else {
                assertEquals(want.cachePolicy(), got.get("cachePolicyId"), want.path());
            }
            assertEquals(true, got.get("compress"), want.path());
            assertTrue(Set.of("redirect-to-https", "https-only").contains(got.get("viewerProtocolPolicy")), want.path());
            assertNull(got.get("forwardedValues"), "policies, not legacy forwarded values: " + want.path());
        }
        assertEquals(1, ownPolicies.size(), "one own cache policy for the dashboard and the storefront");
        Object own = ownPolicies.iterator().next();
        assertFalse(Set.of(CACHING_DISABLED, CACHING_OPTIMIZED).contains(own));
        assertTrue(one(plan, DISTRIBUTION).dependsOn().contains(one(plan, "aws:cloudfront/cachePolicy:CachePolicy").urn()));
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void graphqlIsNeverCachedAndGetsAuthorizationOriginAndQueryStrings(String stack) {
        Map<String, Object> graphql = list(distribution(plans.get(stack)).get("orderedCacheBehaviors")).stream().map(b -> map(b))
                .filter(b -> "/graphql/*".equals(b.get("pathPattern"))).findFirst().orElseThrow();
        assertEquals(0, list(distribution(plans.get(stack)).get("orderedCacheBehaviors")).indexOf(graphql), "matched first");
        assertTrue(list(graphql.get("allowedMethods")).contains("POST"), "GraphQL is POST-only");
        // CachingDisabled puts nothing in the cache key, so what reaches Saleor is the origin request policy's:
        // AllViewerExceptHostHeader forwards every viewer header (Authorization, Origin), cookie and query string.
        assertEquals(CACHING_DISABLED, graphql.get("cachePolicyId"));
        assertEquals(ALL_VIEWER_EXCEPT_HOST, graphql.get("originRequestPolicyId"));
        assertEquals("https-only", graphql.get("viewerProtocolPolicy"), "a redirected POST would turn into a GET");
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void theOwnCachePolicyCachesOnlyWhatTheOriginAllowsAndKeysOnNextRscHeaders(String stack) {
        var policy = one(plans.get(stack), "aws:cloudfront/cachePolicy:CachePolicy").inputs();
        assertEquals(0L, policy.get("defaultTtl"), "nothing is cached unless the origin's Cache-Control says so");
        assertEquals(0L, policy.get("minTtl"));
        assertEquals(31_536_000L, policy.get("maxTtl"));
        Map<String, Object> key = map(policy.get("parametersInCacheKeyAndForwardedToOrigin"));
        assertEquals("none", map(key.get("cookiesConfig")).get("cookieBehavior"), "cookies reach the origin without splitting the cache");
        assertEquals("all", map(key.get("queryStringsConfig")).get("queryStringBehavior"));
        Map<String, Object> headers = map(key.get("headersConfig"));
        assertEquals("whitelist", headers.get("headerBehavior"));
        assertTrue(list(map(headers.get("headers")).get("items")).containsAll(List.of("RSC", "Next-Router-State-Tree", "Next-Router-Prefetch")));
        assertFalse(list(map(headers.get("headers")).get("items")).contains("Host"),
                "Host in the key would be forwarded, and the ALB certificate does not cover the service hostname");
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void securityHeadersOnEveryResponse(String stack) {
        Plan plan = plans.get(stack);
        Map<String, Object> config = map(one(plan, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy").inputs()
                .get("securityHeadersConfig"));
        Map<String, Object> hsts = map(config.get("strictTransportSecurity"));
        assertTrue((Long) hsts.get("accessControlMaxAgeSec") >= 31_536_000L, "HSTS for at least a year");
        assertEquals(true, hsts.get("override"));
        assertEquals(true, map(config.get("contentTypeOptions")).get("override"), "nosniff");
        assertEquals("SAMEORIGIN", map(config.get("frameOptions")).get("frameOption"));
        assertEquals("strict-origin-when-cross-origin", map(config.get("referrerPolicy")).get("referrerPolicy"));

        Map<String, Object> d = distribution(plan);
        List<Map<String, Object>> behaviours = new ArrayList<>(list(d.get("orderedCacheBehaviors")).stream().map(b -> map(b)).toList());
        behaviours.add(map(d.get("defaultCacheBehavior")));
        Set<Object> policies = behaviours.stream().map(b -> b.get("responseHeadersPolicyId")).collect(Collectors.toSet());
        assertEquals(1, policies.size(), "every behaviour adds the same headers: " + policies);
        assertNotNull(policies.iterator().next());
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void theOriginSecretHeaderIsSentAndOnlyEverPrintedMasked(String stack) {
        Plan plan = plans.get(stack);
        var headers = list(origin(distribution(plan), "alb").get("customHeaders"));
        assertEquals(List.of(Map.of("name", "X-Origin-Verify", "value", "[secret]")), headers);
        assertTrue(plan.secretOutputNames().contains("originVerifySecret"));
        assertEquals("X-Origin-Verify", plan.outputs().get("originVerifyHeaderName"));
    }

    /** A known secret, set as `pulumi config set --secret` would, never reaches the printed plan. */
    @Test
    void aKnownOriginSecretNeverAppearsInTheJsonPlanOrTheSummary() {
        var config = TestStacks.withSecret(com.kyeol.platform.support.TestSecrets.withSecrets(TestStacks.config("prod")),
                "kyeol-platform:originVerifySecret", KNOWN_SECRET);
        var prod = SettingsLoader.load(config, List.of());
        Plan plan = TestPlans.run(config, prod);
        String json = PlanPrinter.json(plan);
        assertFalse(json.contains(KNOWN_SECRET), "the secret leaked into the plan JSON");
        assertFalse(json.contains("EdgePlanTest+known"), "not even a part of it");
        assertFalse(PlanPrinter.summary(plan).contains(KNOWN_SECRET));
        assertEquals(KNOWN_SECRET, plan.outputs().get("originVerifySecret"), "the engine has the value (the Ingress needs it)");
        assertEquals("[secret]", plan.maskedOutputs().get("originVerifySecret"));
        assertTrue(json.contains("\"X-Origin-Verify\""));
    }

    @Test
    void aFreshCloneIsPlannedWithAPlaceholderAndSaysSo() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = OfflinePlan.run(new String[] {"dev", "--json", "--verbose"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String errText = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, errText);
        assertTrue(errText.contains("bin/plan: note: Pulumi.dev.yaml: kyeol-platform:originVerifySecret: is not set; planned with a [secret] placeholder"), errText);
        assertTrue(errText.contains("pulumi config set --secret kyeol-platform:originVerifySecret"), errText);
        Map<?, ?> json = new Gson().fromJson(out.toString(StandardCharsets.UTF_8), Map.class);
        assertEquals("[secret]", ((Map<?, ?>) json.get("outputs")).get("originVerifySecret"));
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void aAndAaaaAliasesPointTheServiceHostnameAtTheDistribution(String stack) {
        Plan plan = plans.get(stack);
        String host = settings.get(stack).domain().serviceHostname().orElseThrow();
        for (String type : List.of("A", "AAAA")) {
            var record = named(plan, RECORD, stack + "-service-" + type.toLowerCase());
            assertEquals(host, record.inputs().get("name"));
            assertEquals(type, record.inputs().get("type"));
            assertEquals("Z0OFFLINEPLAN0ZONE", record.inputs().get("zoneId"));
            Map<String, Object> alias = map(list(record.inputs().get("aliases")).get(0));
            assertEquals("Z2FDTNDATAQYW2", alias.get("zoneId"), "CloudFront's alias zone");
            assertEquals(plan.outputs().get("cloudfrontDomainName"), alias.get("name"));
            assertEquals(false, alias.get("evaluateTargetHealth"));
        }
    }

    @ParameterizedTest
    @MethodSource("stacksForZoneCheck")
    void noStackCreatesOrCouldDeleteTheHostedZone(String stack) {
        assertTrue(plans.get(stack).ofType("aws:route53/zone:Zone").isEmpty(), "the hosted zone is referenced, never managed");
        assertTrue(plans.get(stack).resources().stream().noneMatch(r -> r.type().startsWith("aws:route53/zone")));
    }

    List<String> stacksForZoneCheck() {
        return TestStacks.stacks();
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void accessLogsGoThroughStandardLoggingV2ToAPrivateBucketInUsEast1(String stack) {
        Plan plan = plans.get(stack);
        String usEast1 = providerUrn(plan, "aws-us-east-1-" + stack);
        assertNull(distribution(plan).get("loggingConfig"), "no legacy logging: it would need an ACL-enabled bucket");

        var source = one(plan, "aws:cloudwatch/logDeliverySource:LogDeliverySource");
        assertEquals("ACCESS_LOGS", source.inputs().get("logType"));
        assertTrue(((String) source.inputs().get("resourceArn")).startsWith("arn:aws:cloudfront::"));
        assertTrue(source.dependsOn().contains(one(plan, DISTRIBUTION).urn()));
        var destination = one(plan, "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination");
        var delivery = one(plan, "aws:cloudwatch/logDelivery:LogDelivery");
        for (var r : List.of(source, destination, delivery)) {
            assertTrue(usesProvider(r, usEast1), "CloudFront log delivery is configured in us-east-1: " + r.name());
        }
        assertEquals(source.inputs().get("name"), delivery.inputs().get("deliverySourceName"));
        String bucketName = (String) plan.outputs().get("edgeAccessLogBucket");
        String target = (String) map(destination.inputs().get("deliveryDestinationConfiguration")).get("destinationResourceArn");
        assertEquals("arn:aws:s3:::" + bucketName + "/cloudfront", target);

        var bucket = named(plan, "aws:s3/bucketV2:BucketV2", stack + "-edge-logs");
        assertTrue(usesProvider(bucket, usEast1));
        var block = named(plan, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", stack + "-edge-logs-public-access").inputs();
        for (String flag : List.of("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")) {
            assertEquals(true, block.get(flag), flag);
        }
        assertEquals("BucketOwnerEnforced", map(named(plan, "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                stack + "-edge-logs-ownership").inputs().get("rule")).get("objectOwnership"), "ACLs stay disabled");
        Map<String, Object> rule = map(list(named(plan, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
                stack + "-edge-logs-expiry").inputs().get("rules")).get(0));
        assertEquals((long) edge(stack).logRetentionDays(), map(rule.get("expiration")).get("days"));

        var policy = named(plan, BUCKET_POLICY, stack + "-edge-logs-policy");
        String document = (String) policy.inputs().get("policy");
        assertTrue(document.contains("\"Service\":\"delivery.logs.amazonaws.com\""), document);
        assertTrue(document.contains("delivery-source:" + source.inputs().get("name")), "only this distribution's source may write: " + document);
        assertTrue(document.contains("\"aws:SecureTransport\":\"false\""), document);
        assertTrue(delivery.dependsOn().contains(policy.urn()), "the delivery starts once the bucket admits it");
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void theWafWhereConfiguredAndOnEveryProductionStack(String stack) {
        Plan plan = plans.get(stack);
        var waf = edge(stack).waf();
        if (settings.get(stack).tier() == com.kyeol.platform.config.Tier.PRODUCTION) {
            assertTrue(waf.enabled(), "production is always behind the WAF");
        }
        if (!waf.enabled()) {
            assertTrue(plan.ofType("aws:wafv2/webAcl:WebAcl").isEmpty());
            assertNull(distribution(plan).get("webAclId"));
            assertFalse(plan.outputs().containsKey("webAclArn"));
            return;
        }
        var acl = one(plan, "aws:wafv2/webAcl:WebAcl");
        assertEquals("CLOUDFRONT", acl.inputs().get("scope"));
        assertTrue(usesProvider(acl, providerUrn(plan, "aws-us-east-1-" + stack)), "CLOUDFRONT web ACLs live in us-east-1");
        assertEquals(plan.outputs().get("webAclArn"), distribution(plan).get("webAclId"));
        assertTrue(map(acl.inputs().get("defaultAction")).containsKey("allow"));
        assertEquals(true, map(acl.inputs().get("visibilityConfig")).get("cloudwatchMetricsEnabled"));

        Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
        list(acl.inputs().get("rules")).forEach(r -> rules.put((String) map(r).get("name"), map(r)));
        assertEquals(List.of("AWS-AWSManagedRulesAmazonIpReputationList", "rate-limit-per-ip", "AWS-AWSManagedRulesCommonRuleSet",
                "AWS-AWSManagedRulesKnownBadInputsRuleSet"), List.copyOf(rules.keySet()));
        assertEquals(List.of(0L, 1L, 2L, 3L), rules.values().stream().map(r -> r.get("priority")).toList());
        for (var rule : rules.values()) {
            Map<String, Object> visibility = map(rule.get("visibilityConfig"));
            assertEquals(true, visibility.get("sampledRequestsEnabled"), rule.get("name").toString());
            assertEquals(rule.get("name"), visibility.get("metricName"));
            Map<String, Object> statement = map(rule.get("statement"));
            if (statement.containsKey("managedRuleGroupStatement")) {
                assertEquals("AWS", map(statement.get("managedRuleGroupStatement")).get("vendorName"));
                assertTrue(map(rule.get("overrideAction")).containsKey("none"), "managed groups block as designed");
            }
        }
        Map<String, Object> rate = map(map(rules.get("rate-limit-per-ip").get("statement")).get("rateBasedStatement"));
        assertEquals((long) waf.rateLimit(), rate.get("limit"));
        assertEquals("IP", rate.get("aggregateKeyType"));
        assertEquals((long) waf.rateWindowSeconds(), rate.get("evaluationWindowSec"));
        assertTrue(map(rules.get("rate-limit-per-ip").get("action")).containsKey("block"));
        var overrides = list(map(map(rules.get("AWS-AWSManagedRulesCommonRuleSet").get("statement"))
                .get("managedRuleGroupStatement")).get("ruleActionOverrides"));
        assertEquals("SizeRestrictions_BODY", map(overrides.get(0)).get("name"), "dashboard uploads exceed 8 KB");
        assertTrue(map(map(overrides.get(0)).get("actionToUse")).containsKey("count"));
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void wafLogsGoToAnAwsWafLogsGroupInUsEast1WithSecretsRedacted(String stack) {
        Plan plan = plans.get(stack);
        if (!edge(stack).waf().enabled()) {
            assertTrue(plan.ofType("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration").isEmpty());
            return;
        }
        var group = named(plan, "aws:cloudwatch/logGroup:LogGroup", stack + "-waf-logs");
        assertTrue(((String) group.inputs().get("name")).startsWith("aws-waf-logs-"), "AWS only logs to groups named aws-waf-logs-*");
        assertEquals((long) edge(stack).logRetentionDays(), group.inputs().get("retentionInDays"));
        assertTrue(usesProvider(group, providerUrn(plan, "aws-us-east-1-" + stack)));
        var logging = one(plan, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
        assertTrue(logging.dependsOn().contains(group.urn()));
        assertTrue(logging.dependsOn().contains(one(plan, "aws:wafv2/webAcl:WebAcl").urn()));
        String destination = (String) list(logging.inputs().get("logDestinationConfigs")).get(0);
        assertTrue(destination.startsWith("arn:aws:logs:us-east-1:") && !destination.endsWith(":*"), destination);
        Set<Object> redacted = list(logging.inputs().get("redactedFields")).stream()
                .map(f -> map(map(f).get("singleHeader")).get("name")).collect(Collectors.toSet());
        assertEquals(Set.of("authorization", "cookie"), redacted);
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void theMaintenancePageReplacesFailingOriginAnswersWhereConfigured(String stack) {
        Plan plan = plans.get(stack);
        Map<String, Object> d = distribution(plan);
        assertNull(d.get("originGroups"), "no origin group: it would forbid POST on the storefront behaviour");
        if (!edge(stack).maintenanceFailover()) {
            assertNull(d.get("customErrorResponses"));
            assertTrue(plan.ofType("aws:s3/bucketObjectv2:BucketObjectv2").isEmpty());
            return;
        }
        List<Map<String, Object>> errors = list(d.get("customErrorResponses")).stream().map(e -> map(e)).toList();
        assertEquals(edge(stack).failoverStatusCodes().stream().map(Integer::longValue).toList(),
                errors.stream().map(e -> e.get("errorCode")).toList());
        for (var error : errors) {
            assertEquals("/maintenance/index.html", error.get("responsePagePath"));
            assertEquals(503L, error.get("responseCode"), "clients and crawlers see that the shop is unavailable");
            assertTrue((Long) error.get("errorCachingMinTtl") <= 30, "recovery shows within seconds");
        }
        Map<String, Object> maintenance = origin(d, "maintenance");
        assertNotNull(maintenance.get("originAccessControlId"));
        assertNull(maintenance.get("customOriginConfig"));
        String bucket = (String) plan.outputs().get("maintenanceBucket");
        assertEquals(bucket + ".s3." + settings.get(stack).region() + ".amazonaws.com", maintenance.get("domainName"));

        var page = one(plan, "aws:s3/bucketObjectv2:BucketObjectv2").inputs();
        assertEquals("maintenance/index.html", page.get("key"));
        assertTrue(((String) page.get("contentType")).startsWith("text/html"));
        assertTrue(((String) page.get("content")).contains("<html"));

        var oac = one(plan, "aws:cloudfront/originAccessControl:OriginAccessControl").inputs();
        assertEquals("s3", oac.get("originAccessControlOriginType"));
        assertEquals("always", oac.get("signingBehavior"));
        assertEquals("sigv4", oac.get("signingProtocol"));
        assertReadableOnlyByThisDistribution(plan, stack + "-maintenance-policy", bucket);
    }

    private static void assertReadableOnlyByThisDistribution(Plan plan, String policyName, String bucket) {
        var policy = named(plan, BUCKET_POLICY, policyName);
        assertEquals(bucket, policy.inputs().get("bucket"));
        Map<?, ?> document = new Gson().fromJson((String) policy.inputs().get("policy"), Map.class);
        Map<?, ?> allow = (Map<?, ?>) ((List<?>) document.get("Statement")).get(0);
        assertEquals(Map.of("Service", "cloudfront.amazonaws.com"), allow.get("Principal"));
        assertEquals(List.of("s3:GetObject"), allow.get("Action"));
        String distributionArn = "arn:aws:cloudfront::111122223333:distribution/" + plan.outputs().get("cloudfrontDistributionId");
        assertEquals(Map.of("StringEquals", Map.of("AWS:SourceArn", distributionArn)), allow.get("Condition"));
        assertTrue(policy.dependsOn().contains(one(plan, DISTRIBUTION).urn()));
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void theOriginFacingPrefixListAndOriginCertificateAreExportedForTheAlb(String stack) {
        Map<String, Object> outputs = plans.get(stack).outputs();
        assertTrue(((String) outputs.get("cloudfrontPrefixListId")).startsWith("pl-"), outputs.toString());
        assertEquals(settings.get(stack).domain().originHostname().orElseThrow(), outputs.get("originHostname"));
        assertEquals(settings.get(stack).domain().serviceHostname().orElseThrow(), outputs.get("serviceHostname"));
        assertTrue(((String) outputs.get("cloudfrontDistributionId")).startsWith("E"));
    }

    @ParameterizedTest
    @MethodSource("workloadStacks")
    void everyEdgeResourceUsesAnExplicitProviderOfItsStack(String stack) {
        Plan plan = plans.get(stack);
        String edgeUrn = one(plan, "kyeol:edge:Edge").urn();
        Set<String> providers = Set.of(providerUrn(plan, "aws-" + stack), providerUrn(plan, "aws-us-east-1-" + stack));
        var children = plan.resources().stream().filter(r -> edgeUrn.equals(r.parent())).toList();
        assertTrue(children.size() >= 20, "the edge has its resources: " + children.size());
        for (PlannedResource r : children) {
            assertTrue(providers.stream().anyMatch(p -> usesProvider(r, p)), r.urn() + " uses " + r.provider());
            assertTrue(r.name().startsWith(stack + "-"), r.name());
        }
    }

    @ParameterizedTest
    @MethodSource("hubStacks")
    void theHubHasNoEdge(String stack) {
        Plan plan = plans.get(stack);
        assertTrue(plan.ofType("kyeol:edge:Edge").isEmpty());
        // The hub's certificates and DNS records are ArgoCD's, Grafana's and the telemetry endpoint's, never CloudFront's.
        assertTrue(plan.resources().stream().noneMatch(r -> r.type().startsWith("aws:cloudfront/") || r.type().startsWith("aws:wafv2/")),
                "no edge resources on the hub");
        assertTrue(plan.resources().stream().filter(r -> r.type().startsWith("aws:acm/") || r.type().startsWith("aws:route53/"))
                .allMatch(r -> List.of("-argocd-cert", "-grafana-cert", "-telemetry-cert").stream()
                        .anyMatch(c -> r.name().startsWith(stack + c))), "only the hub's own endpoints' certificates on the hub");
        assertEquals(1, plan.ofType("pulumi:providers:aws").size(), "no us-east-1 provider on the hub");
        for (String output : List.of("cloudfrontDistributionId", "originVerifySecret", "originCertificateArn", "cloudfrontPrefixListId")) {
            assertFalse(plan.outputs().containsKey(output), output);
        }
    }

    /**
     * The data tier's media bucket is served at {@code /media/*} through the origin access control, and its one
     * bucket policy (the data tier's) lets only this distribution read it.
     */
    @ParameterizedTest
    @MethodSource("workloadStacks")
    void theMediaBucketIsServedAtMediaThroughTheOriginAccessControl(String stack) {
        Plan plan = plans.get(stack);
        Map<String, Object> d = distribution(plan);
        Map<String, Object> mediaBehaviour = list(d.get("orderedCacheBehaviors")).stream().map(b -> map(b))
                .filter(b -> "/media/*".equals(b.get("pathPattern"))).findFirst().orElseThrow();
        assertEquals(MEDIA.origin(), mediaBehaviour.get("targetOriginId"));
        assertEquals(MEDIA.methods(), mediaBehaviour.get("allowedMethods"));
        assertEquals(MEDIA.cachePolicy(), mediaBehaviour.get("cachePolicyId"));
        String bucket = (String) plan.outputs().get("mediaBucketName");
        Map<String, Object> origin = origin(d, "media");
        assertEquals(plan.outputs().get("mediaBucketRegionalDomainName"), origin.get("domainName"));
        assertNotNull(origin.get("originAccessControlId"));
        var policy = named(plan, BUCKET_POLICY, stack + "-media-policy");
        assertEquals(bucket, policy.inputs().get("bucket"));
        Map<?, ?> document = new Gson().fromJson((String) policy.inputs().get("policy"), Map.class);
        Map<?, ?> allow = ((List<?>) document.get("Statement")).stream().map(s -> (Map<?, ?>) s)
                .filter(s -> "Allow".equals(s.get("Effect"))).findFirst().orElseThrow();
        assertEquals(Map.of("Service", "cloudfront.amazonaws.com"), allow.get("Principal"));
        String distributionArn = "arn:aws:cloudfront::111122223333:distribution/" + plan.outputs().get("cloudfrontDistributionId");
        assertEquals(Map.of("StringEquals", Map.of("AWS:SourceArn", distributionArn)), allow.get("Condition"));
        assertTrue(policy.dependsOn().contains(one(plan, DISTRIBUTION).urn()));
    }
}
