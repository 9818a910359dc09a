package dev.spindle.internal;

/** Rethrows any throwable without declaring it: a failed future's poll throws its cause as is. */
public final class Sneaky {
    private Sneaky() {
    }

    /**
     * Throws {@code t} unchanged, checked or not.
     *
     * @param t the throwable
     * @return never returns; declared so callers can write {@code throw Sneaky.raise(t)}
     */
    public static RuntimeException raise(Throwable t) {
        throw Sneaky.<RuntimeException>doRaise(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E doRaise(Throwable t) throws E {
        throw (E) t;
    }
}
