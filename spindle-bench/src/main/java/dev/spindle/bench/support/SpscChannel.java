package dev.spindle.bench.support;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A single-producer, single-consumer channel of capacity 1, written as hand-written futures for
 * the Spindle peers of {@code ping_pong} (Spindle's own channels are not ready yet).
 *
 * <p>One task may send and one task may receive; neither side closes. {@link #send} is ready
 * once the item is in the slot; {@link #recv} is ready with the item once there is one.
 *
 * <p>Wakeup guarantee: a receiver that returned pending is woken by the next send; a sender
 * that returned pending is woken by the next receive. Spurious wakes are possible (a waker may
 * be woken after its task already found what it waited for on its re-check); they cost a poll.
 *
 * <p>Cancel safety: both futures are cancel-safe — a send future that is dropped before it is
 * ready has not put its item, and a receive future that is dropped took nothing.
 */
public final class SpscChannel<T> {

    /*
     * Implementation notes.
     *
     * State: `slot` holds the item or null. Only the producer writes a non-null item (after it
     * read null); only the consumer writes null (after it read an item). With one producer and
     * one consumer, plain volatile writes suffice: nobody else races for the same transition.
     *
     * Wakers: `rxWaker` is written only by the consumer, `txWaker` only by the producer; the
     * other side takes it with getAndSet(null) and wakes what it took, so a waker that is
     * cleared is always woken.
     *
     * No lost wakeup (the classic Dekker pattern over volatiles, which are sequentially
     * consistent): the consumer stores rxWaker and then loads slot; the producer stores slot
     * and then loads rxWaker. One of the two loads sees the other side's store: either the
     * consumer's re-check finds the item, or the producer finds the waker and wakes it. The
     * same holds for the producer waiting on a full slot.
     */

    private volatile Object slot;
    private volatile Waker rxWaker;
    private volatile Waker txWaker;

    /** Shared: receiving needs no per-call state. */
    private final Future<T> recvFuture = this::pollRecv;

    /**
     * @param value the item, not {@code null}
     * @return a future ready once the item is in the channel (one small object per call)
     */
    public Future<Void> send(T value) {
        return new Send<>(this, Objects.requireNonNull(value, "value"));
    }

    /** @return a future ready with the next item; the same stateless instance every time */
    public Future<T> recv() {
        return recvFuture;
    }

    /**
     * Puts {@code value} if the slot is free, else registers the sender's waker.
     *
     * @param cx the sending task's context
     * @param value the item
     * @return ready once the item was put
     */
    public Poll<Void> pollSend(Context cx, T value) {
        if (slot == null) {
            return put(value);
        }
        txWaker = cx.waker();
        if (slot == null) {
            return put(value);
        }
        return Poll.pending();
    }

    /**
     * Takes the item if there is one, else registers the receiver's waker.
     *
     * @param cx the receiving task's context
     * @return ready with the item
     */
    public Poll<T> pollRecv(Context cx) {
        Object v = slot;
        if (v == null) {
            rxWaker = cx.waker();
            v = slot;
            if (v == null) {
                return Poll.pending();
            }
        }
        slot = null;
        wake(TX_WAKER, txWaker);
        @SuppressWarnings("unchecked")
        T item = (T) v;
        return Poll.ready(item);
    }

    private Poll<Void> put(T value) {
        slot = value;
        wake(RX_WAKER, rxWaker);
        return Poll.ready(null);
    }

    /** Takes and wakes the waker in {@code field}; the plain read first skips the atomic when empty. */
    private void wake(VarHandle field, Waker seen) {
        if (seen != null) {
            Waker w = (Waker) field.getAndSet(this, (Waker) null);
            if (w != null) {
                w.wake();
            }
        }
    }

    private static final class Send<T> implements Future<Void> {
        private final SpscChannel<T> channel;
        private final T value;

        Send(SpscChannel<T> channel, T value) {
            this.channel = channel;
            this.value = value;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            return channel.pollSend(cx, value);
        }
    }

    // VarHandle mechanics
    private static final VarHandle RX_WAKER;
    private static final VarHandle TX_WAKER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RX_WAKER = l.findVarHandle(SpscChannel.class, "rxWaker", Waker.class);
            TX_WAKER = l.findVarHandle(SpscChannel.class, "txWaker", Waker.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
