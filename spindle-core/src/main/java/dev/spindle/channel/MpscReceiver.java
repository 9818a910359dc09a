package dev.spindle.channel;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.stream.AsyncStream;
import dev.spindle.stream.internal.RawStream;
import java.util.Collection;
import java.util.Objects;

/**
 * The receiving half of an {@link Mpsc} channel (bounded or unbounded). One task at a time
 * receives.
 *
 * <p>{@link #recv()} completes with {@code null} at the end of the stream: every sender (and
 * permit) is closed, or the receiver itself was closed, and everything sent before was received.
 *
 * @param <T> the message type
 */
public final class MpscReceiver<T> implements AutoCloseable {
    private final MpscChan<T> chan;
    private final Future<T> recv = new Recv();

    MpscReceiver(MpscChan<T> chan) {
        this.chan = chan;
    }

    /**
     * Returns a future of the next message, or of {@code null} at the end of the stream. The
     * same future object is returned every time (receiving holds no per-call state); await it
     * before asking again.
     *
     * @return the future
     * @implNote Cancel safety: cancel-safe: a cancelled {@code recv} took no message, so using
     *     {@code recv} in a {@code select} loop loses and duplicates nothing.
     */
    public Future<T> recv() {
        return recv;
    }

    /**
     * Returns the messages as a stream (Tokio's {@code ReceiverStream}): each item is the next
     * message, as {@link #recv()} would return it, and the stream ends when {@code recv} would
     * complete with {@code null} (every sender is closed, or this receiver was closed, and every
     * message sent before was received). The stream is a view: it does not own the receiver, so
     * ending or cancelling it does not close the channel, and {@code recv} (or another
     * {@code stream()}) can go on receiving afterwards. Like {@code recv}, only one task at a time
     * may poll it, and it may not be polled at the same time as {@code recv}.
     *
     * <p>Each poll consumes one unit of the cooperative budget, as {@code recv} does, and passes
     * the message on without allocating.
     *
     * @return a new stream over this receiver
     * @implNote Cancel safety: cancel-safe: {@code next()} on this stream takes a message only in
     *     the poll that returns it, so cancelling it (or {@code cancel()} on the stream) between
     *     items leaves every message not yet returned in the channel for a later {@code recv}.
     */
    public AsyncStream<T> stream() {
        return new Stream();
    }

    /**
     * Returns a future that waits for at least one message, then moves up to {@code limit}
     * available messages into {@code buffer} and completes with how many it moved; {@code 0}
     * means the end of the stream.
     *
     * @param buffer where messages are appended
     * @param limit the most messages to move, at least 1
     * @return the future
     * @throws IllegalArgumentException if {@code limit < 1}
     * @implNote Cancel safety: cancel-safe: messages are moved only in the poll that completes.
     */
    public Future<Integer> recvMany(Collection<? super T> buffer, int limit) {
        Objects.requireNonNull(buffer, "buffer");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        return new Future<>() {
            @Override
            @SuppressWarnings("unchecked")
            public Poll<Integer> poll(Context cx) {
                if (!Coop.proceed(cx)) {
                    return Poll.pending();
                }
                Object v = chan.pollTake(cx);
                if (v == null) {
                    return Poll.pending();
                }
                if (v == MpscChan.END) {
                    return Poll.ready(0);
                }
                buffer.add((T) v);
                int n = 1;
                while (n < limit) {
                    v = chan.tryTake();
                    if (v == null || v == MpscChan.END) {
                        break;
                    }
                    buffer.add((T) v);
                    n++;
                }
                return Poll.ready(n);
            }

            @Override
            public void cancel() {
                chan.clearRxWaker();
            }
        };
    }

    /**
     * Takes a message without waiting.
     *
     * @return the message, or {@code null} if none is available now
     * @throws ChannelClosedException at the end of the stream (no message will ever come)
     */
    @SuppressWarnings("unchecked")
    public T tryRecv() {
        Object v = chan.tryTake();
        if (v == MpscChan.END) {
            throw new ChannelClosedException("the mpsc channel is closed and drained");
        }
        return (T) v;
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return chan.rxClosed;
    }

    /**
     * Closes the receiver (Rust's {@code Receiver::close}): further sends fail with
     * {@link SendException} (waiting ones too), and senders' {@code closed()} completes. Messages
     * already sent, and those sent through permits granted before, can still be received; then
     * {@code recv} completes with {@code null}. Idempotent.
     */
    @Override
    public void close() {
        chan.closeRx();
    }

    private final class Recv implements Future<T> {
        @Override
        @SuppressWarnings("unchecked")
        public Poll<T> poll(Context cx) {
            if (!Coop.proceed(cx)) {
                return Poll.pending();
            }
            Object v = chan.pollTake(cx);
            if (v == null) {
                return Poll.pending();
            }
            return v == MpscChan.END ? Poll.ready(null) : Poll.ready((T) v);
        }

        @Override
        public void cancel() {
            chan.clearRxWaker();
        }
    }

    /** {@link #stream()}: {@code recv}'s poll through the raw stream protocol. */
    private final class Stream extends RawStream<T> {
        @Override
        public Object pollRaw(Context cx) {
            if (!Coop.proceed(cx)) {
                return PENDING;
            }
            Object v = chan.pollTake(cx);
            if (v == null) {
                return PENDING;
            }
            return v == MpscChan.END ? END : v;
        }

        @Override
        public void cancel() {
            chan.clearRxWaker();
        }

        @Override
        public String toString() {
            return "MpscReceiver.stream()";
        }
    }
}
