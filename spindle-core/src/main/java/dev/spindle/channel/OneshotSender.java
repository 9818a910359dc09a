package dev.spindle.channel;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.internal.Coop;
import java.util.Objects;

/**
 * The sending half of a {@link Oneshot} channel. {@link #send} never waits: the value is stored
 * for the receiver. Closing the sender without sending tells the receiver no value will come.
 *
 * @param <T> the value type
 */
public final class OneshotSender<T> implements AutoCloseable {
    /** The receiver, which holds the channel's state (see {@link Oneshot}'s notes). */
    private final OneshotReceiver<T> ch;

    OneshotSender(OneshotReceiver<T> ch) {
        this.ch = ch;
    }

    /**
     * Sends the value and closes the sender.
     *
     * @param value the value, not {@code null}
     * @throws SendException with {@code value} if the receiver is closed (it will never be
     *     received)
     * @throws IllegalStateException if a value was already sent
     * @throws ChannelClosedException if this sender was closed
     * @throws NullPointerException if {@code value} is {@code null}
     */
    public void send(T value) {
        Objects.requireNonNull(value, "value");
        Waker w;
        synchronized (ch) {
            if (ch.sent) {
                throw new IllegalStateException("a value was already sent on this oneshot channel");
            }
            if (ch.txClosed) {
                throw new ChannelClosedException("this oneshot sender was closed");
            }
            if (ch.rxClosed) {
                throw new SendException("the oneshot receiver is closed", value);
            }
            ch.value = value;
            ch.sent = true;
            ch.txClosed = true;
            w = ch.rxWaker;
            ch.rxWaker = null;
        }
        if (w != null) {
            w.wake();
        }
    }

    /** @return whether the receiver is closed, so that a send would fail */
    public boolean isClosed() {
        synchronized (ch) {
            return ch.rxClosed;
        }
    }

    /**
     * Returns a future that completes once the receiver is closed (or cancelled): a producer can
     * select on it to stop computing a value nobody will receive. One task at a time may wait on
     * it.
     *
     * @return the future
     * @implNote Cancel safety: cancel-safe; it holds nothing.
     */
    public Future<Void> closed() {
        return new Future<>() {
            @Override
            public Poll<Void> poll(Context cx) {
                if (!Coop.proceed(cx)) {
                    return Poll.pending();
                }
                synchronized (ch) {
                    if (ch.rxClosed) {
                        return Poll.ready(null);
                    }
                    ch.txWaker = cx.waker();
                    return Poll.pending();
                }
            }

            @Override
            public void cancel() {
                synchronized (ch) {
                    ch.txWaker = null;
                }
            }
        };
    }

    /**
     * Closes the sender without sending (Rust's drop of the sender): the receiver fails with
     * {@link ChannelClosedException}. Idempotent; no effect after a send.
     */
    @Override
    public void close() {
        Waker w;
        synchronized (ch) {
            if (ch.txClosed) {
                return;
            }
            ch.txClosed = true;
            w = ch.rxWaker;
            ch.rxWaker = null;
        }
        if (w != null) {
            w.wake();
        }
    }
}
