package dev.spindle.time;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.internal.RuntimeCore;
import dev.spindle.runtime.internal.ThreadContext;
import java.time.Duration;
import java.util.Objects;

/**
 * Time on the runtime's monotonic clock (Tokio's {@code tokio::time}): sleeping, intervals,
 * timeouts, and the paused clock for tests.
 *
 * <p><b>Paused clock.</b> Built with {@code startPaused(true)} or after {@link #pause()}, the
 * runtime's clock stands still. It moves by {@link #advance(Duration)}, and by <em>auto-advance</em>:
 * when every task is idle and the only thing anyone waits for is a timer, the clock jumps
 * straight to the next timer's deadline. A test of a 30-second timeout thus runs in
 * microseconds, deterministically, without sleeping.
 */
public final class Time {
    private Time() {
    }

    /**
     * Returns a future that completes {@code duration} from now.
     *
     * @param duration how long; zero or negative completes at the first poll
     * @return the sleep
     */
    public static Sleep sleep(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        return new Sleep(Deadline.now().plus(duration).nanos());
    }

    /**
     * Returns a future that completes at {@code deadline}.
     *
     * @param deadline when
     * @return the sleep
     */
    public static Sleep sleepUntil(Deadline deadline) {
        return new Sleep(Objects.requireNonNull(deadline, "deadline").nanos());
    }

    /**
     * Returns an interval whose first tick is now, then every {@code period}.
     *
     * @param period positive
     * @return the interval
     */
    public static Interval interval(Duration period) {
        return new Interval(Deadline.now(), Objects.requireNonNull(period, "period"));
    }

    /**
     * Returns an interval whose first tick is at {@code start}, then every {@code period}.
     *
     * @param start the first tick
     * @param period positive
     * @return the interval
     */
    public static Interval intervalAt(Deadline start, Duration period) {
        return new Interval(Objects.requireNonNull(start, "start"), Objects.requireNonNull(period, "period"));
    }

    /**
     * Returns a future that behaves as {@code future} but fails with {@link ElapsedException}
     * if it has not completed {@code limit} from now; the inner future is then cancelled.
     *
     * @implNote Cancel safety: as cancel-safe as {@code future}: on expiry, {@code future} is
     *     cancelled exactly as if its caller had dropped it.
     * @param limit the time limit
     * @param future the future
     * @param <T> its value type
     * @return the limited future
     */
    public static <T> Future<T> timeout(Duration limit, Future<T> future) {
        return new Timeout<>(Objects.requireNonNull(limit, "limit"), Objects.requireNonNull(future, "future"));
    }

    /**
     * Pauses the current runtime's clock.
     *
     * @throws IllegalStateException outside a runtime, or if already paused
     */
    public static void pause() {
        runtime("Time.pause()").driver.clock().pause();
    }

    /**
     * Resumes the current runtime's clock from where it stood.
     *
     * @throws IllegalStateException outside a runtime, or if not paused
     */
    public static void resume() {
        RuntimeCore rt = runtime("Time.resume()");
        rt.driver.clock().resume();
        rt.driver.unpark(); // the driver may be waiting with no timeout while time stood still
    }

    /**
     * Returns a future that moves the paused clock forward by {@code duration}, fires every timer
     * that became due, and completes after yielding once so that the woken tasks can run.
     *
     * @param duration how far; not negative
     * @return the advance future
     * @throws IllegalStateException (when polled) outside a runtime, or if the clock is not paused
     */
    public static Future<Void> advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot advance the clock by a negative duration: " + duration);
        }
        return new Future<>() {
            private boolean advanced;

            @Override
            public Poll<Void> poll(Context cx) {
                if (advanced) {
                    return Poll.ready(null);
                }
                RuntimeCore rt = runtime("Time.advance()");
                rt.driver.clock().advance(duration);
                rt.driver.fireDueTimers();
                advanced = true;
                cx.waker().wake();
                return Poll.pending();
            }
        };
    }

    /** @return whether the current runtime's clock is paused */
    public static boolean isPaused() {
        RuntimeCore rt = ThreadContext.currentRuntime();
        return rt != null && rt.driver.clock().isPaused();
    }

    private static RuntimeCore runtime(String what) {
        return ThreadContext.requireRuntime(what);
    }
}
