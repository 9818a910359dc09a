package dev.spindle.sync;

/**
 * Exclusive write access to an {@link RwLock}'s value, from {@link RwLock#write()} or
 * {@link RwLock#tryWrite()}; {@link #close()} unlocks (try-with-resources), and
 * {@link #downgrade()} turns it into read access without letting a writer in between.
 *
 * <p>Using the guard after {@link #close()} or {@link #downgrade()} throws
 * {@link GuardReleasedException}.
 *
 * @param <T> the type of the guarded value
 */
public final class RwLockWriteGuard<T> extends Guard {
    private final RwLock<T> lock;

    RwLockWriteGuard(RwLock<T> lock) {
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
     * Replaces the guarded value.
     *
     * @param value the new value, may be {@code null}
     * @throws GuardReleasedException if the guard was released
     */
    public void set(T value) {
        check();
        lock.value = value;
    }

    /**
     * Keeps read access and gives up write access atomically: readers queued first come in, no
     * writer can take the lock in between (Tokio's {@code RwLockWriteGuard::downgrade}). This
     * guard is spent.
     *
     * @return a read guard
     * @throws GuardReleasedException if the guard was released
     */
    public RwLockReadGuard<T> downgrade() {
        spend();
        lock.sem.release(lock.maxReaders - 1);
        return new RwLockReadGuard<>(lock);
    }

    /** Unlocks, handing the lock to the next waiters. */
    @Override
    void release() {
        lock.sem.release(lock.maxReaders);
    }

    @Override
    String what() {
        return "this write guard";
    }

    @Override
    public String toString() {
        return isReleased() ? "RwLockWriteGuard[released]" : "RwLockWriteGuard[" + lock.value + "]";
    }
}
