package dev.spindle.runtime;

/**
 * Can abort a task without being able to read its value (Tokio's {@code AbortHandle}).
 */
public interface AbortHandle {

    /**
     * Requests cancellation of the task. Cooperative: the task is woken and, at its next poll,
     * it is cancelled instead of polled — its future's {@code cancel()} runs (for an
     * {@code @Async} method, the pending {@code await} throws {@code CancelledException} and its
     * {@code finally} blocks run). If the task completes before that poll, its value stands.
     * Aborting a finished or already-aborted task does nothing. Never blocks.
     */
    void abort();

    /**
     * Whether the task has completed: with a value, a failure, or by cancellation.
     *
     * @return {@code true} once the task's outcome is fixed
     */
    boolean isFinished();

    /**
     * The task's id, unique within this JVM.
     *
     * @return the id
     */
    long id();
}
