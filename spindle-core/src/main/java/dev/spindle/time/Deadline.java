package dev.spindle.time;

import dev.spindle.runtime.internal.RuntimeCore;
import dev.spindle.runtime.internal.ThreadContext;
import java.time.Duration;

/**
 * A point in time on the runtime's monotonic clock (Tokio's {@code time::Instant}; Spindle does
 * not reuse the name {@code Instant}, which Java code means as wall-clock time).
 *
 * <p>Inside a runtime, {@link #now()} reads the runtime's clock, which stands still while the
 * clock is {@linkplain Time#pause() paused}; outside, it reads {@link System#nanoTime()}. Compare
 * deadlines taken on the same runtime.
 */
public final class Deadline implements Comparable<Deadline> {
    private final long nanos;

    private Deadline(long nanos) {
        this.nanos = nanos;
    }

    /** @return the current time on the current runtime's clock */
    public static Deadline now() {
        return new Deadline(nowNanos());
    }

    /**
     * Returns the point {@code d} from now.
     *
     * @param d how far ahead
     * @return the deadline
     */
    public static Deadline after(Duration d) {
        return now().plus(d);
    }

    static long nowNanos() {
        RuntimeCore rt = ThreadContext.currentRuntime();
        return rt != null ? rt.nowNanos() : System.nanoTime();
    }

    /**
     * Returns this point moved by {@code d} (saturating instead of overflowing).
     *
     * @param d the distance, may be negative
     * @return the moved deadline
     */
    public Deadline plus(Duration d) {
        long add = saturatedNanos(d);
        long r = nanos + add;
        if (((nanos ^ r) & (add ^ r)) < 0) {
            r = add > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return new Deadline(r);
    }

    /** @return the time from now until this deadline; zero if it has passed */
    public Duration remaining() {
        long left = nanos - nowNanos();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** @return the time since this point; zero if it is in the future */
    public Duration elapsed() {
        long e = nowNanos() - nanos;
        return e <= 0 ? Duration.ZERO : Duration.ofNanos(e);
    }

    /**
     * Returns the time from {@code earlier} to this point.
     *
     * @param earlier the other point
     * @return the duration (negative if {@code earlier} is later)
     */
    public Duration since(Deadline earlier) {
        return Duration.ofNanos(nanos - earlier.nanos);
    }

    /** @return whether this point is now or in the past */
    public boolean hasPassed() {
        return nanos - nowNanos() <= 0;
    }

    long nanos() {
        return nanos;
    }

    static Deadline ofNanos(long nanos) {
        return new Deadline(nanos);
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
    }

    @Override
    public int compareTo(Deadline o) {
        return Long.compare(nanos, o.nanos);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Deadline d && d.nanos == nanos;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(nanos);
    }

    @Override
    public String toString() {
        return "Deadline[" + nanos + " ns]";
    }
}
