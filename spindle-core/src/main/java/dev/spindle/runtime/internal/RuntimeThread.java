package dev.spindle.runtime.internal;

/**
 * The threads a runtime starts (workers and blocking-pool threads). They carry their
 * {@link ThreadContext} in a field, so the hot paths find it without a thread-local lookup.
 */
public final class RuntimeThread extends Thread {
    final ThreadContext context = new ThreadContext();

    RuntimeThread(Runnable body, String name) {
        super(null, body, name, 0, false);
        setDaemon(true);
    }
}
