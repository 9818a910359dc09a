package dev.spindle.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinException;
import dev.spindle.time.Deadline;
import dev.spindle.time.ElapsedException;
import dev.spindle.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * interval, throttle, chunksTimeout and timeout on the paused clock: the clock auto-advances to
 * the next timer when every task is idle, so these run in microseconds and their times are exact
 * up to the wheel's 1 ms resolution.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimedStreamTest {
    private AsyncRuntime rt;

    @BeforeEach
    void start() {
        rt = AsyncRuntime.builder().currentThread().startPaused(true).build();
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    /** Runs {@code body} as a task (so Deadline.now() reads the paused clock) and returns its value. */
    private <T> T run(Supplier<Future<T>> body) {
        try {
            return rt.blockOn(rt.spawn(Future.lazy(body)));
        } catch (JoinException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Milliseconds since {@code start}, rounded to the wheel's resolution. */
    private static long msSince(Deadline start) {
        return Math.round(Deadline.now().since(start).toNanos() / 1e6);
    }

    /** A stream whose i-th item arrives {@code gapsMs[i]} ms after the previous one. */
    private static AsyncStream<Integer> arriving(long... gapsMs) {
        return AsyncStream.range(0, gapsMs.length).then(i -> Time.sleep(Duration.ofMillis(gapsMs[i])).map(v -> i));
    }

    @Test
    void intervalTicksEveryPeriodStartingAtOnce() {
        List<Long> at = run(() -> {
            Deadline start = Deadline.now();
            return AsyncStream.interval(Duration.ofMillis(100)).take(4).map(d -> Math.round(d.since(start).toNanos() / 1e6)).toList();
        });
        assertEquals(List.of(0L, 100L, 200L, 300L), at);
        assertThrows(IllegalArgumentException.class, () -> AsyncStream.interval(Duration.ZERO));
    }

    @Test
    void throttleSpacesItemsByThePeriodWithoutDroppingAny() {
        List<Long> at = run(() -> {
            Deadline start = Deadline.now();
            return AsyncStream.range(0, 4).throttle(Duration.ofMillis(50)).map(i -> i * 1000 + msSince(start)).toList();
        });
        assertEquals(List.of(0L, 1050L, 2100L, 3150L), at);
    }

    @Test
    void throttlePullsTheNextItemOnlyAfterThePeriodAndAddsNoDelayBeyondIt() {
        // Item 1 is pulled at 50 (the period after item 0) and takes 80 ms: 130, no extra wait.
        // Item 2 is pulled at 180 and takes 10 ms: 190.
        List<Long> at = run(() -> {
            Deadline start = Deadline.now();
            return arriving(0, 80, 10).throttle(Duration.ofMillis(50)).map(i -> msSince(start)).toList();
        });
        assertEquals(List.of(0L, 130L, 190L), at);
    }

    @Test
    void chunksTimeoutEmitsFullChunksAtOnceAndPartialOnesWhenTheTimerFires() {
        record Chunk(List<Integer> items, long atMs) {
        }
        List<Chunk> chunks = run(() -> {
            Deadline start = Deadline.now();
            // items at 0, 0, 0 | 10, 200 -> full chunk of 3 at 0; [3] alone at 10+100=110; [4] at end (200)
            return arriving(0, 0, 0, 10, 190).chunksTimeout(3, Duration.ofMillis(100))
                    .map(c -> new Chunk(c, msSince(start))).toList();
        });
        assertEquals(List.of(new Chunk(List.of(0, 1, 2), 0), new Chunk(List.of(3), 110), new Chunk(List.of(4), 200)), chunks);
    }

    @Test
    void timeoutFailsWhenTheNextItemIsLateAndCancelsTheUpstream() {
        TestStream<Integer> src = TestStream.of(1);
        ElapsedException e = assertThrows(ElapsedException.class, () -> run(() -> src.timeout(Duration.ofMillis(30)).toList()));
        assertEquals(Duration.ofMillis(30), e.timeout());
        assertEquals(1, src.cancels());
        List<Integer> ok = run(() -> arriving(20, 20, 20).timeout(Duration.ofMillis(30)).toList());
        assertEquals(List.of(0, 1, 2), ok, "each gap is under the limit, though the total is not");
    }

    @Test
    void timedCombinatorsRejectNonPositiveDurations() {
        AsyncStream<Integer> s = AsyncStream.of(1);
        assertThrows(IllegalArgumentException.class, () -> s.throttle(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> s.timeout(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> s.chunksTimeout(2, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> s.chunksTimeout(0, Duration.ofMillis(1)));
    }

    @Test
    void cancellingATimedStreamReleasesItsTimer() {
        // A cancelled throttle must not leave its timer behind: the runtime then has nothing to
        // wait for, and a sleep of its own completes at exactly its own deadline.
        long ms = run(() -> {
            AsyncStream<Integer> throttled = AsyncStream.range(0, 10).throttle(Duration.ofSeconds(5));
            List<Integer> got = new ArrayList<>();
            Deadline start = Deadline.now();
            return new Future<Long>() {
                Future<Void> sleep;

                @Override
                public Poll<Long> poll(Context cx) {
                    if (sleep == null) {
                        Poll<Integer> p = throttled.pollNext(cx);
                        assertTrue(p.isReady());
                        got.add(((Poll.Ready<Integer>) p).value());
                        assertTrue(!throttled.pollNext(cx).isReady(), "the second item waits for the timer");
                        throttled.cancel();
                        sleep = Time.sleep(Duration.ofMillis(7));
                    }
                    if (!sleep.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    return Poll.ready(msSince(start));
                }
            };
        });
        assertEquals(7, ms);
    }
}
