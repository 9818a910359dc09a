package dev.spindle.stream.internal;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.stream.AsyncStream;
import dev.spindle.time.Deadline;
import dev.spindle.time.ElapsedException;
import dev.spindle.time.Interval;
import dev.spindle.time.Sleep;
import dev.spindle.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The stream sources and combinators that run on the runtime's clock: {@code interval},
 * {@code chunksTimeout}, {@code throttle}, {@code timeout}.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>Each owns at most one {@link Sleep}, created at the first poll that needs it (so the
 * deadline is read from the clock of the runtime that polls it) and then moved with
 * {@link Sleep#reset} — an O(1) move in the timer wheel, with no new allocation beyond the
 * {@code Deadline} value. The sleep's poll spends the cooperative budget. Ending (by the end
 * of the upstream, a failure or {@code cancel()}) cancels the sleep, so no timer entry outlives
 * the stream. Upstream polls come first, so an item that is ready is never lost to a timer that
 * also expired.
 */
public final class TimedOps {
    private TimedOps() {
    }

    /**
     * @param d a duration argument
     * @param what the combinator, for the message
     * @return {@code d}, checked positive
     */
    public static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, "duration");
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " needs a positive duration, got " + d);
        }
        return d;
    }

    /** Arms {@code sleep} for {@code d} from now, creating it at first use. */
    private static Sleep arm(Sleep sleep, Duration d) {
        if (sleep == null) {
            return Time.sleep(d);
        }
        sleep.reset(Deadline.after(d));
        return sleep;
    }

    private static void cancelSleep(Sleep sleep) {
        if (sleep != null) {
            sleep.cancel();
        }
    }

    /**
     * Polls the upstream of a timed combinator: if it throws, ends, or yields {@code null}, the
     * combinator's sleep is cancelled first (and on {@code null} the upstream too).
     */
    private static Object pollUpstream(RawStream<?> up, Sleep sleep, Context cx, String what) {
        Object p;
        try {
            p = up.pollRaw(cx);
        } catch (Throwable t) {
            cancelSleep(sleep);
            throw t;
        }
        if (p == RawStream.END) {
            cancelSleep(sleep);
        } else if (p == null) {
            cancelSleep(sleep);
            throw StreamOps.nullItem(up, "the upstream of " + what);
        }
        return p;
    }

    /** {@link AsyncStream#interval(Duration)}: the interval is created at the first poll. */
    public static final class IntervalStream extends RawStream<Deadline> {
        private final Duration period;
        private Interval interval;

        public IntervalStream(Duration period) {
            this.period = period;
        }

        @Override
        public Object pollRaw(Context cx) {
            Interval i = interval;
            if (i == null) {
                i = interval = Time.interval(period);
            }
            return i.pollTick(cx) instanceof Poll.Ready<Deadline> r ? r.value() : PENDING;
        }

        @Override
        public void cancel() {
            Interval i = interval;
            interval = null;
            if (i != null) {
                i.cancel();
            }
        }
    }

    /** {@link AsyncStream#throttle(Duration)}: after each item, the next pull waits for the sleep. */
    public static final class Throttle<T> extends RawStream<T> {
        private final RawStream<T> up;
        private final Duration period;
        private Sleep sleep;
        private boolean waiting;

        public Throttle(AsyncStream<T> up, Duration period) {
            this.up = RawStream.of(up);
            this.period = period;
        }

        @Override
        public Object pollRaw(Context cx) {
            if (waiting) {
                if (!sleep.poll(cx).isReady()) {
                    return PENDING;
                }
                waiting = false;
            }
            Object p = pollUpstream(up, sleep, cx, "throttle()");
            if (!StreamOps.isSignal(p)) {
                sleep = arm(sleep, period);
                waiting = true;
            }
            return p;
        }

        @Override
        public void cancel() {
            cancelSleep(sleep);
            up.cancel();
        }
    }

    /** {@link AsyncStream#chunksTimeout}: the timer runs from the first item of each chunk. */
    public static final class ChunksTimeout<T> extends RawStream<List<T>> {
        private RawStream<T> up;
        private final int size;
        private final Duration timeout;
        private List<T> buf;
        private Sleep sleep;
        private boolean armed;

        public ChunksTimeout(AsyncStream<T> up, int size, Duration timeout) {
            this.up = RawStream.of(up);
            this.size = size;
            this.timeout = timeout;
        }

        @Override
        public Object pollRaw(Context cx) {
            RawStream<T> u = up;
            if (u == null) {
                return END;
            }
            for (;;) {
                Object p;
                try {
                    p = u.pollRaw(cx);
                } catch (Throwable t) {
                    up = null;
                    buf = null;
                    cancelSleep(sleep);
                    throw t;
                }
                if (p == END) {
                    up = null;
                    cancelSleep(sleep);
                    return emitOrEnd();
                }
                if (p == PENDING) {
                    break;
                }
                if (p == null) {
                    up = null;
                    buf = null;
                    cancelSleep(sleep);
                    throw StreamOps.nullItem(u, "the upstream of chunksTimeout()");
                }
                @SuppressWarnings("unchecked")
                T v = (T) p;
                if (buf == null) {
                    buf = new ArrayList<>(Math.min(size, 1024));
                    sleep = arm(sleep, timeout);
                    armed = true;
                }
                buf.add(v);
                if (buf.size() == size) {
                    return emit();
                }
            }
            if (armed && sleep.poll(cx).isReady()) {
                armed = false;
                List<T> b = buf;
                buf = null;
                return b;
            }
            return PENDING;
        }

        private Object emit() {
            List<T> b = buf;
            buf = null;
            if (armed) {
                armed = false;
                sleep.cancel();
            }
            return b;
        }

        private Object emitOrEnd() {
            armed = false;
            List<T> b = buf;
            buf = null;
            return b == null ? END : b;
        }

        @Override
        public void cancel() {
            buf = null;
            cancelSleep(sleep);
            RawStream<T> u = up;
            up = null;
            StreamOps.cancelQuietly(u);
        }
    }

    /** {@link AsyncStream#timeout(Duration)}: a limit on each wait for the next item. */
    public static final class StreamTimeout<T> extends RawStream<T> {
        private final RawStream<T> up;
        private final Duration limit;
        private Sleep sleep;
        private boolean armed;

        public StreamTimeout(AsyncStream<T> up, Duration limit) {
            this.up = RawStream.of(up);
            this.limit = limit;
        }

        @Override
        public Object pollRaw(Context cx) {
            if (!armed) {
                sleep = arm(sleep, limit);
                armed = true;
            }
            Object p = pollUpstream(up, sleep, cx, "timeout()");
            if (p != PENDING) {
                armed = false; // the timer is moved, not cancelled, when the next wait starts
                return p;
            }
            if (sleep.poll(cx).isReady()) {
                throw StreamOps.abort(up, new ElapsedException(limit));
            }
            return PENDING;
        }

        @Override
        public void cancel() {
            cancelSleep(sleep);
            up.cancel();
        }
    }
}
