package dev.spindle.sync.internal;

import java.util.ArrayDeque;

/**
 * The batch semaphore written down sequentially, Lincheck's specification for
 * {@link BatchSemaphoreLincheckTest} (method names and results match): a counter and a FIFO
 * queue of two waiter slots.
 *
 * <ul>
 *   <li>An acquire takes what the counter holds; if that is not enough it queues for the rest
 *       (the counter is then empty, so nobody barges past it).
 *   <li>A release serves the queue in order, partially for the head if need be, and puts the
 *       rest in the counter.
 *   <li>Dropping a waiter releases what it had been handed (everything, if it was served but
 *       had not yet seen it); dropping a holder releases what it holds.
 *   <li>A close fails the queued waiters, returning their partial permits to the counter.
 * </ul>
 *
 * <p>The models of the primitives built on the semaphore compose one of these.
 */
public final class BatchSemaphoreModel {
    static final int IDLE = 0;
    static final int WAITING = 1;
    static final int SERVED = 2;
    static final int FAILED = 3;
    static final int HELD = 4;

    static final class Slot {
        int state = IDLE;
        int asked;
        int owed;
    }

    private int counter;
    private boolean closed;
    private final ArrayDeque<Slot> queue = new ArrayDeque<>();
    private final Slot s0 = new Slot();
    private final Slot s1 = new Slot();
    private final Slot s2 = new Slot();

    /** The specification of {@link BatchSemaphoreLincheckTest}. */
    public BatchSemaphoreModel() {
        this(BatchSemaphoreLincheckTest.INITIAL);
    }

    /**
     * A model semaphore holding {@code initial} permits, for a primitive's model.
     *
     * @param initial the permits
     */
    public BatchSemaphoreModel(int initial) {
        counter = initial;
    }

    /** Removes up to {@code n} available permits; returns how many. */
    public int forget(int n) {
        int taken = Math.min(n, counter);
        counter -= taken;
        return taken;
    }

    /** Slot {@code k}'s permits were used up for good (a once-cell's initialiser succeeded). */
    public void consume(int k) {
        (k == 0 ? s0 : k == 1 ? s1 : s2).state = IDLE;
    }

    /** @return whether slot {@code k} holds permits */
    public boolean holds(int k) {
        return (k == 0 ? s0 : k == 1 ? s1 : s2).state == HELD;
    }

    public int acquire0(int n) {
        return acquire(s0, n);
    }

    public int poll0() {
        return poll(s0);
    }

    public void drop0() {
        drop(s0);
    }

    public int acquire1(int n) {
        return acquire(s1, n);
    }

    public int poll1() {
        return poll(s1);
    }

    public void drop1() {
        drop(s1);
    }

    /** Slot 2 only ever tries: takes {@code n} permits into the slot if it is idle. */
    public String tryAcquire2(int n) {
        if (s2.state != IDLE) {
            return "BUSY";
        }
        String r = tryAcquire(n);
        if (r.equals("ACQUIRED")) {
            s2.state = HELD;
            s2.asked = n;
        }
        return r;
    }

    public void drop2() {
        drop(s2);
    }

    public String tryAcquire(int n) {
        if (closed) {
            return "CLOSED";
        }
        if (counter < n) {
            return "NO_PERMITS";
        }
        counter -= n;
        return "ACQUIRED";
    }

    public void release(int n) {
        while (n > 0 && !queue.isEmpty()) {
            Slot w = queue.peekFirst();
            int give = Math.min(n, w.owed);
            w.owed -= give;
            n -= give;
            if (w.owed == 0) {
                queue.removeFirst();
                w.state = SERVED;
            }
        }
        counter += n;
    }

    public void close() {
        closed = true;
        for (Slot w : queue) {
            counter += w.asked - w.owed;
            w.state = FAILED;
        }
        queue.clear();
    }

    public int available() {
        return counter;
    }

    private int acquire(Slot s, int n) {
        if (s.state != IDLE) {
            return -1;
        }
        if (closed) {
            return 2;
        }
        s.asked = n;
        if (counter >= n) {
            counter -= n;
            s.state = HELD;
            return 1;
        }
        s.owed = n - counter;
        counter = 0;
        s.state = WAITING;
        queue.addLast(s);
        return 0;
    }

    private int poll(Slot s) {
        switch (s.state) {
            case WAITING:
                return 0;
            case SERVED:
                s.state = HELD;
                return 1;
            case FAILED:
                s.state = IDLE;
                return 2;
            default:
                return -1;
        }
    }

    private void drop(Slot s) {
        int st = s.state;
        s.state = IDLE;
        switch (st) {
            case WAITING -> {
                queue.remove(s);
                release(s.asked - s.owed);
            }
            case SERVED, HELD -> release(s.asked);
            default -> {
            }
        }
    }
}
