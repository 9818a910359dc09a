package dev.spindle.channel.internal;

import dev.spindle.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The capacity of a bounded mpsc channel: a FIFO-fair counting semaphore of single permits with
 * a lock-free fast path, whose waiters are the send and reserve futures themselves (they extend
 * {@link Waiter}), so a waiting send allocates nothing and a cancelled one leaves in O(1).
 *
 * <p>A sender takes one permit per message; the receiver returns it when it takes the message
 * out, so at most {@code max} messages are in the channel or being written.
 */
public final class Capacity {

    /*
     * Implementation notes.
     *
     * `state` (one int, CAS only):
     *   bits 0..29  COUNT   permits available;
     *   bit 30      WAITERS the waiter list is non-empty (set and cleared only under `lock`);
     *   bit 31      CLOSED  close() was called (set under `lock`, never cleared).
     * Invariant: WAITERS => COUNT == 0, because a permit released while someone waits is handed
     * to the first waiter instead of being counted. So the fast paths are exact:
     *   tryAcquire: CAS COUNT -> COUNT - 1 while COUNT > 0 and not CLOSED (never overtakes a
     *               waiter, since there are none while COUNT > 0);
     *   release:    CAS COUNT -> COUNT + 1 while WAITERS is clear. A release that finds WAITERS
     *               set takes the lock and assigns the permit to the head waiter.
     * The race "waiter enqueues while a permit is released" is resolved by the CAS on the one
     * word: the enqueuer sets WAITERS with a CAS that fails if COUNT changed (it then retries the
     * acquire under the lock), and the releaser's CAS fails if WAITERS was set meanwhile (it then
     * takes the lock). Under the lock the list and the WAITERS bit change together.
     *
     * A waiter's `queued` flag is written only by its owner (the future's poller): once it has
     * been queued it asks again only under the lock, never through the fast path, so a grant
     * made concurrently is never missed and never doubled by a second permit.
     *
     * A waiter's `grant` moves NONE -> GRANTED (a releaser assigned it a permit) or
     * NONE -> REFUSED (close), under the lock; the waiter reads it under the lock. A cancelled
     * waiter that was GRANTED but never used its permit releases it again (passes it on).
     * Wakers are woken after the lock is released. Memory ordering: CASes on `state` are
     * volatile (sequentially consistent); the lock orders everything about waiters.
     */

    /** A waiting acquirer: a send or reserve future extends it. */
    public abstract static class Waiter extends WaitList.Node {
        static final int NONE = 0;
        static final int GRANTED = 1;
        static final int REFUSED = 2;
        int grant;
        Waker waker;
        /** Written only by the waiter's owner: it went through the queue and must ask under the lock. */
        boolean queued;

        /** Makes a finished waiter reusable (the caller owns it and it is not queued). */
        protected final void resetWaiter() {
            grant = NONE;
            waker = null;
            queued = false;
        }
    }

    /** {@link #acquire} result: the caller holds a permit. */
    public static final int ACQUIRED = 0;
    /** {@link #acquire} result: queued; the waker will be woken. */
    public static final int PENDING = 1;
    /** {@link #acquire} / {@link #tryAcquire} result: the capacity is closed. */
    public static final int CLOSED = 2;
    /** {@link #tryAcquire} result: no permit available now. */
    public static final int FULL = 3;

    private static final int COUNT_MASK = (1 << 30) - 1;
    private static final int WAITERS = 1 << 30;
    private static final int CLOSED_BIT = 1 << 31;

    private final int max;
    private final Object lock = new Object();
    private final WaitList<Waiter> waiters = new WaitList<>();
    private volatile int state;

    /**
     * @param max the number of permits, 1 to 2^30 - 1
     */
    public Capacity(int max) {
        if (max <= 0 || max > COUNT_MASK) {
            throw new IllegalArgumentException("capacity must be between 1 and " + COUNT_MASK + ": " + max);
        }
        this.max = max;
        this.state = max;
    }

    /** @return the number of permits */
    public int max() {
        return max;
    }

    /** @return permits available now (a snapshot) */
    public int available() {
        return state & COUNT_MASK;
    }

    /** @return whether close() was called */
    public boolean isClosed() {
        return state < 0;
    }

    /** @return whether every permit is back (none held by a sender or a message) */
    public boolean isIdle() {
        return (state & COUNT_MASK) == max;
    }

