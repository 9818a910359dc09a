package dev.spindle.time.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * The runtime's monotonic clock: nanoseconds since the clock was created, read from
 * {@link System#nanoTime()}, with a paused mode in which time moves only when told to.
 *
 * <p>Spindle deliberately has no public clock type; this class is the single source of "now"
 * for the timer driver, and {@code Time.pause()}, {@code Time.advance(d)},
 * {@code Time.resume()} and the runtime's auto-advance are built on {@link #pause()},
 * {@link #advance(Duration)} and {@link #resume()}. A paused clock makes timer tests
 * deterministic and instantaneous.
 *
 * <p>The timer wheel counts whole milliseconds: {@link #millis()} is the wheel's "now" (rounded
 * down) and {@link #deadlineMillisCeil(long)} turns a deadline into the wheel's tick (rounded
 * up), so that a timer never fires before its deadline on this clock.
 *
 * <p><b>Thread safety.</b> Reads ({@link #nanos()}, {@link #millis()}, {@link #isPaused()}) are
 * lock-free and safe from any thread; they never go backwards, also not across threads and
 * across a concurrent {@link #pause()}. The mutators are atomic as well, but a caller that
 * checks {@link #isPaused()} and then acts on the answer must make sure no other thread pauses
 * or resumes in between (the runtime does so from one thread at a time).
 */
public final class RuntimeClock {

    /*
     * Implementation notes
     *
     * State encoding. The clock is one volatile reference to an immutable State: either
     * running (value = the System.nanoTime() reading at which this clock read 0, so now =
     * System.nanoTime() - value) or paused (value = the frozen reading). Publishing a whole
     * snapshot through one reference means a reader can never pair the paused flag of one
     * moment with the number of another. States are replaced by CAS, so two racing mutators
     * cannot both succeed; a mutator allocates one small State, which is fine off the hot path.
     * Reads allocate nothing.
     *
     * Transitions:
     *   running(origin) --pause--> PAUSING --> paused(now)      (two steps, see below)
     *   paused(f) --advance(d)--> paused(f + d)                  (saturating)
     *   paused(f) --resume--> running(System.nanoTime() - f)     (continues from f)
     * Only paused states lead to advance/resume, and only running ones to pause.
     *
     * Monotonic reads across pause. A reader of a running state computes nanoTime() - origin
     * after loading the state. If pause() simply replaced running(origin) by paused(f) with
     * f = nanoTime() - origin taken just before the store, a reader that loaded the running
     * state earlier but called nanoTime() after pause's call would return more than f, and its
     * next read would go backwards. So pause first CASes in the PAUSING marker, only then reads
     * nanoTime() for f, then publishes paused(f); and a reader of a running state re-loads the
     * state after calling nanoTime() and retries if it changed. If the re-load still sees the
     * running state, it happened before the CAS to PAUSING, hence the reader's nanoTime() call
     * came before pause's, and its value is <= f. A reader that sees PAUSING spins: pause holds
     * it for the duration of one nanoTime() call. (The Java memory model says nothing about
     * nanoTime(); the argument relies on it reading one monotonic source, CLOCK_MONOTONIC on
     * Linux, and on the volatile load/CAS keeping the calls in program order, which they do as
     * full fences on every platform HotSpot supports.)
     *
     * Resume continues from f: the new origin is nanoTime() - f taken at resume, and any read
     * that sees the new state calls nanoTime() later, so it returns >= f.
     *
     * Memory ordering. The state field is only accessed through lvState (volatile load),
     * svState (volatile store) and casState (volatile CAS); State's fields are final, so a
     * reader that sees the reference sees its contents.
     */

    private static final long NANOS_PER_MILLI = 1_000_000L;

    /** Immutable snapshot of the clock; see the notes. */
    private static final class State {
        final boolean paused;
        /** The origin of a running clock, or the frozen time of a paused one. */
        final long value;

        State(boolean paused, long value) {
            this.paused = paused;
            this.value = value;
        }
    }

    /** Marker of a pause in progress: readers and mutators wait for it to be replaced. */
    private static final State PAUSING = new State(true, 0);

    @SuppressWarnings("unused") // accessed through STATE
    private volatile State state;

    /**
     * Creates a clock reading 0 now.
     *
     * @param startPaused {@code true} to start frozen at 0 (a runtime built with
     *     {@code startPaused(true)}), {@code false} to start running
     */
    public RuntimeClock(boolean startPaused) {
        svState(startPaused ? new State(true, 0) : new State(false, System.nanoTime()));
    }

    /**
     * Returns the time since the clock's creation, in nanoseconds, minus the time spent
     * paused plus the time added by {@link #advance(Duration)}. Never decreases.
     *
     * @return the current time, {@code >= 0}
     */
    public long nanos() {
        for (;;) {
            State s = lvState();
            if (s == PAUSING) {
                Thread.onSpinWait();
            } else if (s.paused) {
                return s.value;
            } else {
                long now = System.nanoTime() - s.value;
                if (lvState() == s) {
                    return now;
                }
            }
        }
    }

    /**
     * Returns {@link #nanos()} in whole milliseconds, rounded down: the timer wheel's "now".
     *
     * @return the current time in ms
     */
    public long millis() {
        return nanos() / NANOS_PER_MILLI;
    }

    /**
     * Converts a deadline in nanoseconds on this clock to the timer wheel's tick, rounding up,
     * so that when the wheel reaches the tick ({@code millis() >= tick}) the deadline has
     * passed: a sleep never ends early, and ends less than 1 ms late on a paused clock.
     *
     * @param nanos a deadline on the scale of {@link #nanos()}
     * @return the first millisecond tick at or after the deadline
     */
    public long deadlineMillisCeil(long nanos) {
        return Math.ceilDiv(nanos, NANOS_PER_MILLI);
    }

    /**
     * Tells whether the clock is paused.
     *
     * @return {@code true} between {@link #pause()} and {@link #resume()}, or from creation
     *     if created paused
     */
    public boolean isPaused() {
        return lvState().paused;
    }

    /**
     * Freezes the clock at its current value.
     *
     * @throws IllegalStateException if the clock is already paused
     */
    public void pause() {
        for (;;) {
            State s = lvState();
            if (s == PAUSING) {
                Thread.onSpinWait();
                continue;
            }
            if (s.paused) {
                throw new IllegalStateException("the clock is already paused");
            }
            if (casState(s, PAUSING)) {
                // nanoTime is read only now, after PAUSING is visible: see the notes.
                svState(new State(true, System.nanoTime() - s.value));
                return;
            }
        }
    }

    /**
     * Lets a paused clock run again, continuing from the value it was paused at (plus any
     * {@link #advance}), so that time never jumps by the wall time spent paused.
     *
     * @throws IllegalStateException if the clock is not paused
     */
    public void resume() {
        for (;;) {
            State s = lvState();
            if (s == PAUSING) {
                Thread.onSpinWait();
                continue;
            }
            if (!s.paused) {
                throw new IllegalStateException("the clock is not paused");
            }
            if (casState(s, new State(false, System.nanoTime() - s.value))) {
                return;
            }
        }
    }

    /**
     * Moves a paused clock forward by exactly {@code d} (saturating at {@link Long#MAX_VALUE}
     * nanoseconds). Timers do not fire by this call alone: the driver fires them when it next
     * looks at the clock.
     *
     * @param d how far to move; zero is allowed
     * @throws IllegalArgumentException if {@code d} is negative
     * @throws IllegalStateException if the clock is not paused
     * @throws NullPointerException if {@code d} is null
     */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("cannot advance the clock by a negative duration: " + d);
        }
        long by = saturatedNanos(d);
        for (;;) {
            State s = lvState();
            if (s == PAUSING) {
                Thread.onSpinWait();
                continue;
            }
            if (!s.paused) {
                throw new IllegalStateException("the clock can only be advanced while paused");
            }
            long to = s.value + by;
            if (to < s.value) {
                to = Long.MAX_VALUE;
            }
            if (casState(s, new State(true, to))) {
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "RuntimeClock[" + (isPaused() ? "paused at " : "running, at ") + nanos() + " ns]";
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private State lvState() {
        return (State) STATE.getVolatile(this);
    }

    private void svState(State s) {
        STATE.setVolatile(this, s);
    }

    private boolean casState(State expect, State update) {
        return STATE.compareAndSet(this, expect, update);
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(RuntimeClock.class, "state", State.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
