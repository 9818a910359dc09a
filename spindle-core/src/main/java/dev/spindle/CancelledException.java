package dev.spindle;

import java.util.concurrent.CancellationException;

/**
 * Thrown by an {@code await} inside an {@code @Async} method when the task running it is
 * aborted, and by futures that observe their own cancellation.
 *
 * <p>It extends {@link CancellationException} so that code written against
 * {@code java.util.concurrent} recognises it. Catching it to carry on as if nothing happened
 * defeats cancellation; {@code finally} blocks and try-with-resources are the place for
 * cleanup, and they run (and may themselves await) when a task is cancelled.
 */
public class CancelledException extends CancellationException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with the default message. */
    public CancelledException() {
        super("task was cancelled");
    }

    /**
     * Creates an exception with a message.
     *
     * @param message what was cancelled
     */
    public CancelledException(String message) {
        super(message);
    }
}
