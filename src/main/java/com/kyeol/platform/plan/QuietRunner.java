package com.kyeol.platform.plan;

import com.google.common.collect.ImmutableList;
import com.pulumi.core.internal.ContextAwareCompletableFuture;
import com.pulumi.deployment.internal.EngineLogger;
import com.pulumi.deployment.internal.Runner;

import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The SDK's deployment runner, without its busy wait. The SDK's own runner (DeploymentImpl.DefaultRunner) waits for
 * the program's in-flight tasks by rescheduling a check of them as a new asynchronous task, over and over, and formats
 * the whole set of tasks into a log line each time; with two processor cores the JDK runs every asynchronous task on a
 * new thread, so one plan started some 1,400 threads just to wait. This runner keeps the same contract (run the program,
 * wait until no registered task is in flight, report the first failure as the run's exception, exit code 1 when errors
 * were logged) and waits on a monitor that every task completion notifies. Before it calls the run done it lets one
 * asynchronous hop pass and checks that nothing was registered meanwhile, as the SDK's next check would.
 */
final class QuietRunner implements Runner {

    private final Supplier<EngineLogger> logger;
    private final Map<CompletableFuture<?>, String> inFlight = new java.util.IdentityHashMap<>();
    private final Queue<Exception> exceptions = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    /** Bumped by every registration and completion (guarded by {@link #lock}). */
    private long generation;
    /** The first failed task, in completion order (guarded by {@link #lock}). */
    private Throwable failure;

    QuietRunner(Supplier<EngineLogger> logger) {
        this.logger = logger;
    }

    @Override
    public <T> void registerTask(String description, CompletableFuture<T> task) {
        synchronized (lock) {
            inFlight.put(task, description);
            generation++;
        }
        task.whenComplete((value, error) -> {
            synchronized (lock) {
                inFlight.remove(task);
                generation++;
                if (error != null && failure == null) {
                    failure = error;
                }
                lock.notifyAll();
            }
        });
    }

    @Override
    public <T> CompletableFuture<Result<T>> runAsync(Supplier<T> stack) {
        CompletableFuture<T> program = ContextAwareCompletableFuture.supplyAsync(stack);
        registerTask("the program", program);
        return ContextAwareCompletableFuture.supplyAsync(() -> {
            awaitQuiet();
            Throwable failed;
            synchronized (lock) {
                failed = failure;
            }
            if (failed != null) {
                exceptions.add(unwrap(failed));
                return new Outcome<T>(ProcessExitedAfterLoggingUserActionableMessage, ImmutableList.copyOf(exceptions), Optional.empty());
            }
            int code = logger.get().hasLoggedErrors() ? ProcessExitedBeforeLoggingUserActionableMessage : ProcessExitedSuccessfully;
            return new Outcome<>(code, ImmutableList.copyOf(exceptions), Optional.ofNullable(program.join()));
        });
    }

    /** Until a task failed, or nothing is in flight and an asynchronous hop later nothing was registered either. */
    private void awaitQuiet() {
        while (true) {
            long seen;
            synchronized (lock) {
                while (failure == null && !inFlight.isEmpty()) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CompletionException(e);
                    }
                }
                if (failure != null) {
                    return;
                }
                seen = generation;
            }
            ContextAwareCompletableFuture.runAsync(() -> { }).join();
            synchronized (lock) {
                if (failure != null || (generation == seen && inFlight.isEmpty())) {
                    return;
                }
            }
        }
    }

    private static Exception unwrap(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof Exception e ? e : new CompletionException(cause);
    }

    /** Runner.Result's constructor is protected. */
    private static final class Outcome<T> extends Result<T> {
        Outcome(int exitCode, java.util.List<Exception> exceptions, Optional<T> result) {
            super(exitCode, exceptions, result);
        }
    }
}
