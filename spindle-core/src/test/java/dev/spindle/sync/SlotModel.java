package dev.spindle.sync;

import dev.spindle.sync.internal.BatchSemaphoreModel;

/**
 * The base of the sequential models of {@link SlotLincheckTest}s: a FIFO semaphore model and
 * the shared slot operations, delegated to it.
 */
public abstract class SlotModel {
    /** The permits and the queue of the two slots. */
    protected final BatchSemaphoreModel sem;

    /** @param initial the permits the primitive starts with */
    protected SlotModel(int initial) {
        sem = new BatchSemaphoreModel(initial);
    }

    public int poll0() {
        return sem.poll0();
    }

    public void drop0() {
        sem.drop0();
    }

    public int poll1() {
        return sem.poll1();
    }

    public void drop1() {
        sem.drop1();
    }
}
