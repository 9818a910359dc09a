package dev.spindle.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import java.util.concurrent.CompletableFuture;

/**
 * Drives a future inside a task and mirrors its outcome into a {@link CompletableFuture}
 * ({@code Futures.toCompletableFuture}); a cancelled task cancels the completable future. The
 * task's own handle is internal, so a failure goes only to the completable future.
 *
 * @param <T> the value type
 */
public final class CompletingFuture<T> implements Future<T> {
    private final Future<T> inner;
    private final CompletableFuture<T> target;

    public CompletingFuture(Future<T> inner, CompletableFuture<T> target) {
        this.inner = inner;
        this.target = target;
    }

    @Override
    public Poll<T> poll(Context cx) {
        Poll<T> p;
        try {
            p = inner.poll(cx);
        } catch (Throwable t) {
            // The CompletableFuture is the observer of this failure: the task itself completes
            // normally, so the failure is not also handed to the unhandled-exception policy
            // (which, with SHUTDOWN_RUNTIME, would close the runtime over a handled failure).
            target.completeExceptionally(t);
            return Poll.ready(null);
        }
        if (p instanceof Poll.Ready<T> r) {
            target.complete(r.value());
        }
        return p;
    }

    @Override
    public void cancel() {
        try {
            inner.cancel();
        } finally {
            target.cancel(false);
        }
    }
}
