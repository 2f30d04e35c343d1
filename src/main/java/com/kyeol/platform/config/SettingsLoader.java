package com.kyeol.platform.config;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.kyeol.platform.cluster.KubernetesVersions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one place configuration is parsed and validated. {@link #load} checks everything, then either
 * returns a complete {@link StackSettings} or throws one {@link InvalidSettingsException} listing every
 * problem, one line each.
 */
public final class SettingsLoader {

    /** {@code aws:} keys a stack file may set for the provider; anything else there is a typo. */
    static final Set<String> AWS_KEYS = Set.of("region", "profile", "allowedAccountIds");

    private static final Pattern STACK_NAME = Pattern.compile("[a-z][a-z0-9]{0,11}");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern EIP_ALLOCATION = Pattern.compile("eipalloc-[0-9a-f]{8,17}");
    private static final List<Cidr> PRIVATE_RANGES = List.of(
            Cidr.parse("10.0.0.0/8").orElseThrow(),
            Cidr.parse("172.16.0.0/12").orElseThrow(),
            Cidr.parse("192.168.0.0/16").orElseThrow());
    private static final Gson GSON = new Gson();

    /** The secret CloudFront sends to the origin (top-level: secrets are whole keys, stored encrypted). */
    public static final String ORIGIN_VERIFY_SECRET = "originVerifySecret";
    private static final Pattern ORIGIN_VERIFY_VALUE = Pattern.compile("[A-Za-z0-9+/=._~-]{32,1783}");
    /** Secrets every workload stack must have; the hub has none. */

    private SettingsLoader() {
    }

    /**
     * Parses and validates {@code config}; {@code siblings} are the project's other stack files, checked
     * for overlapping VPC CIDRs and hostnames.
     */
    public static StackSettings load(StackConfig config, Collection<StackConfig> siblings) {
        return loadWithNotes(config, siblings).settings();
    }

    /** Settings and the notes worth telling the user (secrets planned as placeholders offline). */
    public record Loaded(StackSettings settings, List<String> notes) {
    }

    /** {@link #load}, keeping the notes. */
    public static Loaded loadWithNotes(StackConfig config, Collection<StackConfig> siblings) {
        var problems = new Problems(config.source());
        String namespace = config.project() + ":";
        var root = new ConfigSection(namespace, ownKeys(config, problems), problems, config.secretKeys().stream()
                .filter(k -> k.startsWith(namespace)).map(k -> k.substring(namespace.length())).collect(Collectors.toSet()),
                config.offline());

        String stack = config.stack();
        if (!STACK_NAME.matcher(stack).matches()) {
            problems.add("(stack name)", "'" + stack + "' cannot name resources",
                    "a lowercase letter then up to 11 lowercase letters or digits, e.g. dev, stage, qa2");
        }
        Optional<String> region = region(config, problems);
        var aws = new ConfigSection("aws:", awsKeys(config), problems);
        Optional<String> profile = aws.string("profile", false, v -> !v.isBlank(), "an AWS CLI profile name");
        List<String> accounts = aws.stringList("allowedAccountIds", false, v -> v.matches("\\d{12}"),
                "12-digit AWS account ids").orElse(List.of());
        aws.rejectRepeats("allowedAccountIds", accounts);
        Optional<Role> role = role(root);
        Optional<Tier> tier = root.string("tier", true, v -> Tier.fromConfig(v).isPresent(),
                "development, staging or production").flatMap(Tier::fromConfig);

        Optional<DomainSettings> domain = root.section("domain", true)
                .flatMap(s -> domain(s, stack, role.orElse(null)));
        Optional<NetworkSettings> network = root.section("network", true)
                .flatMap(s -> network(s, region.orElse(null)));
        Optional<ClusterSettings> cluster = root.section("cluster", true)
                .flatMap(s -> cluster(s, tier.orElse(Tier.PRODUCTION), stack, role.orElse(null)));

        Optional<DatabaseSettings> database = Optional.empty();
        Optional<CacheSettings> cache = Optional.empty();
        Optional<RegistrySettings> registry = Optional.empty();
        Optional<SaleorSecrets> saleorSecrets = Optional.empty();
        Optional<HubSettings> hub = Optional.empty();
        Optional<SpokeSettings> spoke = Optional.empty();
        Optional<ObservabilitySettings> observability;
        if (role.orElse(null) == Role.HUB) {
            root.forbid("database", "the hub (role: hub) runs no database");
            root.forbid("cache", "the hub (role: hub) runs no cache");
            root.forbid("gitops", "the hub does not join a hub");
            DataSettingsReader.forbidSaleorSecrets(root);
            registry = root.section("registry", true).flatMap(DataSettingsReader::registry);
            Optional<CiSettings> ci = root.section("ci", true).flatMap(s -> CiSettingsReader.read(s, stack, siblings, config.offline()));
            hub = root.section("hub", true).flatMap(s -> hub(s, root, domain.map(DomainSettings::zone).orElse(null), ci));
            cluster.ifPresent(c -> requireHubAdmin(root, c, config.offline()));
            observability = root.section("observability", true)
                    .flatMap(s -> ObservabilitySettingsReader.hub(s, domain.map(DomainSettings::zone).orElse(null)));
        } else {
            root.forbid("hub", "only the hub (role: hub) runs ArgoCD");
            root.forbid("argocdAdminPasswordBcrypt", "only the hub (role: hub) runs ArgoCD");
            root.forbid("ci", "only the hub (role: hub) runs the CI runners and holds the CI identities");
            spoke = root.section("gitops", role.isPresent()).flatMap(s -> spoke(s, config, siblings));
            // A workload needs both; with an invalid role they are still checked, just not required.
            database = root.section("database", role.isPresent()).flatMap(s -> DataSettingsReader.database(s, tier.orElse(null)));
            cache = root.section("cache", role.isPresent()).flatMap(s -> DataSettingsReader.cache(s, tier.orElse(null)));
            root.forbid("registry", "workload stacks pull from the hub's registry (role: hub)");
            saleorSecrets = DataSettingsReader.saleorSecrets(root, role.isPresent());
            observability = Optional.of(ObservabilitySettingsReader.workload(root.section("observability", false)));
        }
        Optional<EdgeSettings> edge = Optional.empty();
        if (role.orElse(null) == Role.HUB) {
            root.forbid("edge", "the hub (role: hub) serves no storefront");
            root.forbid(ORIGIN_VERIFY_SECRET, "the hub (role: hub) has no CloudFront origin");
        } else {
            Optional<Secret> originVerify = root.secret(ORIGIN_VERIFY_SECRET, role.isPresent(),
                    v -> ORIGIN_VERIFY_VALUE.matcher(v).matches(),
                    "32 to 1783 characters of A-Z a-z 0-9 + / = . _ ~ - (e.g. `openssl rand -base64 48`)");
            edge = root.section("edge", role.isPresent()).flatMap(s -> edge(s, tier.orElse(null), originVerify));
        }
        if (tier.map(Tier::isProductionLike).orElse(false) && database.isPresent() && !database.get().multiAz()) {
            problems.add(root.key("database.multiAz"), "is false on a " + tier.get().configValue() + " stack",
                    "true: staging and production databases must be Multi-AZ");
        }
        CostSettings cost = CostSettingsReader.read(root.section("cost", false), tier.orElse(null));
        root.rejectUnknownKeys();

        network.ifPresent(n -> checkVpcAgainstSiblings(config, n, siblings, problems));
        if (domain.isPresent() && hub.isPresent() == (role.orElse(null) == Role.HUB)) {
            checkHostnames(config, siblings, problems);
        }
        problems.throwIfAny();
        return new Loaded(new StackSettings(config.project(), stack, role.orElseThrow(), tier.orElseThrow(),
                new AwsSettings(region.orElseThrow(), profile, accounts), domain.orElseThrow(), network.orElseThrow(),
                cluster.orElseThrow(), database, cache, edge, registry, saleorSecrets, hub, spoke, cost, observability.orElseThrow()),
                problems.notes().stream().map(n -> n.replace("--stack <stack>", "--stack " + stack)).toList());
    }

    /** The stack's role ({@code kyeol-platform:role}); the one reading both a stack and the hub it joins use. */
    static Optional<Role> role(ConfigSection root) {
        return root.string("role", true, v -> Role.fromConfig(v).isPresent(), "workload or hub").flatMap(Role::fromConfig);
    }

    /** Keys of this project's namespace, with JSON values parsed; other namespaces checked for typos. */
    static Map<String, Object> ownKeys(StackConfig config, Problems problems) {
        Map<String, Object> own = new LinkedHashMap<>();
        config.values().forEach((key, value) -> {
            int colon = key.indexOf(':');
            String namespace = colon < 0 ? "" : key.substring(0, colon);
            String name = key.substring(colon + 1);
            if (namespace.equals(config.project())) {
                own.put(name, parseValue(value));
            } else if (namespace.equals("aws")) {
                if (!AWS_KEYS.contains(name)) {
                    String hint = ConfigSection.nearest(name, AWS_KEYS).map(n -> " (did you mean 'aws:" + n + "'?)").orElse("");
                    problems.add(key, "is not an aws provider setting this project uses" + hint,
                            "one of aws:" + String.join(", aws:", AWS_KEYS.stream().sorted().toList()));
                }
            } else if (namespace.isEmpty()) {
                problems.add(key, "has no namespace", config.project() + ":" + key + " (or aws:" + key + " for the aws provider)");
            } else if (!namespace.equals("pulumi")) {
                problems.add(key, "is in an unknown namespace '" + namespace + "'" + ConfigSection.hidden(namespace),
                        config.project() + ":<key>, aws:<key> or pulumi:<key>");
            }
        });
        return own;
    }

    private static Map<String, Object> awsKeys(StackConfig config) {
        Map<String, Object> aws = new LinkedHashMap<>();
        config.values().forEach((key, value) -> {
            if (key.startsWith("aws:") && !key.equals("aws:region")) {
                aws.put(key.substring(4), parseValue(value));
            }
        });
        return aws;
    }

    private static Object parseValue(String value) {
        String trimmed = value.trim();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return GSON.fromJson(trimmed, Object.class);
            } catch (JsonParseException e) {
                return value;
            }
        }
        return value;
    }

    private static Optional<String> region(StackConfig config, Problems problems) {
        String region = config.values().get("aws:region");
        if (region == null) {
            problems.add("aws:region", "is missing", "the AWS region of this stack, e.g. ap-northeast-2");
            return Optional.empty();
        }
        if (!AwsRegions.isRegion(region)) {
            String hint = AwsRegions.nearest(region).map(r -> " (did you mean " + r + "?)").orElse("");
            problems.add("aws:region", "'" + region + "' is not an AWS region" + hint + ConfigSection.hidden(region),
                    "a region code such as ap-northeast-2 (the regions known on " + AwsRegions.CHECKED
                            + " are in config/AwsRegions.java; add one AWS opened since)");
            return Optional.empty();
        }
        return Optional.of(region);
    }

    static boolean isHostname(String name) {
        if (name.length() > 253 || !name.contains(".")) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Optional<DomainSettings> domain(ConfigSection s, String stack, Role role) {
        String hostnameRule = "a lowercase DNS name of labels a-z, 0-9 and inner hyphens";
        Optional<String> zone = s.string("zone", true, SettingsLoader::isHostname, hostnameRule + ", e.g. msp-g1.click");
        Optional<String> site = s.string("site", true, v -> DNS_LABEL.matcher(v).matches(), "one DNS label, e.g. kyeol");
        Optional<String> service = Optional.empty();
        Optional<String> origin = Optional.empty();
        if (role == Role.HUB) {
            s.forbid("serviceHostname", "the hub serves no storefront");
            s.forbid("originHostname", "the hub serves no storefront");
        } else if (zone.isPresent() && site.isPresent()) {
            String inZone = hostnameRule + " ending in ." + zone.get();
            Predicate<String> valid = v -> isHostname(v) && v.endsWith("." + zone.get());
            service = Optional.of(s.string("serviceHostname", false, valid, inZone)
                    .orElse(Hostnames.service(stack, site.get(), zone.get())));
            origin = Optional.of(s.string("originHostname", false, valid, inZone)
                    .orElse(Hostnames.origin(stack, site.get(), zone.get())));
        }
        s.rejectUnknownKeys();
        if (zone.isEmpty() || site.isEmpty() || s.problems().lines().stream().anyMatch(l -> l.contains(s.key("")))) {
            return Optional.empty();
        }
        return Optional.of(new DomainSettings(zone.get(), site.get(), service, origin));
    }

    private static Optional<NetworkSettings> network(ConfigSection s, String region) {
        int before = s.problems().lines().size();
        Optional<Cidr> vpc = s.string("vpcCidr", true, v -> Cidr.parse(v).filter(SettingsLoader::isUsableVpcCidr).isPresent(),
                        "a private IPv4 CIDR (10/8, 172.16/12 or 192.168/16) from /16 to /24 with no host bits set")
                .flatMap(Cidr::parse);
        Optional<List<String>> zones = s.stringList("availabilityZones", true,
                v -> region == null || AwsRegions.isZoneOf(v, region),
                region == null ? "availability zones of aws:region" : "availability zones of " + region + ": "
                        + AwsRegions.zoneNames(region).orElseThrow() + " (as of " + AwsRegions.CHECKED + ")");
        zones.ifPresent(z -> {
            if (z.size() < 2 || z.size() > 6 || z.stream().distinct().count() != z.size()) {
                s.problems().add(s.key("availabilityZones"), z.size() + " zones " + z + " are not usable",
                        "2 to 6 distinct zones (the platform is designed for 3)");
            }
        });
        String cidrRule = "IPv4 CIDRs with no host bits set";
        Optional<List<Cidr>> publicSubnets = s.list("publicSubnets", true, Cidr::parse, cidrRule);
        Optional<List<Cidr>> privateSubnets = s.list("privateSubnets", true, Cidr::parse, cidrRule);
        Optional<List<Cidr>> dataSubnets = s.list("dataSubnets", true, Cidr::parse, cidrRule);
        Optional<String> eip = s.string("natEipAllocationId", false, v -> EIP_ALLOCATION.matcher(v).matches(),
                "an Elastic IP allocation id such as eipalloc-0123456789abcdef0");
        int retention = retentionDays(s, "flowLogRetentionDays", 90);
        List<String> endpoints = s.stringList("interfaceEndpoints", false, NetworkSettings.INTERFACE_ENDPOINT_SERVICES::contains,
                "services among " + NetworkSettings.INTERFACE_ENDPOINT_SERVICES).orElse(List.of());
        s.rejectRepeats("interfaceEndpoints", endpoints);
        s.rejectUnknownKeys();

        if (vpc.isPresent() && zones.isPresent() && publicSubnets.isPresent() && privateSubnets.isPresent() && dataSubnets.isPresent()) {
            Map<String, List<Cidr>> tiers = new LinkedHashMap<>();
            tiers.put("publicSubnets", publicSubnets.get());
            tiers.put("privateSubnets", privateSubnets.get());
            tiers.put("dataSubnets", dataSubnets.get());
            checkSubnets(s, vpc.get(), zones.get().size(), tiers);
        }
        if (s.problems().lines().size() > before) {
            return Optional.empty();
        }
        List<NetworkSettings.ZoneSubnets> zoneSubnets = new ArrayList<>();
        for (int i = 0; i < zones.get().size(); i++) {
            zoneSubnets.add(new NetworkSettings.ZoneSubnets(zones.get().get(i),
                    publicSubnets.get().get(i), privateSubnets.get().get(i), dataSubnets.get().get(i)));
        }
        return Optional.of(new NetworkSettings(vpc.get(), List.copyOf(zoneSubnets), eip, retention, endpoints));
    }

    private static boolean isUsableVpcCidr(Cidr cidr) {
        return cidr.prefix() >= 16 && cidr.prefix() <= 24 && PRIVATE_RANGES.stream().anyMatch(r -> r.contains(cidr));
    }

    /** Each tier has one subnet per zone, inside the VPC, large enough for its role, overlapping nothing. */
    private static void checkSubnets(ConfigSection s, Cidr vpc, int zoneCount, Map<String, List<Cidr>> tiers) {
        Map<String, Integer> largestPrefix = Map.of("publicSubnets", 27, "privateSubnets", 22, "dataSubnets", 28);
        Map<String, String> why = Map.of(
                "publicSubnets", "/27 or larger (the ALB needs 8 free addresses per subnet)",
                "privateSubnets", "/22 or larger (with the VPC CNI every pod takes a VPC address)",
                "dataSubnets", "/28 or larger (the smallest subnet AWS allows)");
        List<Map.Entry<String, Cidr>> seen = new ArrayList<>();
        tiers.forEach((name, subnets) -> {
            if (subnets.size() != zoneCount) {
                s.problems().add(s.key(name), subnets.size() + " subnets for " + zoneCount + " availability zones",
                        "exactly one subnet per availability zone, in the same order");
            }
            for (int i = 0; i < subnets.size(); i++) {
                Cidr subnet = subnets.get(i);
                String key = s.key(name) + "[" + i + "]";
                if (!vpc.contains(subnet)) {
                    s.problems().add(key, subnet + " is outside the VPC " + vpc, "a subnet inside " + vpc);
                } else if (subnet.prefix() > largestPrefix.get(name)) {
                    s.problems().add(key, subnet + " is too small", why.get(name));
                }
                for (var other : seen) {
                    if (other.getValue().overlaps(subnet)) {
                        s.problems().add(key, subnet + " overlaps " + other.getKey() + " (" + other.getValue() + ")",
                                "subnets that do not overlap");
                    }
                }
                seen.add(Map.entry(s.key(name) + "[" + i + "]", subnet));
            }
        });
    }

    static final Pattern PRINCIPAL_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:(role|user)/[\\w+=,.@/-]+");

    /**
     * DaemonSets of the managed add-ons on every node (aws-node, kube-proxy, eks-pod-identity-agent, ebs-csi-node):
     * with the VPC CNI a node runs at most ENIs × (IPs per ENI − 1) + 2 pods, 4 on a nano or micro instance, so
     * these four fill it and nothing else can run there.
     */
    static final int DAEMONSETS_PER_NODE = 4;

    private static Optional<ClusterSettings> cluster(ConfigSection s, Tier tier, String stack, Role role) {
        int before = s.problems().lines().size();
        Optional<String> version = s.string("version", true, KubernetesVersions.supported()::contains,
                "a Kubernetes version with pinned add-ons: one of " + KubernetesVersions.supported()
                        + " (quoted: YAML reads 1.30 as the number 1.3)");
        Optional<List<Cidr>> publicAccess = accessCidrs(s, "publicAccessCidrs",
                "CIDRs of operators and CI (never 0.0.0.0/0); [] for a private endpoint");
        Optional<ClusterAccessReader.Principals> access = ClusterAccessReader.read(s, role);
        int logRetention = retentionDays(s, "logRetentionDays", 90);
        String dnsPolicy = s.string("externalDnsPolicy", false, v -> List.of("sync", "upsert-only", "create-only").contains(v),
                "sync, upsert-only or create-only").orElse(tier == Tier.PRODUCTION ? "upsert-only" : "sync");
        Optional<NodeGroupSettings> nodes = s.section("nodeGroup", true).flatMap(n -> {
            Optional<String> type = n.string("instanceType", true, v -> INSTANCE_TYPE.matcher(v).matches(),
                    "an EC2 instance type such as t3.medium");
            type.filter(t -> t.endsWith(".nano") || t.endsWith(".micro")).ifPresent(t -> n.problems().add(n.key("instanceType"),
                    t + " runs at most 4 pods with the VPC CNI, all taken by the " + DAEMONSETS_PER_NODE
                            + " add-on DaemonSets every node runs (aws-node, kube-proxy, eks-pod-identity-agent, ebs-csi-node)",
                    "a size with room for the platform's pods, such as t3.medium (17 pods)"));
            Optional<Integer> desired = n.integer("desiredSize", true, 0, 450);
            Optional<Integer> min = n.integer("minSize", true, 0, 450);
            Optional<Integer> max = n.integer("maxSize", true, 0, 450);
            int disk = n.integer("diskSizeGiB", false, 20, 1000).orElse(50);
            n.rejectUnknownKeys();
            if (desired.isEmpty() || min.isEmpty() || max.isEmpty() || type.isEmpty()) {
                return Optional.empty();
            }
            int problemsBefore = n.problems().lines().size();
            if (max.get() < 1) {
                n.problems().add(n.key("maxSize"), "is 0: the node group can never have a node",
                        "at least 1 (the platform's pods need nodes)");
            }
            if (min.get() < 1) {
                n.problems().add(n.key("minSize"), "is 0: the node group may scale to no nodes at all",
                        "at least 1: CoreDNS, the load balancer controller and the cluster autoscaler itself run on these nodes, "
                                + "and at 0 nothing is left to scale the group back up");
            }
            if (max.get() >= 1 && !(min.get() <= desired.get() && desired.get() <= max.get())) {
                n.problems().add(n.key("desiredSize"), String.format("minSize %d, desiredSize %d, maxSize %d are out of order",
                        min.get(), desired.get(), max.get()), "minSize ≤ desiredSize ≤ maxSize");
            }
            if (n.problems().lines().size() > problemsBefore) {
                return Optional.empty();
            }
            return Optional.of(new NodeGroupSettings(type.get(), desired.get(), min.get(), max.get(), disk));
        });
        s.rejectUnknownKeys();
        if (s.problems().lines().size() > before) {
            return Optional.empty();
        }
        var principals = access.orElseThrow();
        return Optional.of(new ClusterSettings(clusterName(stack), version.get(), publicAccess.get(), principals.admins(),
                principals.deployers(), principals.viewers(),
                logRetention, dnsPolicy, nodes.get()));
    }

    /**
     * Who may reach a public endpoint: CIDRs, none of them {@code 0.0.0.0/0}, none listed twice, and not together
     * the whole IPv4 internet ({@code 0.0.0.0/1} + {@code 128.0.0.0/1} is {@code 0.0.0.0/0} by another name).
     */
    static Optional<List<Cidr>> accessCidrs(ConfigSection s, String key, String expected) {
        Optional<List<Cidr>> cidrs = s.list(key, true, v -> Cidr.parse(v).filter(c -> c.prefix() > 0), expected);
        cidrs.ifPresent(list -> {
            s.rejectRepeats(key, list);
            if (Cidr.coverEveryAddress(list)) {
                s.problems().add(s.key(key), list.stream().map(Cidr::toString).collect(Collectors.joining(", "))
                        + " together cover every IPv4 address, like 0.0.0.0/0", expected);
            }
        });
        return cidrs;
    }

    /**
     * An optional retention period in days that CloudWatch Logs accepts (S3 log expiry uses the same values, so
     * both kinds of logs age alike), or {@code defaultDays}; one problem for any other number.
     */
    static int retentionDays(ConfigSection s, String key, int defaultDays) {
        return s.integer(key, false, 1, 3653).filter(days -> retentionAllowed(s, key, days)).orElse(defaultDays);
    }

    private static boolean retentionAllowed(ConfigSection s, String key, int days) {
        if (!NetworkSettings.LOG_RETENTION_DAYS.contains(days)) {
            s.problems().add(s.key(key), days + " is not a CloudWatch Logs retention period",
                    "one of " + NetworkSettings.LOG_RETENTION_DAYS);
            return false;
        }
        return true;
    }

    /** GitHub: an owner is 1-39 letters, digits and single inner hyphens; a repository 1-100 of A-Z a-z 0-9 . _ - but not . or .. */
    private static final Pattern GITHUB_REPOSITORY = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/(?!\\.{1,2}$)[A-Za-z0-9_.-]{1,100}");
    private static final Pattern STACK_REFERENCE = Pattern.compile("([A-Za-z0-9_.-]+/){0,2}[a-z][a-z0-9]{0,11}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");

    /**
     * The hub's first {@code pulumi up} is run by a person (the runners it creates do not exist yet), and clusters do
     * not make their creator an admin (see {@code ClusterComponent}): that person must be among the hub's admins.
     */
    private static void requireHubAdmin(ConfigSection root, ClusterSettings cluster, boolean offline) {
        String key = root.key("cluster.adminPrincipalArns");
        if (cluster.adminPrincipalArns().isEmpty()) {
            root.problems().add(key, "is empty on the hub", "the IAM role of whoever runs the hub's first `pulumi up` "
                    + "(the runners do not exist before it), e.g. arn:aws:iam::123456789012:role/platform-admin");
        } else if (!offline && cluster.adminPrincipalArns().stream().anyMatch(a -> a.contains(CiSettingsReader.PLACEHOLDER_ACCOUNT))) {
            root.problems().add(key, "holds the placeholder account " + CiSettingsReader.PLACEHOLDER_ACCOUNT,
                    "the IAM role(s) of the people who administer the hub");
        }
    }

    private static Optional<HubSettings> hub(ConfigSection s, ConfigSection root, String zone, Optional<CiSettings> ci) {
        int before = s.problems().lines().size();
        String host = s.string("argocdHostname", false, v -> isHostname(v) && (zone == null || v.endsWith("." + zone)),
                        "a DNS name inside domain.zone" + (zone == null ? "" : " " + zone) + ", such as " + Hostnames.argocd(zone == null ? "msp-g1.click" : zone)
                                + " (its certificate is validated and its record kept in that hosted zone)")
                .orElse(zone == null ? "" : Hostnames.argocd(zone));
        Optional<String> repo = s.string("gitopsRepoUrl", true, v -> v.matches("https://[^\\s@]+"),
                "the HTTPS URL of the Git repository with gitops/, e.g. https://github.com/kyeol/kyeol-platform.git,"
                        + " without credentials (a user or token in the URL would sit in clear text in the plan, the state and ArgoCD's objects)");
        Optional<String> github = s.string("githubRepository", true, v -> GITHUB_REPOSITORY.matcher(v).matches(),
                "owner/name of the GitHub repository whose workflows deploy (owner: letters, digits and inner hyphens; "
                        + "name: letters, digits, '.', '_' and '-')");
        String branch = s.string("githubBranch", false, v -> v.matches("[A-Za-z0-9._/-]+"), "a branch name").orElse("main");
        List<String> accounts = s.stringList("spokeAccountIds", false, v -> v.matches("\\d{12}"),
                "12-digit AWS account ids of workload stacks in other accounts").orElse(List.of());
        s.rejectRepeats("spokeAccountIds", accounts);
        Optional<List<Cidr>> allowed = accessCidrs(s, "argocdAllowedCidrs", "CIDRs of the people and CI that use ArgoCD (never 0.0.0.0/0)");
        s.rejectUnknownKeys();
        Optional<Secret> hash = root.secret("argocdAdminPasswordBcrypt", true, v -> BCRYPT.matcher(v).matches(),
                "a bcrypt hash of the ArgoCD admin password ($2a$10$…, see bin/argocd-password-hash)");
        if (s.problems().lines().size() > before || ci.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HubSettings(host, repo.get(), github.get(), branch, accounts, allowed.get(), hash.get(), ci.get()));
    }

    private static Optional<SpokeSettings> spoke(ConfigSection s, StackConfig config, Collection<StackConfig> siblings) {
        String stack = config.stack();
        Optional<String> hubStack = s.string("hubStack", true, v -> STACK_REFERENCE.matcher(v).matches(),
                "the hub's stack, e.g. organization/" + config.project() + "/mgmt");
        String revision = s.string("targetRevision", false, v -> v.matches("[A-Za-z0-9._/-]+"), "a branch, tag or commit")
                .orElse("main");
        String path = s.string("path", false, v -> v.matches("[A-Za-z0-9._/-]+") && !v.startsWith("/")
                                && Arrays.stream(v.split("/")).noneMatch(".."::equals),
                        "a path inside the repository, relative to its root, without '..' (e.g. gitops/overlays/" + stack + ")")
                .orElse("gitops/overlays/" + stack);
        s.rejectUnknownKeys();
        hubStack.ifPresent(ref -> checkHub(s, ref, config, siblings));
        return hubStack.map(h -> new SpokeSettings(h, revision, path));
    }

    /**
     * The stack {@code gitops.hubStack} names must be this project's hub. When the hub's own file is what is wrong
     * (it does not parse, or its role is missing or invalid), its problems are reported as its own, naming its file,
     * instead of blaming this stack's {@code hubStack}.
     */
    private static void checkHub(ConfigSection s, String ref, StackConfig config, Collection<StackConfig> siblings) {
        String[] parts = ref.split("/");
        String name = parts[parts.length - 1];
        String expected = "the hub's stack name (e.g. mgmt) as the last segment";
        if (parts.length == 3 && !parts[1].equals(config.project())) {
            s.problems().add(s.key("hubStack"), "'" + ref + "' names the project '" + parts[1] + "', not this one",
                    parts[0] + "/" + config.project() + "/" + name + ": the hub is a stack of this project");
            return;
        }
        if (name.equals(config.stack())) {
            s.problems().add(s.key("hubStack"), "'" + ref + "' is this stack itself", expected);
            return;
        }
        if (siblings.isEmpty()) {
            return; // no project directory to look in (a stack checked on its own)
        }
        Optional<StackConfig> hub = siblings.stream().filter(c -> c.stack().equals(name)).findFirst();
        if (hub.isEmpty()) {
            s.problems().add(s.key("hubStack"), "'" + name + "' has no stack file (Pulumi." + name + ".yaml)", expected);
            return;
        }
        if (!hub.get().readable()) {
            s.problems().include(hub.get().readProblems());
            return;
        }
        var hubProblems = new Problems(hub.get().source());
        Optional<Role> role = role(new ConfigSection(hub.get().project() + ":", ownKeys(hub.get(), new Problems(hub.get().source())),
                hubProblems));
        if (role.isEmpty()) {
            s.problems().include(hubProblems.lines());
        } else if (role.get() != Role.HUB) {
            s.problems().add(s.key("hubStack"), "'" + name + "' is a " + role.get().configValue() + " stack ("
                    + hub.get().source() + " has role " + role.get().configValue() + ")", expected + " of the stack file with role hub");
        }
    }

    /** The EKS cluster name of a stack; subnets are tagged with it before the cluster exists. */
    public static String clusterName(String stack) {
        return "kyeol-" + stack;
    }

    private static Optional<EdgeSettings> edge(ConfigSection s, Tier tier, Optional<Secret> originVerify) {
        int before = s.problems().lines().size();
        Optional<String> priceClass = s.string("priceClass", true, EdgeSettings.PRICE_CLASSES::contains,
                "one of " + String.join(", ", EdgeSettings.PRICE_CLASSES) + " (Korea and Japan need PriceClass_200 or All)");
        Optional<EdgeSettings.WafSettings> waf = s.section("waf", false).map(SettingsLoader::waf)
                .orElse(Optional.of(EdgeSettings.WafSettings.disabled()));
        if (tier == Tier.PRODUCTION && waf.isPresent() && !waf.get().enabled()) {
            s.problems().add(s.key(s.has("waf") ? "waf.enabled" : "waf"), "the WAF is off on a production stack",
                    "waf: {enabled: true}: production traffic must pass the WAF");
        }
        boolean failover = s.bool("maintenanceFailover", false).orElse(false);
        List<Integer> codes = s.list("failoverStatusCodes", false, SettingsLoader::failoverCode,
                "origin status codes among " + EdgeSettings.FAILOVER_STATUS_CODES).orElse(EdgeSettings.DEFAULT_FAILOVER_STATUS_CODES);
        if (s.has("failoverStatusCodes") && !failover) {
            s.problems().add(s.key("failoverStatusCodes"), "is set but maintenanceFailover is off",
                    "maintenanceFailover: true, or no failoverStatusCodes");
        } else if (codes.isEmpty() || codes.stream().distinct().count() != codes.size()) {
            s.problems().add(s.key("failoverStatusCodes"), codes + " is empty or repeats a code",
                    "distinct origin status codes among " + EdgeSettings.FAILOVER_STATUS_CODES);
        }
        int retention = retentionDays(s, "logRetentionDays", 90);
        s.rejectUnknownKeys();
        if (s.problems().lines().size() > before || originVerify.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EdgeSettings(priceClass.get(), waf.get(), failover, codes, retention, originVerify.get()));
    }

    private static Optional<EdgeSettings.WafSettings> waf(ConfigSection w) {
        int before = w.problems().lines().size();
        Optional<Boolean> enabled = w.bool("enabled", true);
        int limit = w.integer("rateLimit", false, 0, EdgeSettings.WafSettings.MAX_RATE_LIMIT).map(l -> {
            if (l < EdgeSettings.WafSettings.MIN_RATE_LIMIT) {
                w.problems().add(w.key("rateLimit"), l + " is below AWS WAF's minimum rate limit",
                        "a whole number from " + EdgeSettings.WafSettings.MIN_RATE_LIMIT + " to "
                                + EdgeSettings.WafSettings.MAX_RATE_LIMIT + " (requests per IP per window)");
            }
            return l;
        }).orElse(EdgeSettings.WafSettings.DEFAULT_RATE_LIMIT);
        int window = w.integer("rateWindowSeconds", false, 60, 600).map(seconds -> {
            if (!EdgeSettings.WafSettings.RATE_WINDOWS.contains(seconds)) {
                w.problems().add(w.key("rateWindowSeconds"), seconds + " is not a WAF evaluation window",
                        "one of " + EdgeSettings.WafSettings.RATE_WINDOWS + " seconds");
            }
            return seconds;
        }).orElse(300);
        w.rejectUnknownKeys();
        if (enabled.isEmpty() || w.problems().lines().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new EdgeSettings.WafSettings(enabled.get(), limit, window));
    }

    private static Optional<Integer> failoverCode(String value) {
        return value.matches("\\d{3}") && EdgeSettings.FAILOVER_STATUS_CODES.contains(Integer.parseInt(value))
                ? Optional.of(Integer.parseInt(value)) : Optional.empty();
    }

    /** VPC CIDRs must be unique across the project's stack files (the hub routes to every spoke). */
    private static void checkVpcAgainstSiblings(StackConfig config, NetworkSettings network, Collection<StackConfig> siblings,
                                                Problems problems) {
        String prefix = config.project() + ":";
        for (StackConfig sibling : siblings) {
            if (sibling.stack().equals(config.stack()) || !sibling.readable()) {
                continue;
            }
            var quiet = new Problems(sibling.source());
            var root = new ConfigSection(prefix, ownKeys(sibling, quiet), quiet);
            root.section("network", false)
                    .flatMap(n -> n.string("vpcCidr", false, v -> true, ""))
                    .flatMap(Cidr::parse)
                    .filter(other -> other.overlaps(network.vpcCidr()))
                    .ifPresent(other -> problems.add(prefix + "network.vpcCidr",
                            network.vpcCidr() + " overlaps " + other + " of " + sibling.source(),
                            "a VPC CIDR that no other stack file uses (the hub must route to every spoke)"));
        }
    }

    /**
     * Every public hostname of this stack is a valid DNS name (also when derived from domain.site and the stack
     * name) and is used once: not twice in this stack (service = origin), not by another stack file (its service,
     * origin or ArgoCD hostname).
     */
    private static void checkHostnames(StackConfig config, Collection<StackConfig> siblings, Problems problems) {
        List<Hostnames.Named> own = Hostnames.of(config);
        for (int i = 0; i < own.size(); i++) {
            Hostnames.Named name = own.get(i);
            Hostnames.lengthProblem(name.hostname()).ifPresent(why -> problems.add(name.key(),
                    "makes the " + name.what() + " " + name.hostname() + ", but " + why,
                    "DNS labels of at most " + Hostnames.MAX_LABEL + " characters and names of at most " + Hostnames.MAX_NAME
                            + " (a shorter value, or set the hostname explicitly)"));
            for (Hostnames.Named earlier : own.subList(0, i)) {
                if (earlier.hostname().equals(name.hostname())) {
                    problems.add(name.key(), name.hostname() + " is also this stack's " + earlier.what(),
                            name.what().equals("origin hostname")
                                    ? "different service and origin hostnames (CloudFront serves the first and fetches from the second)"
                                    : "a hostname of its own for each endpoint (each is a DNS record and a certificate of its own)");
                }
            }
        }
        for (StackConfig sibling : siblings) {
            if (sibling.stack().equals(config.stack())) {
                continue;
            }
            for (Hostnames.Named theirs : Hostnames.of(sibling)) {
                own.stream().filter(n -> n.hostname().equals(theirs.hostname())).forEach(n -> problems.add(n.key(),
                        n.hostname() + " is also the " + theirs.what() + " of " + sibling.source(),
                        "a hostname no other stack file uses (each is a DNS record and a certificate of its own)"));
            }
        }
    }
}
