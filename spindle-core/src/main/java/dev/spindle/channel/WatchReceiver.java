package dev.spindle.channel;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.internal.Coop;
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
            if (!Coop.proceed(cx)) {
                return Poll.pending();
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
                    boolean unseen = ch.version != seen;
                    if (predicate == null) {
                        if (unseen) {
                            seen = ch.version;
                            return done(Poll.ready(null));
                        }
                    } else if (first || unseen) {
                        seen = ch.version;
                        if (predicate.test(ch.value)) {
                            return done(Poll.ready((R) ch.value));
                        }
                    }
                    first = false;
                    if (ch.txClosed) {
                        done(null);
                        throw new ChannelClosedException("the watch sender is closed");
                    }
                }
                if (!notified.poll(cx).isReady()) {
                    return Poll.pending();
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
}
