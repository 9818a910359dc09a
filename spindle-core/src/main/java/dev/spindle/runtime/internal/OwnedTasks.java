package dev.spindle.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Every live task of a runtime, so that shutdown can cancel the ones that are parked on
 * something that will never wake them, and task dumps can list them.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>Intrusive doubly-linked lists through {@link RawTask#ownedPrev}/{@link RawTask#ownedNext},
 * sharded by task id so that concurrent spawns and completions on different workers rarely
 * meet on one lock. A task is in at most one shard, and only between a successful
 * {@link #add} and its {@link #remove}. {@link #close()} sets {@code closed} under every shard's
 * lock in turn, so after it returns no {@code add} can succeed and {@link #snapshot()} sees
 * every task that will ever be owned.
 *
 * <p><b>Shard locks.</b> Every spawn adds and every completion removes, usually on different
 * workers, so the lock is on the spawn path twice. A monitor costs a CAS to enter and another
 * to exit; a shard's lock is a spin lock instead: a CAS to take it, a release store to drop it
 * (which orders the list writes before the next holder's CAS). The critical sections are a
 * few pointer writes, so a waiter spins briefly ({@link Thread#onSpinWait()}) and yields the
 * CPU only if the holder was descheduled mid-section; nothing blocks.
 */
final class OwnedTasks {
    private static final class Shard {
        RawTask<?> head;
        int size;
        /** 1 while held; see the shard locks note. */
        @SuppressWarnings("unused") // through LOCKED
        private volatile int locked;

        void lock() {
            int spins = 0;
            while (!LOCKED.weakCompareAndSetAcquire(this, 0, 1)) {
                if (++spins < 64) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // the holder lost its CPU inside the section
                }
            }
        }

        void unlock() {
            LOCKED.setRelease(this, 0);
        }
    }

    private final Shard[] shards;
    private final int mask;
    private volatile boolean closed;
    private volatile Thread drainWaiter;

    OwnedTasks(int workers) {
        int n = Integer.highestOneBit(Math.max(1, workers * 4) - 1) << 1;
        n = Math.max(64, Math.min(n, 256));
        shards = new Shard[n];
        for (int i = 0; i < n; i++) {
            shards[i] = new Shard();
        }
        mask = n - 1;
    }

    boolean add(RawTask<?> t) {
        Shard s = shards[(int) t.id() & mask];
        s.lock();
        try {
            if (closed) {
                return false;
            }
            RawTask<?> h = s.head;
            t.ownedNext = h;
            if (h != null) {
                h.ownedPrev = t;
            }
            s.head = t;
            s.size++;
        } finally {
            s.unlock();
        }
        return true;
    }

    void remove(RawTask<?> t) {
        Shard s = shards[(int) t.id() & mask];
        boolean removed = false;
        s.lock();
        try {
            if (s.head == t || t.ownedPrev != null) {
                RawTask<?> p = t.ownedPrev;
                RawTask<?> n = t.ownedNext;
                if (p != null) {
                    p.ownedNext = n;
                } else {
                    s.head = n;
                }
                if (n != null) {
                    n.ownedPrev = p;
                }
                t.ownedPrev = null;
                t.ownedNext = null;
                s.size--;
                removed = true;
            }
        } finally {
            s.unlock();
        }
        Thread w = drainWaiter;
        if (removed && w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Stops further adds; tasks already owned stay until they complete. */
    void close() {
        for (Shard s : shards) {
            s.lock();
            try {
                closed = true;
            } finally {
                s.unlock();
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    int size() {
        int n = 0;
        for (Shard s : shards) {
            s.lock();
            try {
                n += s.size;
            } finally {
                s.unlock();
            }
        }
        return n;
    }

    List<RawTask<?>> snapshot() {
        List<RawTask<?>> all = new ArrayList<>();
        for (Shard s : shards) {
            s.lock();
            try {
                for (RawTask<?> t = s.head; t != null; t = t.ownedNext) {
                    all.add(t);
                }
            } finally {
                s.unlock();
            }
        }
        return all;
    }

    /**
     * Waits until no task is owned or the deadline passes; woken by {@link #remove}.
     *
     * @param deadlineNanos on the {@link System#nanoTime()} scale
     * @return {@code true} if empty
     */
    boolean awaitEmpty(long deadlineNanos) {
        drainWaiter = Thread.currentThread();
        try {
            for (;;) {
                if (size() == 0) {
                    return true;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            drainWaiter = null;
        }
    }

    // VarHandle mechanics
    private static final VarHandle LOCKED;

    static {
        try {
            LOCKED = MethodHandles.lookup().findVarHandle(Shard.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
