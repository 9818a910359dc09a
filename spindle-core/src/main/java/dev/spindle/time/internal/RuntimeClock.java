package dev.spindle.time.internal;

import java.time.Duration;

/** Placeholder until the wheel helper's version lands. */
public final class RuntimeClock {
    private final long origin = System.nanoTime();
    private volatile long pausedAt = -1;
    private volatile long offset;

    public RuntimeClock(boolean startPaused) {
        if (startPaused) pause();
    }

    public long nanos() {
        long p = pausedAt;
        return p >= 0 ? p : System.nanoTime() - origin + offset;
    }

    public long millis() { return nanos() / 1_000_000; }

    public synchronized void pause() {
        if (pausedAt >= 0) throw new IllegalStateException("already paused");
        pausedAt = nanos();
    }

    public synchronized void resume() {
        if (pausedAt < 0) throw new IllegalStateException("not paused");
        offset = pausedAt - (System.nanoTime() - origin);
        pausedAt = -1;
    }

    public synchronized void advance(Duration d) {
        if (pausedAt < 0) throw new IllegalStateException("not paused");
        if (d.isNegative()) throw new IllegalArgumentException("negative");
        pausedAt += d.toNanos();
    }

    public boolean isPaused() { return pausedAt >= 0; }

    public long deadlineMillisCeil(long nanos) { return (nanos + 999_999) / 1_000_000; }
}
