package com.kyeol.platform.support;

import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small lookups over a plan, so tests read as assertions about resources. */
public final class PlanAssertions {

    private PlanAssertions() {
    }

    public static PlannedResource one(Plan plan, String type) {
        List<PlannedResource> found = plan.ofType(type);
        assertEquals(1, found.size(), () -> "expected exactly one " + type + " in " + plan.stack() + ", got " + found.size());
        return found.get(0);
    }

    public static PlannedResource named(Plan plan, String type, String name) {
        return plan.ofType(type).stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " named " + name + " in " + plan.stack()));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
