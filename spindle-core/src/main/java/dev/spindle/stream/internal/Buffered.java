package dev.spindle.stream.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.internal.FutureSet;
import dev.spindle.internal.Sneaky;
import dev.spindle.stream.AsyncStream;
import java.util.function.Function;

/**
 * {@link AsyncStream#buffered(int)} and {@link AsyncStream#bufferUnordered(int)}: up to {@code n}
 * futures built from the upstream's items run at once inside the polling task.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>The futures live in a {@link FutureSet} of capacity {@code n}, each polled only when its own
 * waker fired. Each poll of the stream first refills: it pulls upstream items while fewer than
 * {@code n} futures are held, then polls the woken futures.
 *
 * <p><b>Unordered</b>: the first future to complete is yielded at once, and its slot is free for
 * the next pull; held = the set's size.
 *
 * <p><b>Ordered</b>: futures are numbered as they are pulled ({@code nextSeq}); a value that
 * completes out of turn waits in the ring {@code results[seq % n]} until every earlier one has
 * been yielded ({@code headSeq}). Held = {@code nextSeq - headSeq}, counting both running and
 * waiting futures, so at most {@code n} exist and the ring never overwrites a waiting value.
 *
 * <p><b>Failure and drop.</b> The first failure — of the upstream, of the mapping function, or of
 * a future — cancels the upstream (unless it ended or threw itself) and every future still in
 * the set, then is rethrown; {@link #cancel()} does the same without a failure. Waiting values
 * are dropped.
 *
 * @param <T> the upstream item type
 * @param <R> the futures' value type
 */
public final class Buffered<T, R> extends RawStream<R> {
    private static final Function<Object, Future<Object>> REQUIRE_FUTURE = item -> {
        if (item instanceof Future<?> f) {
            @SuppressWarnings("unchecked")
            Future<Object> fo = (Future<Object>) f;
            return fo;
        }
        throw new ClassCastException("buffered(n)/bufferUnordered(n) need a stream of futures, got an item of "
                + item.getClass().getName() + "; use buffered(n, fn) to build the futures");
    };

    private final RawStream<T> up;
    private final Function<? super T, ? extends Future<? extends R>> fn;
    private final int n;
    private final boolean ordered;
    private final FutureSet<R> set;
    private final Object[] results;
    private long nextSeq;
    private long headSeq;
    private boolean upDone;
    private boolean finished;

    /**
     * @param up the upstream
     * @param fn builds the future for each item
     * @param n the most futures held, at least 1
     * @param ordered whether values keep the order of the items
     */
    public Buffered(AsyncStream<T> up, Function<? super T, ? extends Future<? extends R>> fn, int n, boolean ordered) {
        if (n < 1) {
            throw new IllegalArgumentException((ordered ? "buffered" : "bufferUnordered") + "(n) needs n >= 1, got " + n);
        }
        this.up = RawStream.of(up);
        this.fn = fn;
        this.n = n;
        this.ordered = ordered;
        this.set = new FutureSet<>(n);
        this.results = ordered ? new Object[n] : null;
    }

    /**
     * The function behind the untyped {@code buffered(n)}: the item must be a future.
     *
     * @param <T> the item type
     * @param <R> the value type
     * @return the cast function
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T, R> Function<T, Future<R>> requireFuture() {
        return (Function) REQUIRE_FUTURE;
    }

    private long held() {
        return ordered ? nextSeq - headSeq : set.size();
    }

    @Override
    public Object pollRaw(Context cx) {
        if (finished) {
            return END;
        }
        set.beginPoll(cx.waker());
        for (;;) {
            if (ordered) {
                int head = (int) (headSeq % n);
                Object v = results[head];
                if (v != null) {
                    results[head] = null;
                    headSeq++;
                    return v;
                }
            }
            fill(cx);
            FutureSet.Slot s;
            try {
                s = set.pollOne(cx);
            } catch (Throwable t) {
                throw fail(t, true);
            }
            if (s == null) {
                if (upDone && held() == 0) {
                    finished = true;
                    return END;
                }
                return PENDING;
            }
            Object v = s.value();
            long seq = s.seq();
            set.release(s);
            if (v == null) {
                throw fail(new NullPointerException("a future of " + name() + " completed with null "
                        + "(streams carry no null items)"), true);
            }
            if (!ordered) {
                return v;
            }
            results[(int) (seq % n)] = v;
        }
    }

    /** Pulls upstream items while there is room. */
    private void fill(Context cx) {
        while (!upDone && held() < n) {
            Object p;
            try {
                p = up.pollRaw(cx);
            } catch (Throwable t) {
                upDone = true; // it threw, so it ended and cleaned itself
                throw fail(t, false);
            }
            if (p == END) {
                upDone = true;
                return;
            }
            if (p == PENDING) {
                return;
            }
            if (p == null) {
                throw fail(new NullPointerException("the upstream of " + name() + " produced a null item"), true);
            }
            @SuppressWarnings("unchecked")
            T item = (T) p;
            Future<? extends R> f;
            try {
                f = fn.apply(item);
            } catch (Throwable t) {
                throw fail(t, true);
            }
            if (f == null) {
                throw fail(new NullPointerException("the function of " + name() + " returned null instead of a future"), true);
            }
            set.add(f, nextSeq++);
        }
    }

    private String name() {
        return ordered ? "buffered(" + n + ")" : "bufferUnordered(" + n + ")";
    }

    /** Ends the stream with {@code t}: cancels the futures, and the upstream unless it is over. */
    private RuntimeException fail(Throwable t, boolean cancelUpstream) {
        finished = true;
        if (cancelUpstream && !upDone) {
            upDone = true;
            StreamOps.cancelInto(up, t);
        }
        set.cancelAll(t);
        clearResults();
        throw Sneaky.raise(t);
    }

    private void clearResults() {
        if (results != null) {
            java.util.Arrays.fill(results, null);
        }
    }

    @Override
    public void cancel() {
        if (finished) {
            return;
        }
        finished = true;
        clearResults();
        try {
            if (!upDone) {
                upDone = true;
                up.cancel();
            }
        } finally {
            set.cancelAll(null);
        }
    }

    @Override
    public String toString() {
        return up + "." + name() + "[" + set.size() + " running]";
    }
}
