package dev.spindle.sync;

import dev.spindle.sync.internal.BatchSemaphoreModel;

/**
 * The semaphore written down sequentially, Lincheck's specification for
 * {@link SemaphoreLincheckTest}: the FIFO semaphore model, with permits added and forgotten.
 */
public final class SemaphoreModel {
    private final BatchSemaphoreModel sem = new BatchSemaphoreModel(SemaphoreLincheckTest.INITIAL);

    public int acquire0(int n) {
        return sem.acquire0(n);
    }

    public int poll0() {
        return sem.poll0();
    }

    public void drop0() {
        sem.drop0();
    }

    public int acquire1(int n) {
        return sem.acquire1(n);
    }

    public int poll1() {
        return sem.poll1();
    }

    public void drop1() {
        sem.drop1();
    }

    public void addPermits(int n) {
        sem.release(n);
    }

    public int forgetPermits(int n) {
        return sem.forget(n);
    }

    public String tryAcquire2(int n) {
        return sem.tryAcquire2(n);
    }

    public void drop2() {
        sem.drop2();
    }

    public void close() {
        sem.close();
    }

    public int available() {
        return sem.available();
    }
}
