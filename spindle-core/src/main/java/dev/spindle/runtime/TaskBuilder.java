package dev.spindle.runtime;

import dev.spindle.Future;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Spawns a task with options: {@code Task.builder().name("accept-loop").spawn(f)}. The name
 * shows up in task dumps, long-poll reports, failure logs and {@link JoinException} messages.
 */
public final class TaskBuilder {
    private String name;
    private Handle handle;

    TaskBuilder() {
    }

    /**
     * Names the task.
     *
     * @param name the name
     * @return this
     */
    public TaskBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Spawns onto {@code handle}'s runtime instead of the current one.
     *
     * @param handle the runtime's handle
     * @return this
     */
    public TaskBuilder on(Handle handle) {
        this.handle = Objects.requireNonNull(handle, "handle");
        return this;
    }

    /**
     * Spawns the task.
     *
     * @param future what the task runs
     * @param <T> its value type
     * @return the task's handle
     * @throws IllegalStateException outside a runtime when no handle was given
     */
    public <T> JoinHandle<T> spawn(Future<T> future) {
        var core = handle != null ? handle.core() : Task.requireRuntime("TaskBuilder.spawn");
        return core.spawn(Objects.requireNonNull(future, "future"), name);
    }

    /**
     * Spawns blocking work with the options.
     *
     * @param work the work
     * @param <T> its value type
     * @return the task's handle
     */
    public <T> JoinHandle<T> spawnBlocking(Callable<T> work) {
        var core = handle != null ? handle.core() : Task.requireRuntime("TaskBuilder.spawnBlocking");
        return core.spawnBlocking(work, name);
    }
}
