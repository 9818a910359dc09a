package dev.spindle.channel;

import dev.spindle.Future;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A sending handle of an unbounded {@link Mpsc} channel. Thread-safe; {@link #copy()} makes
 * another handle; the channel ends for the receiver when the last handle is closed.
 *
 * @param <T> the message type
 */
public final class UnboundedSender<T> implements AutoCloseable {
    private final MpscChan<T> chan;
    private volatile boolean closed;

    UnboundedSender(MpscChan<T> chan) {
        this.chan = chan;
    }

    /**
     * Sends {@code value}; never waits.
     *
     * @param value the message, not {@code null}
     * @throws SendException with {@code value} if the receiver is closed
     * @throws ChannelClosedException if this handle was closed
     */
    public void send(T value) {
        MpscChan.requireValue(value);
        checkOpen();
        if (chan.rxClosed) {
            throw chan.closedForSend(value);
        }
        chan.pushOrFail(value);
    }

    /**
     * Returns a future that completes once the receiver is closed.
     *
     * @return the future
     * @implNote Cancel safety: cancel-safe; it holds nothing but its waiter slot.
     */
    public Future<Void> closed() {
        return chan.closedFuture();
    }

    /** @return whether the receiver is closed, so that sends fail */
    public boolean isClosed() {
        return chan.rxClosed;
    }

    /**
     * Creates another sending handle.
     *
     * @return the new handle
     * @throws ChannelClosedException if this handle was closed
     */
    public UnboundedSender<T> copy() {
        checkOpen();
        chan.addSender();
        return new UnboundedSender<>(chan);
    }

    private void checkOpen() {
        if (closed) {
            throw new ChannelClosedException("this mpsc sender was closed");
        }
    }

    /**
     * Closes this handle (Rust's drop of a sender); when the last one is closed the receiver
     * gets {@code null} after draining. Idempotent.
     */
    @Override
    public void close() {
        if (CLOSED.compareAndSet(this, false, true)) {
            chan.dropSender();
        }
    }

    // VarHandle mechanics
    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(UnboundedSender.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
