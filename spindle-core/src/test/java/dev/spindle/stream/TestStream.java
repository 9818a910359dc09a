package dev.spindle.stream;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.internal.Sneaky;
import java.util.ArrayDeque;

/**
 * A stream the test feeds by hand: {@link #push} items, then {@link #end()} or {@link #fail}.
 * It records polls and cancels and fails the test if it is polled after it ended or was
 * cancelled, or cancelled after it ended or threw — the stream contract's "never again".
 *
 * @param <T> the item type
 */
final class TestStream<T> implements AsyncStream<T> {
    private static final Object END = new Object();

    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private Waker waker;
    private int polls;
    private int cancels;
    private boolean over;

    @SafeVarargs
    static <T> TestStream<T> of(T... items) {
        TestStream<T> s = new TestStream<>();
        s.push(items);
        return s;
    }

    @SafeVarargs
    final synchronized TestStream<T> push(T... items) {
        for (T item : items) {
            queue.add(item);
        }
        wake();
        return this;
    }

    synchronized TestStream<T> end() {
        queue.add(END);
        wake();
        return this;
    }

    synchronized TestStream<T> fail(Throwable t) {
        queue.add(t);
        wake();
        return this;
    }

    private void wake() {
        Waker w = waker;
        waker = null;
        if (w != null) {
            w.wake();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized Poll<T> pollNext(Context cx) {
        if (over) {
            throw new AssertionError("TestStream polled after it ended, failed or was cancelled");
        }
        polls++;
        Object o = queue.poll();
        if (o == null) {
            waker = cx.waker();
            return Poll.pending();
        }
        if (o == END) {
            over = true;
            return AsyncStream.end();
        }
        if (o instanceof Throwable t) {
            over = true;
            throw Sneaky.raise(t);
        }
        return Poll.ready((T) o);
    }

    @Override
    public synchronized void cancel() {
        if (over) {
            throw new AssertionError("TestStream cancelled after it ended, failed or was cancelled");
        }
        over = true;
        cancels++;
        queue.clear();
        waker = null;
    }

    synchronized int polls() {
        return polls;
    }

    synchronized int cancels() {
        return cancels;
    }

    /** @return whether a waker is registered (the stream returned pending and was not woken since) */
    synchronized boolean hasWaker() {
        return waker != null;
    }
}
