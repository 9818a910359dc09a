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
public final class RwLockReadGuard<T> extends Guard {
    private final RwLock<T> lock;

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

    /** Gives the read access back, letting a waiting writer in once the last reader has left. */
    @Override
    void release() {
        lock.sem.release(1);
    }

    @Override
    String what() {
        return "this read guard";
    }

    @Override
    public String toString() {
        return isReleased() ? "RwLockReadGuard[released]" : "RwLockReadGuard[" + lock.value + "]";
    }
}
