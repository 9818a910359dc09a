package dev.spindle.sync;

/**
 * The reader-writer lock written down sequentially, Lincheck's specification for
 * {@link RwLockLincheckTest}: a FIFO semaphore model of {@link RwLockLincheckTest#MAX_READERS}
 * permits, one per reader, all of them per writer.
 */
public final class RwLockModel extends SlotModel {
    public RwLockModel() {
        super(RwLockLincheckTest.MAX_READERS);
    }

    public int read0() {
        return sem.acquire0(1);
    }

    public int write0() {
        return sem.acquire0(RwLockLincheckTest.MAX_READERS);
    }

    public int read1() {
        return sem.acquire1(1);
    }

    public int write1() {
        return sem.acquire1(RwLockLincheckTest.MAX_READERS);
    }

    public String tryRead2() {
        return sem.tryAcquire2(1);
    }

    public String tryWrite2() {
        return sem.tryAcquire2(RwLockLincheckTest.MAX_READERS);
    }

    public void drop2() {
        sem.drop2();
    }
}
