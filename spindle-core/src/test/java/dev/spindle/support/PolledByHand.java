package dev.spindle.support;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A future polled by the test thread itself, with a waker that counts its wakes: the core
 * module's stand-in for spindle-test's {@code TestTask} (which core's tests cannot use, since
 * spindle-test depends on core). It is how a primitive's test proves the wakeup contract:
 * pending, woken when progress is possible, then ready; and the drop contract, through
 * {@link #cancel()}.
 *
 * <p>Polls run outside any task, so the cooperative budget is unconstrained; a test of the
 * budget runs its future in a real task instead.
 *
 * @param <T> the future's value type
 */
public final class PolledByHand<T> {
    private final Future<T> future;
    private final AtomicInteger wakes = new AtomicInteger();
    private final Waker waker = wakes::incrementAndGet;
    private final Context cx = Context.of(waker);
    private int wakesSeenAtLastPoll;
    private boolean done;
    private T value;

    private PolledByHand(Future<T> future) {
        this.future = future;
    }

    /**
     * @param future the future to drive by hand
     * @param <T> its value type
     * @return a task that has not been polled yet
     */
    public static <T> PolledByHand<T> of(Future<T> future) {
        return new PolledByHand<>(future);
    }

    /**
     * Polls once; a failure of the future propagates as thrown.
     *
     * @return whether the future is ready now
     * @throws IllegalStateException if it already completed or was cancelled
     */
    public boolean poll() {
        if (done) {
            throw new IllegalStateException("the future already completed or was cancelled");
        }
        wakesSeenAtLastPoll = wakes.get();
        Poll<T> p;
        try {
            p = future.poll(cx);
        } catch (RuntimeException | Error e) {
            done = true;
            throw e;
        }
        if (p instanceof Poll.Ready<T> r) {
            done = true;
            value = r.value();
            return true;
        }
        return false;
    }

    /**
     * Polls and asserts that the future is still pending.
     *
     * @throws AssertionError if it is ready
     */
    public void assertPending() {
        if (poll()) {
            throw new AssertionError("expected pending, but the future completed with " + value);
        }
    }

    /**
     * Polls and asserts that the future is ready.
     *
     * @return its value
     * @throws AssertionError if it is pending
     */
    public T assertReady() {
        if (!poll()) {
            throw new AssertionError("expected ready, but the future is pending");
        }
        return value;
    }

    /** @return whether the waker was woken since the last poll began */
    public boolean isWoken() {
        return wakes.get() != wakesSeenAtLastPoll;
    }

    /** @return how many times the waker was woken in all */
    public int wakeCount() {
        return wakes.get();
    }

    /** @return the waker this task polls with */
    public Waker waker() {
        return waker;
    }

    /** Cancels the future (Rust's drop), unless it completed. */
    public void cancel() {
        if (!done) {
            done = true;
            future.cancel();
        }
    }
}
