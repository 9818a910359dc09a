package dev.spindle.channel;

import dev.spindle.Waker;
import java.util.List;
import java.util.Objects;

/**
 * A sending handle of a {@link Broadcast} channel. Thread-safe; {@link #copy()} makes another
 * handle, and the channel closes for receivers when the last handle is closed.
 *
 * @param <T> the message type
 */
public final class BroadcastSender<T> implements AutoCloseable {
    private final Broadcast<T> ch;
    private boolean closed;

    BroadcastSender(Broadcast<T> ch) {
        this.ch = ch;
    }

    /**
     * Sends {@code value} to every receiver; never waits (a slow receiver lags instead).
     *
     * @param value the message, not {@code null}
     * @return how many receivers will see it
     * @throws SendException with {@code value} if there is no open receiver
     * @throws ChannelClosedException if this handle was closed
     */
    public int send(T value) {
        Objects.requireNonNull(value, "value");
        List<Waker> wake;
        int n;
        synchronized (ch) {
            checkOpen();
            n = ch.receivers;
            if (n == 0) {
                throw new SendException("every broadcast receiver is closed", value);
            }
            ch.buffer[(int) (ch.tail & ch.mask)] = value;
            ch.tail++;
            wake = ch.takeWaitersLocked();
        }
        Broadcast.wakeAll(wake);
        return n;
    }

    /**
     * Creates a receiver that will see every message sent from now on.
     *
     * @return the receiver
     */
    public BroadcastReceiver<T> subscribe() {
        synchronized (ch) {
            ch.receivers++;
            return new BroadcastReceiver<>(ch, ch.tail);
        }
    }

    /** @return how many receivers are open */
    public int receiverCount() {
        synchronized (ch) {
            return ch.receivers;
        }
    }

    /**
     * Creates another sending handle.
     *
     * @return the new handle
     * @throws ChannelClosedException if this handle was closed
     */
    public BroadcastSender<T> copy() {
        synchronized (ch) {
            checkOpen();
            ch.senders++;
            return new BroadcastSender<>(ch);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ChannelClosedException("this broadcast sender was closed");
        }
    }

    /**
     * Closes this handle; closing the last one lets receivers finish: after the retained
     * messages, {@code recv} completes with {@code null}. Idempotent.
     */
    @Override
    public void close() {
        List<Waker> wake;
        synchronized (ch) {
            if (closed) {
                return;
            }
            closed = true;
            if (--ch.senders > 0) {
                return;
            }
            wake = ch.takeWaitersLocked();
        }
        Broadcast.wakeAll(wake);
    }
}
