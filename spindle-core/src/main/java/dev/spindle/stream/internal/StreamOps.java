package dev.spindle.stream.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.internal.Sneaky;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.stream.AsyncStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The sources and the one-upstream-at-a-time combinators behind {@link AsyncStream}.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>Each class is a small state machine polled by one thread at a time, so no field is
 * volatile. The rules they share:
 * <ul>
 *   <li><b>The raw protocol.</b> Every class is a {@link RawStream}: it implements
 *       {@code pollRaw} and pulls its upstreams raw (user-written upstreams through an adapter
 *       made at construction), so items travel stage to stage as themselves, each stage first
 *       checking the result against the two sentinels.</li>
 *   <li><b>No allocation per item.</b> A combinator that passes an item on unchanged returns it;
 *       one that changes it allocates only what the user's function returns. Nothing else is
 *       allocated on the steady state: the one {@code Poll.ready} is built by the public
 *       {@code pollNext} wrapper, for a user who polls a stage by hand.</li>
 *   <li><b>A throw ends the stream and cleans up.</b> Whoever throws out of a poll has
 *       released everything first: an upstream that throws has cleaned itself (the contract), so
 *       a combinator only cancels what else it owns (the other side of a zip or merge, the
 *       current inner future). When a user function throws, or returns {@code null}, the
 *       combinator cancels its upstream before rethrowing ({@link #abort}).</li>
 *   <li><b>Ownership is dropped once given up.</b> A stream that ended, was cancelled or was
 *       cancelled by us is nulled out, so a later {@code cancel()} cannot cancel it twice.</li>
 *   <li><b>Budget.</b> The in-memory sources spend one unit of the cooperative budget per item
 *       ({@link Coop#proceed}) — they are the only places where an endless stream could
 *       otherwise keep a task from yielding; combinators spend none of their own.</li>
 * </ul>
 */
public final class StreamOps {
    private StreamOps() {
    }

    /**
     * {@link AsyncStream#end()}: the shared end-of-stream sentinel. Its value is
     * {@link RawStream#END}, never an item, so a missed identity check fails loudly.
     */
    public static final Poll<Object> END = new Poll.Ready<>(RawStream.END);

    private static final Object RAW_END = RawStream.END;
    private static final Object PENDING = RawStream.PENDING;

    /** {@link AsyncStream#empty()}. */
    public static final AsyncStream<Object> EMPTY = new RawStream<>() {
        @Override
        public Object pollRaw(Context cx) {
            return RAW_END;
        }

        @Override
        public String toString() {
            return "AsyncStream.empty()";
        }
    };

    @SuppressWarnings("unchecked")
    static <T> Poll<T> end() {
        return (Poll<T>) END;
    }

    /**
     * Cancels {@code upstream} (if any) and throws {@code failure}: how a combinator ends itself
     * when a user function failed.
     *
     * @param upstream what the combinator still owns, or {@code null}
     * @param failure the failure to throw
     * @return never returns
     */
    static RuntimeException abort(AsyncStream<?> upstream, Throwable failure) {
        if (upstream != null) {
            cancelInto(upstream, failure);
        }
        throw Sneaky.raise(failure);
    }

    /**
     * The failure for a {@code null} where an item was expected; cancels {@code upstream}.
     *
     * @param upstream what the combinator still owns, or {@code null}
     * @param what what produced the {@code null}
     * @return never returns
     */
    static RuntimeException nullItem(AsyncStream<?> upstream, String what) {
        throw abort(upstream, new NullPointerException(what + " produced a null item (streams carry no null items)"));
    }

    /**
     * Reads an item out of a raw upstream result that is neither sentinel, failing on
     * {@code null} (which only a user stream's {@code Poll.ready(null)} produces).
     *
     * @param v the raw result
     * @param upstream cancelled if the item is {@code null}
     * @param <T> the item type
     * @return the item
     */
    @SuppressWarnings("unchecked")
    static <T> T item(Object v, AsyncStream<?> upstream) {
        if (v == null) {
            throw nullItem(upstream, "the upstream stream " + upstream);
        }
        return (T) v;
    }

    /**
     * Applies a user function to an item, as combinators do: if it throws, or returns
     * {@code null}, {@code upstream} is cancelled and the failure thrown.
     *
     * @param fn the function
     * @param v the item
     * @param upstream cancelled on failure
     * @param what the function, for the message
     * @param <V> the item type
     * @param <R> the result type
     * @return the non-null result
     */
    static <V, R> R apply(Function<? super V, ? extends R> fn, V v, AsyncStream<?> upstream, String what) {
        R out;
        try {
            out = fn.apply(v);
        } catch (Throwable t) {
            throw abort(upstream, t);
        }
        if (out == null) {
            throw abort(upstream, new NullPointerException(what + " returned null"));
        }
        return out;
    }

    /**
     * Items an in-memory source yields per unit of the cooperative budget. A budget unit stands
     * for a resource operation; producing an item from memory is far cheaper (a few ns, while
     * reading the budget off the thread costs a thread-local lookup on non-runtime threads), so
     * the sources charge one unit per batch, as tokio-stream's {@code iter} yields every 32
     * items. A task draining an endless in-memory stream still yields every 128 × 32 items.
     */
    static final int ITEMS_PER_BUDGET_UNIT = 32;

    /**
     * The budget check of an in-memory source.
     *
     * @param credit items left in the current batch
     * @param cx the context, woken if the budget is spent
     * @return the new credit, or -1 if the source must return pending
     */
    static int spend(int credit, Context cx) {
        if (credit > 0) {
            return credit - 1;
        }
        return Coop.proceed(cx) ? ITEMS_PER_BUDGET_UNIT - 1 : -1;
    }

    /** Cancels a stream, tolerating {@code null}. */
    static void cancelQuietly(AsyncStream<?> s) {
        if (s != null) {
            s.cancel();
        }
    }

    // ------------------------------------------------------------------ sources

    /** {@link AsyncStream#of} and {@link AsyncStream#fromIterable}: the iterator is taken lazily. */
    public static final class FromIterator<T> extends RawStream<T> {
        private Iterable<? extends T> iterable;
        private Iterator<? extends T> it;
        private int credit;

        public FromIterator(Iterable<? extends T> iterable) {
            this.iterable = iterable;
        }

        @Override
        public Object pollRaw(Context cx) {
            if ((credit = spend(credit, cx)) < 0) {
                credit = 0;
                return PENDING;
            }
            Iterator<? extends T> i = it;
            if (i == null) {
                if (iterable == null) {
                    return RAW_END; // ended or cancelled: fused
                }
                i = it = iterable.iterator();
                iterable = null;
            }
            if (!i.hasNext()) {
                it = null;
                return RAW_END;
            }
            T v = i.next();
            if (v == null) {
                it = null;
                throw nullItem(null, "the iterable of AsyncStream.fromIterable");
            }
            return v;
        }

        @Override
        public void cancel() {
            it = null;
            iterable = null;
        }

        @Override
        public String toString() {
            return "AsyncStream.fromIterable(" + (iterable != null ? iterable : it) + ")";
        }
    }

    /** {@link AsyncStream#range(int, int)}: boxes each item once, as {@code Integer.valueOf}. */
    public static final class Range extends RawStream<Integer> {
        private int next;
        private final int end;
        private int credit;

        public Range(int start, int end) {
            this.next = start;
            this.end = end;
        }

        @Override
        public Object pollRaw(Context cx) {
            if (next >= end) {
                return RAW_END;
            }
            if ((credit = spend(credit, cx)) < 0) {
                credit = 0;
                return PENDING;
            }
            return Integer.valueOf(next++);
        }

        @Override
        public String toString() {
            return "AsyncStream.range(next " + next + ", end " + end + ")";
        }
    }

    /** {@link AsyncStream#iterate(Object, UnaryOperator)}. */
    public static final class Iterate<T> extends RawStream<T> {
        private T next;
        private final UnaryOperator<T> fn;
        private boolean started;
        private int credit;

        public Iterate(T seed, UnaryOperator<T> fn) {
            this.next = seed;
            this.fn = fn;
        }

        @Override
        public Object pollRaw(Context cx) {
            if ((credit = spend(credit, cx)) < 0) {
                credit = 0;
                return PENDING;
            }
            if (started) {
                T v = fn.apply(next);
                if (v == null) {
                    throw nullItem(null, "the function of AsyncStream.iterate");
                }
                next = v;
            }
            started = true;
            return next;
        }
    }

    /** {@link AsyncStream#unfold}. */
    public static final class Unfold<S, T> extends RawStream<T> {
        private S state;
        private final Function<? super S, ? extends Future<? extends java.util.Map.Entry<? extends T, ? extends S>>> step;
        private Future<? extends java.util.Map.Entry<? extends T, ? extends S>> current;
        private boolean done;

        public Unfold(S seed, Function<? super S, ? extends Future<? extends java.util.Map.Entry<? extends T, ? extends S>>> step) {
            this.state = seed;
            this.step = step;
        }

        @Override
        public Object pollRaw(Context cx) {
            if (done) {
                return RAW_END;
            }
            var f = current;
            if (f == null) {
                f = step.apply(state);
                if (f == null) {
                    throw new NullPointerException("the step of AsyncStream.unfold returned null instead of a future");
                }
                current = f;
            }
            var p = f.poll(cx); // a throw ends the stream; the future has completed by throwing
            if (!(p instanceof Poll.Ready<? extends java.util.Map.Entry<? extends T, ? extends S>> r)) {
                return PENDING;
            }
            current = null;
            var e = r.value();
            if (e == null) {
                state = null;
                done = true;
                return RAW_END;
            }
            T v = e.getKey();
            if (v == null) {
                throw nullItem(null, "the step of AsyncStream.unfold");
            }
            state = e.getValue();
            return v;
        }

        @Override
        public void cancel() {
            var f = current;
            current = null;
            state = null;
            if (f != null) {
                f.cancel();
            }
        }
    }

    /** {@link AsyncStream#error(Throwable)}. */
    public static final class Error<T> extends RawStream<T> {
        private final Throwable failure;

        public Error(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Object pollRaw(Context cx) {
            throw Sneaky.raise(failure);
        }

        @Override
        public String toString() {
            return "AsyncStream.error(" + failure + ")";
        }
    }

    // ------------------------------------------------------------------ combinators

    /** Whether a raw result is a sentinel rather than an item. */
    static boolean isSignal(Object v) {
        return v == PENDING || v == RAW_END;
    }

    /** {@link AsyncStream#map}. */
    public static final class Map<T, R> extends RawStream<R> {
        private final RawStream<T> up;
        private final Function<? super T, ? extends R> fn;

        public Map(AsyncStream<T> up, Function<? super T, ? extends R> fn) {
            this.up = RawStream.of(up);
            this.fn = fn;
        }

        @Override
        public Object pollRaw(Context cx) {
            Object v = up.pollRaw(cx);
            if (isSignal(v)) {
                return v;
            }
            return apply(fn, StreamOps.<T>item(v, up), up, "the function of map()");
        }

        @Override
        public void cancel() {
            up.cancel();
        }

        @Override
        public String toString() {
            return up + ".map()";
        }
    }

    /** {@link AsyncStream#filter}. */
    public static final class Filter<T> extends RawStream<T> {
        private final RawStream<T> up;
        private final Predicate<? super T> predicate;

        public Filter(AsyncStream<T> up, Predicate<? super T> predicate) {
            this.up = RawStream.of(up);
            this.predicate = predicate;
        }

        @Override
        public Object pollRaw(Context cx) {
            for (;;) {
                Object v = up.pollRaw(cx);
                if (isSignal(v)) {
                    return v;
                }
                boolean keep;
                try {
                    keep = predicate.test(item(v, up));
                } catch (Throwable t) {
                    throw abort(up, t);
                }
                if (keep) {
                    return v;
                }
            }
        }

        @Override
        public void cancel() {
            up.cancel();
        }

        @Override
        public String toString() {
            return up + ".filter()";
        }
    }

    /** {@link AsyncStream#then}: one future at a time. */
    public static final class Then<T, R> extends RawStream<R> {
        private final RawStream<T> up;
        private final Function<? super T, ? extends Future<? extends R>> fn;
        private Future<? extends R> current;

        public Then(AsyncStream<T> up, Function<? super T, ? extends Future<? extends R>> fn) {
            this.up = RawStream.of(up);
            this.fn = fn;
        }

        @Override
        public Object pollRaw(Context cx) {
            for (;;) {
                Future<? extends R> f = current;
                if (f != null) {
                    Poll<? extends R> p;
                    try {
                        p = f.poll(cx);
                    } catch (Throwable t) {
                        current = null;
                        throw abort(up, t);
                    }
                    if (!(p instanceof Poll.Ready<? extends R> r)) {
                        return PENDING;
                    }
                    current = null;
                    R v = r.value();
                    if (v == null) {
                        throw nullItem(up, "a future of then()");
                    }
                    return v;
                }
                Object v = up.pollRaw(cx);
                if (isSignal(v)) {
                    return v;
                }
                current = apply(fn, StreamOps.<T>item(v, up), up, "the function of then()");
            }
        }

        @Override
        public void cancel() {
            Future<? extends R> f = current;
            current = null;
            if (f != null) {
                f.cancel();
            }
            up.cancel();
        }
    }

    /**
     * {@link AsyncStream#flatMap}: drains each inner stream before pulling the next item. Inner
     * streams are polled with {@link RawStream#poll}, so a user-written one costs no adapter.
     */
    public static final class FlatMap<T, R> extends RawStream<R> {
        private final RawStream<T> up;
        private final Function<? super T, ? extends AsyncStream<? extends R>> fn;
        private AsyncStream<? extends R> inner;

        public FlatMap(AsyncStream<T> up, Function<? super T, ? extends AsyncStream<? extends R>> fn) {
            this.up = RawStream.of(up);
            this.fn = fn;
        }

        @Override
        public Object pollRaw(Context cx) {
            for (;;) {
                AsyncStream<? extends R> in = inner;
                if (in != null) {
                    Object v;
                    try {
                        v = RawStream.poll(in, cx);
                    } catch (Throwable t) {
                        inner = null;
                        throw abort(up, t);
                    }
                    if (v == RAW_END) {
                        inner = null;
                        continue;
                    }
                    if (v == null) {
                        inner = null;
                        in.cancel();
                        throw nullItem(up, "an inner stream of flatMap()");
                    }
                    return v;
                }
                Object v = up.pollRaw(cx);
                if (isSignal(v)) {
                    return v;
                }
                inner = apply(fn, StreamOps.<T>item(v, up), up, "the function of flatMap()");
            }
        }

        @Override
        public void cancel() {
            cancelQuietly(inner);
            inner = null;
            up.cancel();
        }
    }

    /** {@link AsyncStream#take}: cancels the upstream as soon as the last item passed. */
    public static final class Take<T> extends RawStream<T> {
        private RawStream<T> up;
        private long remaining;

        public Take(AsyncStream<T> up, long n) {
            this.up = RawStream.of(up);
            this.remaining = n;
        }

        @Override
        public Object pollRaw(Context cx) {
            RawStream<T> u = up;
            if (remaining == 0) {
                up = null;
                cancelQuietly(u); // take(0): never polled; otherwise already null
                return RAW_END;
            }
            Object v = u.pollRaw(cx);
            if (v == RAW_END) {
                up = null;
                return v;
            }
            if (v != PENDING) {
                item(v, u);
                if (--remaining == 0) {
                    up = null;
                    u.cancel();
                }
            }
            return v;
        }

        @Override
        public void cancel() {
            RawStream<T> u = up;
            up = null;
            cancelQuietly(u);
        }
    }

    /** {@link AsyncStream#skip}. */
    public static final class Skip<T> extends RawStream<T> {
        private final RawStream<T> up;
        private long toSkip;

        public Skip(AsyncStream<T> up, long n) {
            this.up = RawStream.of(up);
            this.toSkip = n;
        }

        @Override
        public Object pollRaw(Context cx) {
            for (;;) {
                Object v = up.pollRaw(cx);
                if (isSignal(v)) {
                    return v;
                }
                item(v, up);
                if (toSkip == 0) {
                    return v;
                }
                toSkip--;
            }
        }

        @Override
        public void cancel() {
            up.cancel();
        }
    }

    /** {@link AsyncStream#takeWhile}. */
    public static final class TakeWhile<T> extends RawStream<T> {
        private RawStream<T> up;
        private final Predicate<? super T> predicate;

        public TakeWhile(AsyncStream<T> up, Predicate<? super T> predicate) {
            this.up = RawStream.of(up);
            this.predicate = predicate;
        }

        @Override
        public Object pollRaw(Context cx) {
            RawStream<T> u = up;
            if (u == null) {
                return RAW_END;
            }
            Object v = u.pollRaw(cx);
            if (isSignal(v)) {
                return v;
            }
            boolean keep;
            try {
                keep = predicate.test(item(v, u));
            } catch (Throwable t) {
                up = null;
                throw abort(u, t);
            }
            if (keep) {
                return v;
            }
            up = null;
            u.cancel();
            return RAW_END;
        }

        @Override
        public void cancel() {
            RawStream<T> u = up;
            up = null;
            cancelQuietly(u);
        }
    }

    /** {@link AsyncStream#chain}. */
    public static final class Chain<T> extends RawStream<T> {
        private RawStream<T> first;
        private RawStream<T> second;

        public Chain(AsyncStream<? extends T> first, AsyncStream<? extends T> second) {
            this.first = RawStream.of(first);
            this.second = RawStream.of(second);
        }

        @Override
        public Object pollRaw(Context cx) {
            RawStream<T> f = first;
            if (f != null) {
                Object v;
                try {
                    v = f.pollRaw(cx);
                } catch (Throwable t) {
                    first = null;
                    RawStream<T> s = second;
                    second = null;
                    throw abort(s, t);
                }
                if (v != RAW_END) {
                    return v;
                }
                first = null;
            }
            return second.pollRaw(cx);
        }

        @Override
        public void cancel() {
            cancelQuietly(first);
            cancelQuietly(second);
            first = null;
            second = null;
        }
    }

    /** {@link AsyncStream#zip}: holds at most one item of each side. */
    public static final class Zip<A, B, R> extends RawStream<R> {
        private final RawStream<A> a;
        private final RawStream<B> b;
        private final BiFunction<? super A, ? super B, ? extends R> fn;
        private A aItem;
        private B bItem;
        private boolean done;

        public Zip(AsyncStream<? extends A> a, AsyncStream<? extends B> b, BiFunction<? super A, ? super B, ? extends R> fn) {
            this.a = RawStream.of(a);
            this.b = RawStream.of(b);
            this.fn = fn;
        }

        @Override
        public Object pollRaw(Context cx) {
            if (done) {
                return RAW_END;
            }
            if (aItem == null) {
                Object v = pollSide(a, b, "first", cx);
                if (v == RAW_END) {
                    return RAW_END;
                }
                @SuppressWarnings("unchecked")
                A x = (A) v;
                aItem = x;
            }
            if (bItem == null) {
                Object v = pollSide(b, a, "second", cx);
                if (v == RAW_END) {
                    return RAW_END;
                }
                @SuppressWarnings("unchecked")
                B y = (B) v;
                bItem = y;
            }
            if (aItem == null || bItem == null) {
                return PENDING;
            }
            A x = aItem;
            B y = bItem;
            aItem = null;
            bItem = null;
            R out;
            try {
                out = fn.apply(x, y);
            } catch (Throwable t) {
                throw fail(t, a, b);
            }
            if (out == null) {
                throw fail(new NullPointerException("the function of zip() returned null"), a, b);
            }
            return out;
        }

        /**
         * Polls one side: its item, {@code null} if pending, or the raw end once it ended (the
         * zip is then over and {@code other} cancelled). A throw or a {@code null} item ends the
         * zip too, cancelling {@code other} (and the side itself for a {@code null}).
         */
        private Object pollSide(RawStream<?> side, RawStream<?> other, String which, Context cx) {
            Object v;
            try {
                v = side.pollRaw(cx);
            } catch (Throwable t) {
                throw fail(t, null, other);
            }
            if (v == RAW_END) {
                endCancelling(other);
                return RAW_END;
            }
            if (v == PENDING) {
                return null;
            }
            if (v == null) {
                throw fail(new NullPointerException("the " + which + " stream of zip() produced a null item"), side, other);
            }
            return v;
        }
        /** Ends the zip by a failure, cancelling the sides given (those that have not thrown). */
        private RuntimeException fail(Throwable t, AsyncStream<?> x, AsyncStream<?> y) {
            done = true;
            aItem = null;
            bItem = null;
            if (x != null) {
                cancelInto(x, t);
            }
            throw abort(y, t);
        }

        private void endCancelling(AsyncStream<?> other) {
            done = true;
            aItem = null;
            bItem = null;
            other.cancel();
        }

        @Override
        public void cancel() {
            if (done) {
                return;
            }
            done = true;
            aItem = null;
            bItem = null;
            try {
                a.cancel();
            } finally {
                b.cancel();
            }
        }
    }

    /** Cancels {@code s}, adding anything its cancel throws to {@code failure} as suppressed. */
    static void cancelInto(AsyncStream<?> s, Throwable failure) {
        try {
            s.cancel();
        } catch (Throwable t) {
            if (t != failure) {
                failure.addSuppressed(t);
            }
        }
    }

    /** {@link AsyncStream#merge}: round-robin start, so no ready stream starves another. */
    public static final class Merge<T> extends RawStream<T> {
        private final RawStream<? extends T>[] streams;
        private int live;
        private int start;

        @SuppressWarnings({"unchecked", "rawtypes"})
        public Merge(List<? extends AsyncStream<? extends T>> list) {
            this.streams = new RawStream[list.size()];
            for (int i = 0; i < streams.length; i++) {
                streams[i] = RawStream.of(list.get(i));
            }
            this.live = streams.length;
        }

        @Override
        public Object pollRaw(Context cx) {
            int n = streams.length;
            for (int i = 0; i < n && live > 0; i++) {
                int idx = start + i;
                if (idx >= n) {
                    idx -= n;
                }
                RawStream<? extends T> s = streams[idx];
                if (s == null) {
                    continue;
                }
                Object v;
                try {
                    v = s.pollRaw(cx);
                } catch (Throwable t) {
                    streams[idx] = null;
                    cancelAll(t);
                    throw Sneaky.raise(t);
                }
                if (v == RAW_END) {
                    streams[idx] = null;
                    live--;
                    continue;
                }
                if (v != PENDING) {
                    if (v == null) {
                        NullPointerException npe = new NullPointerException("stream " + idx + " of merge() produced a null item");
                        cancelAll(npe);
                        throw npe;
                    }
                    start = idx + 1 == n ? 0 : idx + 1;
                    return v;
                }
            }
            return live == 0 ? RAW_END : PENDING;
        }

        private void cancelAll(Throwable failure) {
            for (int i = 0; i < streams.length; i++) {
                RawStream<? extends T> s = streams[i];
                streams[i] = null;
                if (s != null) {
                    if (failure != null) {
                        cancelInto(s, failure);
                    } else {
                        s.cancel();
                    }
                }
            }
            live = 0;
        }

        @Override
        public void cancel() {
            cancelAll(null);
        }
    }

    /** {@link AsyncStream#chunks}. */
    public static final class Chunks<T> extends RawStream<List<T>> {
        private RawStream<T> up;
        private final int size;
        private List<T> buf;

        public Chunks(AsyncStream<T> up, int size) {
            this.up = RawStream.of(up);
            this.size = size;
        }

        @Override
        public Object pollRaw(Context cx) {
            RawStream<T> u = up;
            if (u == null) {
                return RAW_END;
            }
            for (;;) {
                Object p = u.pollRaw(cx);
                if (p == RAW_END) {
                    up = null;
                    List<T> b = buf;
                    buf = null;
                    return b == null ? RAW_END : b;
                }
                if (p == PENDING) {
                    return PENDING;
                }
                T v = item(p, u);
                List<T> b = buf;
                if (b == null) {
                    b = buf = new ArrayList<>(Math.min(size, 1024));
                }
                b.add(v);
                if (b.size() == size) {
                    buf = null;
                    return b;
                }
            }
        }

        @Override
        public void cancel() {
            buf = null;
            RawStream<T> u = up;
            up = null;
            cancelQuietly(u);
        }
    }
}
