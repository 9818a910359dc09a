package dev.spindle.runtime.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which workers are parked and how many are searching for work, so that new work wakes a
 * worker only when nobody is already looking for it, and at most half of the workers steal at
 * once.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>{@link #state} packs {@code unparked << 16 | searching} into one atomic int so that a
 * notifier reads both with one volatile load. Parking and unparking a particular worker also
 * change the {@link #sleepers} stack, so they take this object's monitor; the searching count
 * alone changes lock-free.
 *
 * <p><b>No lost work.</b> A producer pushes a task and then (after a full fence) reads
 * {@code state}: if nobody searches and someone sleeps, it wakes one. A worker going to sleep
 * decrements {@code state} first and, if it was the last searcher, re-checks every queue
 * afterwards. Between the two orders one side always sees the other: either the producer sees a
 * state that makes it wake a sleeper, or the last searcher sees the task.
 */
final class Idle {
    private static final int UNPARKED_SHIFT = 16;
    private static final int SEARCHING_MASK = (1 << UNPARKED_SHIFT) - 1;

    private final AtomicInteger state;
    private final int numWorkers;
    /** Parked worker indices; guarded by {@code this}. */
    private final int[] sleepers;
    private int numSleepers;

    Idle(int numWorkers) {
        this.numWorkers = numWorkers;
        this.state = new AtomicInteger(numWorkers << UNPARKED_SHIFT);
        this.sleepers = new int[numWorkers];
    }

    /**
     * Picks a parked worker to wake for new work, marking it unparked and searching.
     *
     * @return its index, or -1 if a worker is already searching or none is parked
     */
    int workerToNotify() {
        if (!shouldNotify(state.get())) {
            return -1;
        }
        synchronized (this) {
            if (!shouldNotify(state.get()) || numSleepers == 0) {
                return -1;
            }
            state.addAndGet((1 << UNPARKED_SHIFT) | 1);
            return sleepers[--numSleepers];
        }
    }

    private boolean shouldNotify(int s) {
        return (s & SEARCHING_MASK) == 0 && (s >>> UNPARKED_SHIFT) < numWorkers;
    }

    /** @return {@code true} if the caller may search (fewer than half the workers do). */
    boolean transitionWorkerToSearching() {
        int s = state.get();
        if (2 * (s & SEARCHING_MASK) >= numWorkers) {
            return false;
        }
        state.incrementAndGet();
        return true;
    }

    /** @return {@code true} if the caller was the last searcher (it must then wake another if work is left). */
    boolean transitionWorkerFromSearching() {
        int prev = state.getAndDecrement();
        return (prev & SEARCHING_MASK) == 1;
    }

    /**
     * Records that worker {@code index} parks.
     *
     * @return {@code true} if it was the last searcher
     */
    synchronized boolean transitionWorkerToParked(int index, boolean searching) {
        int dec = (1 << UNPARKED_SHIFT) | (searching ? 1 : 0);
        int prev = state.getAndAdd(-dec);
        sleepers[numSleepers++] = index;
        return searching && (prev & SEARCHING_MASK) == 1;
    }

    /**
     * A parked worker woke by itself (driver event, timeout, spurious): take it off the
     * sleepers if nobody already did.
     *
     * @return {@code true} if it was still listed as parked (it is now unparked, not searching);
     *     {@code false} if a notifier picked it (it is unparked and searching)
     */
    synchronized boolean unparkWorkerIfParked(int index) {
        for (int i = 0; i < numSleepers; i++) {
            if (sleepers[i] == index) {
                sleepers[i] = sleepers[--numSleepers];
                state.addAndGet(1 << UNPARKED_SHIFT);
                return true;
            }
        }
        return false;
    }

    /** @return workers not parked */
    int numUnparked() {
        return state.get() >>> UNPARKED_SHIFT;
    }

    /** @return workers searching */
    int numSearching() {
        return state.get() & SEARCHING_MASK;
    }
}
