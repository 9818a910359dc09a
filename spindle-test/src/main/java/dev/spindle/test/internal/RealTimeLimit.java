package dev.spindle.test.internal;

import dev.spindle.Waker;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A wall-clock limit for one test: when it expires it sets a flag and wakes the test future's
 * waker, so that the future's next poll sees the flag and gives up.
 *
 * <p>Wall clock on purpose: the runtime's own clock may be paused and jump ahead by hours, and a
 * test that deadlocks makes no runtime time pass at all, so {@code Time.timeout} could never
 * bound a test. The expiry runs on one shared daemon thread, {@code spindle-test-timer}, created
 * on first use; nothing else runs there.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>Two threads meet here: the test thread, which polls the test future, and the timer thread.
 * The test thread calls {@link #register(Waker)} (a volatile write of {@link #waker}) and then
 * {@link #isExpired()} (a volatile read of {@link #expired}), at every poll. The timer thread
 * writes {@code expired} and then reads {@code waker}. Volatile accesses are sequentially
 * consistent, so one of the two sees the other's write: either the poll sees the limit expired,
 * or the timer sees the waker of that poll and wakes it, which causes another poll that does.
 * Waking a stale waker (the poll had registered a newer one) is harmless: each poll registers the
 * waker it was given, and the runtime's wakers are stable for a given task.
 */
final class RealTimeLimit {
    private final long limitMillis;
    private volatile Waker waker;
    private volatile boolean expired;
    private final ScheduledFuture<?> scheduledExpiry;

    private RealTimeLimit(long limitMillis) {
        this.limitMillis = limitMillis;
        this.scheduledExpiry = limitMillis > 0
                ? TimerThread.EXECUTOR.schedule(this::expire, limitMillis, TimeUnit.MILLISECONDS)
                : null;
    }

    /**
     * Starts a limit of {@code limitMillis} from now.
     *
     * @param limitMillis the limit; zero or negative for none
     * @return the running limit
     */
    static RealTimeLimit start(long limitMillis) {
        return new RealTimeLimit(limitMillis);
    }

    /** @return the limit this was started with, in milliseconds */
    long limitMillis() {
        return limitMillis;
    }

    /**
     * Records the waker to wake on expiry. Call before {@link #isExpired()} at each poll.
     *
     * @param w the current poll's waker
     */
    void register(Waker w) {
        waker = w;
    }

    /** @return whether the limit has expired */
    boolean isExpired() {
        return expired;
    }

    /** Stops the timer, so that a finished test leaves no pending expiry behind. */
    void stop() {
        if (scheduledExpiry != null) {
            scheduledExpiry.cancel(false);
        }
    }

    private void expire() {
        expired = true;
        Waker w = waker;
        if (w != null) {
            w.wake();
        }
    }

    /** Holder of the shared timer thread, created when the first limit starts. */
    private static final class TimerThread {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "spindle-test-timer");
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
