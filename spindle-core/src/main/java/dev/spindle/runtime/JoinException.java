package dev.spindle.runtime;

import dev.spindle.CancelledException;

/**
 * The failure of a spawned task as seen through its {@link JoinHandle}: the task was either
 * cancelled ({@link #isCancelled()}) or failed with an exception ({@link #isFailed()}, the
 * exception is the {@link #getCause() cause}).
 */
public class JoinException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long taskId;
    private final boolean cancelled;

    private JoinException(long taskId, String taskName, boolean cancelled, Throwable cause) {
        super(describe(taskId, taskName, cancelled, cause), cause);
        this.taskId = taskId;
        this.cancelled = cancelled;
    }

    /**
     * The exception for a cancelled task.
     *
     * @param taskId the task's id
     * @param taskName the task's name or {@code null}
     * @return the exception, with a {@link CancelledException} as cause
     */
    public static JoinException cancelled(long taskId, String taskName) {
        return new JoinException(taskId, taskName, true, new CancelledException("task " + taskId + " was cancelled"));
    }

    /**
     * The exception for a task that failed.
     *
     * @param taskId the task's id
     * @param taskName the task's name or {@code null}
     * @param cause what the task threw
     * @return the exception
     */
    public static JoinException failed(long taskId, String taskName, Throwable cause) {
        return new JoinException(taskId, taskName, false, cause);
    }

    /** @return {@code true} if the task was cancelled (aborted, or the runtime shut down) */
    public boolean isCancelled() {
        return cancelled;
    }

    /** @return {@code true} if the task threw; the exception is {@link #getCause()} */
    public boolean isFailed() {
        return !cancelled;
    }

    /** @return the id of the task */
    public long taskId() {
        return taskId;
    }

    private static String describe(long id, String name, boolean cancelled, Throwable cause) {
        String who = "task " + id + (name != null ? " '" + name + "'" : "");
        return cancelled ? who + " was cancelled" : who + " failed: " + cause;
    }
}
