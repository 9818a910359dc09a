package dev.spindle.channel;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.internal.Coop;

/**
 * The receiving half of a {@link Oneshot} channel; it is itself the future of the value.
 *
 * <p>Awaiting it completes with the value, or fails with {@link ChannelClosedException} if the
 * sender was closed without sending. Cancelling it is closing it (Rust's drop of the receiver).
 *
 * @param <T> the value type
 * @implNote Cancel safety: awaiting is cancel-safe in the sense that matters: if it is
 *     cancelled, the value is not taken — but cancelling closes the receiver, so a value sent
 *     before is still available through {@link #tryRecv()} while one sent later is refused with
 *     {@link SendException} (handed back to the sender).
 */
public final class OneshotReceiver<T> implements Future<T>, AutoCloseable {
    // The channel's shared state (see Oneshot's notes), guarded by this object's monitor.
    T value;
    boolean sent;
    boolean txClosed;
    boolean rxClosed;
    private boolean taken;
    Waker rxWaker;
    Waker txWaker;

    OneshotReceiver() {
    }

    @Override
    public Poll<T> poll(Context cx) {
        if (!Coop.proceed(cx)) {
            return Poll.pending();
        }
        synchronized (this) {
            T v = takeLocked();
            if (v != null) {
                return Poll.ready(v);
            }
            rxWaker = cx.waker();
            return Poll.pending();
        }
    }

    /**
     * Takes the value if it was sent.
     *
     * @return the value, or {@code null} if none was sent yet
     * @throws ChannelClosedException if the sender was closed without sending, or the value was
     *     already received
     */
    public T tryRecv() {
        synchronized (this) {
            return takeLocked();
        }
    }

    private T takeLocked() {
        if (taken) {
            throw new ChannelClosedException("the oneshot value was already received");
        }
        T v = value;
        if (v != null) {
            value = null;
            taken = true;
            rxWaker = null;
            return v;
        }
        if (txClosed) {
            throw new ChannelClosedException("the oneshot sender was closed without sending");
        }
        return null;
    }

    /**
     * Closes the receiver: a later send fails with {@link SendException} and the sender's
     * {@link OneshotSender#closed()} completes. A value sent before stays available to
     * {@link #tryRecv()}. Idempotent.
     */
    @Override
    public void close() {
        Waker w;
        synchronized (this) {
            if (rxClosed) {
                return;
            }
            rxClosed = true;
            rxWaker = null;
            w = txWaker;
            txWaker = null;
        }
        if (w != null) {
            w.wake();
        }
    }

    /** @return the channel's state, for task dumps (what a task awaiting it waits on) */
    @Override
    public String toString() {
        synchronized (this) {
            String st = taken ? "received" : value != null ? "sent" : txClosed ? "sender closed"
                    : rxClosed ? "closed" : "waiting for a value";
            return "OneshotReceiver[" + st + "]";
        }
    }

    /** Rust's drop of the receiver: the same as {@link #close()}. */
    @Override
    public void cancel() {
        close();
    }
}
