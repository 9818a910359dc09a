package dev.spindle.time.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One timer registered in a {@link TimerWheel}: an intrusive node that carries its own list
 * links, so that registering, cancelling and firing a timer allocate nothing.
 *
 * <p>The runtime subclasses this type (a {@code Sleep} holds one, or is one) and overrides
 * {@link #fire()} to wake the task that waits for the deadline. An entry belongs to at most one
 * wheel at a time; it may be registered again after it fired or was cancelled (this is how
 * {@code Sleep.reset} and {@code Interval} re-arm without allocating).
 *
 * <p><b>Threading.</b> Everything except {@link #state()} and the predicates built on it is read
 * and written only by the holder of the lock that guards the wheel. {@link #state()},
 * {@link #isFired()} and {@link #isRegistered()} may be called from any thread without that lock:
 * a future polled on a worker checks {@link #isFired()} without touching the driver.
 */
public class TimerEntry {

    /*
     * Implementation notes
     *
     * State. One volatile int, written only by the wheel (hence only under the driver's lock),
     * read by anyone. The transitions are:
     *
     *   UNREGISTERED --insert--> REGISTERED --advanceTo--> FIRED
     *                                       --remove-----> CANCELLED
     *   any state --insert (deadline in the future)--> REGISTERED   (re-arm / reset)
     *   any state --insert (deadline already passed)--> FIRED       (caller completes at once)
     *
     * The wheel moves an entry between slots (cascading, reset) without writing the state, so a
     * lock-free reader never observes a transient value: REGISTERED stays REGISTERED until the
     * entry really leaves the wheel.
     *
     * Memory ordering. The state is stored with volatile (not merely release) semantics. The
     * runtime's Sleep.poll will typically publish its waker and then read isFired(), while the
     * driver writes FIRED and then reads the waker to wake it: a Dekker pattern, which needs
     * the StoreLoad barrier of a volatile store on the driver side (the poll side needs its own
     * volatile store or CAS when publishing the waker). Reads are volatile loads, so a thread
     * that sees FIRED also sees everything the driver wrote before firing.
     *
     * Placement. level/slot name the wheel list the entry is linked into; level is NONE when it
     * is in no list and PENDING while the wheel is processing it (see TimerWheel's notes). owner
     * is the wheel the entry is linked into, so that misuse across wheels is caught instead of
     * corrupting two wheels' lists.
     */

    /**
     * State of an entry that was never registered. Set only by the constructor.
     */
    public static final int UNREGISTERED = 0;

    /**
     * State of an entry linked into a wheel and waiting for its deadline. Set by
     * {@link TimerWheel#insert} when the deadline lies in the future.
     */
    public static final int REGISTERED = 1;

    /**
     * State of an entry whose deadline has been reached. Set by {@link TimerWheel#advanceTo}
     * just before the entry is handed to the fire callback, or by {@link TimerWheel#insert} when
     * the deadline had already passed (then no callback runs: the caller completes at once).
     */
    public static final int FIRED = 2;

    /**
     * State of an entry that its owner took out of the wheel before it fired. Set by
     * {@link TimerWheel#remove} only when the entry was registered.
     */
    public static final int CANCELLED = 3;

    /** Level marker: the entry is in no list of any wheel. */
    static final int NONE = -1;

    /** Deadline in wheel ticks (ms); meaningful once the entry was inserted. Guarded by the wheel's lock. */
    long when = Long.MAX_VALUE;

    /** Links of the wheel list the entry sits in; {@code null} at the ends. Guarded by the wheel's lock. */
    TimerEntry prev, next;

    /** Level of the list the entry sits in, {@link #NONE}, or {@link TimerWheel#PENDING}. Guarded by the wheel's lock. */
    int level = NONE;

    /** Slot within {@link #level}; meaningless when {@code level} is {@link #NONE}. Guarded by the wheel's lock. */
    int slot;

    /** The wheel whose list holds the entry, {@code null} when {@link #level} is {@link #NONE}. */
    TimerWheel owner;

    /** One of {@link #UNREGISTERED}, {@link #REGISTERED}, {@link #FIRED}, {@link #CANCELLED}. */
    private volatile int state = UNREGISTERED;

    /** Creates an entry in state {@link #UNREGISTERED}. */
    public TimerEntry() {
    }

    /**
     * Called by {@link TimerWheel#advanceTo(long)} once for each expiry, after the entry left the
     * wheel and became {@link #FIRED}, while the wheel's lock is still held.
     *
     * <p>Subclasses wake the waiting task here. The wheel tolerates an override that removes or
     * inserts entries of the same wheel (including this one), but the override must not call
     * {@code advanceTo} and should not block: it runs inside the driver's critical section.
     * The default does nothing.
     */
    protected void fire() {
    }

    /**
     * Returns the deadline most recently given to {@link TimerWheel#insert}, in wheel ticks (ms).
     *
     * @return the deadline, or {@link Long#MAX_VALUE} if the entry was never inserted
     */
    public final long deadline() {
        return when;
    }

    /**
     * Returns the current state; safe from any thread.
     *
     * @return one of {@link #UNREGISTERED}, {@link #REGISTERED}, {@link #FIRED}, {@link #CANCELLED}
     */
    public final int state() {
        return lvState();
    }

    /**
     * Tells whether the deadline was reached: the wheel fired the entry, or the last insert found
     * its deadline already passed. Safe from any thread.
     *
     * @return {@code true} if the state is {@link #FIRED}
     */
    public final boolean isFired() {
        return lvState() == FIRED;
    }

    /**
     * Tells whether the entry currently waits in a wheel. Safe from any thread.
     *
     * @return {@code true} if the state is {@link #REGISTERED}
     */
    public final boolean isRegistered() {
        return lvState() == REGISTERED;
    }

    @Override
    public String toString() {
        String s = switch (lvState()) {
            case UNREGISTERED -> "UNREGISTERED";
            case REGISTERED -> "REGISTERED";
            case FIRED -> "FIRED";
            case CANCELLED -> "CANCELLED";
            default -> "?";
        };
        return getClass().getSimpleName() + "[" + s + (when == Long.MAX_VALUE ? "" : ", when=" + when) + "]";
    }

    /** Volatile load of the state. */
    final int lvState() {
        return (int) STATE.getVolatile(this);
    }

    /** Volatile store of the state; volatile rather than release for the Dekker reason above. */
    final void svState(int s) {
        STATE.setVolatile(this, s);
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TimerEntry.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
