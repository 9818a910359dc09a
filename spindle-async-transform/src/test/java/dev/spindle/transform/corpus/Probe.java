package dev.spindle.transform.corpus;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import java.util.concurrent.atomic.AtomicInteger;

/** A future completed by the test, that counts how often it was cancelled. */
public final class Probe<T> implements Future<T> {
    private volatile boolean done;
    private volatile T value;
    private volatile Waker waker;
    /** Counted down at the first poll. */
    public final java.util.concurrent.CountDownLatch polled = new java.util.concurrent.CountDownLatch(1);
    /** How many times {@link #cancel()} was called. */
    public final AtomicInteger cancels = new AtomicInteger();

    /** Completes the probe and wakes its poller. */
    public void complete(T v) {
        value = v;
        done = true;
        Waker w = waker;
        if (w != null) {
            w.wake();
        }
    }

    @Override
    public Poll<T> poll(Context cx) {
        waker = cx.waker();
        polled.countDown();
        return done ? Poll.ready(value) : Poll.pending();
    }

    @Override
    public void cancel() {
        cancels.incrementAndGet();
    }
}
