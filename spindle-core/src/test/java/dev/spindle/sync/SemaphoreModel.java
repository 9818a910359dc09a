package dev.spindle.sync;

/**
 * The semaphore written down sequentially, Lincheck's specification for
 * {@link SemaphoreLincheckTest}: the FIFO semaphore model, with permits added and forgotten.
 */
public final class SemaphoreModel extends SlotModel {
    public SemaphoreModel() {
        super(SemaphoreLincheckTest.INITIAL);
    }

    public int acquire0(int n) {
        return sem.acquire0(n);
    }

    public int acquire1(int n) {
        return sem.acquire1(n);
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
