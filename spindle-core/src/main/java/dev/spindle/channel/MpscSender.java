package dev.spindle.channel;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.sync.SemaphoreClosedException;
import dev.spindle.sync.internal.BatchSemaphore;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A sending handle of a bounded {@link Mpsc} channel. Thread-safe: tasks may share a handle,
 * though each producer usually takes its own {@link #copy()}. The channel ends for the receiver
 * when the last handle (and the last {@link MpscPermit}) is closed.
 *
 * @param <T> the message type
 */
public final class MpscSender<T> implements AutoCloseable {

    /*
     * Implementation notes.
     *
     * Zero allocation on the steady state: send() hands out a cached Send future, which goes
     * back to `cachedSend` when it completes, fails or is cancelled. The cache holds at most one
     * future; taking it is a CAS, so a handle shared by several tasks hands it to one of them and
     * allocates for the others. Room is taken from the BatchSemaphore's lock-free fast path
     * without allocating; only a send that finds the channel full allocates the semaphore's
     * queue node for its wait. The caller must not touch a send future after it
     * completed (the poll contract), which is what makes recycling it sound.
     */

    private final MpscChan<T> chan;
    private volatile boolean closed;
    private volatile Send<T> cachedSend;

    MpscSender(MpscChan<T> chan) {
        this.chan = chan;
    }

    /**
     * Returns a future that sends {@code value}, waiting for room while the channel is full
     * (FIFO among waiting senders). It fails with {@link SendException} holding {@code value}
     * if the receiver is closed, or becomes closed while it waits.
     *
     * @param value the message, not {@code null}
     * @return the future; do not use it after it completed
     * @throws ChannelClosedException if this handle was closed
     * @implNote Cancel safety: not cancel-safe: cancelling a send that is waiting for room loses
     *     its place in the queue of senders, and the value is not sent (it is dropped with the
     *     future — keep a reference if you need it). A permit the send had just been granted
     *     goes to the next waiting sender. To send from a {@code select} without losing a value
     *     or a queue place, {@link #reserve()} first and then {@link MpscPermit#send send} through
     *     the permit.
     */
    public Future<Void> send(T value) {
        MpscChan.requireValue(value);
        checkOpen();
        Send<T> s = cachedSend;
        if (s == null || !CACHED_SEND.compareAndSet(this, s, (Send<T>) null)) {
            s = new Send<>(this);
        }
        s.value = value;
        return s;
    }

    /**
     * Sends {@code value} if there is room now.
     *
     * @param value the message, not {@code null}
     * @return {@code true} if it was sent, {@code false} if the channel is full
     * @throws SendException with {@code value} if the receiver is closed
     * @throws ChannelClosedException if this handle was closed
     */
    public boolean trySend(T value) {
        MpscChan.requireValue(value);
        checkOpen();
        BatchSemaphore.TryAcquire r = chan.capacity.tryAcquire(1);
        if (r == BatchSemaphore.TryAcquire.NO_PERMITS) {
            return false;
        }
        if (r == BatchSemaphore.TryAcquire.CLOSED) {
            throw chan.closedForSend(value);
        }
        chan.pushOrFail(value);
        return true;
    }

    /**
     * Returns a future that waits for room and then completes with a permit to send one
     * message; the room is held for the permit until it is used or closed.
     *
     * @return the future
     * @throws ChannelClosedException if this handle was closed, or (from the future) if the
     *     receiver is closed
     * @implNote Cancel safety: cancel-safe in effect: cancelling loses the queue place only; a
     *     permit granted but not yet returned goes to the next waiting sender. This is the
     *     cancel-safe way to send from a {@code select}: reserve in the select, then
     *     {@code permit.send(v)}, which cannot fail and does not wait.
     */
    public Future<MpscPermit<T>> reserve() {
        checkOpen();
        return new Reserve<>(chan);
    }

    /**
     * Takes a permit if there is room now.
     *
     * @return the permit, or {@code null} if the channel is full
     * @throws ChannelClosedException if the receiver or this handle is closed
     */
    public MpscPermit<T> tryReserve() {
        checkOpen();
        BatchSemaphore.TryAcquire r = chan.capacity.tryAcquire(1);
        if (r == BatchSemaphore.TryAcquire.NO_PERMITS) {
            return null;
        }
        if (r == BatchSemaphore.TryAcquire.CLOSED) {
            throw new ChannelClosedException("the mpsc receiver is closed");
        }
        return new MpscPermit<>(chan);
    }

    /**
     * Returns a future that completes once the receiver is closed: a producer can select on it
     * to stop producing for nobody.
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

    /** @return the channel's capacity */
    public int maxCapacity() {
        return chan.maxCapacity;
    }

    /** @return how many more messages fit now (a snapshot) */
    public int capacity() {
        return chan.capacity.availablePermits();
    }

    /**
     * Creates another sending handle.
     *
     * @return the new handle
     * @throws ChannelClosedException if this handle was closed
     */
    public MpscSender<T> copy() {
        checkOpen();
        chan.addSender();
        return new MpscSender<>(chan);
    }

    private void checkOpen() {
        if (closed) {
            throw new ChannelClosedException("this mpsc sender was closed");
        }
    }

    /**
     * Closes this handle (Rust's drop of a sender); when the last handle and permit are closed
     * the receiver gets {@code null} after draining. A send through this handle that is still
     * waiting for room may then fail with {@link SendException} (its value handed back).
     * Idempotent.
     */
    @Override
    public void close() {
        if (CLOSED.compareAndSet(this, false, true)) {
            chan.dropSender();
        }
    }

    /** What the send and reserve futures share: waiting for one permit of the capacity. */
    private abstract static class PermitWait {
        /** The semaphore's queue node while this future waits, else null. */
        private BatchSemaphore.Acquire acquire;

        /**
         * Takes one permit: through the lock-free fast path at the first poll, else by waiting
         * in the semaphore's queue.
         *
         * @return {@code true} once the permit is the caller's
         * @throws SemaphoreClosedException if the receiver closed the channel
         */
        final boolean pollPermit(BatchSemaphore sem, Context cx) {
            if (acquire == null) {
                BatchSemaphore.TryAcquire t = sem.tryAcquire(1);
                if (t == BatchSemaphore.TryAcquire.ACQUIRED) {
                    return true;
                }
                if (t == BatchSemaphore.TryAcquire.CLOSED) {
                    throw new SemaphoreClosedException();
                }
                acquire = sem.acquire(1);
            }
            try {
                if (!acquire.poll(cx).isReady()) {
                    return false;
                }
            } catch (SemaphoreClosedException e) {
                acquire = null;
                throw e;
            }
            acquire = null;
            return true;
        }

        /** Leaves the semaphore's queue; a permit handed to the wait goes to the next waiter. */
        final void cancelWait() {
            BatchSemaphore.Acquire a = acquire;
            acquire = null;
            if (a != null) {
                a.cancel();
            }
        }
    }

    /**
     * The send future, recycled by its sender handle. While the channel has room it allocates
     * nothing; waiting for room allocates the semaphore's queue node.
     */
    private static final class Send<T> extends PermitWait implements Future<Void> {
        private final MpscSender<T> owner;
        T value;

        Send(MpscSender<T> owner) {
            this.owner = owner;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (!Coop.proceed(cx)) {
                return Poll.pending();
            }
            MpscChan<T> chan = owner.chan;
            boolean permitted;
            try {
                permitted = pollPermit(chan.capacity, cx);
            } catch (SemaphoreClosedException e) {
                T v = value;
                recycle();
                throw chan.closedForSend(v);
            }
            if (!permitted) {
                return Poll.pending();
            }
            T v = value;
            recycle();
            chan.pushOrFail(v);
            return Poll.ready(null);
        }

        @Override
        public void cancel() {
            cancelWait();
            recycle();
        }

        private void recycle() {
            value = null;
            // Release order suffices: the next taker's CAS in send() reads it (no full fence).
            CACHED_SEND.setRelease(owner, this);
        }
    }

    /** The reserve future. */
    private static final class Reserve<T> extends PermitWait implements Future<MpscPermit<T>> {
        private final MpscChan<T> chan;

        Reserve(MpscChan<T> chan) {
            this.chan = chan;
        }

        @Override
        public Poll<MpscPermit<T>> poll(Context cx) {
            if (!Coop.proceed(cx)) {
                return Poll.pending();
            }
            boolean permitted;
            try {
                permitted = pollPermit(chan.capacity, cx);
            } catch (SemaphoreClosedException e) {
                throw new ChannelClosedException("the mpsc receiver is closed");
            }
            return permitted ? Poll.ready(new MpscPermit<>(chan)) : Poll.pending();
        }

        @Override
        public void cancel() {
            cancelWait();
        }
    }

    // VarHandle mechanics
    private static final VarHandle CLOSED;
    private static final VarHandle CACHED_SEND;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CLOSED = l.findVarHandle(MpscSender.class, "closed", boolean.class);
            CACHED_SEND = l.findVarHandle(MpscSender.class, "cachedSend", Send.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
