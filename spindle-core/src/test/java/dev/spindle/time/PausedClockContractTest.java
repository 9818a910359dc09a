package dev.spindle.time;

import static dev.spindle.support.TestFutures.call;
import static dev.spindle.support.TestFutures.readyAfterPolls;
import static dev.spindle.support.TestFutures.run;
import static dev.spindle.support.TestFutures.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinException;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import dev.spindle.support.Tracked;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Time on the paused clock (design §2 Time, "auto-advance when paused and every task is idle"),
 * run against both runtime flavours. Nothing here waits for real time: the clock moves by
 * auto-advance or by {@link Time#advance}.
 *
 * <p>Tests that move the clock by hand first {@linkplain #holdClock() hold} it: a blocking task
 * that waits on a latch keeps auto-advance off (a paused clock does not jump while blocking work
 * runs), so that time moves only where the test says.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class PausedClockContractTest {

    /** @return a builder of the flavour under test */
    protected abstract AsyncRuntime.Builder builder();

    protected AsyncRuntime rt;
    private CountDownLatch clockHold;

    @BeforeEach
    void start() {
        rt = builder().startPaused(true).build();
    }

    @AfterEach
    void stop() {
        if (clockHold != null) {
            clockHold.countDown();
        }
        rt.close();
    }

    /** Keeps auto-advance off until the test ends: only {@link Time#advance} moves the clock. */
    protected void holdClock() {
        CountDownLatch release = new CountDownLatch(1);
        clockHold = release;
        rt.spawnBlocking(() -> {
            release.await();
            return null;
        });
    }

    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /** Milliseconds on the runtime's clock since {@code origin}. */
    private static long msSince(Deadline origin) {
        return Deadline.now().since(origin).toMillis();
    }

    // ------------------------------------------------------------------ auto-advance

    @Test
    void sleepOfAnHourCompletesByAutoAdvanceAndMovesTheClockByAnHour() {
        Duration slept = rt.blockOn(Future.lazy(() -> {
            Deadline start = Deadline.now();
            return Time.sleep(Duration.ofHours(1)).map(v -> Deadline.now().since(start));
        }));
        assertTrue(slept.compareTo(Duration.ofHours(1)) >= 0, slept.toString());
    }

    @Test
    void sleepInsideATaskCompletesByAutoAdvance() {
        Duration slept = rt.blockOn(rt.spawn(Future.lazy(() -> {
            Deadline start = Deadline.now();
            return Time.sleep(Duration.ofMinutes(10)).map(v -> Deadline.now().since(start));
        })));
        assertTrue(slept.compareTo(Duration.ofMinutes(10)) >= 0, slept.toString());
    }

    @Test
    void sleepsCompleteInDeadlineOrder() {
        List<Integer> log = new CopyOnWriteArrayList<>();
        rt.blockOn(Future.lazy(() -> {
            List<JoinHandle<Void>> hs = new ArrayList<>();
            for (int ms : new int[] {30, 10, 50, 20, 40}) {
                hs.add(Task.spawn(Time.sleep(ms(ms)).inspect(v -> log.add(ms))));
            }
            return Futures.joinAll(hs);
        }));
        assertEquals(List.of(10, 20, 30, 40, 50), log);
    }

    @Test
    void sleepNeverCompletesBeforeItsDeadline() {
        long elapsedNanos = rt.blockOn(Future.lazy(() -> {
            Deadline start = Deadline.now();
            return Time.sleep(Duration.ofNanos(1_500_000)).map(v -> Deadline.now().since(start).toNanos());
        }));
        assertTrue(elapsedNanos >= 1_500_000, elapsedNanos + " ns");
    }

    @Test
    void sleepOfZeroCompletesAtItsFirstPoll() {
        assertTrue(rt.blockOn(Future.lazy(() -> {
            Sleep s = Time.sleep(Duration.ZERO);
            return call(() -> s.poll(Context.of(Waker.noop())).isReady());
        })));
        assertTrue(rt.blockOn(Future.lazy(() -> {
            Sleep s = Time.sleep(Duration.ofMillis(-5));
            return call(() -> s.poll(Context.of(Waker.noop())).isReady());
        })));
    }

    @Test
    void deadlineNowStandsStillWhileThePausedClockIsHeld() {
        holdClock();
        assertTrue(rt.blockOn(call(() -> {
            Deadline a = Deadline.now();
            Deadline b = Deadline.now();
            return a.equals(b) && Time.isPaused();
        })));
    }

    // ------------------------------------------------------------------ advance

    @Test
    void advanceFiresTheTimersThatBecameDueAndNotTheLaterOnes() {
        holdClock();
        List<String> log = new CopyOnWriteArrayList<>();
        JoinHandle<Void>[] hs = rt.blockOn(call(() -> {
            @SuppressWarnings("unchecked")
            JoinHandle<Void>[] out = new JoinHandle[] {
                Task.spawn(Time.sleep(ms(10)).inspect(v -> log.add("10"))),
                Task.spawn(Time.sleep(ms(20)).inspect(v -> log.add("20"))),
                Task.spawn(Time.sleep(ms(50)).inspect(v -> log.add("50")))
            };
            return out;
        }));
        rt.blockOn(until(() -> rt.metrics().activeTimers() == 3)); // every sleep registered
        rt.blockOn(Time.advance(ms(20)));
        rt.blockOn(Futures.joinAll(List.of(hs[0], hs[1])));
        // both fired by the one advance; on two workers they may run in either order
        assertEquals(java.util.Set.of("10", "20"), new java.util.HashSet<>(log));
        assertEquals(2, log.size());
        assertFalse(hs[2].isFinished());
        assertEquals(1, rt.metrics().activeTimers());
        rt.blockOn(Time.advance(ms(29)));
        assertFalse(hs[2].isFinished());
        rt.blockOn(Time.advance(ms(1)));
        rt.blockOn(hs[2]);
        assertEquals("50", log.get(2));
    }

    @Test
    void advanceOfExactlyTheSleepDurationCompletesTheSleep() {
        holdClock();
        boolean[] states = rt.blockOn(new Future<>() {
            Sleep s10;
            Sleep s11;
            Future<Void> advance;

            @Override
            public Poll<boolean[]> poll(Context cx) {
                if (s10 == null) {
                    s10 = Time.sleep(ms(10));
                    s11 = Time.sleep(ms(11));
                    s10.poll(cx);
                    s11.poll(cx);
                    advance = Time.advance(ms(10));
                }
                if (!advance.poll(cx).isReady()) {
                    return Poll.pending();
                }
                return Poll.ready(new boolean[] {s10.poll(cx).isReady(), s11.poll(cx).isReady()});
            }
        });
        assertTrue(states[0], "sleep(10 ms) after advance(10 ms)");
        assertFalse(states[1], "sleep(11 ms) after advance(10 ms)");
    }

    @Test
    void blockOnFutureWokenByATaskIsPolledBeforeTheClockAutoAdvances() {
        // Auto-advance may jump only when nothing is runnable; a blockOn future that has been
        // woken is runnable. Repeated because the window it guards is short.
        for (int i = 0; i < 1000; i++) {
            boolean laterTimerFired = rt.blockOn(Future.lazy(() -> {
                JoinHandle<Void> due = Task.spawn(Time.sleep(ms(10)));
                JoinHandle<Void> later = Task.spawn(Time.sleep(ms(50)));
                return Time.advance(ms(10)).flatMap(v -> due).map(v -> later.isFinished());
            }));
            assertFalse(laterTimerFired, "iteration " + i + ": the clock jumped to 50 ms while blockOn was runnable");
        }
    }

    // ------------------------------------------------------------------ cancellation releases timers

    @Test
    void abortingASleepingTaskRemovesItsTimer() {
        holdClock();
        Tracked<Void> sleep = Tracked.of(Future.lazy(() -> Time.sleep(Duration.ofHours(1))));
        JoinHandle<Void> h = rt.spawn(sleep);
        rt.blockOn(sleep.polled.future());
        assertEquals(1, rt.metrics().activeTimers());
        h.abort();
        assertTrue(assertThrows(JoinException.class, () -> rt.blockOn(h)).isCancelled());
        assertEquals(0, rt.metrics().activeTimers());
    }

    @Test
    void sleepThatLosesASelectRemovesItsTimer() {
        holdClock();
        int[] timersWhilePending = new int[1];
        Futures.Selected<String> s = rt.blockOn(Future.lazy(() -> Futures.select(
                Time.sleep(Duration.ofHours(1)).map(v -> "sleep"),
                new Future<String>() {
                    int polls;

                    @Override
                    public Poll<String> poll(Context cx) {
                        if (++polls == 1) {
                            cx.waker().wake();
                            return Poll.pending();
                        }
                        timersWhilePending[0] = rt.metrics().activeTimers();
                        return Poll.ready("work");
                    }
                })));
        assertEquals(1, s.index());
        assertEquals(1, timersWhilePending[0], "the losing sleep was registered");
        assertEquals(0, rt.metrics().activeTimers(), "and its timer is gone");
    }

    @Test
    void timeoutThatCompletesInTimeRemovesItsTimer() {
        holdClock();
        assertEquals("v", rt.blockOn(Future.lazy(() -> Time.timeout(Duration.ofHours(1), readyAfterPolls(3, "v")))));
        assertEquals(0, rt.metrics().activeTimers());
    }

    // ------------------------------------------------------------------ interval

    /**
     * The example of {@link MissedTickBehavior}: period 10 ms, ticks due at 10, 20, 30, and a
     * consumer that takes the tick at 10 and polls again only at 35. Returns, for each of
     * {@code ticks} ticks taken after that, the clock time (ms since the interval's start) at
     * which it completed, advancing the held clock 1 ms at a time while it is pending.
     */
    private List<Long> ticksAfterLateConsumer(MissedTickBehavior behavior, int ticks) {
        holdClock();
        return rt.blockOn(new Future<>() {
            Deadline origin;
            Interval interval;
            Future<?> step;
            final List<Long> at = new ArrayList<>();
            int phase;

            @Override
            public Poll<List<Long>> poll(Context cx) {
                for (;;) {
                    if (step != null) {
                        if (!step.poll(cx).isReady()) {
                            return Poll.pending();
                        }
                        step = null;
                    }
                    switch (phase) {
                        case 0 -> {
                            origin = Deadline.now();
                            interval = Time.intervalAt(origin.plus(ms(10)), ms(10));
                            interval.setMissedTickBehavior(behavior);
                            assertFalse(interval.tick().poll(cx).isReady(), "no tick before 10");
                            step = Time.advance(ms(10));
                            phase = 1;
                        }
                        case 1 -> {
                            Poll<Deadline> p = interval.pollTick(cx);
                            assertTrue(p.isReady(), "the tick due at 10 is ready at 10");
                            step = Time.advance(ms(25)); // the consumer comes back at 35
                            phase = 2;
                        }
                        default -> {
                            if (at.size() == ticks) {
                                return Poll.ready(at);
                            }
                            if (interval.pollTick(cx).isReady()) {
                                at.add(msSince(origin));
                            } else {
                                step = Time.advance(ms(1));
                            }
                        }
                    }
                }
            }
        });
    }

    @Test
    void burstIntervalFiresMissedTicksAtOnceThenKeepsTheSchedule() {
        assertEquals(List.of(35L, 35L, 40L, 50L), ticksAfterLateConsumer(MissedTickBehavior.BURST, 4));
    }

    @Test
    void delayIntervalFiresOnceNowThenAFullPeriodAfterEachTick() {
        assertEquals(List.of(35L, 45L, 55L), ticksAfterLateConsumer(MissedTickBehavior.DELAY, 3));
    }

    @Test
    void skipIntervalFiresOnceNowThenSkipsToTheOriginalSchedule() {
        assertEquals(List.of(35L, 40L, 50L), ticksAfterLateConsumer(MissedTickBehavior.SKIP, 3));
    }

    @Test
    void burstIntervalReturnsTheScheduledDeadlinesOfTheMissedTicks() {
        holdClock();
        List<Long> scheduled = rt.blockOn(new Future<>() {
            Deadline origin;
            Interval interval;
            Future<Void> advance;
            final List<Long> out = new ArrayList<>();

            @Override
            public Poll<List<Long>> poll(Context cx) {
                if (interval == null) {
                    origin = Deadline.now();
                    interval = Time.interval(ms(10));
                    advance = Time.advance(ms(35));
                }
                if (!advance.poll(cx).isReady()) {
                    return Poll.pending();
                }
                while (out.size() < 4) {
                    if (!(interval.pollTick(cx) instanceof Poll.Ready<Deadline> r)) {
                        throw new AssertionError("tick " + out.size() + " not ready at 35 ms");
                    }
                    out.add(r.value().since(origin).toMillis());
                }
                assertFalse(interval.pollTick(cx).isReady(), "the tick due at 40 is not ready at 35");
                return Poll.ready(out);
            }
        });
        assertEquals(List.of(0L, 10L, 20L, 30L), scheduled);
    }

    @Test
    void firstTickOfAnIntervalCompletesAtOnce() {
        holdClock();
        assertTrue(rt.blockOn(Future.lazy(() -> {
            Interval i = Time.interval(Duration.ofSeconds(1));
            return call(() -> i.pollTick(Context.of(Waker.noop())).isReady());
        })));
    }

    @Test
    void intervalRejectsANonPositivePeriod() {
        assertThrows(IllegalArgumentException.class, () -> rt.blockOn(call(() -> Time.interval(Duration.ZERO))));
        assertThrows(IllegalArgumentException.class, () -> Time.advance(ms(-1)));
    }

    // ------------------------------------------------------------------ timeout

    @Test
    void timeoutElapsesOnThePausedClockAndCancelsTheInnerFuture() {
        Tracked<String> inner = Tracked.pending();
        long[] elapsedMs = new long[1];
        ElapsedException e = assertThrows(ElapsedException.class, () -> rt.blockOn(Future.lazy(() -> {
            Deadline start = Deadline.now();
            return Time.timeout(Duration.ofSeconds(30), inner)
                    .then((v, t) -> {
                        elapsedMs[0] = Deadline.now().since(start).toMillis();
                        return t != null ? Future.<String>failed(t) : Future.ready(v);
                    });
        })));
        assertEquals(Duration.ofSeconds(30), e.timeout());
        assertTrue(elapsedMs[0] >= 30_000, elapsedMs[0] + " ms");
        assertEquals(1, inner.cancels());
        assertEquals(0, rt.metrics().activeTimers());
    }

    @Test
    void innerFutureDueAtTheSameInstantAsTheTimeoutWins() {
        String v = rt.blockOn(Future.lazy(() ->
                Time.timeout(ms(10), Time.sleep(ms(10)).map(x -> "inner"))));
        assertEquals("inner", v);
    }

    // ------------------------------------------------------------------ misuse

    @Test
    void pausingAPausedClockThrowsIllegalState() {
        assertThrows(IllegalStateException.class, () -> rt.blockOn(run(Time::pause)));
    }

    @Test
    void resumeThenPauseAgainWorksAndResumingARunningClockThrows() {
        rt.blockOn(run(() -> {
            assertTrue(Time.isPaused());
            Time.resume();
            assertFalse(Time.isPaused());
            assertThrows(IllegalStateException.class, Time::resume);
            Time.pause();
            assertTrue(Time.isPaused());
        }));
    }

    @Test
    void advanceOnARunningClockThrowsIllegalState() {
        try (AsyncRuntime running = builder().startPaused(false).build()) {
            assertThrows(IllegalStateException.class, () -> running.blockOn(Time.advance(ms(1))));
            assertThrows(IllegalStateException.class, () -> running.blockOn(run(Time::resume)));
        }
    }

    @Test
    void pauseResumeAndAdvanceOutsideARuntimeThrowIllegalState() {
        assertThrows(IllegalStateException.class, Time::pause);
        assertThrows(IllegalStateException.class, Time::resume);
        assertThrows(IllegalStateException.class, () -> Time.advance(ms(1)).poll(Context.of(Waker.noop())));
        assertFalse(Time.isPaused());
    }

    @Test
    void sleepPolledOutsideARuntimeThrowsIllegalState() {
        Sleep s = Time.sleep(ms(1)); // creating it is fine: it is lazy
        assertThrows(IllegalStateException.class, () -> s.poll(Context.of(Waker.noop())));
    }
}
