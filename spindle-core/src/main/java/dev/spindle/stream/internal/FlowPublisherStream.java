package dev.spindle.stream.internal;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.internal.Sneaky;
import dev.spindle.stream.AsyncStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * {@link AsyncStream#fromPublisher}: Spindle's {@link Flow.Subscriber}, read as a stream.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Threads.</b> The publisher signals from its own threads, serially (rule 1.3); the stream
 * is polled by one task at a time. Every {@code request} and {@code cancel} of the subscription
 * is made by the polling task, so demand bookkeeping ({@link #inFlight}) is owner-only.
 *
 * <p><b>Demand.</b> {@code inFlight} counts items requested and not yet taken by the consumer
 * (buffered or still to come). A poll that finds {@code inFlight <= prefetch / 2} requests the
 * difference up to {@code prefetch}; so at most {@code prefetch} items are ever outstanding and
 * the buffer can never hold more than were requested. {@link #requestedTotal} (volatile, written
 * before each {@code request}) lets {@code onNext} detect a publisher that sends more than was
 * requested (rule 1.1): it then cancels the subscription and fails the stream.
 *
 * <p><b>Buffer.</b> A single-producer single-consumer ring of a power-of-two capacity
 * {@code >= prefetch}. {@code onNext} writes the slot and then publishes {@link #tail} with a
 * volatile write; the consumer reads {@code tail} (volatile) before the slot and owns
 * {@code head}. Overwrite is impossible: {@code tail - head <= inFlight <= prefetch}.
 *
 * <p><b>Wakeups.</b> The consumer stores its waker (volatile) and then re-reads {@code tail} and
 * {@link #terminal}; a signal writes {@code tail} or {@code terminal} and then reads the waker.
 * Both sides use volatile accesses, so one of them sees the other (the Dekker pattern): no
 * wakeup is lost. Items that arrived before {@code onComplete}/{@code onError} are read first
 * (the consumer re-reads {@code tail} after it saw {@code terminal}).
 *
 * <p><b>Subscription races.</b> {@code onSubscribe} CASes {@link #subscription} from
 * {@code null}; a second one (or one after {@code cancel()}) is cancelled at once (rule 2.5).
 * {@code cancel()} sets {@link #cancelled} and then reads {@code subscription}; {@code onSubscribe}
 * sets it and then reads {@code cancelled}: a subscription racing a cancel is cancelled by one
 * side or both (cancel is idempotent, rule 3.7).
 *
 * @param <T> the item type
 */
public final class FlowPublisherStream<T> implements AsyncStream<T>, Flow.Subscriber<T> {
    /** {@link #terminal} once {@code onComplete} arrived. */
    private static final Object COMPLETE = new Object();

    private final int prefetch;
    private final Object[] ring;
    private final int mask;
    private Flow.Publisher<? extends T> publisher;
    /** Owner-only: the next slot to read. */
    private long head;
    /** Owner-only: requested and not yet taken. */
    private long inFlight;
    /** Producer-only: items received. */
    private long received;
    private volatile long tail;
    private volatile long requestedTotal;
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    /** {@code null}, {@link #COMPLETE}, or the failure (from onError or a protocol violation). */
    private volatile Object terminal;
    private volatile Waker waker;
    private boolean ended;

    /**
     * @param prefetch the demand window, at least 1
     */
    public FlowPublisherStream(int prefetch) {
        if (prefetch < 1) {
            throw new IllegalArgumentException("fromPublisher prefetch must be >= 1, got " + prefetch);
        }
        this.prefetch = prefetch;
        int cap = Integer.highestOneBit(Math.max(1, prefetch - 1)) << 1;
        if (cap < prefetch) {
            cap = prefetch;
        }
        this.ring = new Object[cap];
        this.mask = cap - 1;
    }

    /**
     * Makes this stream subscribe to {@code p} at its first poll.
     *
     * @param p the publisher
     * @return this
     */
    public FlowPublisherStream<T> subscribingTo(Flow.Publisher<? extends T> p) {
        this.publisher = p;
        return this;
    }

    // ------------------------------------------------------------------ consumer side

    @Override
    public Poll<T> pollNext(Context cx) {
        if (ended) {
            return StreamOps.end();
        }
        Flow.Publisher<? extends T> p = publisher;
        if (p != null) {
            publisher = null;
            waker = cx.waker();
            p.subscribe(this);
        }
        Poll<T> item = take();
        if (item != null) {
            return item;
        }
        Waker w = cx.waker();
        if (waker != w) {
            waker = w;
        }
        item = take();
        if (item != null) {
            return item;
        }
        Object t = terminal;
        if (t != null) {
            item = take(); // items that came before the terminal signal
            if (item != null) {
                return item;
            }
            return finish(t);
        }
        requestMore();
        item = take(); // a synchronous publisher may have delivered inside request()
        if (item != null) {
            return item;
        }
        t = terminal;
        if (t != null && (item = take()) == null) {
            return finish(t);
        }
        return item != null ? item : Poll.pending();
    }

    private Poll<T> take() {
        long h = head;
        if (h == tail) {
            return null;
        }
        int i = (int) h & mask;
        @SuppressWarnings("unchecked")
        T v = (T) ring[i];
        ring[i] = null;
        head = h + 1;
        inFlight--;
        requestMore();
        return Poll.ready(v);
    }

    private void requestMore() {
        Flow.Subscription s = subscription;
        if (s == null || cancelled || terminal != null) {
            return;
        }
        long have = inFlight;
        if (have <= prefetch / 2) {
            long n = prefetch - have;
            inFlight = prefetch;
            requestedTotal = requestedTotal + n;
            s.request(n);
        }
    }

    private Poll<T> finish(Object t) {
        ended = true;
        waker = null;
        if (t == COMPLETE) {
            return StreamOps.end();
        }
        throw Sneaky.raise((Throwable) t);
    }

    @Override
    public void cancel() {
        ended = true;
        publisher = null;
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        waker = null;
        java.util.Arrays.fill(ring, null);
    }

    // ------------------------------------------------------------------ publisher side

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription (rule 2.13)");
        if (!SUBSCRIPTION.compareAndSet(this, null, s)) {
            s.cancel(); // rule 2.5: one subscription at a time
            return;
        }
        if (cancelled) {
            s.cancel();
            return;
        }
        wakeConsumer(); // the consumer requests when it polls
    }

    @Override
    public void onNext(T item) {
        Objects.requireNonNull(item, "item (rule 2.13)");
        if (terminal != null || cancelled) {
            return; // rule 2.8: items after our cancel are ignored
        }
        long r = received;
        if (r >= requestedTotal) {
            Flow.Subscription s = subscription;
            terminal = new IllegalStateException("the publisher sent more items than were requested (rule 1.1)");
            if (s != null) {
                s.cancel();
            }
            wakeConsumer();
            return;
        }
        received = r + 1;
        long t = tail;
        ring[(int) t & mask] = item;
        tail = t + 1;
        wakeConsumer();
    }

    @Override
    public void onError(Throwable failure) {
        Objects.requireNonNull(failure, "failure (rule 2.13)");
        TERMINAL.compareAndSet(this, null, failure);
        wakeConsumer();
    }

    @Override
    public void onComplete() {
        TERMINAL.compareAndSet(this, null, COMPLETE);
        wakeConsumer();
    }

    private void wakeConsumer() {
        Waker w = waker;
        if (w != null) {
            w.wake();
        }
    }

    @Override
    public String toString() {
        return "AsyncStream.fromPublisher(prefetch " + prefetch + ", buffered " + (tail - head) + ")";
    }

    // VarHandle mechanics
    private static final VarHandle SUBSCRIPTION;
    private static final VarHandle TERMINAL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SUBSCRIPTION = l.findVarHandle(FlowPublisherStream.class, "subscription", Flow.Subscription.class);
            TERMINAL = l.findVarHandle(FlowPublisherStream.class, "terminal", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
