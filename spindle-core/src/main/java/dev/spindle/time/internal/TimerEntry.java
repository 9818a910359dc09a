package dev.spindle.time.internal;

/** Placeholder until the wheel helper's version lands. */
public class TimerEntry {
    long when = -1;
    volatile int state;
    static final int UNREGISTERED = 0, REGISTERED = 1, FIRED = 2, CANCELLED = 3;

    protected void fire() {
    }

    public final void fireFromDriver(TimerEntry e) {
        e.fire();
    }

    public boolean isFired() {
        return state == FIRED;
    }

    public long deadline() {
        return when;
    }
}
