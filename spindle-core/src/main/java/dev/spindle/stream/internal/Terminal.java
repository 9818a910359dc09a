package dev.spindle.stream.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.internal.FutureSet;
import dev.spindle.internal.Sneaky;
import dev.spindle.stream.AsyncStream;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * The terminal futures of {@link AsyncStream}: {@code next}, {@code collect}, {@code fold},
 * {@code forEach}, {@code tryForEach} and {@code forEachConcurrent}.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>Each drains its stream in a loop inside one poll until the stream is pending or over; the
 * stream's sources spend the cooperative budget, so the loop yields when they do. A user
 * function that throws cancels the stream before the failure is rethrown; a stream that throws
 * has cleaned itself. {@code cancel()} of a draining future cancels the stream, except
 * {@link Next}, which does not own it.
 */
public final class Terminal {
    private Terminal() {
    }

    /** {@link AsyncStream#next()}: takes an item only in the poll that completes it. */
    public static final class Next<T> implements Future<T> {
        private final RawStream<T> stream;

        public Next(AsyncStream<T> stream) {
            this.stream = RawStream.of(stream);
        }

        @Override
        public Poll<T> poll(Context cx) {
            Object v = stream.pollRaw(cx);
            if (v == RawStream.END) {
                return Poll.ready(null);
            }
            if (v == RawStream.PENDING) {
                return Poll.pending();
            }
            if (v == null) {
                throw StreamOps.nullItem(stream, "the stream " + stream);
            }
            @SuppressWarnings("unchecked")
            T item = (T) v;
            return Poll.ready(item);
        }

        @Override
        public String toString() {
            return stream + ".next()";
        }
    }

    /** The drain loop shared by collect, fold and forEach. */
    private abstract static class Drain<T, R> implements Future<R> {
        private RawStream<T> stream;

        Drain(AsyncStream<T> stream) {
            this.stream = RawStream.of(stream);
        }

        /** Takes one item; may throw. */
        abstract void accept(T item);

        /** The result once the stream ended. */
        abstract R result();

        @Override
        public final Poll<R> poll(Context cx) {
            RawStream<T> s = stream;
            for (;;) {
                Object p = s.pollRaw(cx);
                if (p == RawStream.END) {
                    stream = null;
                    return Poll.ready(result());
                }
                if (p == RawStream.PENDING) {
                    return Poll.pending();
                }
                T v = StreamOps.item(p, s);
                try {
                    accept(v);
                } catch (Throwable t) {
                    stream = null;
                    throw StreamOps.abort(s, t);
                }
            }
        }

        @Override
        public final void cancel() {
            RawStream<T> s = stream;
            stream = null;
            if (s != null) {
                s.cancel();
            }
        }
    }

    /** {@link AsyncStream#collect}. */
    public static final class Collect<T, A, R> extends Drain<T, R> {
        private final Collector<? super T, A, R> collector;
        private final BiConsumer<A, ? super T> accumulator;
        private A acc;
        private boolean started;

        public Collect(AsyncStream<T> stream, Collector<? super T, A, R> collector) {
            super(stream);
            this.collector = collector;
            this.accumulator = collector.accumulator();
        }

        private A acc() {
            if (!started) {
                started = true;
                acc = collector.supplier().get();
            }
            return acc;
        }

        @Override
        void accept(T item) {
            accumulator.accept(acc(), item);
        }

        @Override
        R result() {
            A a = acc();
            acc = null;
            return collector.finisher().apply(a);
        }
    }

    /** {@link AsyncStream#fold}. */
    public static final class Fold<T, R> extends Drain<T, R> {
        private final BiFunction<R, ? super T, R> fn;
        private R acc;

        public Fold(AsyncStream<T> stream, R initial, BiFunction<R, ? super T, R> fn) {
            super(stream);
            this.acc = initial;
            this.fn = fn;
        }

        @Override
        void accept(T item) {
            acc = fn.apply(acc, item);
        }

        @Override
        R result() {
            R r = acc;
            acc = null;
            return r;
        }
    }

    /** {@link AsyncStream#forEach}. */
    public static final class ForEach<T> extends Drain<T, Void> {
        private final Consumer<? super T> action;

        public ForEach(AsyncStream<T> stream, Consumer<? super T> action) {
            super(stream);
            this.action = action;
        }

        @Override
        void accept(T item) {
            action.accept(item);
        }

        @Override
        Void result() {
            return null;
        }
    }

    /**
     * {@link AsyncStream#forEachConcurrent} and {@link AsyncStream#tryForEach} (limit 1): pulls
     * while fewer than {@code limit} action futures run; the first failure cancels the stream and
     * every running future.
     */
    public static final class ForEachConcurrent<T> implements Future<Void> {
        private final RawStream<T> stream;
        private final int limit;
        private final Function<? super T, ? extends Future<?>> action;
        private final FutureSet<Object> set;
        private boolean streamDone;
        private boolean finished;

        public ForEachConcurrent(AsyncStream<T> stream, int limit, Function<? super T, ? extends Future<?>> action) {
            this.stream = RawStream.of(stream);
            this.limit = limit;
            this.action = action;
            this.set = new FutureSet<>(limit);
        }

        @Override
        public Poll<Void> poll(Context cx) {
            set.beginPoll(cx.waker());
            for (;;) {
                while (!streamDone && set.size() < limit) {
                    Object p;
                    try {
                        p = stream.pollRaw(cx);
                    } catch (Throwable t) {
                        streamDone = true;
                        throw fail(t);
                    }
                    if (p == RawStream.END) {
                        streamDone = true;
                        break;
                    }
                    if (p == RawStream.PENDING) {
                        break;
                    }
                    if (p == null) {
                        throw fail(new NullPointerException("the stream " + stream + " produced a null item"));
                    }
                    @SuppressWarnings("unchecked")
                    T item = (T) p;
                    Future<?> f;
                    try {
                        f = action.apply(item);
                    } catch (Throwable t) {
                        throw fail(t);
                    }
                    if (f == null) {
                        throw fail(new NullPointerException("the action returned null instead of a future"));
                    }
                    set.add(f, 0);
                }
                FutureSet.Slot s;
                try {
                    s = set.pollOne(cx);
                } catch (Throwable t) {
                    throw fail(t);
                }
                if (s == null) {
                    if (streamDone && set.size() == 0) {
                        finished = true;
                        return Poll.ready(null);
                    }
                    return Poll.pending();
                }
                set.release(s);
            }
        }

        private RuntimeException fail(Throwable t) {
            finished = true;
            if (!streamDone) {
                streamDone = true;
                StreamOps.cancelInto(stream, t);
            }
            set.cancelAll(t);
            throw Sneaky.raise(t);
        }

        @Override
        public void cancel() {
            if (finished) {
                return;
            }
            finished = true;
            try {
                if (!streamDone) {
                    streamDone = true;
                    stream.cancel();
                }
            } finally {
                set.cancelAll(null);
            }
        }
    }
}
