package dev.spindle.sync;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.sync.internal.BatchSemaphore;
import java.util.Optional;

/**
 * An asynchronous counting semaphore (Tokio's {@code sync::Semaphore}): a task awaits
 * {@link #acquire(int)} for permits and gets a {@link SemaphorePermit} that gives them back when
 * closed (try-with-resources).
 *
 * <pre>{@code
 * Semaphore connections = new Semaphore(10);
 * try (SemaphorePermit p = connections.acquire().await()) {
 *     talkToTheServer().await();
 * }
 * }</pre>
 *
 * <p><b>Fairness.</b> Strictly first-in first-out: a request for several permits at the head of
 * the queue is handed released permits as they come and blocks smaller requests behind it until
 * it has all it asked for; {@link #tryAcquire(int)} never takes permits while anyone waits.
 *
 * <p><b>Wakeup guarantee.</b> A waiting task is woken once, when all its permits have been
 * handed to it (they are then its own; the poll that follows completes) or when the semaphore
 * is closed. Nothing is woken spuriously by releases that do not reach it.
 *
 * <p><b>Owned permits.</b> A permit keeps a reference to its semaphore, so it may be moved to
 * another task or stored in an object, as Tokio's {@code OwnedSemaphorePermit}; Java needs no
 * separate owned variant.
 *
 * <p>At most {@link #MAX_PERMITS} permits; every operation consumes the cooperative budget.
 */
public final class Semaphore {
    /*
     * Implementation notes. All state is in the BatchSemaphore (see its notes for the encoding
     * and races); this class adds the permit object and argument checks. A permit's release
     * flag is owner-only: a permit belongs to one task at a time, as any AutoCloseable does.
     */

    /** The largest number of permits a semaphore can hold and that one acquire can ask for. */
    public static final int MAX_PERMITS = BatchSemaphore.MAX_PERMITS;

    final BatchSemaphore sem;

    /**
     * Creates a semaphore.
     *
     * @param permits the initial permits, {@code 0..MAX_PERMITS}
     * @throws IllegalArgumentException if {@code permits} is negative or above {@link #MAX_PERMITS}
     */
    public Semaphore(int permits) {
        sem = new BatchSemaphore(permits);
    }

    /**
     * Waits for one permit. Same as {@code acquire(1)}.
     *
     * @implNote Cancel safety: cancelling loses the place in the queue and nothing else; a
     *     permit already handed to the future is given back.
     * @return a future of the permit; it fails with {@link SemaphoreClosedException} if the
     *     semaphore is or becomes closed
     */
    public Future<SemaphorePermit> acquire() {
        return acquire(1);
    }

    /**
     * Waits for {@code n} permits, in FIFO order.
     *
     * @implNote Cancel safety: cancelling loses the place in the queue and nothing else; permits
     *     already handed to the future are given back (to the next waiters).
     * @param n the permits, {@code 0..MAX_PERMITS}
     * @return a future of the permit; it fails with {@link SemaphoreClosedException} if the
     *     semaphore is or becomes closed
     * @throws IllegalArgumentException if {@code n} is negative or above {@link #MAX_PERMITS}
     */
    public Future<SemaphorePermit> acquire(int n) {
        return new AcquireFuture(this, n);
    }

    /**
     * Takes one permit if one is available and nobody waits.
     *
     * @return the permit, or empty
     * @throws SemaphoreClosedException if the semaphore is closed
     */
    public Optional<SemaphorePermit> tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Takes {@code n} permits if they are available and nobody waits.
     *
     * @param n the permits, {@code 0..MAX_PERMITS}
     * @return the permit, or empty
     * @throws IllegalArgumentException if {@code n} is negative or above {@link #MAX_PERMITS}
     * @throws SemaphoreClosedException if the semaphore is closed
     */
    public Optional<SemaphorePermit> tryAcquire(int n) {
        return switch (sem.tryAcquire(n)) {
            case ACQUIRED -> Optional.of(new SemaphorePermit(this, n));
            case NO_PERMITS -> Optional.empty();
            case CLOSED -> throw new SemaphoreClosedException();
        };
    }

    /**
     * Adds {@code n} permits, waking waiters in FIFO order. Works after {@link #close()} too.
     *
     * @param n the permits to add, non-negative
     * @throws IllegalArgumentException if {@code n} is negative or the semaphore would hold more
     *     than {@link #MAX_PERMITS}
     */
    public void addPermits(int n) {
        sem.release(n);
    }

    /**
     * Removes up to {@code n} of the available permits for good; waiters keep waiting.
     *
     * @param n the most permits to remove, non-negative
     * @return how many were removed
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public int forgetPermits(int n) {
        return sem.forgetPermits(n);
    }

    /**
     * Closes the semaphore: waiting acquires fail with {@link SemaphoreClosedException}, and so
     * do later acquires and tryAcquires. Permits held stay valid and may still be released.
     * Idempotent.
     */
    public void close() {
        sem.close();
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return sem.isClosed();
    }

    /** @return the permits available now (0 while anyone waits) */
    public int availablePermits() {
        return sem.availablePermits();
    }

    @Override
    public String toString() {
        return "Semaphore[available=" + availablePermits() + (isClosed() ? ", closed]" : "]");
    }

    /** The future of {@link #acquire(int)}; it is its own queue node. */
    private static final class AcquireFuture extends BatchSemaphore.Waiter implements Future<SemaphorePermit> {
        private final Semaphore owner;

        AcquireFuture(Semaphore owner, int n) {
            super(owner.sem, n);
            this.owner = owner;
        }

        @Override
        public Poll<SemaphorePermit> poll(Context cx) {
            return pollAcquire(cx) ? Poll.ready(new SemaphorePermit(owner, permits())) : Poll.pending();
        }

        @Override
        public void cancel() {
            cancelAcquire();
        }
    }
}
