package dev.spindle.runtime;

/**
 * Who is running: the id and name of the current task ({@link Task#current()}).
 *
 * @param id the task's id, unique within the JVM
 * @param name the task's name, or {@code null}
 */
public record TaskInfo(long id, String name) {
}
