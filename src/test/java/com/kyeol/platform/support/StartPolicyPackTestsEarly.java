package com.kyeol.platform.support;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the policy pack's tests ({@link PolicyPackTests}) as the test run begins, when the run includes
 * {@code PolicyPackTest} (registered in META-INF/services; a run of other classes starts nothing).
 */
public final class StartPolicyPackTestsEarly implements TestExecutionListener {

    static final String TEST_CLASS = "com.kyeol.platform.PolicyPackTest";

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        boolean included = plan.getRoots().stream().flatMap(root -> plan.getDescendants(root).stream())
                .anyMatch(id -> id.getSource().filter(s -> s instanceof ClassSource c && c.getClassName().equals(TEST_CLASS)).isPresent());
        if (included) {
            PolicyPackTests.start();
        }
    }
}
