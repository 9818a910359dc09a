package dev.spindle.runtime;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.internal.RawTask;
import dev.spindle.runtime.internal.RuntimeCore;
import dev.spindle.runtime.internal.ThreadContext;
import java.util.concurrent.Callable;

/**
 * Task operations for code running inside a runtime (Tokio's {@code tokio::task} and
 * {@code tokio::spawn}): spawning onto the current runtime, yielding, and asking who is running.
 */
public final class Task {
    private Task() {
    }

    /**
     * Spawns a task onto the runtime the calling thread is in. From a task of the multi-thread
     * runtime, the new task goes to the LIFO slot of the current worker and usually runs next
     * on it, while other workers may steal it.
     *
     * <p>During the runtime's shutdown, a task spawned by another task's cleanup is born
     * cancelled: its handle reports {@link JoinException#isCancelled()}.
     *
     * @param future what the task runs
     * @param <T> its value type
     * @return the task's handle
     * @throws IllegalStateException outside a runtime
     */
    public static <T> JoinHandle<T> spawn(Future<T> future) {
        return ThreadContext.requireRuntime("Task.spawn").spawn(future, null);
    }

    /**
     * Runs blocking work on the current runtime's blocking pool.
     *
     * @param work the blocking work
     * @param <T> its value type
     * @return the task's handle
     * @throws IllegalStateException outside a runtime
     */
    public static <T> JoinHandle<T> spawnBlocking(Callable<T> work) {
        return ThreadContext.requireRuntime("Task.spawnBlocking").spawnBlocking(work, null);
    }

    /**
     * Returns a future that, polled by a task, reschedules the task behind every task already
     * queued and completes at its next poll: a polite pause in a long computation.
     *
     * <p>The future is a shared constant that keeps its state in the polling task, so yielding
     * allocates nothing: it completes at the task's next poll after the one in which it returned
     * Pending. Polled outside a task (by a {@code blockOn} caller), it keeps the same state per
     * thread.
     *
     * @implNote Cancel safety: cancel-safe; it holds nothing.
     * @return the yield future
     */
    public static Future<Void> yieldNow() {
        return YieldNow.INSTANCE;
    }

    /**
     * Returns the id and name of the task the calling thread is polling.
     *
     * @return the task's info, or {@code null} when no task is being polled on this thread
     */
    public static TaskInfo current() {
        RawTask<?> t = ThreadContext.current().currentTask;
        return t == null ? null : new TaskInfo(t.id(), t.name());
    }

    /**
     * Starts building a task with options (a name).
     *
     * @return a new task builder
     */
    public static TaskBuilder builder() {
        return new TaskBuilder();
    }

    /** The future behind {@link #yieldNow()}: pending once (after waking itself), then ready. */
    private enum YieldNow implements Future<Void> {
        INSTANCE;

        @Override
        public Poll<Void> poll(Context cx) {
            ThreadContext tc = ThreadContext.current();
            RawTask<?> task = tc.currentTask;
            if (task != null) {
                return task.pollYield(cx.waker()) ? Poll.ready(null) : Poll.pending();
            }
            if (tc.pollYieldOutsideTask()) {
                return Poll.ready(null);
            }
            cx.waker().wake();
            return Poll.pending();
        }

        @Override
        public String toString() {
            return "Task.yieldNow()";
        }
    }

    static RuntimeCore requireRuntime(String what) {
        return ThreadContext.requireRuntime(what);
    }
}
