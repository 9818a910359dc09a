package dev.spindle.runtime;

/**
 * What a runtime does with a task failure that nobody observes: the task threw and its
 * {@link JoinHandle} was dropped without being awaited (a JoinSet or TaskScope member is always
 * observed). The runtime learns that a handle was dropped from the garbage collector, so the
 * report comes when the collector notices, not at the moment of the failure; a failure whose
 * handle is read, however late, is never reported.
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
