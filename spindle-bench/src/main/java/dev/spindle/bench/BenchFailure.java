package dev.spindle.bench;

/** A run produced a wrong result: the harness prints it and exits non-zero. */
public final class BenchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was expected and what was found */
    public BenchFailure(String message) {
        super(message);
    }

    /**
     * Fails unless {@code actual == expected}.
     *
     * @param what the quantity checked, for the message
     * @param expected the expected value
     * @param actual the value found
     * @throws BenchFailure when they differ
     */
    public static void checkEquals(String what, long expected, long actual) {
        if (expected != actual) {
            throw new BenchFailure(what + ": expected " + expected + " but was " + actual);
        }
    }
}
