package dev.spindle.sync.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.sync.SemaphoreClosedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The one waiter queue of {@code dev.spindle.sync} (Tokio's {@code sync/batch_semaphore.rs}): a
 * counter of permits and a FIFO queue of tasks waiting for several permits at once. Mutex,
 * RwLock, Semaphore, OnceCell and the bounded channels all sit on it.
 *
 * <p><b>Fairness.</b> Strictly FIFO: permits released while tasks wait go to the waiter at the
 * head of the queue, even partially, and a later waiter is served only once every earlier one
 * has all it asked for. A large request at the head therefore blocks smaller requests behind
 * it, as in Tokio; {@link #tryAcquire(int)} never barges past a waiter either (the counter is
 * zero whenever someone waits).
 *
 * <p><b>Wakeup guarantee.</b> A waiter is woken exactly once, when it has been handed all its
 * permits or when the semaphore is closed; the permits are then already its own, so the poll
 * that follows completes without touching the shared state again.
 *
 * <p><b>Cancellation.</b> {@link Acquire#cancel()} (any {@link Waiter}'s cancel) unlinks a queued waiter in O(1) and releases
 * whatever permits it had been handed (to the next waiters, in order); a waiter that had been
 * handed everything but was cancelled before it could observe it releases all of them. Nothing
 * is lost.
 *
 * <p><b>Closing.</b> {@link #close()} fails every waiter and every later acquire with
 * {@link SemaphoreClosedException}; releases still count, so {@link #availablePermits()} stays
 * truthful.
 *
 * <p><b>Budget.</b> Every poll of an {@link Acquire} consumes one unit of the cooperative budget
 * ({@link Coop#proceed(Context)}).
 */
public final class BatchSemaphore {

    /*
     * Implementation notes.
     *
     * State encoding. One volatile int, `state`:
     *     bits 31..2  the permits available in the counter, 0..MAX_PERMITS
     *     bit 1       QUEUED: the waiter queue is non-empty
     *     bit 0       CLOSED: close() was called; never cleared
     * Invariants (I1) QUEUED <=> head != null; (I2) QUEUED => counter == 0. QUEUED is set and
     * cleared only while holding the monitor of this object ("the lock"), and so is CLOSED.
     *
     * The lock guards the queue (head, tail, and every node's prev/next/queued/waker) and the
     * permits handed to queued nodes (Waiter.remaining, written only under it). It is held for
     * a few field writes per waiter and never across a wake, a poll or user code; wakers are
     * collected into a chain (through the unlinked nodes' `next`, so no allocation) and woken
     * after the lock is released. No thread ever waits for the lock inside a poll for longer
     * than such a section.
     *
     * Lock-free paths (the uncontended case takes no lock):
     *   - tryAcquire / the first poll of an Acquire: CAS the counter down if it holds enough.
     *     With I2 a queued waiter always makes this fail, so nobody barges past the queue.
     *   - release when QUEUED is clear: CAS the counter up. The CAS fails if a waiter enqueued
     *     meanwhile (it set QUEUED with its own CAS under the lock), and the releaser then takes
     *     the lock and hands the permits to the queue. This is the race "release vs a new waiter
     *     enqueueing": the enqueuer's CAS reads the counter and sets QUEUED in one step, so
     *     either it sees the released permits, or the releaser sees QUEUED. No wakeup is lost.
     *   - forgetPermits: CAS the counter down.
     *
     * Locked paths: enqueueing (takes what the counter holds, then sets QUEUED), release while
     * QUEUED (hands permits to the head, unlinks fully served nodes, deposits any remainder and
     * clears QUEUED when the queue empties), cancel of a queued node, close.
     *
     * Waiter.remaining: permits still owed to the node; 0 = fully served, CLOSED_MARK = failed
     * by close (close has already returned the node's partial permits to the counter). It is
     * volatile so that a poll can see "served" without the lock: the write of 0 happens under
     * the lock after the node was unlinked and after the counter was updated (so that a release
     * is one atomic step to every observer: no one sees a node served while the counter still
     * lacks the rest of the same release), and the reader's volatile read then sees the whole
     * hand-off. close() likewise updates the counter before marking the nodes failed.
     *
     * Memory ordering for the guarded data (a Mutex's value): a release is a volatile
     * CAS (or a lock release followed by the wake) and an acquire is a volatile CAS or read of
     * remaining == 0, so everything before release(n) happens-before the code after the acquire
     * that got those permits.
     *
     * The node's `phase` is touched only by its owner (the task polling or cancelling it), so
     * it is a plain field.
     */

    /** The largest number of permits a semaphore can hold, and the largest single request. */
    public static final int MAX_PERMITS = Integer.MAX_VALUE >>> 2;

    /** The semaphore is closed. Set under the lock; never cleared. */
    private static final int CLOSED = 1;
    /** The waiter queue is non-empty; the counter is then zero. Set and cleared under the lock. */
    private static final int QUEUED = 2;
    /** The counter lives above the two flag bits. */
    private static final int SHIFT = 2;

    /** {@link Waiter#remaining} of a node failed by {@link #close()}. */
    private static final int CLOSED_MARK = -1;

    /** The outcome of {@link #tryAcquire(int)}; returning it allocates nothing. */
    public enum TryAcquire {
        /** The permits were taken. */
        ACQUIRED,
        /** Not enough permits are available, or tasks are waiting for them. */
        NO_PERMITS,
        /** The semaphore is closed. */
        CLOSED
    }

    private volatile int state;
    /** First waiter; guarded by the lock. */
    private Waiter head;
    /** Last waiter; guarded by the lock. */
    private Waiter tail;

    /**
     * Creates a semaphore holding {@code permits} permits.
     *
     * @param permits the initial permits, {@code 0..MAX_PERMITS}
     * @throws IllegalArgumentException if {@code permits} is negative or above {@link #MAX_PERMITS}
     */
    public BatchSemaphore(int permits) {
        checkCount(permits, "permits");
        state = permits << SHIFT;
    }

    /**
     * Takes {@code n} permits if they are available now and nobody waits for permits.
     *
     * @param n the permits, {@code 0..MAX_PERMITS}
     * @return the outcome
     * @throws IllegalArgumentException if {@code n} is negative or above {@link #MAX_PERMITS}
     */
    public TryAcquire tryAcquire(int n) {
        checkCount(n, "n");
        return tryTake(n);
    }

    /**
     * Returns a future that completes once {@code n} permits are this caller's, in FIFO order.
     * It fails with {@link SemaphoreClosedException} if the semaphore is or becomes closed.
     *
     * @implNote Cancel safety: cancelling loses the place in the queue and nothing else: any
     *     permits already handed to the future are released to the next waiters.
     * @param n the permits, {@code 0..MAX_PERMITS}
     * @return the acquire future, which does nothing until polled
     * @throws IllegalArgumentException if {@code n} is negative or above {@link #MAX_PERMITS}
     */
    public Acquire acquire(int n) {
        checkCount(n, "n");
        return new Acquire(this, n);
    }

    /**
     * Adds {@code n} permits, handing them to waiters first in FIFO order. Never blocks.
     *
     * @param n the permits to add, {@code 0..MAX_PERMITS}
     * @throws IllegalArgumentException if {@code n} is negative, or if the counter would exceed
     *     {@link #MAX_PERMITS} (nothing is added then)
     */
    public void release(int n) {
        // The uncontended case in a few bytecodes, so that it inlines into a guard's close().
        int s = state;
        if (n > 0 && (s & QUEUED) == 0 && n <= MAX_PERMITS - (s >>> SHIFT) && casState(s, s + (n << SHIFT))) {
            return;
        }
        releaseSlow(n);
    }

    private void releaseSlow(int n) {
        checkCount(n, "n");
        if (n == 0) {
            return;
        }
        for (;;) {
            int s = state;
            if ((s & QUEUED) != 0) {
                break;
            }
            int available = s >>> SHIFT;
            if (n > MAX_PERMITS - available) {
                throw new IllegalArgumentException("adding " + n + " permits to the " + available
                        + " available would exceed the maximum of " + MAX_PERMITS);
            }
            if (casState(s, s + (n << SHIFT))) {
                return;
            }
        }
        Waiter served;
        synchronized (this) {
            served = releaseLocked(n);
        }
        wakeChain(served);
    }

    /**
     * Removes up to {@code n} available permits for good (Tokio's {@code forget_permits});
     * waiters are not affected.
     *
     * @param n the most permits to remove, non-negative
     * @return how many were removed
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public int forgetPermits(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot forget a negative number of permits: " + n);
        }
        for (;;) {
            int s = state;
            int taken = Math.min(n, s >>> SHIFT);
            if (taken == 0 || casState(s, s - (taken << SHIFT))) {
                return taken;
            }
        }
    }

    /**
     * Closes the semaphore: every waiter fails with {@link SemaphoreClosedException} (the permits
     * it had been handed go back to the counter), and so does every acquire after this.
     * Idempotent.
     */
    public void close() {
        Waiter failed;
        synchronized (this) {
            failed = head;
            head = null;
            tail = null;
            int back = 0;
            for (Waiter w = failed; w != null; w = w.next) {
                back += w.permits - w.remaining;
            }
            for (;;) {
                int s = state;
                int ns = (((s >>> SHIFT) + back) << SHIFT) | CLOSED;
                if (casState(s, ns)) {
                    break;
                }
            }
            // Only now the waiters may see the close: the counter already holds their permits.
            for (Waiter w = failed; w != null; w = w.next) {
                w.queued = false;
                w.prev = null;
                w.remaining = CLOSED_MARK;
            }
        }
        wakeChain(failed);
    }

    /**
     * @return whether {@link #close()} was called
     */
    public boolean isClosed() {
        return (state & CLOSED) != 0;
    }

    /**
     * Returns the permits in the counter: not counting those handed to waiters that have not
     * got all they asked for (whenever anyone waits, this is 0).
     *
     * @return the available permits
     */
    public int availablePermits() {
        return state >>> SHIFT;
    }

    /** Checks invariants I1 and I2 (see the notes); for tests. */
    synchronized void checkInvariants() {
        int s = state;
        boolean queued = (s & QUEUED) != 0;
        if (queued != (head != null)) {
            throw new AssertionError("QUEUED is " + queued + " but head is " + head);
        }
        if (queued && (s >>> SHIFT) != 0) {
            throw new AssertionError("waiters queued while " + (s >>> SHIFT) + " permits are available");
        }
        if ((head == null) != (tail == null)) {
            throw new AssertionError("head " + head + " but tail " + tail);
        }
    }

    // ---------------------------------------------------------------- internals

    private static void checkCount(int n, String what) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + n);
        }
        if (n > MAX_PERMITS) {
            throw new IllegalArgumentException(what + " is " + n + ", above the maximum of "
                    + MAX_PERMITS + " permits");
        }
    }

    private TryAcquire tryTake(int n) {
        for (;;) {
            int s = state;
            if ((s & CLOSED) != 0) {
                return TryAcquire.CLOSED;
            }
            if ((s >>> SHIFT) < n) {
                return TryAcquire.NO_PERMITS;
            }
            if (casState(s, s - (n << SHIFT))) {
                return TryAcquire.ACQUIRED;
            }
        }
    }

    /**
     * The slow path of a first poll: takes what the counter holds and, if that is not enough,
     * queues {@code node} for the rest.
     *
     * @return {@code true} if all permits were taken, {@code false} if the node was queued
     * @throws SemaphoreClosedException if closed
     */
    private synchronized boolean enqueue(Waiter node, Waker waker) {
        for (;;) {
            int s = state;
            if ((s & CLOSED) != 0) {
                throw new SemaphoreClosedException();
            }
            int available = s >>> SHIFT;
            int n = node.permits;
            if (available >= n) {
                if (casState(s, s - (n << SHIFT))) {
                    return true;
                }
                continue;
            }
            // Take everything (I2: the counter is empty while anyone waits) and set QUEUED.
            if (casState(s, (s & CLOSED) | QUEUED)) {
                node.remaining = n - available;
                node.waker = waker;
                node.queued = true;
                node.prev = tail;
                if (tail == null) {
                    head = node;
                } else {
                    tail.next = node;
                }
                tail = node;
                return false;
            }
        }
    }

    /**
     * Hands {@code n} permits to the queue in order, unlinking the nodes it serves in full; puts
     * the rest in the counter and clears QUEUED once the queue is empty. Caller holds the lock.
     *
     * @return the served nodes, chained through {@code next}, to be woken after unlocking
     */
    private Waiter releaseLocked(int n) {
        Waiter served = null;
        Waiter w;
        while (n > 0 && (w = head) != null) {
            int owed = w.remaining;
            if (owed > n) {
                w.remaining = owed - n;
                n = 0;
                break;
            }
            n -= owed;
            unlink(w);
            w.next = served;
            served = w;
        }
        if (head == null) {
            for (;;) {
                int s = state;
                // I2: the counter was 0 while QUEUED was set, so this cannot overflow.
                int ns = (((s >>> SHIFT) + n) << SHIFT) | (s & CLOSED);
                if (casState(s, ns)) {
                    break;
                }
            }
        }
        // Only now the served nodes may see their permits, so that no observer can see a node
        // served while the counter does not yet hold the remainder of the same release.
        for (w = served; w != null; w = w.next) {
            w.remaining = 0;
        }
        return served;
    }

    /** Removes {@code w} from the queue in O(1). Caller holds the lock. */
    private void unlink(Waiter w) {
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
        w.queued = false;
    }

    /**
     * Wakes a chain built by {@link #releaseLocked} or {@link #close()}; without the lock. A
     * waker that throws (a hand-made one; the runtime's never do) does not stop the others from
     * being woken: the first failure is rethrown once all have been.
     */
    private static void wakeChain(Waiter w) {
        RuntimeException failure = null;
        while (w != null) {
            Waiter next = w.next;
            Waker k = w.waker;
            w.next = null;
            w.waker = null;
            try {
                k.wake();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
            w = next;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * A place in the queue: the base of {@link Acquire} and of the primitives' own acquire
     * futures (a Mutex's lock future extends it), so that waiting allocates nothing beyond the
     * one future object. A waiter is used by one task: {@link #pollAcquire} until it returns
     * {@code true} or throws, or {@link #cancelAcquire} once instead; never reused.
     */
    public abstract static class Waiter {
        private static final byte NEW = 0;
        private static final byte WAITING = 1;
        private static final byte DONE = 2;

        private final BatchSemaphore sem;
        private final int permits;
        /** Permits still owed; 0 = served; CLOSED_MARK = failed by close. Written under the lock. */
        private volatile int remaining;
        /** Guarded by the lock. */
        private Waker waker;
        /** Guarded by the lock; after unlinking, the wake chain. */
        private Waiter prev;
        private Waiter next;
        /** Whether the node is in the queue; guarded by the lock. */
        private boolean queued;
        /** Owner-only: NEW, WAITING (was queued), DONE (completed or cancelled). */
        private byte phase;

        /**
         * @param sem the semaphore to wait on
         * @param permits the permits to ask for, {@code 0..MAX_PERMITS}
         * @throws IllegalArgumentException if {@code permits} is negative or above
         *     {@link #MAX_PERMITS}
         */
        protected Waiter(BatchSemaphore sem, int permits) {
            checkCount(permits, "permits");
            this.sem = sem;
            this.permits = permits;
        }

        /** @return the number of permits this waiter asks for */
        public final int permits() {
            return permits;
        }

        /** @return the semaphore this waiter waits on */
        protected final BatchSemaphore semaphore() {
            return sem;
        }

        /**
         * Polls for the permits: consumes one unit of the cooperative budget, then takes them
         * or (first time) queues, or (later) checks whether they were handed over.
         *
         * @param cx the context of the polling task
         * @return {@code true} once the permits are the caller's; {@code false} if pending
         * @throws SemaphoreClosedException if the semaphore is or became closed
         * @throws IllegalStateException if called again after it returned {@code true}, threw,
         *     or the waiter was cancelled
         */
        protected final boolean pollAcquire(Context cx) {
            // The uncontended case first, small enough to inline into the primitive's poll
            // (so that escape analysis can remove the future, the guard and the Poll.Ready).
            byte p = phase;
            if (p == DONE) {
                throw new IllegalStateException("acquire future polled after it completed or was cancelled");
            }
            if (!Coop.proceed(cx)) {
                return false;
            }
            if (p == NEW && sem.tryTake(permits) == TryAcquire.ACQUIRED) {
                phase = DONE;
                return true;
            }
            return pollSlow(cx, p);
        }

        private boolean pollSlow(Context cx, byte p) {
            if (p == NEW) {
                phase = DONE; // stays so if enqueue throws (closed) or takes everything
                if (sem.enqueue(this, cx.waker())) {
                    return true;
                }
                phase = WAITING;
                return false;
            }
            int r = remaining;
            if (r > 0) {
                synchronized (sem) {
                    r = remaining;
                    if (r > 0) {
                        Waker k = cx.waker();
                        if (!k.willWake(waker)) {
                            waker = k;
                        }
                        return false;
                    }
                }
            }
            phase = DONE;
            if (r == 0) {
                return true;
            }
            throw new SemaphoreClosedException();
        }

        /**
         * The drop hook: leaves the queue in O(1) and releases the permits handed to this
         * waiter so far (all of them, if it was served but has not been polled since). Does
         * nothing if the waiter never queued, or already completed. Idempotent.
         */
        protected final void cancelAcquire() {
            byte p = phase;
            phase = DONE;
            if (p != WAITING) {
                return;
            }
            Waiter served;
            boolean handedAll;
            synchronized (sem) {
                if (queued) {
                    int handed = permits - remaining;
                    sem.unlink(this);
                    remaining = CLOSED_MARK;
                    waker = null;
                    served = sem.releaseLocked(handed);
                    handedAll = false;
                } else {
                    served = null;
                    handedAll = remaining == 0;
                }
            }
            wakeChain(served);
            if (handedAll) {
                sem.release(permits);
            }
        }

        @Override
        public String toString() {
            return getClass().getSimpleName() + "[permits=" + permits + ", remaining=" + remaining + "]";
        }
    }

    /** The future of {@link #acquire(int)}: completes once the permits are the caller's. */
    public static final class Acquire extends Waiter implements Future<Void> {
        private Acquire(BatchSemaphore sem, int permits) {
            super(sem, permits);
        }

        /**
         * Polls for the permits.
         *
         * @throws SemaphoreClosedException if the semaphore is or became closed
         * @throws IllegalStateException if polled again after it completed or was cancelled
         */
        @Override
        public Poll<Void> poll(Context cx) {
            return pollAcquire(cx) ? Poll.ready(null) : Poll.pending();
        }

        /** Leaves the queue and passes on any permits already handed over. */
        @Override
        public void cancel() {
            cancelAcquire();
        }
    }

    @Override
    public String toString() {
        int s = state;
        return "BatchSemaphore[available=" + (s >>> SHIFT) + ((s & QUEUED) != 0 ? ", waiters" : "")
                + ((s & CLOSED) != 0 ? ", closed" : "") + "]";
    }

    // VarHandle mechanics

    private boolean casState(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(BatchSemaphore.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
