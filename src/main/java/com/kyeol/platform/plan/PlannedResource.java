package com.kyeol.platform.plan;

import java.util.List;
import java.util.Map;

/**
 * One resource as the program registered it: what {@code bin/plan --json} prints and the policy checker reads.
 *
 * @param provider  the provider reference ({@code <provider urn>::<id>}), empty for components
 * @param dependsOn URNs this resource waits for (explicit and through its inputs)
 * @param custom    false for component resources (and the stack)
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
        Map<String, Object> inputs) {
}
