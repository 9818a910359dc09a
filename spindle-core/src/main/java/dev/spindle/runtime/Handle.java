package dev.spindle.runtime;

import dev.spindle.Future;
import dev.spindle.runtime.internal.RuntimeCore;
import dev.spindle.runtime.internal.ThreadContext;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A handle to a runtime, for spawning onto it from code that does not own it (Tokio's
 * {@code runtime::Handle}). It does not keep the runtime open: once the runtime is closed,
 * every method throws {@link RuntimeClosedException}.
 */
public final class Handle {
    private final RuntimeCore core;

    Handle(RuntimeCore core) {
        this.core = core;
    }

    /**
     * Returns the handle of the runtime the calling thread is in (a task, a runtime thread, or
     * a thread inside {@code blockOn}).
     *
     * @return the handle
     * @throws IllegalStateException outside a runtime
     */
    public static Handle current() {
        return new Handle(ThreadContext.requireRuntime("Handle.current()"));
    }

    /**
     * Spawns a task onto the runtime.
     *
     * @param future what the task runs
     * @param <T> its value type
     * @return the handle of the task
     */
    public <T> JoinHandle<T> spawn(Future<T> future) {
        return core.spawn(Objects.requireNonNull(future, "future"), null);
    }

    /**
     * Runs blocking work on the runtime's blocking pool.
     *
     * @param work the work
     * @param <T> its value type
     * @return the handle of the task
     */
    public <T> JoinHandle<T> spawnBlocking(Callable<T> work) {
        return core.spawnBlocking(work, null);
    }

    /**
     * Runs {@code future} to completion on the calling thread, as {@link AsyncRuntime#blockOn}.
     *
     * @param future the future
     * @param <T> its value type
     * @return its value
     */
    public <T> T blockOn(Future<T> future) {
        return core.blockOn(Objects.requireNonNull(future, "future"));
    }

    /** @return a live view of the runtime's counters */
    public RuntimeMetrics metrics() {
        return new RuntimeMetrics(core);
    }

    RuntimeCore core() {
        return core;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handle h && h.core == core;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(core);
    }
}
