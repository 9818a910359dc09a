package dev.spindle.sync;

/**
 * Thrown when a permit is asked of a semaphore that has been {@linkplain Semaphore#close()
 * closed}: by a waiting {@link Semaphore#acquire(int) acquire} when the close happens, and by
 * every acquire after it. The primitives built on a semaphore (channels, {@link OnceCell})
 * translate it into their own outcome; only {@link Semaphore} lets it reach user code.
 *
 * <p>It extends {@link IllegalStateException}: acquiring from a closed semaphore is using a
 * resource after its end of life.
 */
public class SemaphoreClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with the default message. */
    public SemaphoreClosedException() {
        super("the semaphore is closed: no permit can be acquired any more");
    }
}
