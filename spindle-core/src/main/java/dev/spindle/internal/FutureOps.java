package dev.spindle.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The implementations behind {@link Future}'s factories and single-future combinators.
 *
 * <p>Each is a small state machine that follows the poll contract: it polls what it wraps with
 * the caller's context (so the caller's waker is the one registered), forwards
 * {@link Future#cancel()} to the future it currently owns, and drops references to finished
 * stages so a long chain does not retain memory.
 */
public final class FutureOps {
    private FutureOps() {
    }

    /** The future behind {@link Future#pending()}. */
    public static final Future<Object> NEVER = new Future<>() {
        @Override
        public Poll<Object> poll(Context cx) {
            return Poll.pending();
        }

        @Override
        public String toString() {
            return "Future.pending()";
        }
    };

    /** {@link Future#ready(Object)}. */
    public static final class Ready<T> implements Future<T> {
        private final T value;

        public Ready(T value) {
            this.value = value;
        }

        @Override
        public Poll<T> poll(Context cx) {
            return Poll.ready(value);
        }

        @Override
        public String toString() {
            return "Future.ready(" + value + ")";
        }
    }

    /** {@link Future#failed(Throwable)}. */
    public static final class Failed<T> implements Future<T> {
        private final Throwable failure;

        public Failed(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Poll<T> poll(Context cx) {
            throw Sneaky.raise(failure);
        }

        @Override
        public String toString() {
            return "Future.failed(" + failure + ")";
        }
    }

    /** {@link Future#map(Function)}. */
    public static final class Map<T, R> implements Future<R>, PassThroughFrame {
        private Future<T> source;
        private final Function<? super T, ? extends R> fn;

        public Map(Future<T> source, Function<? super T, ? extends R> fn) {
            this.source = source;
            this.fn = fn;
        }

        @Override
        public Poll<R> poll(Context cx) {
            Poll<T> p = source.poll(cx);
            if (p instanceof Poll.Ready<T> r) {
                source = null;
                return Poll.ready(fn.apply(r.value()));
            }
            return Poll.pending();
        }

        /** @return the stage it waits on now, where the async backtrace goes on */
        @Override
        public Object awaited() {
            return source;
        }

        @Override
        public void cancel() {
            Future<T> s = source;
            source = null;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public String toString() {
            return "map(" + source + ")";
        }
    }

    /** {@link Future#flatMap(Function)}: first stage, then the stage built from its value. */
    public static final class FlatMap<T, R> implements Future<R>, PassThroughFrame {
        private Future<T> first;
        private Function<? super T, ? extends Future<? extends R>> fn;
        private Future<? extends R> second;

        public FlatMap(Future<T> first, Function<? super T, ? extends Future<? extends R>> fn) {
            this.first = first;
            this.fn = fn;
        }

        @Override
        public Poll<R> poll(Context cx) {
            if (second == null) {
                Poll<T> p = first.poll(cx);
                if (!(p instanceof Poll.Ready<T> r)) {
                    return Poll.pending();
                }
                first = null;
                Future<? extends R> next = fn.apply(r.value());
                fn = null;
                if (next == null) {
                    throw new NullPointerException("flatMap function returned null instead of a future");
                }
                second = next;
            }
            @SuppressWarnings("unchecked")
            Poll<R> p = (Poll<R>) second.poll(cx);
            return p;
        }

        /** @return the stage it waits on now, where the async backtrace goes on */
        @Override
        public Object awaited() {
            return second != null ? second : first;
        }

        @Override
        public void cancel() {
            Future<?> f = second != null ? second : first;
            first = null;
            second = null;
            if (f != null) {
                f.cancel();
            }
        }

        @Override
        public String toString() {
            return "flatMap(" + (second != null ? second : first) + ")";
        }
    }

    /** {@link Future#then(BiFunction)}: like flatMap, but the second stage also sees failures. */
    public static final class Then<T, R> implements Future<R>, PassThroughFrame {
        private Future<T> first;
        private BiFunction<? super T, ? super Throwable, ? extends Future<? extends R>> fn;
        private Future<? extends R> second;

        public Then(Future<T> first, BiFunction<? super T, ? super Throwable, ? extends Future<? extends R>> fn) {
            this.first = first;
            this.fn = fn;
        }

        @Override
        public Poll<R> poll(Context cx) {
            if (second == null) {
                T value = null;
                Throwable failure = null;
                try {
                    Poll<T> p = first.poll(cx);
                    if (!(p instanceof Poll.Ready<T> r)) {
                        return Poll.pending();
                    }
                    value = r.value();
                } catch (Throwable t) {
                    failure = t;
                }
                first = null;
                Future<? extends R> next = fn.apply(value, failure);
                fn = null;
                if (next == null) {
                    throw new NullPointerException("then function returned null instead of a future");
                }
                second = next;
            }
            @SuppressWarnings("unchecked")
            Poll<R> p = (Poll<R>) second.poll(cx);
            return p;
        }

        /** @return the stage it waits on now, where the async backtrace goes on */
        @Override
        public Object awaited() {
            return second != null ? second : first;
        }

        @Override
        public void cancel() {
            Future<?> f = second != null ? second : first;
            first = null;
            second = null;
            if (f != null) {
                f.cancel();
            }
        }
    }

    /** {@link Future#lazy(Supplier)}. */
    public static final class Lazy<T> implements Future<T>, PassThroughFrame {
        private Supplier<? extends Future<? extends T>> supplier;
        private Future<? extends T> inner;

        public Lazy(Supplier<? extends Future<? extends T>> supplier) {
            this.supplier = supplier;
        }

        @Override
        public Poll<T> poll(Context cx) {
            if (inner == null) {
                Future<? extends T> f = supplier.get();
                supplier = null;
                if (f == null) {
                    throw new NullPointerException("Future.lazy supplier returned null");
                }
                inner = f;
            }
            @SuppressWarnings("unchecked")
            Poll<T> p = (Poll<T>) inner.poll(cx);
            return p;
        }

        /** @return the stage it waits on now, where the async backtrace goes on */
        @Override
        public Object awaited() {
            return inner;
        }

        @Override
        public void cancel() {
            Future<? extends T> f = inner;
            inner = null;
            supplier = null;
            if (f != null) {
                f.cancel();
            }
        }
    }

    /**
     * {@link Future#fromCompletionStage(CompletionStage)}.
     *
     * <p>The callback is attached at the first poll (laziness). The latest waker is kept in a
     * volatile field; the callback writes the outcome before reading the waker, and poll writes
     * the waker before re-reading the outcome, so one of the two always sees the other.
     */
    public static final class FromStage<T> implements Future<T> {
        private final CompletionStage<? extends T> stage;
        private volatile Waker waker;
        private volatile Object outcome; // null: not yet; NULL_VALUE, a Failure, or the value
        private boolean attached;

        private static final Object NULL_VALUE = new Object();

        private record Failure(Throwable cause) {
        }

        public FromStage(CompletionStage<? extends T> stage) {
            this.stage = stage;
        }

        @Override
        public Poll<T> poll(Context cx) {
            Object o = outcome;
            if (o == null) {
                waker = cx.waker();
                if (!attached) {
                    attached = true;
                    stage.whenComplete((v, t) -> {
                        outcome = t != null ? new Failure(unwrap(t)) : v == null ? NULL_VALUE : v;
                        Waker w = waker;
                        if (w != null) {
                            w.wake();
                        }
                    });
                }
                o = outcome;
                if (o == null) {
                    return Poll.pending();
                }
            }
            waker = null;
            if (o instanceof Failure f) {
                throw Sneaky.raise(f.cause());
            }
            @SuppressWarnings("unchecked")
            T v = o == NULL_VALUE ? null : (T) o;
            return Poll.ready(v);
        }

        @Override
        public void cancel() {
            waker = null;
        }

        private static Throwable unwrap(Throwable t) {
            return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        }
    }
}
