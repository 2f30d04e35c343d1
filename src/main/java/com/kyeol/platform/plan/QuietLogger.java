package com.kyeol.platform.plan;

import com.pulumi.deployment.internal.EngineLogger;
import com.pulumi.resources.Resource;

import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;

/**
 * The deployment's engine logger without its debug messages: the SDK logs a debug line for every resource it
 * registers, each through an asynchronous task (a new thread on two cores), and the offline engine has nobody to read
 * them. Everything else, errors and their count above all, goes to the SDK's own logger unchanged.
 */
final class QuietLogger implements EngineLogger {

    private final EngineLogger delegate;

    QuietLogger(EngineLogger delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<Void> debugAsync(String message, Resource resource, Integer streamId, Boolean ephemeral) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> infoAsync(String message, Resource resource, Integer streamId, Boolean ephemeral) {
        return delegate.infoAsync(message, resource, streamId, ephemeral);
    }

    @Override
    public CompletableFuture<Void> warnAsync(String message, Resource resource, Integer streamId, Boolean ephemeral) {
        return delegate.warnAsync(message, resource, streamId, ephemeral);
    }

    @Override
    public CompletableFuture<Void> errorAsync(String message, Resource resource, Integer streamId, Boolean ephemeral) {
        return delegate.errorAsync(message, resource, streamId, ephemeral);
    }

    @Override
    public CompletableFuture<Void> logAsync(Level level, String message, Resource resource, Integer streamId, Boolean ephemeral) {
        return level.intValue() < Level.INFO.intValue() ? CompletableFuture.completedFuture(null)
                : delegate.logAsync(level, message, resource, streamId, ephemeral);
    }

    @Override
    public int getErrorCount() {
        return delegate.getErrorCount();
    }

    @Override
    public boolean hasLoggedErrors() {
        return delegate.hasLoggedErrors();
    }
}
