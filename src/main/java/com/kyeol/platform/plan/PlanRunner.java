package com.kyeol.platform.plan;

import com.kyeol.platform.Platform;
import com.kyeol.platform.config.StackConfig;
import com.kyeol.platform.config.StackSettings;
import com.pulumi.Context;
import com.pulumi.deployment.internal.DeploymentImpl;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.PulumiTestInternal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the real program ({@link Platform#define}) against the in-process mocked engine and records what
 * it registers. One run at a time: the SDK keeps its deployment in a static holder.
 */
public final class PlanRunner {

    /** The policy verdict of a plan nobody checked yet (the tests' own plans). */
    public static final String NOT_RUN = "not run";

    /**
     * Plans are deterministic, so with {@code -Dkyeol.plan.memo=true} (the test JVMs, where dozens of tests drive the
     * CLI over the same stack files) a run with equal inputs returns the plan already made. {@code bin/plan} never
     * sets it: it plans each stack once per process anyway.
     */
    private static final Map<List<Object>, Plan> MEMO = Boolean.getBoolean("kyeol.plan.memo") ? new ConcurrentHashMap<>() : null;

    private PlanRunner() {
    }

    /** Thrown when the program itself fails under the mocked engine (a bug, not bad input). */
    public static final class PlanFailedException extends RuntimeException {
        public PlanFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param references the already planned stacks this stack may reference, by stack name
     */
    public static Plan run(StackConfig config, StackSettings settings, Map<String, ReferencedStack> references) {
        if (MEMO == null) {
            return run(config, settings, references, ctx -> Platform.define(ctx, settings));
        }
        List<Object> inputs = List.of(config, settings, Map.copyOf(references));
        Plan plan = MEMO.get(inputs);
        if (plan == null) {
            plan = run(config, settings, references, ctx -> Platform.define(ctx, settings));
            MEMO.put(inputs, plan);
        }
        return plan;
    }

    /** Runs {@code program} instead of the platform (tests of the plan machinery, and of components on their own). */
    public static Plan run(StackConfig config, StackSettings settings, Map<String, ReferencedStack> references,
                           Consumer<Context> program) {
        return run(config, settings, references, program, true);
    }

    /**
     * @param quietRunner run on {@link QuietRunner} (the default) rather than the SDK's own runner, which busy-waits; both give
     *              the same plan (a test compares them)
     */
    static synchronized Plan run(StackConfig config, StackSettings settings, Map<String, ReferencedStack> references,
                                 Consumer<Context> program, boolean quietRunner) {
        var mocks = new PlanMocks(settings.region(), name -> {
            ReferencedStack referenced = references.get(name);
            if (referenced == null) {
                throw new IllegalStateException("stack reference '" + name + "' cannot be resolved offline: plan that stack "
                        + "first (bin/plan all plans the hub before the workload stacks)");
            }
            return referenced;
        });
        // The SDK logs program failures with stack traces; they come back in the result and are reported in one line.
        Logger quiet = PulumiTestInternal.logger(Level.OFF);
        var monitor = new RecordingMonitor(mocks, PulumiTestInternal.mockLog(quiet));
        var test = PulumiTestInternal.builder()
                .options(TestOptions.builder()
                        .projectName(settings.project())
                        .stackName(settings.environment())
                        .preview(false)
                        .build())
                .config(config.values(), config.secretKeys())
                .mocks(mocks)
                .standardLogger(quiet)
                .monitorDecorator(ignored -> monitor)
                .deploymentFactory(state -> {
                    if (quietRunner) {
                        state.runner = new QuietRunner(() -> state.logger);
                        state.logger = new QuietLogger(state.logger);
                    }
                    return new DeploymentImpl(state);
                })
                .build();
        try {
            var result = test.runTest(program);
            if (!result.exceptions().isEmpty()) {
                Throwable first = result.exceptions().get(0);
                throw new PlanFailedException(rootMessage(first), first);
            }
            if (!result.errors().isEmpty()) {
                throw new PlanFailedException(String.join("; ", result.errors()), null);
            }
            Map<String, Object> outputs = new TreeMap<>();
            Set<String> secret = new HashSet<>();
            result.outputs().forEach((name, output) -> {
                var data = PulumiTestInternal.extractOutputData(output);
                outputs.put(name, data.getValueNullable());
                if (data.isSecret()) {
                    secret.add(name);
                }
            });
            return new Plan(settings.project(), settings.environment(), monitor.resources(), outputs, Set.copyOf(secret),
                    List.of(), NOT_RUN);
        } finally {
            PulumiTestInternal.cleanup();
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
