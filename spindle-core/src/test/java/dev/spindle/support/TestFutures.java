package dev.spindle.support;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.internal.Sneaky;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Small hand-written futures and waits for tests (there is no {@code @Async} transform in core). */
public final class TestFutures {
    /** How long a test waits for something that should happen at once before it declares a hang. */
    public static final long HANG_SECONDS = 10;

    private TestFutures() {
    }

    /**
     * A future that completes once {@code condition} holds, re-polling itself (wake, then
     * pending) in between: on the current-thread runtime each re-poll lets queued tasks run.
     *
     * @param condition checked at each poll
     * @return the future
     */
    public static Future<Void> until(BooleanSupplier condition) {
        return cx -> {
            if (condition.getAsBoolean()) {
                return Poll.ready(null);
            }
            cx.waker().wake();
            return Poll.pending();
        };
    }

    /**
     * A future that is pending (after waking itself) for {@code n - 1} polls and ready with
     * {@code value} at the {@code n}-th.
     *
     * @param n polls until ready, at least 1
     * @param value the value
     * @param <T> its type
     * @return the future
     */
    public static <T> Future<T> readyAfterPolls(int n, T value) {
        return new Future<>() {
            int polls;

            @Override
            public Poll<T> poll(Context cx) {
                if (++polls >= n) {
                    return Poll.ready(value);
                }
                cx.waker().wake();
                return Poll.pending();
            }
        };
    }

    /**
     * A future that is pending (after waking itself) for {@code n - 1} polls and throws
     * {@code failure} at the {@code n}-th.
     *
     * @param n polls until it fails, at least 1
     * @param failure what it throws
     * @param <T> the value type
     * @return the future
     */
    public static <T> Future<T> failAfterPolls(int n, Throwable failure) {
        return new Future<>() {
            int polls;

            @Override
            public Poll<T> poll(Context cx) {
                if (++polls >= n) {
                    throw Sneaky.raise(failure);
                }
                cx.waker().wake();
                return Poll.pending();
            }
        };
    }

    /**
     * A future whose poll runs {@code action} once and completes with its value.
     *
     * @param action what to run at the (only) poll
     * @param <T> the value type
     * @return the future
     */
    public static <T> Future<T> call(Supplier<T> action) {
        return cx -> Poll.ready(action.get());
    }

    /**
     * A future whose poll runs {@code action} once and completes.
     *
     * @param action what to run at the (only) poll
     * @return the future
     */
    public static Future<Void> run(Runnable action) {
        return cx -> {
            action.run();
            return Poll.ready(null);
        };
    }

    /**
     * Waits on the test thread until {@code condition} holds, spinning with {@link Thread#yield()}
     * and failing after {@link #HANG_SECONDS}. Only for conditions that the runtime makes true on
     * its own threads and that no latch can observe (counters, {@code isClosed()}).
     *
     * @param condition the condition
     * @param what for the failure message
     */
    public static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.yield();
        }
    }

    /**
     * Awaits a latch, failing (not hanging) if it is not released within {@link #HANG_SECONDS}.
     *
     * @param latch the latch
     * @param what for the failure message
     */
    public static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(HANG_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}
