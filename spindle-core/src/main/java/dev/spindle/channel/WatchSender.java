package dev.spindle.channel;

import java.util.Objects;

/**
 * The sending half of a {@link Watch} channel. Sending never waits.
 *
 * @param <T> the value type
 */
public final class WatchSender<T> implements AutoCloseable {
    private final Watch<T> ch;

    WatchSender(Watch<T> ch) {
        this.ch = ch;
    }

    /**
     * Replaces the value and wakes every receiver waiting for a change.
     *
     * @param value the new value, not {@code null}
     * @throws SendException with {@code value} if every receiver is closed (the value is not
     *     stored)
     * @throws ChannelClosedException if this sender was closed
     */
    public void send(T value) {
        Objects.requireNonNull(value, "value");
        synchronized (ch) {
            checkOpen();
            if (ch.receivers == 0) {
                throw new SendException("every watch receiver is closed", value);
            }
            store(value);
        }
        ch.changed.notifyWaiters();
    }

    /**
     * Replaces the value whether or not anyone receives it, and wakes waiting receivers.
     *
     * @param value the new value, not {@code null}
     * @return the previous value
     * @throws ChannelClosedException if this sender was closed
     */
    public T sendReplace(T value) {
        Objects.requireNonNull(value, "value");
        T old;
        synchronized (ch) {
            checkOpen();
            old = ch.value;
            store(value);
        }
        ch.changed.notifyWaiters();
        return old;
    }

    private void store(T value) {
        ch.value = value;
        ch.version++;
    }

    private void checkOpen() {
        if (ch.txClosed) {
            throw new ChannelClosedException("this watch sender was closed");
        }
    }

    /** @return the current value */
    public T borrow() {
        synchronized (ch) {
            return ch.value;
        }
    }

    /**
     * Creates a receiver that has seen the current value.
     *
     * @return the new receiver
     */
    public WatchReceiver<T> subscribe() {
        synchronized (ch) {
            ch.receivers++;
            return new WatchReceiver<>(ch, ch.version);
        }
    }

    /** @return how many receivers are open */
    public int receiverCount() {
        synchronized (ch) {
            return ch.receivers;
        }
    }

    /**
     * Closes the sender: receivers' {@code changed()} fails with {@link ChannelClosedException}
     * once they have seen the last value. Idempotent.
     */
    @Override
    public void close() {
        synchronized (ch) {
            if (ch.txClosed) {
                return;
            }
            ch.txClosed = true;
        }
        ch.changed.notifyWaiters();
    }
}
