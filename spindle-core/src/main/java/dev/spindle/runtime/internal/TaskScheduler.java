package dev.spindle.runtime.internal;

/**
 * Where a task goes when it becomes runnable: the runtime's scheduler for ordinary tasks, the
 * blocking pool for {@code spawnBlocking} tasks.
 */
public interface TaskScheduler {

    /**
     * Queues a task that a wake has just moved from idle to notified. Called from any thread.
     * If the scheduler is closed, the task is cancelled on the calling thread instead.
     *
     * @param task the task, in the NOTIFIED state and in no queue
     */
    void schedule(RawTask<?> task);

    /**
     * Queues a task that was woken during its own poll (a yield, or a wake that raced the
     * poll). Called by the thread that just polled it; the task goes behind the others, never
     * into the LIFO slot, so a task that keeps waking itself cannot starve the rest.
     *
     * @param task the task, in the NOTIFIED state and in no queue
     */
    void reschedule(RawTask<?> task);

    /** @return the runtime the tasks belong to */
    RuntimeCore runtime();
}
