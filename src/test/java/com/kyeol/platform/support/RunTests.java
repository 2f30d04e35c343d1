package com.kyeol.platform.support;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;
import java.util.Arrays;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * {@code java -cp <test classpath> com.kyeol.platform.support.RunTests <class>|<class>#<method>(<parameter types>)...}:
 * runs test classes (or methods) in a JVM of its
 * own, in its working directory (tests read the repository relative to it), and exits 1 on any failure after printing
 * each one. ReadmeRecipeTest runs the affected classes in a copy of the repository this way.
 */
public final class RunTests {

    private RunTests() {
    }

    public static void main(String[] classes) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(classes).map(c -> c.contains("#") ? selectMethod(c) : selectClass(c)).toList())
                .build();
        Launcher launcher = LauncherFactory.create();
        var listener = new SummaryGeneratingListener();
        var timing = new org.junit.platform.launcher.TestExecutionListener() {
            private final java.util.Map<String, Long> started = new java.util.HashMap<>();

            @Override
            public void executionStarted(org.junit.platform.launcher.TestIdentifier id) {
                if (id.getSource().filter(org.junit.platform.engine.support.descriptor.ClassSource.class::isInstance).isPresent()) {
                    started.put(id.getUniqueId(), System.nanoTime());
                }
            }

            @Override
            public void executionFinished(org.junit.platform.launcher.TestIdentifier id, org.junit.platform.engine.TestExecutionResult r) {
                Long start = started.remove(id.getUniqueId());
                if (start != null) {
                    System.out.printf("%-24s %5d ms%n", id.getDisplayName(), (System.nanoTime() - start) / 1_000_000);
                }
            }
        };
        launcher.execute(request, listener, timing);
        TestExecutionSummary summary = listener.getSummary();
        var out = new PrintWriter(System.out, true);
        summary.getFailures().forEach(f -> out.println("FAILED " + f.getTestIdentifier().getDisplayName() + " ("
                + f.getTestIdentifier().getUniqueId().replaceAll(".*class:([^\\]]+)\\].*", "$1") + "): " + f.getException()));
        out.printf("%d tests, %d failed, %d skipped%n", summary.getTestsFoundCount(), summary.getTotalFailureCount(),
                summary.getTestsSkippedCount());
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsFoundCount() > 0 ? 0 : 1);
    }
}
