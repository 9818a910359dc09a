package dev.spindle.time.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RuntimeClockTest {

    /** Busy-waits until the real monotonic clock has moved by at least {@code nanos}. */
    private static void spinFor(long nanos) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < nanos) {
            Thread.onSpinWait();
        }
    }

    @Test
    void pausedClockDoesNotMove() {
        RuntimeClock clock = new RuntimeClock(true);
        assertTrue(clock.isPaused());
        long a = clock.nanos();
        spinFor(3_000_000);
        long b = clock.nanos();
        assertEquals(0, a);
        assertEquals(a, b);
        assertEquals(0, clock.millis());
    }

    @Test
    void runningClockStartsNearZeroAndMoves() {
        long before = System.nanoTime();
        RuntimeClock clock = new RuntimeClock(false);
        assertFalse(clock.isPaused());
        long first = clock.nanos();
        assertTrue(first >= 0 && first <= System.nanoTime() - before, "first read " + first);
        spinFor(2_000_000);
        assertTrue(clock.nanos() >= first + 2_000_000);
    }

    @Test
    void advanceMovesAPausedClockByExactlyTheDuration() {
        RuntimeClock clock = new RuntimeClock(true);
        clock.advance(Duration.ofMillis(1_500));
        assertEquals(1_500_000_000L, clock.nanos());
        assertEquals(1_500, clock.millis());
        clock.advance(Duration.ofNanos(1));
        assertEquals(1_500_000_001L, clock.nanos());
        assertEquals(1_500, clock.millis());
        clock.advance(Duration.ZERO);
        assertEquals(1_500_000_001L, clock.nanos());
    }

    @Test
    void pauseFreezesARunningClock() {
        RuntimeClock clock = new RuntimeClock(false);
        spinFor(1_000_000);
        clock.pause();
        long a = clock.nanos();
        assertTrue(a >= 1_000_000, "paused at " + a);
        spinFor(3_000_000);
        assertEquals(a, clock.nanos());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(a + 2_000_000_000L, clock.nanos());
    }

    @Test
    void resumeContinuesFromThePausedValue() {
        RuntimeClock clock = new RuntimeClock(true);
        clock.advance(Duration.ofSeconds(5));
        spinFor(2_000_000); // real time spent paused must not count
        long realBefore = System.nanoTime();
        clock.resume();
        long t = clock.nanos();
        long realSpent = System.nanoTime() - realBefore;
        assertFalse(clock.isPaused());
        assertTrue(t >= 5_000_000_000L && t - 5_000_000_000L <= realSpent, "read " + t + " after resume");
        spinFor(1_000_000);
        assertTrue(clock.nanos() >= t + 1_000_000);
    }

    @Test
    void misuseThrows() {
        RuntimeClock running = new RuntimeClock(false);
        assertThrows(IllegalStateException.class, running::resume);
        assertThrows(IllegalStateException.class, () -> running.advance(Duration.ofMillis(1)));

        RuntimeClock paused = new RuntimeClock(true);
        assertThrows(IllegalStateException.class, paused::pause);
        assertThrows(IllegalArgumentException.class, () -> paused.advance(Duration.ofNanos(-1)));
        assertThrows(NullPointerException.class, () -> paused.advance(null));
        assertEquals(0, paused.nanos(), "a rejected call changes nothing");
        assertTrue(paused.isPaused());
    }

    @Test
    void advanceSaturatesInsteadOfOverflowing() {
        RuntimeClock clock = new RuntimeClock(true);
        clock.advance(Duration.ofSeconds(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, clock.nanos());
        clock.advance(Duration.ofNanos(1));
        assertEquals(Long.MAX_VALUE, clock.nanos());
    }

    @Test
    void deadlineMillisCeilRoundsUpToTheNextTick() {
        RuntimeClock clock = new RuntimeClock(true);
        assertEquals(0, clock.deadlineMillisCeil(0));
        assertEquals(1, clock.deadlineMillisCeil(1));
        assertEquals(1, clock.deadlineMillisCeil(999_999));
        assertEquals(1, clock.deadlineMillisCeil(1_000_000));
        assertEquals(2, clock.deadlineMillisCeil(1_000_001));
        assertEquals(0, clock.deadlineMillisCeil(-1));
        assertEquals(-1, clock.deadlineMillisCeil(-1_000_000));
        assertEquals(Long.MAX_VALUE / 1_000_000 + 1, clock.deadlineMillisCeil(Long.MAX_VALUE));
    }

    @Test
    void sleepsOnAPausedClockNeverFireEarlyNorAMillisecondLate() {
        RuntimeClock clock = new RuntimeClock(true);
        TimerWheel wheel = new TimerWheel();
        Random rnd = new Random(99);
        List<long[]> deadlines = new ArrayList<>(); // {deadlineNanos, firedAtNanos}
        List<TimerEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long deadline = clock.nanos() + rnd.nextInt(50_000_000);
            long[] times = {deadline, -1};
            deadlines.add(times);
            TimerEntry e = new TimerEntry() {
                @Override
                protected void fire() {
                    times[1] = clock.nanos();
                }
            };
            entries.add(e);
            if (!wheel.insert(e, clock.deadlineMillisCeil(deadline))) {
                times[1] = clock.nanos(); // completed at once by the caller
            }
            clock.advance(Duration.ofNanos(rnd.nextInt(100_000)));
            wheel.advanceTo(clock.millis());
        }
        while (!wheel.isEmpty()) {
            clock.advance(Duration.ofNanos(1 + rnd.nextInt(300_000)));
            wheel.advanceTo(clock.millis());
        }
        for (long[] d : deadlines) {
            assertTrue(d[1] >= d[0], "fired early: deadline " + d[0] + ", fired " + d[1]);
        }
        for (TimerEntry e : entries) {
            assertTrue(e.isFired());
        }
    }

    @Test
    void readsNeverGoBackwardsWhileAnotherThreadPausesAdvancesAndResumes() throws Exception {
        RuntimeClock clock = new RuntimeClock(false);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread t = new Thread(() -> {
                long last = 0;
                while (!stop.get()) {
                    long now = clock.nanos();
                    if (now < last) {
                        failure.compareAndSet(null, "went back from " + last + " to " + now);
                        return;
                    }
                    last = now;
                }
            }, "clock-reader-" + r);
            t.start();
            readers.add(t);
        }
        try {
            for (int i = 0; i < 20_000 * Integer.getInteger("spindle.stress", 1); i++) {
                clock.pause();
                if ((i & 1) == 0) {
                    clock.advance(Duration.ofNanos(i));
                }
                clock.resume();
            }
        } finally {
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
        }
        assertEquals(null, failure.get());
    }
}
