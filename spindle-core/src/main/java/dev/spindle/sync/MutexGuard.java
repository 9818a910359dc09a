package dev.spindle.sync;

import java.util.Objects;
import java.util.function.Function;

/**
 * The holder's access to a {@link Mutex}'s value, from {@link Mutex#lock()} or
 * {@link Mutex#tryLock()}; {@link #close()} unlocks (try-with-resources).
 *
 * <p>A guard belongs to one task at a time (it may move between tasks, and outlive the code that
 * locked). After {@link #close()} or {@link #map} it is spent: using it again throws
 * {@link GuardReleasedException}, so a second close can never unlock a mutex someone else holds.
 *
 * @param <T> the type of the guarded value
 */
public final class MutexGuard<T> extends Guard {
    private final Mutex<T> mutex;

    MutexGuard(Mutex<T> mutex) {
        this.mutex = mutex;
    }

    /**
     * @return the guarded value
     * @throws GuardReleasedException if the guard was released
     */
    public T get() {
        check();
        return mutex.value;
    }

    /**
     * Replaces the guarded value.
     *
     * @param value the new value, may be {@code null}
     * @throws GuardReleasedException if the guard was released
     */
    public void set(T value) {
        check();
        mutex.value = value;
    }

    /** @return the mutex this guard locks */
    public Mutex<T> mutex() {
        return mutex;
    }

    /**
     * Turns this guard into a guard onto a part of the value (Tokio's {@code MutexGuard::map}):
     * {@code fn} is applied once, now, and the mapped guard keeps the lock until it is closed.
     * This guard is spent.
     *
     * @param fn picks the part, run while the lock is held
     * @param <U> the type of the part
     * @return the mapped guard, holding the lock
     * @throws GuardReleasedException if this guard was released
     */
    public <U> MappedMutexGuard<U> map(Function<? super T, ? extends U> fn) {
        Objects.requireNonNull(fn, "fn");
        check();
        U part = fn.apply(mutex.value); // if it throws, this guard still holds the lock
        spend();
        return new MappedMutexGuard<>(mutex, part);
    }

    /** Unlocks the mutex, handing it to the next waiter if there is one. */
    @Override
    void release() {
        mutex.unlock();
    }

    @Override
    String what() {
        return "this mutex guard";
    }

    @Override
    public String toString() {
        return isReleased() ? "MutexGuard[released]" : "MutexGuard[" + mutex.value + "]";
    }
}
