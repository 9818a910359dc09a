package dev.spindle.sync;

/**
 * Permits taken from a {@link Semaphore}; {@link #close()} gives them back (Tokio's
 * {@code SemaphorePermit} and {@code OwnedSemaphorePermit} in one: it keeps its semaphore
 * reachable, so it may outlive the code that acquired it and move to another task).
 *
 * <p>A permit is owned by one task at a time, like any {@link AutoCloseable}. Closing it twice,
 * or using it after {@link #forget()}, {@link #split(int)} of everything or {@link #merge}, throws
 * {@link GuardReleasedException}.
 */
public final class SemaphorePermit extends Guard {
    private final Semaphore semaphore;
    private int permits;

    SemaphorePermit(Semaphore semaphore, int permits) {
        this.semaphore = semaphore;
        this.permits = permits;
    }

    /** @return the semaphore the permits belong to */
    public Semaphore semaphore() {
        return semaphore;
    }

    /**
     * @return how many permits this object holds
     * @throws GuardReleasedException if it was released
     */
    public int permits() {
        check();
        return permits;
    }

    /**
     * Splits {@code n} permits off into a new permit object.
     *
     * @param n the permits to move, {@code 0..permits()}
     * @return the new permit
     * @throws IllegalArgumentException if {@code n} is negative or more than this holds
     * @throws GuardReleasedException if this was released
     */
    public SemaphorePermit split(int n) {
        check();
        if (n < 0 || n > permits) {
            throw new IllegalArgumentException("cannot split " + n + " permits off a permit holding " + permits);
        }
        permits -= n;
        return new SemaphorePermit(semaphore, n);
    }

    /**
     * Moves the permits of {@code other} into this one; {@code other} is released without
     * giving its permits back.
     *
     * @param other a permit of the same semaphore
     * @throws IllegalArgumentException if {@code other} belongs to another semaphore, or is this
     * @throws GuardReleasedException if either was released
     */
    public void merge(SemaphorePermit other) {
        check();
        other.check();
        if (other == this || other.semaphore != semaphore) {
            throw new IllegalArgumentException("can only merge a distinct permit of the same semaphore");
        }
        permits += other.permits;
        other.permits = 0;
        other.spend();
    }

    /**
     * Drops the permits without giving them back: the semaphore holds that many fewer for good.
     *
     * @throws GuardReleasedException if it was released
     */
    public void forget() {
        spend();
    }

    /** Gives the permits back to the semaphore, waking waiters. */
    @Override
    void release() {
        semaphore.sem.release(permits);
    }

    @Override
    String what() {
        return "this semaphore permit";
    }

    @Override
    public String toString() {
        return "SemaphorePermit[permits=" + permits + (isReleased() ? ", released]" : "]");
    }
}
