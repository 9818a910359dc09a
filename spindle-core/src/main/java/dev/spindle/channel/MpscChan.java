package dev.spindle.channel;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.channel.internal.LinkedQueue;
import dev.spindle.channel.internal.MessageQueue;
import dev.spindle.channel.internal.RingQueue;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.sync.Notified;
import dev.spindle.sync.Notify;
import dev.spindle.sync.internal.BatchSemaphore;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The state an mpsc channel's handles share (Tokio's {@code chan::Chan}): the message queue, the
 * capacity (bounded channels only), the receiver's waker, the count of live senders and the
 * receiver's closed flag.
 *
 * @param <T> the message type
 */
final class MpscChan<T> {

    /*
     * Implementation notes.
     *
     * Message flow: a sender (bounded: after taking one permit of `capacity`, the BatchSemaphore
     * that Mutex and Semaphore use too) pushes into `queue` and
     * then wakes the receiver; the receiver pops, and (bounded) returns the permit.
     *
     * Receiver wakeup (no lost wakeup, the Dekker pattern over volatile accesses, which are
     * sequentially consistent): the receiver stores `rxWaker` and then re-reads the queue and
     * `senders`; a sender publishes (queue) or decrements `senders` and then reads `rxWaker`. One
     * of the two sees the other's write. The sender takes the waker with getAndSet(null), so each
     * registration is woken at most once; the receiver clears its waker when it finds a message
     * after registering, so a busy channel does not wake an already running receiver.
     *
     * End of stream (Tokio's rule: the receiver gets everything sent before the last sender
     * closed): `senders` counts open sender handles plus outstanding permits (a permit can
     * always send). When it is 0 — or the receiver closed and no permit is outstanding — the
     * receiver tries to seal the queue; the seal succeeds only if the queue is empty with no
     * push in flight, so every message whose push succeeded is drained first, and a push after
     * the seal fails (its sender gets SendException with the value). A bounded send that is
     * still waiting for capacity when its own handle is closed as the last one may thus fail
     * with SendException: the value is handed back, never lost.
     *
     * Receiver close: `rxClosed` is set, the capacity is closed (waiting and later bounded sends
     * fail with SendException), unbounded sends check `rxClosed` first; messages already in the
     * queue, and those sent through outstanding permits, can still be received.
     */

    final MessageQueue<T> queue;
    /** The room of a bounded channel (one permit per message), null when unbounded. */
    final BatchSemaphore capacity;
    final int maxCapacity;
    final Notify rxClosedNotify = new Notify();
    volatile int senders = 1;
    volatile boolean rxClosed;
    private volatile Waker rxWaker;

    private MpscChan(MessageQueue<T> queue, int maxCapacity) {
        this.queue = queue;
        this.maxCapacity = maxCapacity;
        this.capacity = maxCapacity > 0 ? new BatchSemaphore(maxCapacity) : null;
    }

    static <T> MpscChan<T> bounded(int capacity) {
        if (capacity <= 0 || capacity > BatchSemaphore.MAX_PERMITS) {
            throw new IllegalArgumentException("mpsc capacity must be between 1 and "
                    + BatchSemaphore.MAX_PERMITS + ": " + capacity);
        }
        return new MpscChan<>(new RingQueue<>(capacity), capacity);
    }

    static <T> MpscChan<T> unbounded() {
        return new MpscChan<>(new LinkedQueue<>(), 0);
    }

    // ---- sending side ----

    /**
     * Pushes a message the caller is entitled to send (bounded: it holds a permit).
     *
     * @throws SendException if the queue is sealed (bounded: the permit is returned)
     */
    void pushOrFail(T value) {
        if (!queue.push(value)) {
            if (capacity != null) {
                capacity.release(1);
            }
            throw new SendException("the mpsc channel is closed", value);
        }
        wakeRx();
    }

    void wakeRx() {
        if (rxWaker != null) {
            Waker w = (Waker) RX_WAKER.getAndSet(this, (Waker) null);
            if (w != null) {
                w.wake();
            }
        }
    }

    void addSender() {
        SENDERS.getAndAdd(this, 1);
    }

    void dropSender() {
        if ((int) SENDERS.getAndAdd(this, -1) == 1) {
            wakeRx();
        }
    }

    SendException closedForSend(Object value) {
        return new SendException("the mpsc receiver is closed", value);
    }

    /** The future of {@code closed()} on a sender: completes once the receiver is closed. */
    Future<Void> closedFuture() {
        return new Future<>() {
            private Notified notified;

            @Override
            public Poll<Void> poll(Context cx) {
                if (!Coop.proceed(cx)) {
                    return Poll.pending();
                }
                for (;;) {
                    if (notified == null) {
                        notified = rxClosedNotify.notified();
                        notified.enable();
                    }
                    if (rxClosed) {
                        cancel();
                        return Poll.ready(null);
                    }
                    if (!notified.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    notified = null;
                }
            }

            @Override
            public void cancel() {
                if (notified != null) {
                    notified.cancel();
                    notified = null;
                }
            }
        };
    }

    // ---- receiving side (one consumer) ----

    /** Pops one message and returns its permit. */
    private T take() {
        T v = queue.pop();
        if (v != null && capacity != null) {
            capacity.release(1);
        }
        return v;
    }

    /** Whether the stream has ended: nothing more can arrive and the queue is drained and sealed. */
    private boolean ended() {
        boolean noMore = senders == 0
                || (rxClosed && (capacity == null || capacity.availablePermits() == maxCapacity));
        return noMore && queue.seal();
    }

    /**
     * Takes a message without waiting.
     *
     * @return the message, {@code null} if none is available; {@link #END} at the end of stream
     */
    Object tryTake() {
        T v = take();
        if (v != null) {
            return v;
        }
        return ended() ? END : null;
    }

    /** The marker {@link #tryTake()} and {@link #pollTake} return at the end of the stream. */
    static final Object END = new Object();

    /**
     * The receive poll: a message, {@link #END}, or {@code null} after registering the waker.
     * The caller has already consumed the budget.
     */
    Object pollTake(Context cx) {
        Object v = tryTake();
        if (v != null) {
            return v;
        }
        rxWaker = cx.waker();
        v = tryTake();
        if (v != null) {
            rxWaker = null;
        }
        return v;
    }

    /** The receive future was cancelled: forget its waker. Nothing was taken. */
    void clearRxWaker() {
        rxWaker = null;
    }

    void closeRx() {
        if (rxClosed) {
            return;
        }
        rxClosed = true;
        if (capacity != null) {
            capacity.close();
        }
        rxClosedNotify.notifyWaiters();
        wakeRx(); // a recv pending in another branch of the receiver's task may now end
    }

    static <T> T requireValue(T value) {
        return Objects.requireNonNull(value, "value");
    }

    // VarHandle mechanics
    private static final VarHandle RX_WAKER;
    private static final VarHandle SENDERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RX_WAKER = l.findVarHandle(MpscChan.class, "rxWaker", Waker.class);
            SENDERS = l.findVarHandle(MpscChan.class, "senders", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
