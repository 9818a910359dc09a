package dev.spindle.runtime;

import dev.spindle.runtime.internal.RuntimeCore;

/**
 * A live view of a runtime's counters (Tokio's {@code RuntimeMetrics}). Each call reads the
 * current value; per-worker counters are written by their worker without synchronization and
 * may lag by a few operations when read from another thread.
 */
public final class RuntimeMetrics {
    private final RuntimeCore core;

    RuntimeMetrics(RuntimeCore core) {
        this.core = core;
    }

    /** @return worker threads (1 for the current-thread runtime) */
    public int numWorkers() {
        return core.workerCount();
    }

    /** @return tasks spawned and not yet completed */
    public int numAliveTasks() {
        return core.liveTaskCount();
    }

    /** @return tasks ever spawned, blocking ones included */
    public long spawnedTasksCount() {
        return core.spawnedCount();
    }

    /** @return tasks waiting in the global injection queue */
    public int globalQueueDepth() {
        return core.globalQueueDepth();
    }

    /** @param worker the worker index @return polls made by that worker */
    public long workerPollCount(int worker) {
        return core.workerCounter(checkWorker(worker), 0);
    }

    /** @param worker the worker index @return successful steals by that worker */
    public long workerStealCount(int worker) {
        return core.workerCounter(checkWorker(worker), 1);
    }

    /** @param worker the worker index @return times that worker parked */
    public long workerParkCount(int worker) {
        return core.workerCounter(checkWorker(worker), 2);
    }

    /** @param worker the worker index @return tasks in that worker's local queue */
    public long workerLocalQueueDepth(int worker) {
        return core.workerCounter(checkWorker(worker), 3);
    }

    /** @return polls of tasks summed over all workers */
    public long totalPollCount() {
        long n = 0;
        for (int i = 0; i < numWorkers(); i++) {
            n += workerPollCount(i);
        }
        return n;
    }

    /** @return polls made by {@code blockOn} callers of the futures they block on */
    public long blockOnPollCount() {
        return core.metrics.externalPolls.sum();
    }

    /** @return resource operations refused because a task had spent its budget */
    public long budgetForcedYieldCount() {
        return core.metrics.budgetForcedYields.sum();
    }

    /** @return polls reported as longer than the long-poll threshold */
    public long longPollCount() {
        return core.metrics.longPolls.sum();
    }

    /** @return failures handed to the unhandled-exception policy */
    public long unhandledFailureCount() {
        return core.metrics.unhandledFailures.sum();
    }

    /** @return threads in the blocking pool */
    public int blockingThreads() {
        return core.blockingThreadCount();
    }

    /** @return timers registered on the driver */
    public int activeTimers() {
        return core.driver.timerCount();
    }

    private int checkWorker(int worker) {
        if (worker < 0 || worker >= core.workerCount()) {
            throw new IndexOutOfBoundsException("worker " + worker + " of " + core.workerCount());
        }
        return worker;
    }
}