    /**
     * Takes a permit if one is available and nobody waits.
     *
     * @return {@link #ACQUIRED}, {@link #FULL} or {@link #CLOSED}
     */
    public int tryAcquire() {
        for (;;) {
            int s = state;
            if (s < 0) {
                return CLOSED;
            }
            if ((s & COUNT_MASK) == 0) {
                return FULL;
            }
            if (casState(s, s - 1)) {
                return ACQUIRED;
            }
        }
    }

    /**
     * Takes a permit for {@code w}, queueing it when none is available; call again at every
     * poll until it returns {@link #ACQUIRED} or {@link #CLOSED}.
     *
     * @param w the waiter (the calling future)
     * @param waker woken when the permit is granted or the capacity closes
     * @return {@link #ACQUIRED}, {@link #PENDING} or {@link #CLOSED}
     */
    public int acquire(Waiter w, Waker waker) {
        if (!w.queued) {
            int r = tryAcquire();
            if (r != FULL) {
                return r;
            }
        }
        synchronized (lock) {
            if (w.grant == Waiter.GRANTED) {
                w.grant = Waiter.NONE;
                w.waker = null;
                w.queued = false;
                return ACQUIRED;
            }
            if (w.grant == Waiter.REFUSED) {
                w.queued = false;
                return CLOSED;
            }
            if (w.isLinked()) {
                w.waker = waker;
                return PENDING;
            }
            for (;;) {
                int s = state;
                if (s < 0) {
                    return CLOSED;
                }
                if ((s & COUNT_MASK) > 0) {
                    if (casState(s, s - 1)) {
                        return ACQUIRED;
                    }
                } else if ((s & WAITERS) != 0 || casState(s, s | WAITERS)) {
                    w.waker = waker;
                    w.queued = true;
                    waiters.addLast(w);
                    return PENDING;
                }
            }
        }
    }

    /** Returns one permit: to the first waiter if there is one, else to the count. */
    public void release() {
        for (;;) {
            int s = state;
            if ((s & WAITERS) != 0) {
                break;
            }
            if (casState(s, s + 1)) {
                return;
            }
        }
        Waker wake = null;
        synchronized (lock) {
            Waiter w = waiters.pollFirst();
            if (w == null) {
                clearWaitersAndAdd(1);
            } else {
                if (waiters.isEmpty()) {
                    clearWaitersAndAdd(0);
                }
                w.grant = Waiter.GRANTED;
                wake = w.waker;
                w.waker = null;
            }
        }
        if (wake != null) {
            wake.wake();
        }
    }

    private void clearWaitersAndAdd(int n) {
        for (;;) {
            int s = state;
            if (casState(s, (s & ~WAITERS) + n)) {
                return;
            }
        }
    }

    /**
     * Withdraws {@code w} (its future was cancelled): leaves the queue in O(1), and a permit it
     * had been granted but not used goes to the next waiter.
     *
     * @param w the waiter
     */
    public void cancel(Waiter w) {
        boolean passOn = false;
        synchronized (lock) {
            if (waiters.remove(w) && waiters.isEmpty()) {
                clearWaitersAndAdd(0);
            }
            passOn = w.grant == Waiter.GRANTED;
            w.grant = Waiter.NONE;
            w.waker = null;
            w.queued = false;
        }
        if (passOn) {
            release();
        }
    }

    /** Closes: every queued waiter and every later acquire gets {@link #CLOSED}. Idempotent. */
    public void close() {
        List<Waker> wake = new ArrayList<>();
        synchronized (lock) {
            for (;;) {
                int s = state;
                if (casState(s, (s | CLOSED_BIT) & ~WAITERS)) {
                    break;
                }
            }
            Waiter w;
            while ((w = waiters.pollFirst()) != null) {
                w.grant = Waiter.REFUSED;
                if (w.waker != null) {
                    wake.add(w.waker);
                    w.waker = null;
                }
            }
        }
        for (Waker w : wake) {
            w.wake();
        }
    }

    @Override
    public String toString() {
        int s = state;
        return "Capacity[available=" + (s & COUNT_MASK) + "/" + max + (s < 0 ? ", closed" : "")
                + ((s & WAITERS) != 0 ? ", waiters" : "") + "]";
    }

    private boolean casState(int expect, int update) {
        return STATE.compareAndSet(this, expect, update);
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Capacity.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
