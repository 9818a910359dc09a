package dev.spindle.sync;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.sync.internal.BatchSemaphore;
import java.util.Optional;

/**
 * An asynchronous reader-writer lock guarding a value (Tokio's {@code sync::RwLock}): any number
 * of readers (up to {@link #maxReaders()}) or one writer at a time. {@link #read()} gives a
 * {@link RwLockReadGuard}, {@link #write()} a {@link RwLockWriteGuard}; closing the guard
 * unlocks (try-with-resources). Waiting suspends the task, never a thread.
 *
 * <p><b>Fairness.</b> FIFO and write-preferring: requests are served in the order they first
 * waited, so a writer waiting for the current readers to leave stops later readers from entering
 * (a stream of readers cannot starve a writer), and {@link #tryRead()} does not barge past it.
 *
 * <p><b>Wakeup guarantee.</b> A waiting task is woken once, when its access has been handed to
 * it; the poll that follows completes with the guard.
 *
 * <p><b>Memory.</b> Everything a writer did before closing its guard happens-before everything
 * later holders do with theirs.
 *
 * <p>Guards keep the lock reachable (Tokio's owned guards are not needed in Java). Every lock
 * operation consumes the cooperative budget.
 *
 * @param <T> the type of the guarded value
 */
public final class RwLock<T> {
    /*
     * Implementation notes. As Tokio's: a BatchSemaphore holding maxReaders permits; a reader
     * takes 1, a writer takes all of them. The semaphore's FIFO hand-off gives fairness and
     * write preference at once: a queued writer at the head absorbs permits as readers leave,
     * and the counter stays at 0 while it waits, so newer readers queue behind it. Downgrading
     * gives back maxReaders - 1 permits, which lets the waiting readers in. The value is a plain
     * field ordered by the semaphore's release/acquire, as in Mutex.
     */

    /** The largest {@link #maxReaders()} possible. */
    public static final int MAX_READERS = BatchSemaphore.MAX_PERMITS;

    final BatchSemaphore sem;
    final int maxReaders;
    T value;

    /**
     * Creates an unlocked lock allowing {@link #MAX_READERS} readers at once.
     *
     * @param value the initial value, may be {@code null}
     */
    public RwLock(T value) {
        this(value, MAX_READERS);
    }

    /**
     * Creates an unlocked lock allowing at most {@code maxReaders} readers at once.
     *
     * @param value the initial value, may be {@code null}
     * @param maxReaders the most concurrent readers, {@code 1..MAX_READERS}
     * @throws IllegalArgumentException if {@code maxReaders} is not in {@code 1..MAX_READERS}
     */
    public RwLock(T value, int maxReaders) {
        if (maxReaders < 1 || maxReaders > MAX_READERS) {
            throw new IllegalArgumentException("maxReaders must be in 1.." + MAX_READERS + ": " + maxReaders);
        }
        this.value = value;
        this.maxReaders = maxReaders;
        this.sem = new BatchSemaphore(maxReaders);
    }

    /** @return the most readers that may hold the lock at once */
    public int maxReaders() {
        return maxReaders;
    }

    /**
     * Waits for shared read access.
     *
     * @implNote Cancel safety: cancelling loses the place in the queue and nothing else; access
     *     already handed to the cancelled future is passed on.
     * @return a future of the read guard
     */
    public Future<RwLockReadGuard<T>> read() {
        return new ReadFuture<>(this);
    }

    /**
     * Waits for exclusive write access.
     *
     * @implNote Cancel safety: cancelling loses the place in the queue and nothing else; the
     *     read permits already handed to the cancelled writer are passed on, so readers queued
     *     behind it go in.
     * @return a future of the write guard
     */
    public Future<RwLockWriteGuard<T>> write() {
        return new WriteFuture<>(this);
    }

    /**
     * Takes read access if no writer holds or waits for the lock and fewer than
     * {@link #maxReaders()} readers hold it.
     *
     * @return the read guard, or empty
     */
    public Optional<RwLockReadGuard<T>> tryRead() {
        return sem.tryAcquire(1) == BatchSemaphore.TryAcquire.ACQUIRED
                ? Optional.of(new RwLockReadGuard<>(this))
                : Optional.empty();
    }

    /**
     * Takes write access if nobody holds or waits for the lock.
     *
     * @return the write guard, or empty
     */
    public Optional<RwLockWriteGuard<T>> tryWrite() {
        return sem.tryAcquire(maxReaders) == BatchSemaphore.TryAcquire.ACQUIRED
                ? Optional.of(new RwLockWriteGuard<>(this))
                : Optional.empty();
    }

    @Override
    public String toString() {
        int free = sem.availablePermits();
        return "RwLock[" + (free == maxReaders ? "unlocked" : (maxReaders - free) + " permits held") + "]";
    }

    /** The future of {@link #read()}; it is its own queue node. */
    private static final class ReadFuture<T> extends BatchSemaphore.Waiter implements Future<RwLockReadGuard<T>> {
        private final RwLock<T> lock;

        ReadFuture(RwLock<T> lock) {
            super(lock.sem, 1);
            this.lock = lock;
        }

        @Override
        public Poll<RwLockReadGuard<T>> poll(Context cx) {
            return pollAcquire(cx) ? Poll.ready(new RwLockReadGuard<>(lock)) : Poll.pending();
        }

        @Override
        public void cancel() {
            cancelAcquire();
        }
    }

    /** The future of {@link #write()}; it is its own queue node. */
    private static final class WriteFuture<T> extends BatchSemaphore.Waiter implements Future<RwLockWriteGuard<T>> {
        private final RwLock<T> lock;

        WriteFuture(RwLock<T> lock) {
            super(lock.sem, lock.maxReaders);
            this.lock = lock;
        }

        @Override
        public Poll<RwLockWriteGuard<T>> poll(Context cx) {
            return pollAcquire(cx) ? Poll.ready(new RwLockWriteGuard<>(lock)) : Poll.pending();
        }

        @Override
        public void cancel() {
            cancelAcquire();
        }
    }
}
