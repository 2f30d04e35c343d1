package com.kyeol.platform.edge;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.Certificates;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.aws.PrivateBucket;
import com.kyeol.platform.config.EdgeSettings;
import com.pulumi.aws.cloudfront.CachePolicy;
import com.pulumi.aws.cloudfront.CachePolicyArgs;
import com.pulumi.aws.cloudfront.Distribution;
import com.pulumi.aws.cloudfront.DistributionArgs;
import com.pulumi.aws.cloudfront.OriginAccessControl;
import com.pulumi.aws.cloudfront.OriginAccessControlArgs;
import com.pulumi.aws.cloudfront.ResponseHeadersPolicy;
import com.pulumi.aws.cloudfront.ResponseHeadersPolicyArgs;
import com.pulumi.aws.cloudfront.inputs.CachePolicyParametersInCacheKeyAndForwardedToOriginArgs;
import com.pulumi.aws.cloudfront.inputs.CachePolicyParametersInCacheKeyAndForwardedToOriginCookiesConfigArgs;
import com.pulumi.aws.cloudfront.inputs.CachePolicyParametersInCacheKeyAndForwardedToOriginHeadersConfigArgs;
import com.pulumi.aws.cloudfront.inputs.CachePolicyParametersInCacheKeyAndForwardedToOriginHeadersConfigHeadersArgs;
import com.pulumi.aws.cloudfront.inputs.CachePolicyParametersInCacheKeyAndForwardedToOriginQueryStringsConfigArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionCustomErrorResponseArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionDefaultCacheBehaviorArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionOrderedCacheBehaviorArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionOriginArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionOriginCustomHeaderArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionOriginCustomOriginConfigArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionRestrictionsArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionRestrictionsGeoRestrictionArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionViewerCertificateArgs;
import com.pulumi.aws.cloudfront.inputs.ResponseHeadersPolicySecurityHeadersConfigArgs;
import com.pulumi.aws.cloudfront.inputs.ResponseHeadersPolicySecurityHeadersConfigContentTypeOptionsArgs;
import com.pulumi.aws.cloudfront.inputs.ResponseHeadersPolicySecurityHeadersConfigFrameOptionsArgs;
import com.pulumi.aws.cloudfront.inputs.ResponseHeadersPolicySecurityHeadersConfigReferrerPolicyArgs;
import com.pulumi.aws.cloudfront.inputs.ResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurityArgs;
import com.pulumi.aws.cloudfront.inputs.ResponseHeadersPolicySecurityHeadersConfigXssProtectionArgs;
import com.pulumi.aws.cloudwatch.LogDelivery;
import com.pulumi.aws.cloudwatch.LogDeliveryArgs;
import com.pulumi.aws.cloudwatch.LogDeliveryDestination;
import com.pulumi.aws.cloudwatch.LogDeliveryDestinationArgs;
import com.pulumi.aws.cloudwatch.LogDeliverySource;
import com.pulumi.aws.cloudwatch.LogDeliverySourceArgs;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.cloudwatch.inputs.LogDeliveryDestinationDeliveryDestinationConfigurationArgs;
import com.pulumi.aws.cloudwatch.inputs.LogDeliveryS3DeliveryConfigurationArgs;
import com.pulumi.aws.ec2.Ec2Functions;
import com.pulumi.aws.ec2.inputs.GetManagedPrefixListArgs;
import com.pulumi.aws.ec2.outputs.GetManagedPrefixListResult;
import com.pulumi.aws.route53.Record;
import com.pulumi.aws.route53.RecordArgs;
import com.pulumi.aws.route53.Route53Functions;
import com.pulumi.aws.route53.inputs.GetZoneArgs;
import com.pulumi.aws.route53.inputs.RecordAliasArgs;
import com.pulumi.aws.route53.outputs.GetZoneResult;
import com.pulumi.aws.s3.BucketObjectv2;
import com.pulumi.aws.s3.BucketObjectv2Args;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The edge of one workload environment: customers reach the service hostname through one CloudFront
 * distribution, which talks only to the origin hostname (kept pointed at the ALB by ExternalDNS) over TLS,
 * adding a secret header the Ingress checks. Certificates for both names with DNS validation in the existing
 * hosted zone, cache behaviours per Saleor route ({@link #ROUTES}), security response headers, access logs to a
 * private bucket (CloudFront standard logging v2), an optional WAF, an optional maintenance page, the media
 * bucket's origin when there is one, and A/AAAA aliases. Never the hosted zone itself and never the ALB.
 *
 * <p>CloudFront, its certificate, the WAF and the log delivery live on the us-east-1 target (CloudFront only
 * reads certificates and web ACLs there, and its log delivery source must be created there); the origin
 * certificate, DNS records and the maintenance bucket on the stack's own region.
 */
public final class EdgeComponent extends ComponentResource {

    /** The header CloudFront adds to every origin request; the Ingress admits only requests carrying the secret. */
    public static final String ORIGIN_VERIFY_HEADER = "X-Origin-Verify";
    /** CloudFront reads certificates and web ACLs only here; its log delivery source must be created here too. */
    public static final String CLOUDFRONT_REGION = "us-east-1";
    /** Route 53's hosted zone id for every CloudFront alias target. */
    public static final String CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";
    /** AWS-managed prefix list of CloudFront's origin-facing addresses (one per region, same name). */
    public static final String ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";
    public static final String ALB_ORIGIN = "alb";
    public static final String MEDIA_ORIGIN = "media";
    public static final String MAINTENANCE_ORIGIN = "maintenance";
    public static final String MAINTENANCE_PAGE = "/maintenance/index.html";

    static final List<String> ALL_METHODS = List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");
    static final List<String> READ_METHODS = List.of("GET", "HEAD", "OPTIONS");
    static final List<String> CACHED_METHODS = List.of("GET", "HEAD");
    /** Seconds CloudFront waits for the origin's first byte: long GraphQL mutations (checkout) need more than 30. */
    static final int ORIGIN_READ_TIMEOUT = 60;
    /** Must stay below the ALB's idle timeout (30 s, below uvicorn's 35 s keep-alive), or reused connections 502. */
    static final int ORIGIN_KEEPALIVE_TIMEOUT = 20;

    /** Which policy a behaviour caches with: a managed one by id, or this component's own. */
    enum Caching { DISABLED, OPTIMIZED, ORIGIN_CONTROLLED }

    /**
     * One cache behaviour: what a path goes to and how it is cached and forwarded.
     *
     * @param allViewerToOrigin forward every viewer header, cookie and query string except Host
     */
    record Route(String pathPattern, String origin, List<String> methods, Caching caching, boolean allViewerToOrigin,
                 String viewerProtocolPolicy, String why) {
    }

    /**
     * The behaviour table, most specific first (CloudFront takes the first match), then the default ({@code *}).
     * Every ALB route goes to the same origin: the ALB routes paths to the Saleor services; these only differ
     * in caching, methods and what reaches the origin. Media and maintenance routes exist only with their bucket.
     */
    static final List<Route> ROUTES = List.of(
            new Route("/graphql/*", ALB_ORIGIN, ALL_METHODS, Caching.DISABLED, true, "https-only",
                    "Saleor API: GraphQL is POST-only and per user; nothing cached, Authorization, Origin, cookies and query strings forwarded"),
            new Route("/thumbnail/*", ALB_ORIGIN, READ_METHODS, Caching.OPTIMIZED, false, "redirect-to-https",
                    "Saleor API thumbnails: stable per URL, cached"),
            new Route("/dashboard/*", ALB_ORIGIN, READ_METHODS, Caching.ORIGIN_CONTROLLED, false, "redirect-to-https",
                    "Saleor dashboard (static SPA, its data comes through /graphql/): cached only as nginx allows"),
            new Route("/_next/static/*", ALB_ORIGIN, READ_METHODS, Caching.OPTIMIZED, false, "redirect-to-https",
                    "storefront build assets: content-hashed, immutable, cached up to a year"),
            new Route("/media/*", MEDIA_ORIGIN, READ_METHODS, Caching.OPTIMIZED, false, "redirect-to-https",
                    "Saleor media from the private media bucket (origin access control)"),
            new Route("/maintenance/*", MAINTENANCE_ORIGIN, CACHED_METHODS, Caching.OPTIMIZED, false, "redirect-to-https",
                    "the maintenance page, also what failing origin responses are replaced with"),
            new Route("*", ALB_ORIGIN, ALL_METHODS, Caching.ORIGIN_CONTROLLED, true, "redirect-to-https",
                    "storefront (Next.js): pages per the origin's Cache-Control; POST for Server Actions and Saleor webhooks (/plugins/)"));

    @Export(name = "distributionId")
    public final Output<String> distributionId;
    /** For the media bucket's owner, whose one bucket policy lets this distribution read (MediaStorage.cloudFrontReadStatement). */
    public final Output<String> distributionArn;
    @Export(name = "distributionDomainName")
    public final Output<String> distributionDomainName;
    /** The us-east-1 certificate CloudFront presents for the service hostname. */
    @Export(name = "serviceCertificateArn")
    public final Output<String> serviceCertificateArn;
    /** The certificate in the stack's region for the origin hostname; the ALB controller finds it by host. */
    @Export(name = "originCertificateArn")
    public final Output<String> originCertificateArn;
    /** The origin-facing CloudFront prefix list of the stack's region, for the ALB's security group. */
    @Export(name = "cloudfrontPrefixListId")
    public final Output<String> cloudfrontPrefixListId;
    /** The secret the Ingress compares {@link #ORIGIN_VERIFY_HEADER} with (a secret output). */
    @Export(name = "originVerifySecret")
    public final Output<String> originVerifySecret;
    @Export(name = "accessLogBucket")
    public final Output<String> accessLogBucket;
    /** Empty when the WAF is off. */
    public final Optional<Output<String>> webAclArn;
    public final Optional<Output<String>> wafLogGroupName;
    /** Empty without the maintenance page. */
    public final Optional<Output<String>> maintenanceBucket;

    private final String name;
    private final AwsTarget regional;
    private final AwsTarget global;

    /**
     * What the edge of one environment is built from.
     *
     * @param serviceHostname what customers type; CloudFront's alias
     * @param originHostname  what CloudFront connects to; ExternalDNS points it at the ALB
     * @param zone            the existing public hosted zone both names are in
     * @param forceDestroyLogs let a destroy delete a log bucket that still holds logs (development stacks)
     * @param media           the media bucket, once the data tier has made one
     */
    public record Args(String serviceHostname, String originHostname, String zone, EdgeSettings settings,
                       boolean forceDestroyLogs, Optional<MediaOrigin> media) {
    }

    /**
     * @param name     the environment; prefixes every child's name
     * @param regional the stack's region (origin certificate, DNS, maintenance bucket, media bucket policy)
     * @param global   us-east-1 (CloudFront, its certificate, WAF, log delivery)
     */
    public EdgeComponent(String name, Args args, AwsTarget regional, AwsTarget global, ComponentResourceOptions options) {
        super("kyeol:edge:Edge", name, options);
        this.name = name;
        this.regional = regional;
        this.global = global;
        EdgeSettings settings = args.settings();

        Output<String> zoneId = Route53Functions.getZone(GetZoneArgs.builder().name(args.zone()).privateZone(false).build(),
                regional.invoke()).applyValue(GetZoneResult::zoneId);
        this.serviceCertificateArn = validatedCertificate("service", args.serviceHostname(), global, zoneId);
        this.originCertificateArn = validatedCertificate("origin", args.originHostname(), regional, zoneId);

        Optional<WebAclResources> waf = settings.waf().enabled()
                ? Optional.of(WebAclResources.create(this, name, global, settings.waf(), settings.logRetentionDays()))
                : Optional.empty();
        Optional<PrivateBucket> maintenance = settings.maintenanceFailover()
                ? Optional.of(maintenanceBucket()) : Optional.empty();
        Optional<OriginAccessControl> oac = maintenance.isPresent() || args.media().isPresent()
                ? Optional.of(originAccessControl()) : Optional.empty();

        var distribution = distribution(args, settings, waf, maintenance, oac);

        maintenance.ifPresent(bucket -> bucketPolicyForCloudFront("maintenance", bucket.bucket().bucket(),
                bucket.bucket().arn(), "/maintenance/*", distribution, regional, bucket.publicAccessBlock()));
        for (String type : List.of("A", "AAAA")) {
            new Record(name + "-service-" + type.toLowerCase(), RecordArgs.builder()
                    .zoneId(zoneId)
                    .name(args.serviceHostname())
                    .type(type)
                    .aliases(RecordAliasArgs.builder()
                            .name(distribution.domainName())
                            .zoneId(CLOUDFRONT_HOSTED_ZONE_ID)
                            .evaluateTargetHealth(false)
                            .build())
                    .build(), regional.child(this));
        }

        this.accessLogBucket = accessLogs(distribution, settings.logRetentionDays(), args.forceDestroyLogs());
        this.cloudfrontPrefixListId = Ec2Functions.getManagedPrefixList(GetManagedPrefixListArgs.builder()
                .name(ORIGIN_FACING_PREFIX_LIST).build(), regional.invoke()).applyValue(GetManagedPrefixListResult::id);
        this.originVerifySecret = settings.originVerifySecret().output();
        this.distributionId = distribution.id();
        this.distributionArn = distribution.arn();
        this.distributionDomainName = distribution.domainName();
        this.webAclArn = waf.map(WebAclResources::arn);
        this.wafLogGroupName = waf.map(WebAclResources::logGroupName);
        this.maintenanceBucket = maintenance.map(b -> b.bucket().bucket());

        var outputs = new LinkedHashMap<String, Output<?>>();
        outputs.put("distributionId", distributionId);
        outputs.put("distributionDomainName", distributionDomainName);
        outputs.put("serviceCertificateArn", serviceCertificateArn);
        outputs.put("originCertificateArn", originCertificateArn);
        outputs.put("cloudfrontPrefixListId", cloudfrontPrefixListId);
        outputs.put("originVerifySecret", originVerifySecret);
        outputs.put("accessLogBucket", accessLogBucket);
        webAclArn.ifPresent(arn -> outputs.put("webAclArn", arn));
        maintenanceBucket.ifPresent(bucket -> outputs.put("maintenanceBucket", bucket));
        registerOutputs(Map.copyOf(outputs));
    }

    CustomResourceOptions child(AwsTarget target, Resource... dependsOn) {
        var options = CustomResourceOptions.builder().parent(this).provider(target.provider());
        if (dependsOn.length > 0) {
            options.dependsOn(dependsOn);
        }
        return options.build();
    }

    Map<String, String> nameTag(String what) {
        return Map.of("Name", "kyeol-" + name + "-" + what);
    }

    /** A DNS-validated certificate for {@code domain}; the ARN resolves once ACM has issued it. */
    private Output<String> validatedCertificate(String what, String domain, AwsTarget target, Output<String> zoneId) {
        return Certificates.dnsValidated(name + "-" + what, domain, zoneId, target, regional, nameTag(what + "-cert"), this);
    }

    private Distribution distribution(Args args, EdgeSettings settings, Optional<WebAclResources> waf,
                                      Optional<PrivateBucket> maintenance, Optional<OriginAccessControl> oac) {
        List<DistributionOriginArgs> origins = new ArrayList<>();
        origins.add(DistributionOriginArgs.builder()
                .originId(ALB_ORIGIN)
                .domainName(args.originHostname())
                .connectionAttempts(3)
                .connectionTimeout(10)
                .customOriginConfig(DistributionOriginCustomOriginConfigArgs.builder()
                        .httpPort(80)
                        .httpsPort(443)
                        .originProtocolPolicy("https-only")
                        .originSslProtocols("TLSv1.2")
                        .originReadTimeout(ORIGIN_READ_TIMEOUT)
                        .originKeepaliveTimeout(ORIGIN_KEEPALIVE_TIMEOUT)
                        .build())
                .customHeaders(DistributionOriginCustomHeaderArgs.builder()
                        .name(ORIGIN_VERIFY_HEADER)
                        .value(settings.originVerifySecret().output())
                        .build())
                .build());
        maintenance.ifPresent(bucket -> origins.add(s3Origin(MAINTENANCE_ORIGIN, bucket.bucket().bucketRegionalDomainName(), oac.orElseThrow())));
        args.media().ifPresent(media -> origins.add(s3Origin(MEDIA_ORIGIN, media.regionalDomainName(), oac.orElseThrow())));

        var headers = securityHeaders();
        var originControlled = originControlledCachePolicy();
        List<DistributionOrderedCacheBehaviorArgs> ordered = new ArrayList<>();
        DistributionDefaultCacheBehaviorArgs defaultBehaviour = null;
        for (Route route : ROUTES) {
            boolean present = switch (route.origin()) {
                case MEDIA_ORIGIN -> args.media().isPresent();
                case MAINTENANCE_ORIGIN -> maintenance.isPresent();
                default -> true;
            };
            if (!present) {
                continue;
            }
            Output<String> cachePolicyId = switch (route.caching()) {
                case DISABLED -> Output.of(ManagedPolicies.CACHING_DISABLED);
                case OPTIMIZED -> Output.of(ManagedPolicies.CACHING_OPTIMIZED);
                case ORIGIN_CONTROLLED -> originControlled.id();
            };
            if (route.pathPattern().equals("*")) {
                var builder = DistributionDefaultCacheBehaviorArgs.builder()
                        .targetOriginId(route.origin())
                        .allowedMethods(route.methods())
                        .cachedMethods(CACHED_METHODS)
                        .cachePolicyId(cachePolicyId)
                        .responseHeadersPolicyId(headers.id())
                        .compress(true)
                        .viewerProtocolPolicy(route.viewerProtocolPolicy());
                if (route.allViewerToOrigin()) {
                    builder.originRequestPolicyId(ManagedPolicies.ALL_VIEWER_EXCEPT_HOST_HEADER);
                }
                defaultBehaviour = builder.build();
            } else {
                var builder = DistributionOrderedCacheBehaviorArgs.builder()
                        .pathPattern(route.pathPattern())
                        .targetOriginId(route.origin())
                        .allowedMethods(route.methods())
                        .cachedMethods(CACHED_METHODS)
                        .cachePolicyId(cachePolicyId)
                        .responseHeadersPolicyId(headers.id())
                        .compress(true)
                        .viewerProtocolPolicy(route.viewerProtocolPolicy());
                if (route.allViewerToOrigin()) {
                    builder.originRequestPolicyId(ManagedPolicies.ALL_VIEWER_EXCEPT_HOST_HEADER);
                }
                ordered.add(builder.build());
            }
        }

        var distributionArgs = DistributionArgs.builder()
                .comment(abbreviate("KYEOL " + name + ": " + args.serviceHostname() + " -> " + args.originHostname(), 128))
                .enabled(true)
                .aliases(args.serviceHostname())
                .priceClass(settings.priceClass())
                .httpVersion("http2and3")
                .isIpv6Enabled(true)
                .origins(origins)
                .defaultCacheBehavior(defaultBehaviour)
                .orderedCacheBehaviors(ordered)
                .restrictions(DistributionRestrictionsArgs.builder()
                        .geoRestriction(DistributionRestrictionsGeoRestrictionArgs.builder().restrictionType("none").build())
                        .build())
                .viewerCertificate(DistributionViewerCertificateArgs.builder()
                        .acmCertificateArn(serviceCertificateArn)
                        .sslSupportMethod("sni-only")
                        .minimumProtocolVersion("TLSv1.2_2021")
                        .build())
                .tags(nameTag("cdn"));
        if (maintenance.isPresent()) {
            // A failing origin's answer is replaced by the maintenance page on every path and method. (An origin
            // group cannot do that here: it only fails over to the same path, and a behaviour using one may not
            // allow POST, which the storefront's Server Actions and the API need.)
            distributionArgs.customErrorResponses(settings.failoverStatusCodes().stream()
                    .map(code -> DistributionCustomErrorResponseArgs.builder()
                            .errorCode(code)
                            .responseCode(503)
                            .responsePagePath(MAINTENANCE_PAGE)
                            .errorCachingMinTtl(10)
                            .build())
                    .toList());
        }
        waf.ifPresent(acl -> distributionArgs.webAclId(acl.arn()));
        return new Distribution(name + "-cdn", distributionArgs.build(), global.child(this));
    }

    /** CloudFront refuses comments over 128 characters; long custom hostnames must not break the distribution. */
    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static DistributionOriginArgs s3Origin(String id, Output<String> regionalDomainName, OriginAccessControl oac) {
        return DistributionOriginArgs.builder()
                .originId(id)
                .domainName(regionalDomainName)
                .originAccessControlId(oac.id())
                .build();
    }

    /** HSTS, nosniff, frame options and referrer policy on every response; overrides what the origin sends. */
    private ResponseHeadersPolicy securityHeaders() {
        return new ResponseHeadersPolicy(name + "-security-headers", ResponseHeadersPolicyArgs.builder()
                .name("kyeol-" + name + "-security-headers")
                .comment("Security response headers of the KYEOL " + name + " shop")
                .securityHeadersConfig(ResponseHeadersPolicySecurityHeadersConfigArgs.builder()
                        .strictTransportSecurity(ResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurityArgs.builder()
                                .accessControlMaxAgeSec(63_072_000)
                                .includeSubdomains(true)
                                .preload(false)
                                .override(true)
                                .build())
                        .contentTypeOptions(ResponseHeadersPolicySecurityHeadersConfigContentTypeOptionsArgs.builder()
                                .override(true).build())
                        .frameOptions(ResponseHeadersPolicySecurityHeadersConfigFrameOptionsArgs.builder()
                                .frameOption("SAMEORIGIN").override(true).build())
                        .referrerPolicy(ResponseHeadersPolicySecurityHeadersConfigReferrerPolicyArgs.builder()
                                .referrerPolicy("strict-origin-when-cross-origin").override(true).build())
                        // X-XSS-Protection: 0; the legacy filter is itself an attack surface.
                        .xssProtection(ResponseHeadersPolicySecurityHeadersConfigXssProtectionArgs.builder()
                                .protection(false).override(true).build())
                        .build())
                .build(), global.child(this));
    }

    /**
     * Caches only what the origin marks cacheable (default TTL 0): Next.js sends {@code s-maxage} for static and
     * ISR pages and {@code no-store} for per-user ones. Next.js varies pages on the RSC headers, which CloudFront
     * ignores in {@code Vary}, so they are in the key; query strings too. Cookies reach the origin through the
     * origin request policy without splitting the cache.
     */
    private CachePolicy originControlledCachePolicy() {
        return new CachePolicy(name + "-origin-controlled", CachePolicyArgs.builder()
                .name("kyeol-" + name + "-origin-controlled")
                .comment("Cache only what the origin's Cache-Control allows; RSC headers and query strings in the key")
                .minTtl(0)
                .defaultTtl(0)
                .maxTtl(31_536_000)
                .parametersInCacheKeyAndForwardedToOrigin(CachePolicyParametersInCacheKeyAndForwardedToOriginArgs.builder()
                        .enableAcceptEncodingGzip(true)
                        .enableAcceptEncodingBrotli(true)
                        .headersConfig(CachePolicyParametersInCacheKeyAndForwardedToOriginHeadersConfigArgs.builder()
                                .headerBehavior("whitelist")
                                .headers(CachePolicyParametersInCacheKeyAndForwardedToOriginHeadersConfigHeadersArgs.builder()
                                        .items("RSC", "Next-Router-Prefetch", "Next-Router-State-Tree", "Next-Url")
                                        .build())
                                .build())
                        .cookiesConfig(CachePolicyParametersInCacheKeyAndForwardedToOriginCookiesConfigArgs.builder()
                                .cookieBehavior("none").build())
                        .queryStringsConfig(CachePolicyParametersInCacheKeyAndForwardedToOriginQueryStringsConfigArgs.builder()
                                .queryStringBehavior("all").build())
                        .build())
                .build(), global.child(this));
    }

    private OriginAccessControl originAccessControl() {
        return new OriginAccessControl(name + "-s3-oac", OriginAccessControlArgs.builder()
                .name("kyeol-" + name + "-s3")
                .description("CloudFront of KYEOL " + name + " signs its requests to private S3 origins")
                .originAccessControlOriginType("s3")
                .signingBehavior("always")
                .signingProtocol("sigv4")
                .build(), global.child(this));
    }

    PrivateBucket privateBucket(String what, AwsTarget target, boolean forceDestroy) {
        return PrivateBucket.create(name + "-" + what, BucketV2Args.builder()
                .forceDestroy(forceDestroy)
                .tags(nameTag(what))
                .build(), false, target, this);
    }

    /** The maintenance page in a private bucket of the stack's region; nothing else is ever in it. */
    private PrivateBucket maintenanceBucket() {
        var bucket = privateBucket("maintenance", regional, true);
        new BucketObjectv2(name + "-maintenance-page", BucketObjectv2Args.builder()
                .bucket(bucket.bucket().id())
                .key(MAINTENANCE_PAGE.substring(1))
                .content(maintenancePageHtml())
                .contentType("text/html; charset=utf-8")
                .cacheControl("max-age=300")
                .build(), regional.child(this));
        return bucket;
    }

    static String maintenancePageHtml() {
        try (InputStream in = EdgeComponent.class.getResourceAsStream("/edge/maintenance.html")) {
            if (in == null) {
                throw new IllegalStateException("edge/maintenance.html is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets this distribution, and nothing else, read {@code keys} of a private bucket through the origin access control. */
    private void bucketPolicyForCloudFront(String what, Output<String> bucketName, Output<String> bucketArn, String keys,
                                           Distribution distribution, AwsTarget target, Resource after) {
        Output<String> policy = Output.tuple(bucketArn, distribution.arn()).applyValue(t -> PolicyDocuments.document(List.of(
                BucketPolicies.allowService("CloudFrontReadsThroughOriginAccessControl", "cloudfront.amazonaws.com",
                        List.of("s3:GetObject"), List.of(t.t1 + keys),
                        Map.of("StringEquals", Map.of("AWS:SourceArn", t.t2))),
                PolicyDocuments.denyInsecureTransport(t.t1))));
        new BucketPolicy(name + "-" + what + "-policy", BucketPolicyArgs.builder()
                .bucket(bucketName)
                .policy(policy)
                .build(), after == null ? target.child(this) : child(target, after));
    }

    /**
     * Standard logging v2: a CloudWatch Logs delivery from the distribution (source in us-east-1, as CloudFront
     * requires) to a private log bucket there, JSON records under {@code cloudfront/<distribution id>/<date>/}.
     * Unlike legacy logging it needs no ACL-enabled bucket, so the bucket keeps ACLs disabled.
     */
    private Output<String> accessLogs(Distribution distribution, int retentionDays, boolean forceDestroy) {
        var logs = privateBucket("edge-logs", global, forceDestroy);
        logs.expireAfter(name + "-edge-logs-expiry", retentionDays, 1, global, this);
        String sourceName = "kyeol-" + name + "-cloudfront-access";
        Output<String> policyDocument = Output.tuple(logs.bucket().arn(), global.accountId()).applyValue(t -> PolicyDocuments.document(List.of(
                BucketPolicies.allowService("LogDeliveryWrite", "delivery.logs.amazonaws.com", List.of("s3:PutObject"),
                        List.of(t.t1 + "/*"), PolicyDocuments.ordered(
                                "StringEquals", PolicyDocuments.ordered("s3:x-amz-acl", "bucket-owner-full-control", "aws:SourceAccount", t.t2),
                                "ArnLike", PolicyDocuments.ordered("aws:SourceArn",
                                        "arn:aws:logs:" + global.region() + ":" + t.t2 + ":delivery-source:" + sourceName))),
                PolicyDocuments.denyInsecureTransport(t.t1))));
        var policy = new BucketPolicy(name + "-edge-logs-policy", BucketPolicyArgs.builder()
                .bucket(logs.bucket().id())
                .policy(policyDocument)
                .build(), child(global, logs.publicAccessBlock()));

        var source = new LogDeliverySource(name + "-cdn-access-logs", LogDeliverySourceArgs.builder()
                .name(sourceName)
                .logType("ACCESS_LOGS")
                .resourceArn(distribution.arn())
                .build(), global.child(this));
        var destination = new LogDeliveryDestination(name + "-cdn-access-logs-s3", LogDeliveryDestinationArgs.builder()
                .name("kyeol-" + name + "-cloudfront-s3")
                .outputFormat("json")
                .deliveryDestinationConfiguration(LogDeliveryDestinationDeliveryDestinationConfigurationArgs.builder()
                        .destinationResourceArn(logs.bucket().arn().applyValue(arn -> arn + "/cloudfront"))
                        .build())
                .build(), global.child(this));
        new LogDelivery(name + "-cdn-access-logs-delivery", LogDeliveryArgs.builder()
                .deliverySourceName(source.name())
                .deliveryDestinationArn(destination.arn())
                .s3DeliveryConfigurations(LogDeliveryS3DeliveryConfigurationArgs.builder()
                        .suffixPath("{DistributionId}/{yyyy}/{MM}/{dd}/{HH}")
                        .enableHiveCompatiblePath(false)
                        .build())
                .build(), child(global, policy));
        return logs.bucket().bucket();
    }

    /** Exposed for {@link WebAclResources}: the log group of the WAF (us-east-1, name prefix AWS requires). */
    LogGroup wafLogGroup(int retentionDays) {
        return new LogGroup(name + "-waf-logs", LogGroupArgs.builder()
                .name("aws-waf-logs-kyeol-" + name)
                .retentionInDays(retentionDays)
                .build(), global.child(this));
    }
}
