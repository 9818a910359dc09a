package dev.spindle.sync;

/**
 * Shared read access to an {@link RwLock}'s value, from {@link RwLock#read()},
 * {@link RwLock#tryRead()} or {@link RwLockWriteGuard#downgrade()}; {@link #close()} gives the
 * access back (try-with-resources).
 *
 * <p>The value must not be mutated through a read guard: other readers see it at the same time.
 * Using the guard after {@link #close()} throws {@link GuardReleasedException}.
 *
 * @param <T> the type of the guarded value
 */
public final class RwLockReadGuard<T> implements AutoCloseable {
    private final RwLock<T> lock;
    private boolean released;

    RwLockReadGuard(RwLock<T> lock) {
        this.lock = lock;
    }

    /**
     * @return the guarded value
     * @throws GuardReleasedException if the guard was released
     */
    public T get() {
        check();
        return lock.value;
    }

    /**
     * Gives the read access back, letting a waiting writer in once the last reader has left.
     *
     * @throws GuardReleasedException if the guard was already released
     */
    @Override
    public void close() {
        check();
        released = true;
        lock.sem.release(1);
    }

    private void check() {
        if (released) {
            throw new GuardReleasedException("this read guard");
        }
    }

    @Override
    public String toString() {
        return released ? "RwLockReadGuard[released]" : "RwLockReadGuard[" + lock.value + "]";
    }
}
