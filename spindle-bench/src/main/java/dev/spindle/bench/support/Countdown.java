package dev.spindle.bench.support;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A future that is ready once {@link #countDown()} was called {@code count} times: the
 * asynchronous {@code CountDownLatch} of the Spindle peers (one waiting task).
 *
 * <p>Wakeup guarantee: the waiting task is woken by the count-down that reaches zero.
 *
 * <p>Cancel safety: dropping the future changes nothing.
 */
public final class Countdown implements Future<Void> {

    /*
     * Implementation notes. The waiter stores `waker` then re-loads `remaining`; the last
     * count-down stores `remaining` = 0 (getAndAdd) then loads `waker`: one of them sees the
     * other (sequentially consistent volatile accesses), so the zero is never missed.
     */

    private volatile long remaining;
    private volatile Waker waker;

    /** @param count how many count-downs make it ready */
    public Countdown(long count) {
        this.remaining = count;
    }

    /**
     * Counts down once; the one that reaches zero wakes the waiting task. Any thread.
     *
     * @throws IllegalStateException when counted down more than {@code count} times
     */
    public void countDown() {
        long left = (long) REMAINING.getAndAdd(this, -1L) - 1;
        if (left == 0) {
            Waker w = waker;
            if (w != null) {
                w.wake();
            }
        } else if (left < 0) {
            throw new IllegalStateException("counted down below zero");
        }
    }

    /** @return the count-downs still missing */
    public long remaining() {
        return remaining;
    }

    @Override
    public Poll<Void> poll(Context cx) {
        if (remaining != 0) {
            waker = cx.waker();
            if (remaining != 0) {
                return Poll.pending();
            }
        }
        return Poll.ready(null);
    }

    // VarHandle mechanics
    private static final VarHandle REMAINING;

    static {
        try {
            REMAINING = MethodHandles.lookup().findVarHandle(Countdown.class, "remaining", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
