package dev.spindle.bench.support;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A one-shot value: one party calls {@link #complete} once, one task polls this future for the
 * value. Hand-written for the Spindle peers of {@code chained_spawn} and {@code idle_memory}
 * (Spindle's own {@code Oneshot} is not ready yet).
 *
 * <p>Deliberately lean, because {@code idle_memory} holds a million of them: one object of two
 * reference fields — 12-byte header + 2 × 4-byte compressed references = 24 bytes on a 64-bit
 * HotSpot with compressed oops (any heap under 32 GB) and without compact object headers. It is
 * both the sender and the receiver; there is no separate channel object.
 *
 * <p>Wakeup guarantee: a task that polled and got pending is woken by {@link #complete}.
 * Only one task may wait; a spurious wake is possible.
 *
 * <p>Cancel safety: dropping the future loses nothing; the value stays in the object.
 */
public final class Oneshot<T> implements Future<T> {

    /*
     * Implementation notes. `value` is null until completed, then the value (NIL for null).
     * complete() CASes it from null so a second completion fails loudly. No lost wakeup: the
     * poller stores `waker` then re-loads `value`; complete() stores `value` then loads
     * `waker` — with volatiles one of them sees the other's store.
     */

    private static final Object NIL = new Object();

    private volatile Object value;
    private volatile Waker waker;

    /**
     * Completes the oneshot and wakes the waiting task, if any. May be called from any thread.
     *
     * @param v the value, may be {@code null}
     * @throws IllegalStateException if it was already completed
     */
    public void complete(T v) {
        if (!VALUE.compareAndSet(this, (Object) null, v == null ? NIL : v)) {
            throw new IllegalStateException("oneshot completed twice");
        }
        Waker w = waker;
        if (w != null) {
            w.wake();
        }
    }

    @Override
    public Poll<T> poll(Context cx) {
        Object v = value;
        if (v == null) {
            waker = cx.waker();
            v = value;
            if (v == null) {
                return Poll.pending();
            }
        }
        waker = null;
        @SuppressWarnings("unchecked")
        T t = v == NIL ? null : (T) v;
        return Poll.ready(t);
    }

    // VarHandle mechanics
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Oneshot.class, "value", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
