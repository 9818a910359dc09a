package dev.spindle.runtime;

import java.time.Duration;
import java.util.List;

/**
 * A report of a poll that ran longer than the runtime's
 * {@link AsyncRuntime.Builder#longPollThreshold(Duration) long-poll threshold}: a task that
 * blocked or computed for too long on a worker and so held up every task queued behind it.
 *
 * @param taskId the task's id
 * @param taskName the task's name, or {@code null}
 * @param workerName the name of the worker thread running the poll
 * @param elapsed how long the poll had been running when it was seen (at least the threshold)
 * @param workerStack the worker's stack when it was seen, innermost frame first
 */
public record LongPoll(long taskId, String taskName, String workerName, Duration elapsed,
                       List<StackTraceElement> workerStack) {

    /** Formats the report as a log message with the stack. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("long poll: task ").append(taskId);
        if (taskName != null) {
            sb.append(" '").append(taskName).append('\'');
        }
        sb.append(" has been running on ").append(workerName).append(" for ")
                .append(elapsed.toMillis()).append(" ms without yielding; every task queued behind it waits. "
                        + "Move blocking work to spawnBlocking. Worker stack:");
        for (StackTraceElement e : workerStack) {
            sb.append("\n\tat ").append(e);
        }
        return sb.toString();
    }
}
