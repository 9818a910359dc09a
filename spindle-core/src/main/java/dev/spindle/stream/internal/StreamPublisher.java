package dev.spindle.stream.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.stream.AsyncStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@link AsyncStream#toPublisher} and {@link AsyncStream#publisher}: a stream served to a
 * {@link Flow.Subscriber} by a task on a Spindle runtime, one task per subscription.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>One task per subscription.</b> {@link Emitter} is both the {@link Flow.Subscription} and
 * the future its task polls. Every signal to the subscriber after {@code onSubscribe} comes from
 * that task's poll, so signals are serial (rule 1.3) without a lock, and the stream is polled and
 * cancelled by that task alone. {@code onSubscribe} is called by the subscribing thread before
 * the task is spawned, which orders it before every other signal.
 *
 * <p><b>Demand</b> is one atomic {@code long} ({@link Emitter#demand}), added to by
 * {@code request} (saturating at {@code Long.MAX_VALUE}, which means unbounded, rule 3.17) and
 * decremented by the task before each {@code onNext}. The task pulls an item from the stream only
 * while demand is positive, so it never holds an item nobody asked for — there is no buffer.
 *
 * <p><b>Wakeups.</b> The task stores its waker (volatile) and then reads {@code demand} and the
 * flags; {@code request} adds to {@code demand} and, if it was zero, reads the waker and wakes it;
 * {@code cancel} and a bad request set their flag and always wake. Volatile on both sides: one
 * sees the other (Dekker), so no request is lost. A {@code request} from inside {@code onNext}
 * only adds demand and wakes the running task, which the runtime turns into one more poll: no
 * recursion (rule 3.3).
 *
 * <p><b>Ending.</b> The first of: the stream's end ({@code onComplete}), its failure
 * ({@code onError}), a request {@code <= 0} ({@code onError(IllegalArgumentException)} and the
 * stream cancelled, rule 3.9), {@code cancel()} (the stream cancelled, no signal), or the task
 * itself being cancelled by the runtime (the stream cancelled, {@code onError}
 * {@code CancellationException}). After it the subscriber reference is dropped (rule 3.13) and
 * no signal follows (rule 1.7).
 */
public final class StreamPublisher<T> implements Flow.Publisher<T> {
    private final Supplier<? extends AsyncStream<? extends T>> streams;
    private final AsyncRuntime runtime;
    /** Non-null for a unicast publisher: set once the single subscriber took the stream. */
    private final AtomicBoolean taken;

    private StreamPublisher(Supplier<? extends AsyncStream<? extends T>> streams, AsyncRuntime runtime, boolean unicast) {
        this.streams = streams;
        this.runtime = runtime;
        this.taken = unicast ? new AtomicBoolean() : null;
    }

    /**
     * @param stream the stream, consumed by the first subscriber
     * @param runtime where it is polled
     * @param <T> the item type
     * @return the unicast publisher
     */
    public static <T> Flow.Publisher<T> unicast(AsyncStream<T> stream, AsyncRuntime runtime) {
        return new StreamPublisher<T>(() -> stream, runtime, true);
    }

    /**
     * @param streams one stream per subscriber
     * @param runtime where they are polled
     * @param <T> the item type
     * @return the cold publisher
     */
    public static <T> Flow.Publisher<T> cold(Supplier<? extends AsyncStream<? extends T>> streams, AsyncRuntime runtime) {
        return new StreamPublisher<T>(streams, runtime, false);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber (rule 1.9)");
        if (taken != null && !taken.compareAndSet(false, true)) {
            rejectWith(subscriber, new IllegalStateException(
                    "this publisher is unicast (AsyncStream.toPublisher): its stream already has a subscriber; "
                            + "use AsyncStream.publisher(supplier, runtime) for several"));
            return;
        }
        AsyncStream<? extends T> stream;
        try {
            stream = Objects.requireNonNull(streams.get(), "the stream supplier returned null");
        } catch (Throwable t) {
            rejectWith(subscriber, t);
            return;
        }
        Emitter<T> e = new Emitter<>(stream, subscriber);
        subscriber.onSubscribe(e);
        try {
            runtime.spawn(e.task);
        } catch (Throwable t) {
            e.failToStart(t);
        }
    }

    private static void rejectWith(Flow.Subscriber<?> subscriber, Throwable failure) {
        subscriber.onSubscribe(NoopSubscription.INSTANCE);
        subscriber.onError(failure);
    }

    /** The subscription given to a rejected subscriber before its {@code onError}. */
    private enum NoopSubscription implements Flow.Subscription {
        INSTANCE;

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    }

    /** One subscription and the future of the task that serves it. */
    static final class Emitter<T> implements Flow.Subscription {
        /** {@link #flags}: the subscriber cancelled. */
        private static final int CANCELLED = 1;
        /** {@link #flags}: the subscriber requested zero or a negative amount. */
        private static final int BAD_REQUEST = 2;

        private AsyncStream<? extends T> stream;
        private Flow.Subscriber<? super T> subscriber;
        private volatile long demand;
        private volatile int flags;
        private volatile long badAmount;
        private volatile Waker waker;
        private boolean done;

        Emitter(AsyncStream<? extends T> stream, Flow.Subscriber<? super T> subscriber) {
            this.stream = stream;
            this.subscriber = subscriber;
        }

        // ---------------------------------------------------------- Flow.Subscription (any thread)

        @Override
        public void request(long n) {
            if (n <= 0) {
                badAmount = n;
                setFlag(BAD_REQUEST);
                return;
            }
            for (;;) {
                long d = demand;
                if (d == Long.MAX_VALUE) {
                    return;
                }
                long nd = d + n;
                if (nd < 0) {
                    nd = Long.MAX_VALUE;
                }
                if (DEMAND.compareAndSet(this, d, nd)) {
                    if (d == 0) {
                        wakeTask();
                    }
                    return;
                }
            }
        }

        @Override
        public void cancel() {
            setFlag(CANCELLED);
        }

        private void setFlag(int f) {
            int old;
            do {
                old = flags;
            } while ((old & f) == 0 && !FLAGS.compareAndSet(this, old, old | f));
            wakeTask();
        }

        private void wakeTask() {
            Waker w = waker;
            if (w != null) {
                w.wake();
            }
        }

        // ---------------------------------------------------------- the task

        /** The future the serving task polls; its drop is the runtime cancelling the task. */
        final Future<Void> task = new Future<>() {
            @Override
            public Poll<Void> poll(Context cx) {
                return serve(cx);
            }

            @Override
            public void cancel() {
                taskCancelled();
            }

            @Override
            public String toString() {
                return "StreamPublisher.Emitter[demand " + demand + "]";
            }
        };

        private Poll<Void> serve(Context cx) {
            if (done) {
                return Poll.ready(null);
            }
            Waker w = cx.waker();
            if (waker != w) {
                waker = w;
            }
            AsyncStream<? extends T> s = stream;
            for (;;) {
                int f = flags;
                if ((f & CANCELLED) != 0) {
                    end();
                    s.cancel();
                    return Poll.ready(null);
                }
                if ((f & BAD_REQUEST) != 0) {
                    Flow.Subscriber<? super T> sub = end();
                    s.cancel();
                    sub.onError(new IllegalArgumentException(
                            "request(" + badAmount + "): a subscriber must request a positive amount (rule 3.9)"));
                    return Poll.ready(null);
                }
                long d = demand;
                if (d == 0) {
                    return Poll.pending(); // request() will wake us: waker was stored before this read
                }
                if (!Coop.proceed(cx)) {
                    return Poll.pending();
                }
                Object p;
                try {
                    p = RawStream.poll(s, cx);
                } catch (Throwable t) {
                    end().onError(t);
                    return Poll.ready(null);
                }
                if (p == RawStream.END) {
                    end().onComplete();
                    return Poll.ready(null);
                }
                if (p == RawStream.PENDING) {
                    return Poll.pending();
                }
                if (p == null) {
                    s.cancel();
                    end().onError(new NullPointerException("the stream " + s + " produced a null item"));
                    return Poll.ready(null);
                }
                @SuppressWarnings("unchecked")
                T item = (T) p;
                if (d != Long.MAX_VALUE) {
                    DEMAND.getAndAdd(this, -1L);
                }
                try {
                    subscriber.onNext(item);
                } catch (Throwable t) {
                    // Rule 2.13: a subscriber must not throw; treat it as cancelled, and let the
                    // task fail so the runtime's handler reports the broken subscriber.
                    end();
                    s.cancel();
                    throw t;
                }
            }
        }

        /** Marks the subscription over and drops the references (rule 3.13). */
        private Flow.Subscriber<? super T> end() {
            done = true;
            Flow.Subscriber<? super T> sub = subscriber;
            subscriber = null;
            stream = null;
            waker = null;
            return sub;
        }

        /** The runtime cancelled the task (shutdown, or the task was aborted). */
        private void taskCancelled() {
            if (done) {
                return;
            }
            AsyncStream<? extends T> s = stream;
            Flow.Subscriber<? super T> sub = end();
            s.cancel();
            if ((flags & CANCELLED) == 0) {
                sub.onError(new CancellationException("the Spindle task serving this subscription was cancelled "
                        + "(runtime shutdown or abort)"));
            }
        }

        /** The spawn failed (a closed runtime): the subscriber is told and nothing else runs. */
        void failToStart(Throwable t) {
            AsyncStream<? extends T> s = stream;
            Flow.Subscriber<? super T> sub = end();
            s.cancel();
            sub.onError(t);
        }
    }

    // VarHandle mechanics
    private static final VarHandle DEMAND;
    private static final VarHandle FLAGS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DEMAND = l.findVarHandle(Emitter.class, "demand", long.class);
            FLAGS = l.findVarHandle(Emitter.class, "flags", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
