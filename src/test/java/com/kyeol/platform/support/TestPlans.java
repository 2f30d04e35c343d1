package com.kyeol.platform.support;

import com.kyeol.platform.config.SpokeSettings;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlanRunner;
import com.kyeol.platform.plan.ReferencedStack;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The offline plan of each repository stack file, made once per test JVM and shared by every test class
 * (plans are immutable), so adding a test class does not add another planning pass.
 */
public final class TestPlans {

    private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();
    private static final Map<String, StackSettings> SETTINGS = new ConcurrentHashMap<>();
    private static final Map<String, Plan> EDITED = new ConcurrentHashMap<>();

    private TestPlans() {
    }

    /** The stack's plan; a workload stack's hub is planned first, as {@code bin/plan} does, for its stack reference. */
    public static synchronized Plan of(String stack) {
        Plan plan = PLANS.get(stack);
        if (plan == null) {
            Map<String, ReferencedStack> references = new HashMap<>();
            settings(stack).spoke().map(SpokeSettings::hubStackName)
                    .ifPresent(hub -> references.put(hub, of(hub).asReference()));
            plan = PlanRunner.run(TestStacks.config(stack), settings(stack), references);
            PLANS.put(stack, plan);
        }
        return plan;
    }

    /** A plan of an edited configuration; its hub (if it has one) is the repository's hub plan. */
    public static Plan run(com.kyeol.platform.config.StackConfig config, StackSettings settings) {
        Map<String, ReferencedStack> references = new HashMap<>();
        settings.spoke().map(SpokeSettings::hubStackName).ifPresent(hub -> references.put(hub, of(hub).asReference()));
        return PlanRunner.run(config, settings, references);
    }

    /**
     * The plan of a repository stack file with one key of one section changed (for example dev with
     * {@code kyeol-platform:observability} {@code traces: true}), made once per test JVM like {@link #of}.
     */
    public static synchronized Plan edited(String stack, String section, String key, Object value) {
        String id = stack + " " + section + "." + key + "=" + value;
        Plan plan = EDITED.get(id);
        if (plan == null) {
            var config = TestStacks.edit(TestStacks.config(stack), section, key, value);
            plan = run(config, com.kyeol.platform.config.SettingsLoader.load(config, TestStacks.project().siblingsOf(stack)));
            EDITED.put(id, plan);
        }
        return plan;
    }

    public static StackSettings settings(String stack) {
        return SETTINGS.computeIfAbsent(stack, TestStacks::settings);
    }
}
