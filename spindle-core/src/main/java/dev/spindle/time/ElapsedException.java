package dev.spindle.time;

import java.time.Duration;

/**
 * A {@link Time#timeout(Duration, dev.spindle.Future) timeout} elapsed before the future
 * completed (Tokio's {@code time::error::Elapsed}). Unchecked, so that it can be caught around an
 * {@code await} in any method.
 */
public class ElapsedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param timeout the limit that elapsed
     */
    public ElapsedException(Duration timeout) {
        super("deadline elapsed after " + timeout);
        this.timeout = timeout;
    }

    /** @return the limit that elapsed */
    public Duration timeout() {
        return timeout;
    }
}
