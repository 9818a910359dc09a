package dev.spindle.sync;

/**
 * What every guard and permit of this package shares: it is released exactly once, and using
 * it afterwards throws {@link GuardReleasedException}, so that a second close can never give
 * back something the guard no longer holds. A guard belongs to one task at a time, as any
 * {@link AutoCloseable} does, so the flag is a plain field.
 *
 * <p>{@link #close()} is not final so that javac gives each public subclass a bridge for it:
 * code that finds {@code close} by reflection on a guard's class can call it.
 */
abstract class Guard implements AutoCloseable {
    private boolean released;

    /** @throws GuardReleasedException if the guard was released */
    final void check() {
        if (released) {
            throw new GuardReleasedException(what());
        }
    }

    /**
     * Marks the guard spent, without giving anything back (map, downgrade, merge, forget).
     *
     * @throws GuardReleasedException if it was released already
     */
    final void spend() {
        check();
        released = true;
    }

    /** @return whether the guard was released */
    final boolean isReleased() {
        return released;
    }

    /** Gives back what the guard holds; called once, by {@link #close()}. */
    abstract void release();

    /** @return the guard, as error messages name it */
    abstract String what();

    /**
     * Releases what this guard holds, handing it to the next waiter if there is one.
     *
     * @throws GuardReleasedException if it was already released
     */
    @Override
    public void close() {
        spend();
        release();
    }
}
