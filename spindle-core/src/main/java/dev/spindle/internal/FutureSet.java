package dev.spindle.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.internal.Coop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded set of futures polled by one owner task, each only when its own waker fired (Rust's
 * {@code FuturesUnordered}, bounded): the engine of {@code Futures.join}/{@code joinAll}/
 * {@code tryJoinAll} ({@link JoinAll}) and of the streams' {@code buffered},
 * {@code bufferUnordered} and {@code forEachConcurrent}. Polling costs O(1) per wakeup, not O(n).
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Slots.</b> At most {@code capacity} {@link Slot}s are ever allocated; a slot holds one
 * future, its sequence number, the value it completed with, and a {@link Context} whose waker is
 * the slot itself. Released slots go on an owner-only free list ({@code nextFree}) and are reused,
 * so a steady stream of futures allocates nothing here.
 *
 * <p><b>Ready queue.</b> A slot is queued for polling by the 0→1 transition of its volatile
 * {@code woken} flag, and only by it, so a slot is in at most one queue at a time: either the
 * lock-free Treiber stack {@link #readyHead} (pushed by any thread in {@link Slot#wake()}) or the
 * owner-only list {@link #local} (new slots, and the stack once taken with one
 * {@code getAndSet(null)}); both link through {@code nextReady}. The owner clears {@code woken}
 * before polling a slot, so a wake during that poll queues it again — a wakeup is never lost.
 *
 * <p><b>Stale wakes.</b> A future's waker may fire after the future completed and its slot was
 * released or reused. That queues the slot once more: a free slot is skipped when popped (its
 * future is {@code null}), a reused one gets one spurious poll, which the poll contract allows.
 *
 * <p><b>Bounded polls.</b> The stack is taken once per owner poll, in {@link #beginPoll}: slots
 * woken while that poll runs — by themselves or by other threads — are left for the next poll,
 * which their wake has already requested by waking the owner. So a future that always wakes
 * itself cannot keep one owner poll spinning.
 *
 * <p><b>Parent.</b> Every {@code wake} of a slot then wakes the owner task's latest waker, read
 * from the volatile {@link #parentWaker} that the owner stores at each poll before draining the
 * stack: a wake that pushes after the drain reads the new waker, so the owner is polled again.
 *
 * <p><b>Memory ordering.</b> The waking thread's writes happen-before the slot's next poll
 * through the CAS on {@code woken} and the volatile stack head; {@code nextReady} is written
 * before the releasing CAS that publishes the slot.
 *
 * @param <T> the futures' value type
 */
public final class FutureSet<T> {
    private final Slot[] all;
    private int allocated;
    private int size;
    private Slot free;
    /** Owner-only: slots to poll before looking at the stack again. */
    private Slot local;
    private volatile Waker parentWaker;
    @SuppressWarnings("unused") // through READY
    private volatile Slot readyHead;

    /** @param capacity the most futures the set holds at once */
    public FutureSet(int capacity) {
        this.all = new Slot[capacity];
    }

    /** @return how many futures are in the set */
    public int size() {
        return size;
    }

    /**
     * Starts a poll of the owner: stores its waker, then takes the slots woken since the last
     * poll. Only those (and futures added during this poll) are polled in this poll.
     *
     * @param w the owner's waker for this poll
     */
    public void beginPoll(Waker w) {
        if (parentWaker != w) {
            parentWaker = w;
        }
        Slot chain = (Slot) READY.getAndSet(this, null);
        if (chain != null) {
            Slot last = chain;
            while (last.nextReady != null) {
                last = last.nextReady;
            }
            last.nextReady = local;
            local = chain;
        }
    }

    /**
     * Adds a future; it is polled at the next {@link #pollOne}.
     *
     * @param f the future
     * @param seq its sequence number, handed back with its value
     */
    public void add(Future<? extends T> f, long seq) {
        Slot s = free;
        if (s != null) {
            free = s.nextFree;
            s.nextFree = null;
        } else {
            if (allocated == all.length) {
                throw new IllegalStateException("FutureSet is full");
            }
            s = all[allocated++] = new Slot(this);
        }
        s.future = f;
        s.seq = seq;
        size++;
        if (WOKEN.compareAndSet(s, 0, 1)) {
            s.nextReady = local;
            local = s;
        } // else: a stale wake already queued it on the stack; it will be polled from there
    }

    /**
     * Polls queued futures until one completes.
     *
     * @param cx the owner's context; woken if the cooperative budget runs out
     * @return the slot of a completed future (read {@link Slot#value()} and {@link Slot#seq()}, then
     *     {@link #release} it), or {@code null} if none is ready now
     * @throws Throwable (sneakily) the failure of a future; its slot is released, the others stay
     */
    public Slot pollOne(Context cx) {
        for (;;) {
            Slot s = local;
            if (s == null) {
                return null;
            }
            if (!Coop.hasBudgetRemaining()) {
                local = s;
                cx.waker().wake(); // polling on would only make every future return Pending
                return null;
            }
            local = s.nextReady;
            s.nextReady = null;
            WOKEN.setVolatile(s, 0);
            Future<?> f = s.future;
            if (f == null) {
                continue; // stale wake of a free slot
            }
            Poll<?> p;
            try {
                p = f.poll(s.cx);
            } catch (Throwable t) {
                s.future = null;
                release(s);
                throw t;
            }
            if (p instanceof Poll.Ready<?> r) {
                s.future = null;
                s.value = r.value();
                return s;
            }
        }
    }

    /** @param s a slot {@link #pollOne} returned, or one whose future failed */
    public void release(Slot s) {
        s.value = null;
        s.future = null;
        s.nextFree = free;
        free = s;
        size--;
    }

    /**
     * Cancels every future in the set (the drop of the owner); the set is empty afterwards.
     *
     * @param failure the failure being reported, to which anything a cancel throws is added as
     *     suppressed; {@code null} if none, and then the first throw of a cancel is rethrown once
     *     all are cancelled
     */
    public void cancelAll(Throwable failure) {
        Throwable thrown = null;
        for (int i = 0; i < allocated; i++) {
            Slot s = all[i];
            Future<?> f = s.future;
            s.value = null;
            if (f != null) {
                s.future = null;
                size--;
                try {
                    f.cancel();
                } catch (Throwable t) {
                    Throwable into = failure != null ? failure : thrown;
                    if (into == null) {
                        thrown = t;
                    } else if (into != t) {
                        into.addSuppressed(t);
                    }
                }
            }
        }
        local = null;
        if (thrown != null) {
            throw Sneaky.raise(thrown);
        }
    }

    /** One future of the set: its slot, and the waker it is polled with. */
    public static final class Slot implements Waker {
        private final FutureSet<?> set;
        private final Context cx;
        private Future<?> future;
        private Object value;
        private long seq;
        volatile int woken;
        Slot nextReady;
        Slot nextFree;

        Slot(FutureSet<?> set) {
            this.set = set;
            this.cx = Context.of(this);
        }

        /** @return the value of the completed future, once {@link #pollOne} returned the slot */
        public Object value() {
            return value;
        }

        /** @return the sequence number the future was added with */
        public long seq() {
            return seq;
        }

        @Override
        public void wake() {
            if (woken != 0 || !WOKEN.compareAndSet(this, 0, 1)) {
                return;
            }
            FutureSet<?> p = set;
            for (;;) {
                Slot h = p.readyHead;
                nextReady = h;
                if (READY.compareAndSet(p, h, this)) {
                    break;
                }
            }
            Waker w = p.parentWaker;
            if (w != null) {
                w.wake();
            }
        }
    }

    // VarHandle mechanics
    private static final VarHandle READY;
    private static final VarHandle WOKEN;

    static {
        try {
            READY = MethodHandles.lookup().findVarHandle(FutureSet.class, "readyHead", Slot.class);
            WOKEN = MethodHandles.lookup().findVarHandle(Slot.class, "woken", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
