package dev.spindle.sync.internal;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.sync.SemaphoreClosedException;

/**
 * One task's use of a {@link BatchSemaphore} in the Lincheck tests: idle, waiting on an
 * {@link BatchSemaphore.Acquire}, or holding permits. Results: {@code -1} not applicable in
 * this state, {@code 0} pending, {@code 1} acquired, {@code 2} failed because closed.
 */
final class WaiterSlot {
    private static final Context CX = Context.of(Waker.noop());

    private BatchSemaphore.Acquire waiting;
    private int held = -1;

    int acquire(BatchSemaphore sem, int n) {
        if (waiting != null || held >= 0) {
            return -1;
        }
        waiting = sem.acquire(n);
        return poll();
    }

    int poll() {
        BatchSemaphore.Acquire a = waiting;
        if (a == null) {
            return -1;
        }
        try {
            if (a.poll(CX) instanceof Poll.Ready<Void>) {
                waiting = null;
                held = a.permits();
                return 1;
            }
            return 0;
        } catch (SemaphoreClosedException e) {
            waiting = null;
            return 2;
        }
    }

    void drop(BatchSemaphore sem) {
        if (waiting != null) {
            waiting.cancel();
            waiting = null;
        } else if (held >= 0) {
            sem.release(held);
            held = -1;
        }
    }
}
