package com.kyeol.platform.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one stack is configured with, parsed and validated by {@link SettingsLoader}.
 * The real run, the tests and the offline plan all build the platform from this one object;
 * components never read Pulumi config themselves.
 *
 * @param environment   the stack name; it names every resource, so copying a stack file to a new
 *                      name is enough to create a new environment
 * @param database      workload stacks only, like {@code cache} and {@code saleorSecrets}
 * @param registry      the hub only (ECR)
 * @param cost          the usage the cost estimate assumes and the optional monthly budget ({@code kyeol-platform:cost})
 * @param observability what the stack ships to the hub and, on the hub, the stores, Grafana and alerting
 */
public record StackSettings(
        String project,
        String environment,
        Role role,
        Tier tier,
        AwsSettings aws,
        DomainSettings domain,
        NetworkSettings network,
        ClusterSettings cluster,
        Optional<DatabaseSettings> database,
        Optional<CacheSettings> cache,
        Optional<EdgeSettings> edge,
        Optional<RegistrySettings> registry,
        Optional<SaleorSecrets> saleorSecrets,
        Optional<HubSettings> hub,
        Optional<SpokeSettings> spoke,
        CostSettings cost,
        ObservabilitySettings observability) {

    public String region() {
        return aws.region();
    }

    /** Tags every AWS resource carries, set once as the provider's default tags. */
    public Map<String, String> defaultTags() {
        var tags = new LinkedHashMap<String, String>();
        tags.put("Project", project);
        tags.put("Environment", environment);
        tags.put("Stack", project + "/" + environment);
        tags.put("ManagedBy", "pulumi");
        return Map.copyOf(tags);
    }
}
