package com.kyeol.platform.support;

import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlanRunner;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The offline plan of each repository stack file, made once per test JVM and shared by every test class
 * (plans are immutable), so adding a test class does not add another planning pass.
 */
public final class TestPlans {

    private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();
    private static final Map<String, StackSettings> SETTINGS = new ConcurrentHashMap<>();

    private TestPlans() {
    }

    public static synchronized Plan of(String stack) {
        return PLANS.computeIfAbsent(stack, s -> PlanRunner.run(TestStacks.config(s), settings(s)));
    }

    public static StackSettings settings(String stack) {
        return SETTINGS.computeIfAbsent(stack, TestStacks::settings);
    }
}
