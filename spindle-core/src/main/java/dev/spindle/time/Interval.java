package dev.spindle.time;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import java.time.Duration;
import java.util.Objects;

/**
 * Ticks at a fixed period ({@link Time#interval(Duration)}); the first tick completes at once.
 * When the consumer falls behind, the {@link MissedTickBehavior} decides what happens to the
 * missed ticks (default {@link MissedTickBehavior#BURST}).
 *
 * <pre>{@code
 * Interval every = Time.interval(Duration.ofSeconds(1));
 * for (;;) {
 *     every.tick().await();
 *     report();
 * }
 * }</pre>
 */
public final class Interval {
    private final long periodNanos;
    private final Sleep sleep;
    private MissedTickBehavior behavior = MissedTickBehavior.BURST;

    Interval(Deadline start, Duration period) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("interval period must be positive: " + period);
        }
        this.periodNanos = Deadline.saturatedNanos(period);
        this.sleep = new Sleep(start.nanos());
    }

    /**
     * Returns a future of the next tick: completes with the deadline the tick was scheduled for.
     *
     * @implNote Cancel safety: cancel-safe; a cancelled {@code tick()} loses no tick, the next
     *     call to {@code tick()} returns it.
     * @return the tick future
     */
    public Future<Deadline> tick() {
        return this::pollTick;
    }

    /**
     * Polls for the next tick, for hand-written futures.
     *
     * @param cx the context
     * @return ready with the tick's scheduled deadline, or pending
     */
    public Poll<Deadline> pollTick(Context cx) {
        if (!sleep.poll(cx).isReady()) {
            return Poll.pending();
        }
        long due = sleep.deadline().nanos();
        long now = Deadline.nowNanos();
        long next = switch (behavior) {
            case BURST -> due + periodNanos;
            case DELAY -> now + periodNanos;
            case SKIP -> {
                long n = due + periodNanos;
                if (n <= now) {
                    n += ((now - n) / periodNanos + 1) * periodNanos;
                }
                yield n;
            }
        };
        sleep.reset(Deadline.ofNanos(next));
        return Poll.ready(Deadline.ofNanos(due));
    }

    /** Restarts the schedule: the next tick is one period from now. */
    public void reset() {
        sleep.reset(Deadline.ofNanos(Deadline.nowNanos() + periodNanos));
    }

    /** @param behavior what to do with missed ticks */
    public void setMissedTickBehavior(MissedTickBehavior behavior) {
        this.behavior = Objects.requireNonNull(behavior, "behavior");
    }

    /** @return the behavior for missed ticks */
    public MissedTickBehavior missedTickBehavior() {
        return behavior;
    }

    /** @return the period */
    public Duration period() {
        return Duration.ofNanos(periodNanos);
    }

    /** Cancels the pending tick's timer; call when the interval is abandoned early. */
    public void cancel() {
        sleep.cancel();
    }
}
