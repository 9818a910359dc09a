package dev.spindle.sync;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.sync.internal.BatchSemaphore;

/**
 * Lets a fixed number of tasks wait until all of them have reached a point (Tokio's
 * {@code sync::Barrier}): each task awaits {@link #waitFor()}; when the last of the
 * {@link #parties()} arrives, all of them continue, and exactly one of them — the last to
 * arrive — is told it is the leader. The barrier then starts over for the next round.
 *
 * <p>(The method is {@code waitFor}, not {@code wait}, which {@link Object} owns, and not
 * {@code await}, which {@link Future} owns.)
 *
 * <p><b>Wakeup guarantee.</b> A waiting party is woken once, when its round completes.
 *
 * <p><b>Memory.</b> Everything each party did before arriving happens-before everything every
 * party does after its {@code waitFor()} completes.
 *
 * @see java.util.concurrent.CyclicBarrier
 */
public final class Barrier {
    /*
     * Implementation notes. `arrived` and `round` are guarded by this object's monitor, held for
     * a few field accesses, and by the leader for the release of its round (which wakes the
     * round's parties: non-blocking wakes, parties - 1 of them). Each round has its own BatchSemaphore with
     * no permits; a party arrives (counted under the monitor) at its future's first poll and
     * then waits for one permit of its round's semaphore. The last arrival starts a new round
     * (fresh counter and semaphore) and releases parties - 1 permits to the old round, all under
     * the monitor, so that completing a round is one atomic step (no party of the next round
     * can finish arriving before the previous round is released); the semaphore wakes every
     * queued party. Lock order: the barrier's monitor, then a round semaphore's; never the
     * other way. A party's arrival and
     * the first poll of its acquire (which queues it, or, when the budget is spent, leaves it to
     * find a permit in the counter at its next poll) happen under the monitor together, so the
     * first poll of a non-leader is always pending: arrival is one atomic step. A round's
     * semaphore is dropped with the round, so permits left by cancelled parties go nowhere.
     * Memory ordering: arrivals are ordered by the monitor; the leader's release and each
     * party's acquire are the semaphore's release/acquire pair.
     */

    private final int parties;
    /** Parties arrived in the current round; guarded by this. */
    private int arrived;
    /** The current round's semaphore; guarded by this. */
    private BatchSemaphore round = new BatchSemaphore(0);

    /**
     * Creates a barrier for {@code parties} tasks.
     *
     * @param parties how many tasks each round waits for, {@code 1..Semaphore.MAX_PERMITS + 1}
     * @throws IllegalArgumentException if {@code parties} is out of that range
     */
    public Barrier(int parties) {
        if (parties < 1 || parties - 1 > BatchSemaphore.MAX_PERMITS) {
            throw new IllegalArgumentException("parties must be in 1.." + (BatchSemaphore.MAX_PERMITS + 1L)
                    + ": " + parties);
        }
        this.parties = parties;
    }

    /** @return how many tasks each round waits for */
    public int parties() {
        return parties;
    }

    /**
     * Arrives at the barrier (at the future's first poll) and waits until the round is complete.
     *
     * @implNote Cancel safety: not cancel-safe, as in Tokio: a party counts as arrived from its
     *     first poll on, and cancelling it afterwards does not take the arrival back (the round
     *     still completes when the others arrive). Cancelling before the first poll does
     *     nothing.
     * @return a future that completes with {@code true} for the round's leader (the last to
     *     arrive) and {@code false} for every other party
     */
    public Future<Boolean> waitFor() {
        return new Wait(this);
    }

    /**
     * Counts one arrival. A non-leader's acquire is created and first polled (queued) under the
     * monitor, so that the round cannot complete between the arrival and the queueing.
     *
     * @return the acquire to wait on, or {@code null} for the leader
     */
    private BatchSemaphore.Acquire arrive(Context cx) {
        synchronized (this) {
            if (++arrived < parties) {
                BatchSemaphore.Acquire a = round.acquire(1);
                a.poll(cx); // pending: the round's permits come only after it completes
                return a;
            }
            BatchSemaphore done = round;
            round = new BatchSemaphore(0);
            arrived = 0;
            done.release(parties - 1);
        }
        return null;
    }

    @Override
    public synchronized String toString() {
        return "Barrier[" + arrived + "/" + parties + " arrived]";
    }

    /** The future of {@link #waitFor()}. */
    private static final class Wait implements Future<Boolean> {
        private final Barrier barrier;
        private BatchSemaphore.Acquire waiting;

        Wait(Barrier barrier) {
            this.barrier = barrier;
        }

        @Override
        public Poll<Boolean> poll(Context cx) {
            if (waiting == null) {
                if (!Coop.proceed(cx)) {
                    return Poll.pending();
                }
                waiting = barrier.arrive(cx);
                return waiting == null ? Poll.ready(Boolean.TRUE) : Poll.pending();
            }
            return waiting.poll(cx).isReady() ? Poll.ready(Boolean.FALSE) : Poll.pending();
        }

        @Override
        public void cancel() {
            if (waiting != null) {
                waiting.cancel();
            }
        }
    }
}
