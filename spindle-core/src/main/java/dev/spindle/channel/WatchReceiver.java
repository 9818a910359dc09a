package dev.spindle.channel;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.stream.AsyncStream;
import dev.spindle.stream.internal.RawStream;
import dev.spindle.sync.Notified;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A receiving half of a {@link Watch} channel: reads the latest value and waits for changes.
 * Each receiver tracks the version it has seen; receivers are independent of each other.
 * One task at a time should use a receiver (make a {@link #copy()} for another task).
 *
 * @param <T> the value type
 */
public final class WatchReceiver<T> implements AutoCloseable {
    private final Watch<T> ch;
    private long seen;
    private boolean closed;

    WatchReceiver(Watch<T> ch, long seen) {
        this.ch = ch;
        this.seen = seen;
    }

    /** @return the current value, without marking it seen */
    public T borrow() {
        synchronized (ch) {
            return ch.value;
        }
    }

    /** @return the current value, now marked seen */
    public T borrowAndUpdate() {
        synchronized (ch) {
            checkOpen();
            seen = ch.version;
            return ch.value;
        }
    }

    /**
     * @return whether a value this receiver has not seen was sent
     * @throws ChannelClosedException if the sender is closed and there is no unseen value, or this
     *     receiver is closed
     */
    public boolean hasChanged() {
        synchronized (ch) {
            checkOpen();
            if (ch.version != seen) {
                return true;
            }
            if (ch.txClosed) {
                throw new ChannelClosedException("the watch sender is closed");
            }
            return false;
        }
    }

    /**
     * Returns a future that completes once a value this receiver has not seen is sent (at once
     * if there already is one), marking it seen. Read it with {@link #borrow()}.
     *
     * @return the future
     * @throws ChannelClosedException (from the future) if the sender is closed and there is no
     *     unseen value
     * @implNote Cancel safety: cancel-safe: a cancelled {@code changed()} marks nothing seen, so
     *     the next call sees the change it missed.
     */
    public Future<Void> changed() {
        return new WaitFor<Void>(null);
    }

    /**
     * Returns a future that completes with the first value (the current one included) for which
     * {@code predicate} holds, marking it seen. The predicate runs under the channel's lock: keep
     * it short and do not touch the channel from it.
     *
     * @param predicate the condition
     * @return the future
     * @throws ChannelClosedException (from the future) if the sender is closed and the last value
     *     does not satisfy {@code predicate}
     * @implNote Cancel safety: cancel-safe; nothing is consumed until the future completes.
     */
    public Future<T> waitFor(Predicate<? super T> predicate) {
        return new WaitFor<>(Objects.requireNonNull(predicate, "predicate"));
    }

    /**
     * Returns the values as a stream (Tokio's {@code WatchStream::new}): the first item is the
     * current value (whether or not this receiver has seen it), and each further item is the
     * latest value after a change this receiver has not seen; each item is marked seen as it is
     * returned. Intermediate values sent between two polls are not seen (a watch keeps only the
     * latest). The stream ends once the sender is closed and its last value was returned.
     *
     * <p>The stream is a view: it does not own the receiver, and ending or cancelling it does not
     * close the receiver. One task at a time polls it, never together with {@code changed} or
     * {@code waitFor}. Each poll consumes one unit of the cooperative budget, as
     * {@code changed} does.
     *
     * @return a new stream over this receiver
     * @throws ChannelClosedException (from a poll) if this receiver was closed
     * @implNote Cancel safety: cancel-safe: a value is marked seen only by the poll that returns
     *     it, so after cancelling the stream (or its {@code next()}) a change not yet returned is
     *     still unseen for the next {@code changed} or {@code stream()}.
     */
    public AsyncStream<T> stream() {
        return new Stream();
    }

    /**
     * Creates another receiver that has seen what this one has.
     *
     * @return the copy
     * @throws ChannelClosedException if this receiver is closed
     */
    public WatchReceiver<T> copy() {
        synchronized (ch) {
            checkOpen();
            ch.receivers++;
            return new WatchReceiver<>(ch, seen);
        }
    }

    /** Closes this receiver; when all are closed, {@link WatchSender#send} fails. Idempotent. */
    @Override
    public void close() {
        synchronized (ch) {
            if (!closed) {
                closed = true;
                ch.receivers--;
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ChannelClosedException("this watch receiver was closed");
        }
    }

    /** {@code changed()} when the predicate is null, {@code waitFor} otherwise. */
    private final class WaitFor<R> implements Future<R> {
        private final Predicate<? super T> predicate;
        private boolean first = true;
        private Notified notified;

        WaitFor(Predicate<? super T> predicate) {
            this.predicate = predicate;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Poll<R> poll(Context cx) {
            Object v = pollRaw(cx);
            if (v == RawStream.PENDING) {
                return Poll.pending();
            }
            if (v == RawStream.END) {
                throw new ChannelClosedException("the watch sender is closed");
            }
            return Poll.ready(predicate == null ? null : (R) v);
        }

        /**
         * The wait: the value found (marked seen), {@code RawStream.PENDING}, or
         * {@code RawStream.END} if the sender is closed and no value qualifies. Reusable: after
         * it returned a value, the next call waits for the next unseen one.
         */
        Object pollRaw(Context cx) {
            if (!Coop.proceed(cx)) {
                return RawStream.PENDING;
            }
            for (;;) {
                if (notified == null) {
                    notified = ch.changed.notified();
                    notified.enable();
                }
                synchronized (ch) {
                    if (closed) {
                        done(null);
                        checkOpen();
                    }
                    boolean candidate = ch.version != seen || (first && predicate != null);
                    first = false;
                    if (candidate) {
                        seen = ch.version;
                        if (predicate == null || predicate.test(ch.value)) {
                            done(null);
                            return ch.value;
                        }
                    }
                    if (ch.txClosed) {
                        done(null);
                        return RawStream.END;
                    }
                }
                if (!notified.poll(cx).isReady()) {
                    return RawStream.PENDING;
                }
                notified = null;
            }
        }

        private Poll<R> done(Poll<R> p) {
            if (notified != null) {
                notified.cancel();
                notified = null;
            }
            return p;
        }

        @Override
        public void cancel() {
            done(null);
        }
    }

    /** {@link #stream()}: a reusable {@code waitFor(any)} whose first poll takes the current value. */
    private final class Stream extends RawStream<T> {
        private final WaitFor<T> wait = new WaitFor<>(v -> true);

        @Override
        public Object pollRaw(Context cx) {
            return wait.pollRaw(cx);
        }

        @Override
        public void cancel() {
            wait.cancel();
        }

        @Override
        public String toString() {
            return "WatchReceiver.stream()";
        }
    }
}
