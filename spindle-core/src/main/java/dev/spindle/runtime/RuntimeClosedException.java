package dev.spindle.runtime;

/**
 * Thrown when a runtime is used after {@link AsyncRuntime#close()}: spawning onto it from
 * outside, or blocking on it.
 */
public class RuntimeClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was attempted
     */
    public RuntimeClosedException(String message) {
        super(message);
    }
}
