package com.kyeol.platform.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offline plan of one stack: every resource the program registers, the stack outputs (secret ones
 * masked in {@link #maskedOutputs()}), and the policy pack's findings once checked.
 */
public record Plan(
        String project,
        String stack,
        List<PlannedResource> resources,
        Map<String, Object> outputs,
        Set<String> secretOutputNames,
        List<Violation> violations,
        String policyCheck) {

    /** One policy finding, as {@code policy/check-plan --json} reports it. */
    public record Violation(String policyName, String enforcementLevel, String severity, String urn, String message) {

        public boolean mandatory() {
            return "mandatory".equals(enforcementLevel);
        }
    }

    public Plan withPolicyResult(List<Violation> found, String check) {
        return new Plan(project, stack, resources, outputs, secretOutputNames, List.copyOf(found), check);
    }

    /** Outputs as printed: secret ones replaced by {@code [secret]}. */
    public Map<String, Object> maskedOutputs() {
        var masked = new java.util.TreeMap<String, Object>();
        outputs.forEach((k, v) -> masked.put(k, secretOutputNames.contains(k) ? StructJson.SECRET : v));
        return masked;
    }

    /** What a stack referencing this one sees. */
    public ReferencedStack asReference() {
        return new ReferencedStack(outputs, secretOutputNames);
    }

    public List<PlannedResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    public boolean hasMandatoryViolation() {
        return violations.stream().anyMatch(Violation::mandatory);
    }
}
