package dev.spindle.sync;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.sync.internal.BatchSemaphore;
import java.util.Optional;

/**
 * An asynchronous mutual-exclusion lock guarding a value (Tokio's {@code sync::Mutex}): a task
 * awaits {@link #lock()} and gets a {@link MutexGuard}, through which it reads and writes the
 * value, until it closes the guard (try-with-resources). Waiting suspends the task; it never
 * blocks a thread, so a guard may be held across an {@code await}.
 *
 * <pre>{@code
 * Mutex<List<String>> log = new Mutex<>(new ArrayList<>());
 * try (MutexGuard<List<String>> g = log.lock().await()) {
 *     g.get().add(line);
 * }
 * }</pre>
 *
 * <p><b>Fairness.</b> FIFO: the lock goes to the tasks in the order their {@code lock()} futures
 * first waited; {@link #tryLock()} never takes it while anyone waits.
 *
 * <p><b>Wakeup guarantee.</b> A waiting task is woken once, when the lock has been handed to it:
 * the poll that follows completes with the guard. An unlock with nobody waiting wakes nothing.
 *
 * <p><b>Memory.</b> Everything a holder wrote before closing its guard happens-before everything
 * the next holder does with its guard.
 *
 * <p><b>Owned guards.</b> A guard keeps its mutex reachable, so it may be stored or moved to
 * another task, as Tokio's {@code OwnedMutexGuard}: Java needs no separate owned variant.
 * {@link MutexGuard#map} gives a {@link MappedMutexGuard} onto a part of the value.
 *
 * <p>Every lock operation consumes the cooperative budget.
 *
 * @param <T> the type of the guarded value
 */
public final class Mutex<T> {
    /*
     * Implementation notes. The lock is a BatchSemaphore with one permit (see its notes for the
     * state word, the queue, and the release-vs-enqueue race). The value is a plain field: only
     * the holder of the permit touches it, and the semaphore's release (a volatile CAS, or a
     * locked hand-off followed by a volatile write of the waiter's `remaining`) and acquire
     * (a volatile CAS or read) order each holder's accesses after the previous holder's. The
     * lock future is the queue node itself (BatchSemaphore.Waiter), so an uncontended lock()
     * allocates the future, the guard and the Poll.Ready, all short-lived and within reach of
     * escape analysis when the caller inlines the poll.
     */

    final BatchSemaphore sem = new BatchSemaphore(1);
    T value;

    /**
     * Creates an unlocked mutex.
     *
     * @param value the initial value, may be {@code null}
     */
    public Mutex(T value) {
        this.value = value;
    }

    /**
     * Waits for the lock.
     *
     * @implNote Cancel safety: cancelling loses the place in the queue and nothing else; if the
     *     lock had already been handed to the cancelled future, it is passed on to the next
     *     waiter.
     * @return a future of the guard, which does nothing until polled
     */
    public Future<MutexGuard<T>> lock() {
        return new LockFuture<>(this);
    }

    /**
     * Takes the lock if it is free and nobody waits for it.
     *
     * @return the guard, or empty
     */
    public Optional<MutexGuard<T>> tryLock() {
        return sem.tryAcquire(1) == BatchSemaphore.TryAcquire.ACQUIRED
                ? Optional.of(new MutexGuard<>(this))
                : Optional.empty();
    }

    /**
     * Whether some task holds the lock or it is being handed over, at the moment of the call.
     *
     * @return {@code true} if locked
     */
    public boolean isLocked() {
        return sem.availablePermits() == 0;
    }

    /** Releases the lock; called by a guard exactly once. */
    void unlock() {
        sem.release(1);
    }

    @Override
    public String toString() {
        return isLocked() ? "Mutex[locked]" : "Mutex[unlocked]";
    }

    /** The future of {@link #lock()}; it is its own queue node. */
    private static final class LockFuture<T> extends BatchSemaphore.Waiter implements Future<MutexGuard<T>> {
        private final Mutex<T> mutex;

        LockFuture(Mutex<T> mutex) {
            super(mutex.sem, 1);
            this.mutex = mutex;
        }

        @Override
        public Poll<MutexGuard<T>> poll(Context cx) {
            return pollAcquire(cx) ? Poll.ready(new MutexGuard<>(mutex)) : Poll.pending();
        }

        @Override
        public void cancel() {
            cancelAcquire();
        }
    }
}
