package dev.spindle.sync;

/**
 * Thrown when a guard or permit is used after it was released: a {@link MutexGuard},
 * {@link MappedMutexGuard}, {@link RwLockReadGuard}, {@link RwLockWriteGuard} or
 * {@link SemaphorePermit} closed a second time, read or written after its {@code close()}, or
 * consumed by {@code map}, {@code downgrade}, {@code split} or {@code merge} and then used.
 *
 * <p>Releasing twice would hand out a permit that is not there (two holders of one mutex), so
 * every guard refuses, loudly, instead of ignoring the second call.
 */
public class GuardReleasedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param what the guard or permit that was used after its release
     */
    public GuardReleasedException(String what) {
        super(what + " was already released");
    }
}
