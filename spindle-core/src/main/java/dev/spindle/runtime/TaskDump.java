package dev.spindle.runtime;

import java.util.List;

/**
 * One live task in {@link AsyncRuntime#dumpTasks()}.
 *
 * @param id the task's id
 * @param name its name, or {@code null}
 * @param state {@code IDLE} (waiting to be woken), {@code SCHEDULED} (queued), {@code RUNNING}
 *     (being polled), or a final state if it completed while the dump was taken
 * @param polls how many times it has been polled
 * @param backtrace what it is waiting on, outermost future first (for {@code @Async} methods,
 *     {@code method(File.java:line)} of every pending await)
 */
public record TaskDump(long id, String name, String state, long polls, List<String> backtrace) {

    /** Formats the entry as a few indented lines. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("task ").append(id);
        if (name != null) {
            sb.append(" '").append(name).append('\'');
        }
        sb.append(' ').append(state).append(", ").append(polls).append(" polls");
        for (String frame : backtrace) {
            sb.append("\n    ").append(frame);
        }
        return sb.toString();
    }
}
