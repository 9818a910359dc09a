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
 *   <li><b>Identity check first.</b> {@link #END} is itself a {@code Poll.Ready}, so every
 *       consumer compares {@code p == END} before {@code p instanceof Poll.Ready}.</li>
 *   <li><b>No allocation per item.</b> A combinator that passes an item on unchanged returns the
 *       upstream's {@code Poll} instance ({@code filter}, {@code take}, {@code skip},
 *       {@code chain}, {@code merge}); one that changes it allocates only the new
 *       {@code Poll.ready}. Nothing else is allocated on the steady state.</li>
 *   <li><b>A throw ends the stream and cleans up.</b> Whoever throws out of {@code pollNext} has
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

    /** The value inside {@link #END}: never an item, so a missed identity check fails loudly. */
    private static final Object END_MARKER = new Object() {
        @Override
        public String toString() {
            return "AsyncStream.end()";
        }
    };

    /** {@link AsyncStream#end()}: the shared end-of-stream sentinel. */
    public static final Poll<Object> END = new Poll.Ready<>(END_MARKER);

    /** {@link AsyncStream#empty()}. */
    public static final AsyncStream<Object> EMPTY = new AsyncStream<>() {
        @Override
        public Poll<Object> pollNext(Context cx) {
            return END;
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
     * Reads the item out of a ready upstream poll that is not {@link #END}, failing on {@code null}.
     *
     * @param r the poll
     * @param upstream cancelled if the item is {@code null}
     * @param <T> the item type
     * @return the item
     */
    static <T> T item(Poll.Ready<T> r, AsyncStream<?> upstream) {
        T v = r.value();
        if (v == null) {
            throw nullItem(upstream, "the upstream stream " + upstream);
        }
        return v;
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

    /** Cancels a stream, tolerating {@code null}. */
    static void cancelQuietly(AsyncStream<?> s) {
        if (s != null) {
            s.cancel();
        }
    }

    // ------------------------------------------------------------------ sources

    /** {@link AsyncStream#of} and {@link AsyncStream#fromIterable}: the iterator is taken lazily. */
    public static final class FromIterator<T> implements AsyncStream<T> {
        private Iterable<? extends T> iterable;
        private Iterator<? extends T> it;

        public FromIterator(Iterable<? extends T> iterable) {
            this.iterable = iterable;
        }

        @Override
        public Poll<T> pollNext(Context cx) {
            if (!Coop.proceed(cx)) {
                return Poll.pending();
            }
            Iterator<? extends T> i = it;
            if (i == null) {
                i = it = iterable.iterator();
                iterable = null;
            }
            if (!i.hasNext()) {
                it = null;
                return end();
            }
            T v = i.next();
            if (v == null) {
                it = null;
                throw nullItem(null, "the iterable of AsyncStream.fromIterable");
            }
            return Poll.ready(v);
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

    /** {@link AsyncStream#range(int, int)}. */
    public static final class Range implements AsyncStream<Integer> {
        private int next;
        private final int end;

        public Range(int start, int end) {
            this.next = start;
            this.end = end;
        }

        @Override
        public Poll<Integer> pollNext(Context cx) {
            if (next >= end) {
                return end();
            }
            if (!Coop.proceed(cx)) {
                return Poll.pending();
            }
            return Poll.ready(next++);
        }

        @Override
        public String toString() {
            return "AsyncStream.range(next " + next + ", end " + end + ")";
        }
    }

    /** {@link AsyncStream#iterate(Object, UnaryOperator)}. */
    public static final class Iterate<T> implements AsyncStream<T> {
        private T next;
        private final UnaryOperator<T> fn;
        private boolean started;

        public Iterate(T seed, UnaryOperator<T> fn) {
            this.next = seed;
            this.fn = fn;
        }

        @Override
        public Poll<T> pollNext(Context cx) {
            if (!Coop.proceed(cx)) {
                return Poll.pending();
            }
            if (started) {
                T v = fn.apply(next);
                if (v == null) {
                    throw nullItem(null, "the function of AsyncStream.iterate");
                }
                next = v;
            }
            started = true;
            return Poll.ready(next);
        }
    }

    /** {@link AsyncStream#unfold}. */
    public static final class Unfold<S, T> implements AsyncStream<T> {
        private S state;
        private final Function<? super S, ? extends Future<? extends java.util.Map.Entry<? extends T, ? extends S>>> step;
        private Future<? extends java.util.Map.Entry<? extends T, ? extends S>> current;

        public Unfold(S seed, Function<? super S, ? extends Future<? extends java.util.Map.Entry<? extends T, ? extends S>>> step) {
            this.state = seed;
            this.step = step;
        }

        @Override
        public Poll<T> pollNext(Context cx) {
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
                return Poll.pending();
            }
            current = null;
            var e = r.value();
            if (e == null) {
                state = null;
                return end();
            }
            T v = e.getKey();
            if (v == null) {
                throw nullItem(null, "the step of AsyncStream.unfold");
            }
            state = e.getValue();
            return Poll.ready(v);
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
    public static final class Error<T> implements AsyncStream<T> {
        private final Throwable failure;

        public Error(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Poll<T> pollNext(Context cx) {
            throw Sneaky.raise(failure);
        }

        @Override
        public String toString() {
            return "AsyncStream.error(" + failure + ")";
        }
    }

    // ------------------------------------------------------------------ combinators

    /** {@link AsyncStream#map}. */
    public static final class Map<T, R> implements AsyncStream<R> {
        private final AsyncStream<T> up;
        private final Function<? super T, ? extends R> fn;

        public Map(AsyncStream<T> up, Function<? super T, ? extends R> fn) {
            this.up = up;
            this.fn = fn;
        }

        @Override
        public Poll<R> pollNext(Context cx) {
            Poll<T> p = up.pollNext(cx);
            if (p == END) {
                return end();
            }
            if (!(p instanceof Poll.Ready<T> r)) {
                return Poll.pending();
            }
            return Poll.ready(apply(fn, item(r, up), up, "the function of map()"));
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
    public static final class Filter<T> implements AsyncStream<T> {
        private final AsyncStream<T> up;
        private final Predicate<? super T> predicate;

        public Filter(AsyncStream<T> up, Predicate<? super T> predicate) {
            this.up = up;
            this.predicate = predicate;
        }

        @Override
        public Poll<T> pollNext(Context cx) {
            for (;;) {
                Poll<T> p = up.pollNext(cx);
                if (p == END || !(p instanceof Poll.Ready<T> r)) {
                    return p;
                }
                T v = item(r, up);
                boolean keep;
                try {
                    keep = predicate.test(v);
                } catch (Throwable t) {
                    throw abort(up, t);
                }
                if (keep) {
                    return p;
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
    public static final class Then<T, R> implements AsyncStream<R> {
        private AsyncStream<T> up;
        private final Function<? super T, ? extends Future<? extends R>> fn;
        private Future<? extends R> current;

        public Then(AsyncStream<T> up, Function<? super T, ? extends Future<? extends R>> fn) {
            this.up = up;
            this.fn = fn;
        }

        @Override
        public Poll<R> pollNext(Context cx) {
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
                        return Poll.pending();
                    }
                    current = null;
                    R v = r.value();
                    if (v == null) {
                        throw nullItem(up, "a future of then()");
                    }
                    return Poll.ready(v);
                }
                Poll<T> p = up.pollNext(cx);
                if (p == END) {
                    return end();
                }
                if (!(p instanceof Poll.Ready<T> r)) {
                    return Poll.pending();
                }
                current = apply(fn, item(r, up), up, "the function of then()");
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

    /** {@link AsyncStream#flatMap}: drains each inner stream before pulling the next item. */
    public static final class FlatMap<T, R> implements AsyncStream<R> {
        private final AsyncStream<T> up;
        private final Function<? super T, ? extends AsyncStream<? extends R>> fn;
        private AsyncStream<? extends R> inner;

        public FlatMap(AsyncStream<T> up, Function<? super T, ? extends AsyncStream<? extends R>> fn) {
            this.up = up;
            this.fn = fn;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Poll<R> pollNext(Context cx) {
            for (;;) {
                AsyncStream<? extends R> in = inner;
                if (in != null) {
                    Poll<? extends R> p;
                    try {
                        p = in.pollNext(cx);
                    } catch (Throwable t) {
                        inner = null;
                        throw abort(up, t);
                    }
                    if (p == END) {
                        inner = null;
                        continue;
                    }
                    if (!(p instanceof Poll.Ready<? extends R> r)) {
                        return Poll.pending();
                    }
                    if (r.value() == null) {
                        inner = null;
                        in.cancel();
                        throw nullItem(up, "an inner stream of flatMap()");
                    }
                    return (Poll<R>) p;
                }
                Poll<T> p = up.pollNext(cx);
                if (p == END) {
                    return end();
                }
                if (!(p instanceof Poll.Ready<T> r)) {
                    return Poll.pending();
                }
                inner = apply(fn, item(r, up), up, "the function of flatMap()");
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
    public static final class Take<T> implements AsyncStream<T> {
        private AsyncStream<T> up;
        private long remaining;

        public Take(AsyncStream<T> up, long n) {
            this.up = up;
            this.remaining = n;
        }

        @Override
        public Poll<T> pollNext(Context cx) {
            AsyncStream<T> u = up;
            if (remaining == 0) {
                up = null;
                cancelQuietly(u); // take(0): never polled; otherwise already null
                return end();
            }
            Poll<T> p = u.pollNext(cx);
            if (p == END) {
                up = null;
                return p;
            }
            if (p instanceof Poll.Ready<T> r) {
                item(r, u);
                if (--remaining == 0) {
                    up = null;
                    u.cancel();
                }
            }
            return p;
        }

        @Override
        public void cancel() {
            AsyncStream<T> u = up;
            up = null;
            cancelQuietly(u);
        }
    }

    /** {@link AsyncStream#skip}. */
    public static final class Skip<T> implements AsyncStream<T> {
        private final AsyncStream<T> up;
        private long toSkip;

        public Skip(AsyncStream<T> up, long n) {
            this.up = up;
            this.toSkip = n;
        }

        @Override
        public Poll<T> pollNext(Context cx) {
            for (;;) {
                Poll<T> p = up.pollNext(cx);
                if (p == END || !(p instanceof Poll.Ready<T> r)) {
                    return p;
                }
                item(r, up);
                if (toSkip == 0) {
                    return p;
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
    public static final class TakeWhile<T> implements AsyncStream<T> {
        private AsyncStream<T> up;
        private final Predicate<? super T> predicate;

        public TakeWhile(AsyncStream<T> up, Predicate<? super T> predicate) {
            this.up = up;
            this.predicate = predicate;
        }

        @Override
        public Poll<T> pollNext(Context cx) {
            AsyncStream<T> u = up;
            if (u == null) {
                return end();
            }
            Poll<T> p = u.pollNext(cx);
            if (p == END || !(p instanceof Poll.Ready<T> r)) {
                return p;
            }
            T v = item(r, u);
            boolean keep;
            try {
                keep = predicate.test(v);
            } catch (Throwable t) {
                up = null;
                throw abort(u, t);
            }
            if (keep) {
                return p;
            }
            up = null;
            u.cancel();
            return end();
        }

        @Override
        public void cancel() {
            AsyncStream<T> u = up;
            up = null;
            cancelQuietly(u);
        }
    }

    /** {@link AsyncStream#chain}. */
    public static final class Chain<T> implements AsyncStream<T> {
        private AsyncStream<? extends T> first;
        private AsyncStream<? extends T> second;

        public Chain(AsyncStream<? extends T> first, AsyncStream<? extends T> second) {
            this.first = first;
            this.second = second;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Poll<T> pollNext(Context cx) {
            AsyncStream<? extends T> f = first;
            if (f != null) {
                Poll<? extends T> p;
                try {
                    p = f.pollNext(cx);
                } catch (Throwable t) {
                    first = null;
                    AsyncStream<? extends T> s = second;
                    second = null;
                    throw abort(s, t);
                }
                if (p != END) {
                    return (Poll<T>) p;
                }
                first = null;
            }
            Poll<? extends T> p = second.pollNext(cx);
            return (Poll<T>) p;
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
    public static final class Zip<A, B, R> implements AsyncStream<R> {
        private final AsyncStream<? extends A> a;
        private final AsyncStream<? extends B> b;
        private final BiFunction<? super A, ? super B, ? extends R> fn;
        private A aItem;
        private B bItem;
        private boolean done;

        public Zip(AsyncStream<? extends A> a, AsyncStream<? extends B> b, BiFunction<? super A, ? super B, ? extends R> fn) {
            this.a = a;
            this.b = b;
            this.fn = fn;
        }

        @Override
        public Poll<R> pollNext(Context cx) {
            if (done) {
                return end();
            }
            if (aItem == null) {
                Object v = pollSide(a, b, "first", cx);
                if (v == END) {
                    return end();
                }
                @SuppressWarnings("unchecked")
                A x = (A) v;
                aItem = x;
            }
            if (bItem == null) {
                Object v = pollSide(b, a, "second", cx);
                if (v == END) {
                    return end();
                }
                @SuppressWarnings("unchecked")
                B y = (B) v;
                bItem = y;
            }
            if (aItem == null || bItem == null) {
                return Poll.pending();
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
            return Poll.ready(out);
        }

        /**
         * Polls one side: its item, {@code null} if pending, or {@link #END} once it ended (the
         * zip is then over and {@code other} cancelled). A throw or a {@code null} item ends the
         * zip too, cancelling {@code other} (and the side itself for a {@code null}).
         */
        private Object pollSide(AsyncStream<?> side, AsyncStream<?> other, String which, Context cx) {
            Poll<?> p;
            try {
                p = side.pollNext(cx);
            } catch (Throwable t) {
                throw fail(t, null, other);
            }
            if (p == END) {
                endCancelling(other);
                return END;
            }
            if (p instanceof Poll.Ready<?> r) {
                if (r.value() == null) {
                    throw fail(new NullPointerException("the " + which + " stream of zip() produced a null item"), side, other);
                }
                return r.value();
            }
            return null;
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
    public static final class Merge<T> implements AsyncStream<T> {
        private final AsyncStream<? extends T>[] streams;
        private int live;
        private int start;

        @SuppressWarnings("unchecked")
        public Merge(List<? extends AsyncStream<? extends T>> list) {
            this.streams = list.toArray(new AsyncStream[0]);
            this.live = streams.length;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Poll<T> pollNext(Context cx) {
            int n = streams.length;
            for (int i = 0; i < n && live > 0; i++) {
                int idx = start + i;
                if (idx >= n) {
                    idx -= n;
                }
                AsyncStream<? extends T> s = streams[idx];
                if (s == null) {
                    continue;
                }
                Poll<? extends T> p;
                try {
                    p = s.pollNext(cx);
                } catch (Throwable t) {
                    streams[idx] = null;
                    cancelAll(t);
                    throw Sneaky.raise(t);
                }
                if (p == END) {
                    streams[idx] = null;
                    live--;
                    continue;
                }
                if (p instanceof Poll.Ready<? extends T> r) {
                    if (r.value() == null) {
                        NullPointerException npe = new NullPointerException("stream " + idx + " of merge() produced a null item");
                        cancelAll(npe);
                        throw npe;
                    }
                    start = idx + 1 == n ? 0 : idx + 1;
                    return (Poll<T>) p;
                }
            }
            return live == 0 ? end() : Poll.pending();
        }

        private void cancelAll(Throwable failure) {
            for (int i = 0; i < streams.length; i++) {
                AsyncStream<? extends T> s = streams[i];
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
    public static final class Chunks<T> implements AsyncStream<List<T>> {
        private AsyncStream<T> up;
        private final int size;
        private List<T> buf;

        public Chunks(AsyncStream<T> up, int size) {
            this.up = up;
            this.size = size;
        }

        @Override
        public Poll<List<T>> pollNext(Context cx) {
            AsyncStream<T> u = up;
            if (u == null) {
                return end();
            }
            for (;;) {
                Poll<T> p = u.pollNext(cx);
                if (p == END) {
                    up = null;
                    List<T> b = buf;
                    buf = null;
                    return b == null ? end() : Poll.ready(b);
                }
                if (!(p instanceof Poll.Ready<T> r)) {
                    return Poll.pending();
                }
                T v = item(r, u);
                List<T> b = buf;
                if (b == null) {
                    b = buf = new ArrayList<>(Math.min(size, 1024));
                }
                b.add(v);
                if (b.size() == size) {
                    buf = null;
                    return Poll.ready(b);
                }
            }
        }

        @Override
        public void cancel() {
            buf = null;
            AsyncStream<T> u = up;
            up = null;
            cancelQuietly(u);
        }
    }
}
