package dev.spindle.time;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.runtime.internal.RuntimeCore;
import dev.spindle.runtime.internal.ThreadContext;
import dev.spindle.time.internal.TimerEntry;

/**
 * A future that completes at a {@link Deadline} on the runtime's clock ({@link Time#sleep},
 * {@link Time#sleepUntil}). Lazy: it registers with the runtime's timer wheel at its first poll
 * (on whichever runtime polls it) and never completes early; the wheel's resolution is 1 ms, so
 * it may complete up to about a millisecond late.
 *
 * <p>Cancelling a pending sleep removes its wheel entry at once (O(1)).
 *
 * @implNote Cancel safety: cancel-safe; a cancelled sleep holds nothing.
 */
public final class Sleep implements Future<Void> {
    private long deadlineNanos;
    private Entry entry;
    private RuntimeCore runtime;
    private boolean elapsed;

    Sleep(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** @return when this sleep completes */
    public Deadline deadline() {
        return Deadline.ofNanos(deadlineNanos);
    }

    /** @return whether the sleep has completed */
    public boolean isElapsed() {
        return elapsed || (entry != null && entry.isFired());
    }

    /**
     * Moves the deadline, whether the sleep is pending or already elapsed (then it becomes pending
     * again). Must be called by the thread that polls it, between polls.
     *
     * @param deadline the new deadline
     */
    public void reset(Deadline deadline) {
        this.deadlineNanos = deadline.nanos();
        this.elapsed = false;
        if (runtime != null) {
            if (entry == null) {
                entry = new Entry(); // it completed at its first poll without a timer; the next poll sets the waker
            }
            // Re-inserting the same entry moves it in the wheel (no allocation); a wake from its
            // previous firing that is still in flight only causes a spurious poll.
            if (!runtime.driver.registerTimer(entry, deadlineNanos)) {
                elapsed = true;
            }
        }
    }

    @Override
    public Poll<Void> poll(Context cx) {
        if (elapsed) {
            return Poll.ready(null);
        }
        if (!Coop.proceed(cx)) {
            return Poll.pending();
        }
        Entry e = entry;
        if (e == null) {
            RuntimeCore rt = ThreadContext.currentRuntime();
            if (rt == null) {
                throw new IllegalStateException("a Sleep must be polled inside a Spindle runtime (a task or blockOn): "
                        + "timers belong to the runtime's driver");
            }
            runtime = rt;
            if (deadlineNanos - rt.nowNanos() <= 0) {
                elapsed = true; // already due: no timer, no wait for the driver's next turn
                return Poll.ready(null);
            }
            e = new Entry();
            e.waker = cx.waker();
            entry = e;
            if (!rt.driver.registerTimer(e, deadlineNanos)) {
                elapsed = true;
                return Poll.ready(null);
            }
            return Poll.pending();
        }
        if (e.isFired()) {
            elapsed = true;
            return Poll.ready(null);
        }
        Waker w = cx.waker();
        if (!w.willWake(e.waker)) {
            e.waker = w;
        }
        if (e.isFired()) {
            elapsed = true;
            return Poll.ready(null);
        }
        return Poll.pending();
    }

    @Override
    public void cancel() {
        Entry e = entry;
        if (e != null && runtime != null && !e.isFired()) {
            runtime.driver.cancelTimer(e);
        }
    }

    @Override
    public String toString() {
        return "Sleep[until " + deadlineNanos + " ns" + (isElapsed() ? ", elapsed" : "") + "]";
    }

    /**
     * The wheel entry. The poller writes {@link #waker} (volatile) and then reads the fired state;
     * the driver sets the fired state and then reads the waker: one of them sees the other.
     */
    private static final class Entry extends TimerEntry {
        volatile Waker waker;

        @Override
        protected void fire() {
            Waker w = waker;
            if (w != null) {
                w.wake();
            }
        }
    }
}
