package dev.spindle.time.internal;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/** Placeholder until the wheel helper's version lands. */
public final class TimerWheel {
    private final PriorityQueue<TimerEntry> q = new PriorityQueue<>(Comparator.comparingLong(e -> e.when));
    private long elapsed;

    public long elapsed() { return elapsed; }

    public boolean insert(TimerEntry e, long whenMs) {
        if (e.state == TimerEntry.REGISTERED) remove(e);
        if (whenMs <= elapsed) return false;
        e.when = whenMs;
        e.state = TimerEntry.REGISTERED;
        q.add(e);
        return true;
    }

    public boolean remove(TimerEntry e) {
        boolean r = q.remove(e);
        if (r) e.state = TimerEntry.CANCELLED;
        return r;
    }

    public long nextExpiration() {
        TimerEntry e = q.peek();
        return e == null ? Long.MAX_VALUE : e.when;
    }

    public int advanceTo(long now, Consumer<TimerEntry> onFire) {
        int n = 0;
        while (!q.isEmpty() && q.peek().when <= now) {
            TimerEntry e = q.poll();
            e.state = TimerEntry.FIRED;
            onFire.accept(e);
            n++;
        }
        if (now > elapsed) elapsed = now;
        return n;
    }

    public int size() { return q.size(); }

    public boolean isEmpty() { return q.isEmpty(); }
}
