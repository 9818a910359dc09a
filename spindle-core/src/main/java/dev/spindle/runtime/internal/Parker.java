package dev.spindle.runtime.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Parks one worker: in the driver if it can take it (so it waits for I/O and timers too),
 * else on {@link LockSupport#park}.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>{@link #state}: {@link #EMPTY}, {@link #PARKED_CONDVAR}, {@link #PARKED_DRIVER},
 * {@link #NOTIFIED}. {@link #unpark} swaps in NOTIFIED and wakes the worker the way it is
 * parked; a NOTIFIED found at {@link #park} time is consumed without sleeping, so an unpark that
 * comes before the park is never lost. {@code LockSupport.park} may return spuriously; the loop
 * re-checks the state.
 */
final class Parker {
    static final int EMPTY = 0;
    static final int PARKED_CONDVAR = 1;
    static final int PARKED_DRIVER = 2;
    static final int NOTIFIED = 3;

    private final AtomicInteger state = new AtomicInteger(EMPTY);
    private volatile Thread thread;

    void bind(Thread t) {
        thread = t;
    }

    /**
     * Parks until unparked (or, when parked in the driver, until I/O or a timer is due).
     *
     * @param sched the scheduler, for its driver and auto-advance rule
     */
    void park(MultiThreadScheduler sched) {
        if (state.compareAndSet(NOTIFIED, EMPTY)) {
            return;
        }
        Driver driver = sched.driver;
        if (driver.tryAcquire()) {
            try {
                if (!state.compareAndSet(EMPTY, PARKED_DRIVER)) {
                    state.set(EMPTY); // NOTIFIED arrived meanwhile
                    return;
                }
                driver.park(false, sched.autoAdvanceCheck);
                state.set(EMPTY);
            } finally {
                driver.release();
            }
        } else {
            if (!state.compareAndSet(EMPTY, PARKED_CONDVAR)) {
                state.set(EMPTY);
                return;
            }
            while (state.get() == PARKED_CONDVAR) {
                LockSupport.park(this);
                if (sched.isShutdownRequested()) {
                    break;
                }
            }
            state.set(EMPTY);
        }
    }

    /** Wakes the worker, or makes its next park return at once. */
    void unpark(Driver driver) {
        int prev = state.getAndSet(NOTIFIED);
        if (prev == PARKED_CONDVAR) {
            LockSupport.unpark(thread);
        } else if (prev == PARKED_DRIVER) {
            driver.unpark();
        }
    }
}
