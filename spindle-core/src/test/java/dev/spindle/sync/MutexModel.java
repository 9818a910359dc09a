package dev.spindle.sync;

import dev.spindle.sync.internal.BatchSemaphoreModel;

/**
 * The mutex written down sequentially, Lincheck's specification for {@link MutexLincheckTest}:
 * a one-permit FIFO semaphore model plus the guarded counter each holder increments.
 */
public final class MutexModel {
    private final BatchSemaphoreModel sem = new BatchSemaphoreModel(1);
    private int value;

    public int lock0() {
        return sem.acquire0(1);
    }

    public int poll0() {
        return sem.poll0();
    }

    public int unlock0() {
        int v = sem.holds(0) ? value++ : -1;
        sem.drop0();
        return v;
    }

    public int lock1() {
        return sem.acquire1(1);
    }

    public int poll1() {
        return sem.poll1();
    }

    public int unlock1() {
        int v = sem.holds(1) ? value++ : -1;
        sem.drop1();
        return v;
    }

    public String tryLock2() {
        return sem.tryAcquire2(1);
    }

    public int unlock2() {
        int v = sem.holds(2) ? value++ : -1;
        sem.drop2();
        return v;
    }

    public boolean isLocked() {
        return sem.available() == 0;
    }
}
