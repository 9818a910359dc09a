package dev.spindle.runtime.internal;

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
 * meet on one lock. Each shard is guarded by its own monitor; a task is in at most one shard,
 * and only between a successful {@link #add} and its {@link #remove}. {@link #close()} sets
 * {@code closed} under every shard's lock in turn, so after it returns no {@code add} can
 * succeed and {@link #snapshot()} sees every task that will ever be owned.
 */
final class OwnedTasks {
    private static final class Shard {
        RawTask<?> head;
        int size;
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
        synchronized (s) {
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
        }
        return true;
    }

    void remove(RawTask<?> t) {
        Shard s = shards[(int) t.id() & mask];
        boolean removed = false;
        synchronized (s) {
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
        }
        Thread w = drainWaiter;
        if (removed && w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Stops further adds; tasks already owned stay until they complete. */
    void close() {
        for (Shard s : shards) {
            synchronized (s) {
                closed = true;
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    int size() {
        int n = 0;
        for (Shard s : shards) {
            synchronized (s) {
                n += s.size;
            }
        }
        return n;
    }

    List<RawTask<?>> snapshot() {
        List<RawTask<?>> all = new ArrayList<>();
        for (Shard s : shards) {
            synchronized (s) {
                for (RawTask<?> t = s.head; t != null; t = t.ownedNext) {
                    all.add(t);
                }
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
}
