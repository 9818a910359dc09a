package dev.spindle.sync;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;

/**
 * One task's use of a lock-like primitive in the Lincheck tests: idle, waiting on an acquire
 * future, or holding what it gave (a guard, a permit). Results: {@code -1} not applicable in this
 * state, {@code 0} pending, {@code 1} acquired, {@code 2} failed because closed.
 *
 * @param <G> what the acquire gives
 */
public final class HeldSlot<G extends AutoCloseable> {
    private static final Context CX = Context.of(Waker.noop());

    private Future<? extends G> waiting;
    private G held;

    /** Starts waiting on {@code f} (built only if idle) and polls it once. */
    public int start(java.util.function.Supplier<? extends Future<? extends G>> f) {
        if (waiting != null || held != null) {
            return -1;
        }
        waiting = f.get();
        return poll();
    }

    public int poll() {
        Future<? extends G> f = waiting;
        if (f == null) {
            return -1;
        }
        try {
            if (f.poll(CX) instanceof Poll.Ready<? extends G> r) {
                waiting = null;
                held = r.value();
                return 1;
            }
            return 0;
        } catch (SemaphoreClosedException e) {
            waiting = null;
            return 2;
        }
    }

    /** Holds {@code g}, got without waiting (a try). */
    public void hold(G g) {
        held = g;
    }

    /**
     * If idle, tries to take something without waiting and holds it.
     *
     * @return {@code BUSY} if not idle, else {@code ACQUIRED} or {@code NO_PERMITS}
     */
    public String tryHold(java.util.function.Supplier<? extends java.util.Optional<? extends G>> attempt) {
        if (waiting != null || held != null) {
            return "BUSY";
        }
        java.util.Optional<? extends G> g = attempt.get();
        g.ifPresent(this::hold);
        return g.isPresent() ? "ACQUIRED" : "NO_PERMITS";
    }

    /** @return what the slot holds, or {@code null} */
    public G held() {
        return held;
    }

    /** Cancels the waiting future, or closes what is held. */
    public void drop() {
        if (waiting != null) {
            waiting.cancel();
            waiting = null;
        } else if (held != null) {
            G g = held;
            held = null;
            try {
                g.close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
