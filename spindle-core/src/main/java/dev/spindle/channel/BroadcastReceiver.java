package dev.spindle.channel;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.channel.internal.WaitList;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.stream.AsyncStream;
import dev.spindle.stream.internal.RawStream;

/**
 * A receiving handle of a {@link Broadcast} channel: sees every message sent after it was
 * created, in order. One task at a time uses a receiver; {@link #resubscribe()} makes another.
 *
 * @param <T> the message type
 */
public final class BroadcastReceiver<T> implements AutoCloseable {
    private final Broadcast<T> ch;
    private final Recv recv = new Recv();
    private long next;
    private boolean closed;

    BroadcastReceiver(Broadcast<T> ch, long next) {
        this.ch = ch;
        this.next = next;
    }

    /**
     * Returns a future of the next message: completes with it, with {@code null} once every
     * sender is closed and this receiver has seen everything, or fails with
     * {@link LaggedException} if it fell behind by more than the capacity (the receiver then
     * continues from the oldest retained message). The same future object is returned each time:
     * await one before calling again.
     *
     * @return the future
     * @implNote Cancel safety: cancel-safe: a cancelled {@code recv} received nothing, and the
     *     message is still there for the next call (unless it lagged out meanwhile, which the
     *     next call reports).
     */
    @SuppressWarnings("unchecked")
    public Future<T> recv() {
        return (Future<T>) recv;
    }

    /**
     * Returns the messages as a stream (after Tokio's {@code BroadcastStream}): each item is the
     * next message, as {@link #recv()} would return it, and the stream ends when {@code recv}
     * would complete with {@code null} (every sender is closed and this receiver has seen every
     * retained message).
     *
     * <p><b>Lag.</b> Tokio's {@code BroadcastStream} yields {@code Err(Lagged(n))} as an item;
     * a Java stream carries no error items, so here the poll that finds the receiver lagging
     * <em>fails</em> with {@link LaggedException} (its {@link LaggedException#missed()} says how
     * many messages were lost). Consumers built on the stream ({@code collect}, {@code fold},
     * {@code forEach}, ...) fail with it and the stream is over for them. The receiver itself has
     * been moved to the oldest retained message, so the caller can continue: call
     * {@code stream()} (or {@code recv}) again on this receiver to go on from there, or
     * {@link #resubscribe()} to start from the newest. To skip lags silently, loop over
     * {@code recv} and catch the exception.
     *
     * <p>The stream is a view: it does not own the receiver, and ending or cancelling it does not
     * close the receiver. One task at a time polls it, never together with {@code recv}. Each
     * poll consumes one unit of the cooperative budget, as {@code recv} does, and passes the
     * message on without allocating.
     *
     * @return a new stream over this receiver
     * @throws LaggedException (from a poll) if the receiver fell behind by more than the capacity
     * @throws ChannelClosedException (from a poll) if this receiver was closed
     * @implNote Cancel safety: cancel-safe: a message is taken only by the poll that returns it,
     *     so cancelling the stream (or its {@code next()}) between items leaves every message not
     *     yet returned for the next {@code recv} or {@code stream()} (unless it lags out
     *     meanwhile, which that call reports).
     */
    public AsyncStream<T> stream() {
        return new Stream();
    }

    /**
     * Takes the next message if there is one.
     *
     * @return the message, or {@code null} if there is none yet
     * @throws LaggedException if the receiver fell behind (it is moved to the oldest retained)
     * @throws ChannelClosedException if every sender is closed and there is no message left, or
     *     this receiver is closed
     */
    public T tryRecv() {
        synchronized (ch) {
            T v = takeLocked();
            if (v == null && ch.senders == 0) {
                throw new ChannelClosedException("every broadcast sender is closed");
            }
            return v;
        }
    }

    @SuppressWarnings("unchecked")
    private T takeLocked() {
        if (closed) {
            throw new ChannelClosedException("this broadcast receiver was closed");
        }
        long oldest = ch.tail - ch.capacity;
        if (next < oldest) {
            long missed = oldest - next;
            next = oldest;
            throw new LaggedException(missed);
        }
        if (next == ch.tail) {
            return null;
        }
        T v = (T) ch.buffer[(int) (next & ch.mask)];
        next++;
        return v;
    }

    /** @return how many messages are retained that this receiver has not received */
    public long len() {
        synchronized (ch) {
            return ch.tail - Math.max(next, ch.tail - ch.capacity);
        }
    }

    /**
     * Creates a receiver that will see the messages sent from now on.
     *
     * @return the new receiver
     */
    public BroadcastReceiver<T> resubscribe() {
        synchronized (ch) {
            ch.receivers++;
            return new BroadcastReceiver<>(ch, ch.tail);
        }
    }

    /** Closes this receiver; when every receiver is closed, sends fail. Idempotent. */
    @Override
    public void close() {
        synchronized (ch) {
            if (!closed) {
                closed = true;
                ch.receivers--;
                ch.waiters.remove(recv);
                recv.waker = null;
            }
        }
    }

    /** The receiver's one recv future, which is also its node in the waiter list. */
    final class Recv extends WaitList.Node implements Future<Object> {
        Waker waker;

        @Override
        public Poll<Object> poll(Context cx) {
            Object v = pollRaw(cx);
            if (v == RawStream.PENDING) {
                return Poll.pending();
            }
            return Poll.ready(v == RawStream.END ? null : v);
        }

        /** The receive poll: a message, {@code RawStream.END} or {@code RawStream.PENDING}. */
        Object pollRaw(Context cx) {
            if (!Coop.proceed(cx)) {
                return RawStream.PENDING;
            }
            synchronized (ch) {
                ch.waiters.remove(this);
                waker = null;
                T v = takeLocked();
                if (v != null) {
                    return v;
                }
                if (ch.senders == 0) {
                    return RawStream.END;
                }
                waker = cx.waker();
                ch.waiters.addLast(this);
                return RawStream.PENDING;
            }
        }

        @Override
        public void cancel() {
            synchronized (ch) {
                ch.waiters.remove(this);
                waker = null;
            }
        }
    }

    /** {@link #stream()}: the receiver's recv node polled through the raw stream protocol. */
    private final class Stream extends RawStream<T> {
        @Override
        public Object pollRaw(Context cx) {
            return recv.pollRaw(cx);
        }

        @Override
        public void cancel() {
            recv.cancel();
        }

        @Override
        public String toString() {
            return "BroadcastReceiver.stream()";
        }
    }
}
