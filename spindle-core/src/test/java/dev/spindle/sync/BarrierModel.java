package dev.spindle.sync;

/**
 * The barrier written down sequentially, Lincheck's specification for
 * {@link BarrierLincheckTest}: a round counts arrivals; the arrival that completes it leads and
 * releases the round's other parties; a cancelled party stays counted.
 */
public final class BarrierModel {
    private static final int IDLE = 0;
    private static final int WAITING = 1;
    private static final int RELEASED = 2;

    private final int[] slots = new int[3];
    private int arrived;

    public int wait0() {
        return arrive(0);
    }

    public int poll0() {
        return poll(0);
    }

    public void drop0() {
        slots[0] = IDLE;
    }

    public int wait1() {
        return arrive(1);
    }

    public int poll1() {
        return poll(1);
    }

    public void drop1() {
        slots[1] = IDLE;
    }

    public int wait2() {
        return arrive(2);
    }

    public int poll2() {
        return poll(2);
    }

    public void drop2() {
        slots[2] = IDLE;
    }

    private int arrive(int k) {
        if (slots[k] != IDLE) {
            return -1;
        }
        if (++arrived < BarrierLincheckTest.PARTIES) {
            slots[k] = WAITING;
            return 0;
        }
        arrived = 0;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == WAITING) {
                slots[i] = RELEASED;
            }
        }
        return 1;
    }

    private int poll(int k) {
        switch (slots[k]) {
            case WAITING:
                return 0;
            case RELEASED:
                slots[k] = IDLE;
                return 2;
            default:
                return -1;
        }
    }
}
