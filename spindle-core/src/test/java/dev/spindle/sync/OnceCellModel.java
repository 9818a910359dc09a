package dev.spindle.sync;

import dev.spindle.sync.internal.BatchSemaphoreModel;

/**
 * The once-cell written down sequentially, Lincheck's specification for
 * {@link OnceCellLincheckTest}: a one-permit FIFO semaphore model (the right to initialise) and
 * the value. Each slot's initialiser needs two polls (slot 0 yields 10, slot 1 yields 20): the
 * first, when the slot gets the permit, starts it; the next completes it. {@code set} stores 30
 * whenever the cell is empty, and a running initialiser's result is then dropped.
 */
public final class OnceCellModel {
    private static final int IDLE = 0;
    private static final int WAITING = 1;
    private static final int RUNNING = 2;

    private final BatchSemaphoreModel sem = new BatchSemaphoreModel(1);
    private final int[] slots = new int[2];
    private int value = -1;

    public int init0() {
        return init(0);
    }

    public int poll0() {
        return poll(0);
    }

    public void drop0() {
        drop(0);
    }

    public int init1() {
        return init(1);
    }

    public int poll1() {
        return poll(1);
    }

    public void drop1() {
        drop(1);
    }

    public boolean set() {
        if (value >= 0) {
            return false;
        }
        value = 30;
        sem.close();
        return true;
    }

    public int get() {
        return value;
    }

    private int init(int k) {
        if (slots[k] != IDLE) {
            return -1;
        }
        if (value >= 0) {
            return value;
        }
        return step(k, k == 0 ? sem.acquire0(1) : sem.acquire1(1));
    }

    private int poll(int k) {
        switch (slots[k]) {
            case IDLE:
                return -1;
            case RUNNING:
                slots[k] = IDLE;
                if (value < 0) {
                    value = 10 * (k + 1);
                    sem.close();
                    sem.consume(k);
                }
                return value;
            default:
                if (value >= 0) { // set while we waited: leave the queue with the value
                    dropSem(k);
                    slots[k] = IDLE;
                    return value;
                }
                return step(k, k == 0 ? sem.poll0() : sem.poll1());
        }
    }

    private int step(int k, int r) {
        switch (r) {
            case 0:
                slots[k] = WAITING;
                return 0;
            case 1:
                slots[k] = RUNNING; // the initialiser's first poll is pending
                return 0;
            default:
                slots[k] = IDLE;
                return value;
        }
    }

    private void drop(int k) {
        if (slots[k] != IDLE) {
            dropSem(k);
            slots[k] = IDLE;
        }
    }

    private void dropSem(int k) {
        if (k == 0) {
            sem.drop0();
        } else {
            sem.drop1();
        }
    }
}
