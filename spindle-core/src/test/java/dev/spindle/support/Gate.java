package dev.spindle.support;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A one-shot event for tests: any thread {@link #open()}s it, and every {@link #future()} polled
 * before or after completes. Unlike a {@code CountDownLatch} it is awaited by polling, so a test
 * can wait for it inside {@code blockOn} on either runtime flavour (the current-thread runtime runs
 * its tasks only there).
 */
public final class Gate {
    private volatile boolean open;
    private final ConcurrentLinkedQueue<Waker> waiters = new ConcurrentLinkedQueue<>();

    /** Opens the gate and wakes every waiter. Idempotent. */
    public void open() {
        open = true;
        Waker w;
        while ((w = waiters.poll()) != null) {
            w.wake();
        }
    }

    /** @return whether {@link #open()} was called */
    public boolean isOpen() {
        return open;
    }

    /** @return a future that completes once the gate is open */
    public Future<Void> future() {
        return this::pollOpen;
    }

    /**
     * Returns a future that completes with {@code value} once the gate is open.
     *
     * @param value the value
     * @param <T> its type
     * @return the future
     */
    public <T> Future<T> thenReady(T value) {
        return future().map(v -> value);
    }

    private Poll<Void> pollOpen(Context cx) {
        if (open) {
            return Poll.ready(null);
        }
        waiters.add(cx.waker());
        if (open) { // opened between the check and the registration: the opener may have missed us
            return Poll.ready(null);
        }
        return Poll.pending();
    }
}
