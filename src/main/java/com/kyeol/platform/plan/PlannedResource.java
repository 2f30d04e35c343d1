package com.kyeol.platform.plan;

import java.util.List;
import java.util.Map;

/**
 * One resource as the program registered it: what {@code bin/plan --json} prints and the policy checker reads.
 *
 * @param provider             the provider reference ({@code <provider urn>::<id>}), empty for components
 * @param dependsOn            URNs this resource waits for (explicit and through its inputs)
 * @param custom               false for component resources (and the stack)
 * @param propertyDependencies per input property, the URNs whose outputs fed it (the RegisterResourceRequest's
 *                             property dependencies, as the real engine hands them to policies); sorted
 * @param outputs              the state the offline engine returned for the resource (inputs echoed plus the
 *                             computed attributes {@link PlanMocks} fills in), secrets as {@code [secret]}
 */
public record PlannedResource(
        String urn,
        String type,
        String name,
        String parent,
        String provider,
        List<String> dependsOn,
        boolean protect,
        boolean custom,
        Map<String, Object> inputs,
        Map<String, List<String>> propertyDependencies,
        Map<String, Object> outputs) {

    /** A resource without property dependencies or outputs (components, and tests that build plans by hand). */
    public PlannedResource(String urn, String type, String name, String parent, String provider, List<String> dependsOn,
                           boolean protect, boolean custom, Map<String, Object> inputs) {
        this(urn, type, name, parent, provider, dependsOn, protect, custom, inputs, Map.of(), Map.of());
    }
}
