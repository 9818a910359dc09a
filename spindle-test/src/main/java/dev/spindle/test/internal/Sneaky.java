package dev.spindle.test.internal;

/**
 * Rethrows any throwable without wrapping it, checked or not, so that a test fails with exactly
 * the exception its future threw.
 */
public final class Sneaky {
    private Sneaky() {
    }

    /**
     * Throws {@code t} as it is. Declared to return an exception so that callers can write
     * {@code throw Sneaky.raise(t)} and the compiler knows the statement does not complete.
     *
     * @param t the throwable
     * @param <X> inferred as an unchecked type at the call site
     * @return never returns
     * @throws X always {@code t}
     */
    @SuppressWarnings("unchecked")
    public static <X extends Throwable> RuntimeException raise(Throwable t) throws X {
        throw (X) t;
    }
}
