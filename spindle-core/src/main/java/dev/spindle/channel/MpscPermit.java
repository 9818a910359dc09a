package dev.spindle.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Room for one message in a bounded {@link Mpsc} channel, obtained by
 * {@link MpscSender#reserve()} or {@link MpscSender#tryReserve()}: {@link #send} puts the message
 * without waiting and cannot fail. Closing the permit unused gives the room back. A permit keeps
 * the channel open for the receiver (as a sender handle does) until it is used or closed.
 *
 * @param <T> the message type
 */
public final class MpscPermit<T> implements AutoCloseable {
    private final MpscChan<T> chan;
    private volatile boolean used;

    MpscPermit(MpscChan<T> chan) {
        this.chan = chan;
        chan.addSender();
    }

    /**
     * Sends {@code value} in the reserved room; never waits and never fails for capacity or
     * closing (a receiver closed after the permit was granted can still receive it).
     *
     * @param value the message, not {@code null}
     * @throws IllegalStateException if the permit was already used or closed
     */
    public void send(T value) {
        MpscChan.requireValue(value);
        if (!USED.compareAndSet(this, false, true)) {
            throw new IllegalStateException("this mpsc permit was already used or closed");
        }
        try {
            chan.pushOrFail(value);
        } finally {
            chan.dropSender();
        }
    }

    /** Gives the room back without sending. Idempotent; no effect after {@link #send}. */
    @Override
    public void close() {
        if (USED.compareAndSet(this, false, true)) {
            chan.capacity.release(1);
            chan.dropSender();
        }
    }

    // VarHandle mechanics
    private static final VarHandle USED;

    static {
        try {
            USED = MethodHandles.lookup().findVarHandle(MpscPermit.class, "used", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
