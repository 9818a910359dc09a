package dev.spindle.bench.support;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code cf} peer's async mutex: a FIFO lock whose {@link #lock()} returns a
 * {@link CompletableFuture} that completes when the caller holds it; nothing blocks. This is the
 * usual way to write one (what a user without a library would do): a flag and a queue of
 * waiting futures behind a short monitor section; {@link #unlock()} hands the lock to the oldest
 * waiter by completing its future (its continuation should be an async stage, so the hand-off
 * does not run it on the unlocker's stack).
 */
public final class CfAsyncLock {
    private static final CompletableFuture<Void> HELD = CompletableFuture.completedFuture(null);

    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private boolean locked;

    /** @return a future that completes once the caller holds the lock (already complete if free) */
    public CompletableFuture<Void> lock() {
        synchronized (this) {
            if (!locked) {
                locked = true;
                return HELD;
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            waiters.add(f);
            return f;
        }
    }

    /** Releases the lock, handing it to the oldest waiter if there is one. */
    public void unlock() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiters.poll();
            if (next == null) {
                locked = false;
                return;
            }
        }
        next.complete(null);
    }
}
