package dev.spindle.runtime;

/**
 * What a runtime does with a task failure that nobody observes: the task threw and, at that
 * moment, no one was awaiting its {@link JoinHandle} (a JoinSet or TaskScope member is always
 * observed). The failure is still stored in the handle either way.
 */
public enum UnhandledExceptionPolicy {
    /** Log the failure with the task's id and name at WARNING through {@link System.Logger}. The default. */
    LOG,
    /** Do nothing: the failure is only visible through the task's handle. */
    IGNORE,
    /**
     * Log it, then shut the runtime down: every other task is cancelled and {@code blockOn} callers
     * see the runtime close. For services where a failed background task means the process is
     * no longer trustworthy.
     */
    SHUTDOWN_RUNTIME
}
