package dev.spindle.support;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a future and records what the runtime does to it: how often it was polled, how often
 * {@link #cancel()} ran, and gates that open at the first poll and at the first cancel, so that a
 * test can wait for "the task has started" or "the task's cleanup ran" without timing.
 *
 * @param <T> the value type
 */
public final class Tracked<T> implements Future<T> {
    private final Future<T> inner;
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private volatile boolean completed;
    /** Opens after the first poll of the inner future returned (its waker is registered by then). */
    public final Gate polled = new Gate();
    /** Opens when {@link #cancel()} runs. */
    public final Gate cancelled = new Gate();

    private Tracked(Future<T> inner) {
        this.inner = inner;
    }

    /**
     * @param inner the future to observe
     * @param <T> its type
     * @return the tracked future
     */
    public static <T> Tracked<T> of(Future<T> inner) {
        return new Tracked<>(inner);
    }

    /**
     * @param <T> the value type
     * @return a tracked future that never completes
     */
    public static <T> Tracked<T> pending() {
        return new Tracked<>(Future.pending());
    }

    @Override
    public Poll<T> poll(Context cx) {
        polls.incrementAndGet();
        Poll<T> p;
        try {
            p = inner.poll(cx);
        } finally {
            polled.open();
        }
        if (p.isReady()) {
            completed = true;
        }
        return p;
    }

    @Override
    public void cancel() {
        cancels.incrementAndGet();
        try {
            inner.cancel();
        } finally {
            cancelled.open();
        }
    }

    /** @return how many times {@link #poll} ran */
    public int polls() {
        return polls.get();
    }

    /** @return how many times {@link #cancel()} ran */
    public int cancels() {
        return cancels.get();
    }

    /** @return whether the inner future returned ready */
    public boolean completed() {
        return completed;
    }
}
