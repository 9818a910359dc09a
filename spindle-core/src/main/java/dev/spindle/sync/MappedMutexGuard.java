package dev.spindle.sync;

/**
 * A guard onto a part of a {@link Mutex}'s value, from {@link MutexGuard#map}: it holds the lock
 * like the guard it came from, and {@link #close()} unlocks. Java has no references to fields,
 * so the part is an object obtained once, when mapping; there is no {@code set} (mutate the part
 * itself, or keep the original guard to replace the whole value).
 *
 * <p>Using it after {@link #close()} throws {@link GuardReleasedException}.
 *
 * @param <U> the type of the part
 */
public final class MappedMutexGuard<U> extends Guard {
    private final Mutex<?> mutex;
    private final U part;

    MappedMutexGuard(Mutex<?> mutex, U part) {
        this.mutex = mutex;
        this.part = part;
    }

    /**
     * @return the part of the value this guard was mapped to
     * @throws GuardReleasedException if the guard was released
     */
    public U get() {
        check();
        return part;
    }

    /** Unlocks the mutex, handing it to the next waiter if there is one. */
    @Override
    void release() {
        mutex.unlock();
    }

    @Override
    String what() {
        return "this mapped mutex guard";
    }

    @Override
    public String toString() {
        return isReleased() ? "MappedMutexGuard[released]" : "MappedMutexGuard[" + part + "]";
    }
}
