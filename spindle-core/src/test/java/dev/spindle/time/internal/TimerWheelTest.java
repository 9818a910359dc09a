package dev.spindle.time.internal;

import static dev.spindle.time.internal.WheelTestSupport.expectedNextExpiration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.time.internal.WheelTestSupport.Firing;
import dev.spindle.time.internal.WheelTestSupport.Recorder;
import dev.spindle.time.internal.WheelTestSupport.TestEntry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TimerWheelTest {

    private static final long L1 = 64, L2 = 64 * 64, L3 = L2 * 64, L4 = L3 * 64, L5 = L4 * 64, L6 = L5 * 64;

    private final TimerWheel wheel = new TimerWheel();
    private final Recorder rec = new Recorder(wheel);

    /** Deadlines (relative to the start) on every level's edges, and beyond the wheel's range. */
    static Stream<Arguments> deadlinesOnEveryLevel() {
        long[] deltas = {1, 2, 63, 64, 65, 127, 128, 4095, 4096, 4097, L3 - 1, L3, L3 + 1, L4 - 1, L4, L4 + 1,
            L5 - 1, L5, L5 + 1, L6 - 1, L6, L6 + 1, L6 + 12_345, 3 * L6 + 7, L6 * 64, L6 * 64 + L5 + 3};
        long[] starts = {0, 1, 63, 4000, L6 - 3, 5 * L6 + 12_345};
        List<Arguments> out = new ArrayList<>();
        for (long start : starts) {
            for (long delta : deltas) {
                out.add(Arguments.of(start, delta));
            }
        }
        return out.stream();
    }

    @Test
    void newWheelIsEmptyAtTimeZero() {
        assertEquals(0, wheel.elapsed());
        assertEquals(0, wheel.size());
        assertTrue(wheel.isEmpty());
        assertEquals(Long.MAX_VALUE, wheel.nextExpiration());
        assertEquals(0, wheel.advanceTo(1_000_000, rec));
        assertEquals(1_000_000, wheel.elapsed());
    }

    @ParameterizedTest(name = "start {0}, deadline +{1}")
    @MethodSource("deadlinesOnEveryLevel")
    void entryFiresAtItsExactTickInOneJump(long start, long delta) {
        wheel.advanceTo(start, rec);
        TestEntry e = new TestEntry(1);
        long when = start + delta;
        assertTrue(wheel.insert(e, when));
        assertTrue(e.isRegistered());
        assertEquals(when, e.deadline());

        assertEquals(0, wheel.advanceTo(when - 1, rec), "fired early");
        assertTrue(e.isRegistered());
        assertEquals(1, wheel.size());

        assertEquals(1, wheel.advanceTo(when, rec));
        assertEquals(List.of(new Firing(e, when)), rec.take());
        assertTrue(e.isFired());
        assertTrue(wheel.isEmpty());
        assertEquals(Long.MAX_VALUE, wheel.nextExpiration());
    }

    @ParameterizedTest(name = "start {0}, deadline +{1}")
    @MethodSource("deadlinesOnEveryLevel")
    void entryFiresAtItsExactTickWhenTheDriverFollowsNextExpiration(long start, long delta) {
        wheel.advanceTo(start, rec);
        TestEntry e = new TestEntry(1);
        long when = start + delta;
        wheel.insert(e, when);
        int hops = 0;
        while (!e.isFired()) {
            long next = wheel.nextExpiration();
            assertTrue(next > wheel.elapsed() && next <= when, "next expiration " + next + " outside the window");
            assertEquals(expectedNextExpiration(wheel.elapsed(), List.of(when)), next);
            // Just before the slot time nothing happens; at it the entry fires or moves down.
            wheel.advanceTo(next - 1, rec);
            assertTrue(rec.take().isEmpty());
            wheel.advanceTo(next, rec);
            hops++;
        }
        assertEquals(List.of(new Firing(e, when)), rec.take());
        // One hop per level on the way down plus one per revolution of the top level.
        assertTrue(hops <= TimerWheel.LEVELS + delta / TimerWheel.RANGE + 1, "hops: " + hops);
    }

    @Test
    void entryFiresAtItsExactTickWhenAdvancedOneTickAtATime() {
        long[] deltas = {1, 63, 64, 65, 4095, 4096, 4097, 70_000, L3, L3 + 1};
        List<TestEntry> entries = new ArrayList<>();
        for (int i = 0; i < deltas.length; i++) {
            TestEntry e = new TestEntry(i);
            entries.add(e);
            wheel.insert(e, 7 + deltas[i]);
        }
        wheel.advanceTo(7, rec);
        for (long t = 8; t <= 7 + L3 + 1; t++) {
            wheel.advanceTo(t, rec);
            for (Firing f : rec.take()) {
                assertEquals(t, f.entry().deadline(), "fired at the wrong tick");
                assertEquals(t, f.at());
            }
        }
        for (TestEntry e : entries) {
            assertTrue(e.isFired(), e + " never fired");
        }
    }

    @Test
    void entriesWithTheSameDeadlineAllFireInInsertionOrder() {
        List<TestEntry> expected = new ArrayList<>();
        // Inserted at different times, hence first onto different levels, yet they share a list.
        for (int i = 0; i < 100; i++) {
            TestEntry e = new TestEntry(i);
            expected.add(e);
            assertTrue(wheel.insert(e, 300_000));
            wheel.advanceTo(wheel.elapsed() + 2_500, rec);
        }
        assertTrue(rec.take().isEmpty());
        assertEquals(100, wheel.advanceTo(300_000, rec));
        List<TestEntry> fired = rec.take().stream().map(Firing::entry).toList();
        assertEquals(expected, fired);
    }

    @Test
    void firingOrderIsNonDecreasingInDeadline() {
        Random rnd = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            long when = 1 + (long) (Math.pow(64, rnd.nextDouble() * 5) + rnd.nextInt(64));
            wheel.insert(new TestEntry(i), when);
        }
        int fired = wheel.advanceTo(L5 * 2, rec);
        assertEquals(2_000, fired);
        long last = 0;
        for (Firing f : rec.take()) {
            assertTrue(f.entry().deadline() >= last, "out of order at " + f);
            assertEquals(f.entry().deadline(), f.at());
            last = f.entry().deadline();
        }
    }

    @Test
    void removedEntryNeverFires() {
        TestEntry keep = new TestEntry(1), drop = new TestEntry(2);
        wheel.insert(keep, 5_000);
        wheel.insert(drop, 5_000);
        assertEquals(2, wheel.size());

        assertTrue(wheel.remove(drop));
        assertEquals(TimerEntry.CANCELLED, drop.state());
        assertEquals(1, wheel.size());
        assertFalse(wheel.remove(drop), "second remove");

        assertEquals(1, wheel.advanceTo(1_000_000, rec));
        assertEquals(List.of(new Firing(keep, 5_000)), rec.take());
        assertFalse(drop.isFired());
        assertTrue(wheel.isEmpty());
    }

    @Test
    void removingTheLastEntryEmptiesTheWheel() {
        TestEntry e = new TestEntry(1);
        wheel.insert(e, L4 + 17);
        assertTrue(wheel.nextExpiration() < Long.MAX_VALUE);
        wheel.remove(e);
        assertEquals(Long.MAX_VALUE, wheel.nextExpiration(), "occupancy bit left behind");
        assertTrue(wheel.isEmpty());
    }

    @Test
    void removeAfterFireReturnsFalseAndKeepsFired() {
        TestEntry e = new TestEntry(1);
        wheel.insert(e, 10);
        wheel.advanceTo(10, rec);
        assertFalse(wheel.remove(e));
        assertTrue(e.isFired());
        assertEquals(0, wheel.size());
    }

    @Test
    void removeOfANeverInsertedEntryReturnsFalse() {
        TestEntry e = new TestEntry(1);
        assertFalse(wheel.remove(e));
        assertEquals(TimerEntry.UNREGISTERED, e.state());
        assertEquals(Long.MAX_VALUE, e.deadline());
    }

    @Test
    void insertOfAnExpiredDeadlineReturnsFalseAndRegistersNothing() {
        wheel.advanceTo(100, rec);
        TestEntry now = new TestEntry(1), past = new TestEntry(2);
        assertFalse(wheel.insert(now, 100));
        assertFalse(wheel.insert(past, 3));
        assertTrue(wheel.isEmpty());
        assertEquals(Long.MAX_VALUE, wheel.nextExpiration());
        assertTrue(now.isFired(), "an expired insert reports the deadline as reached");
        assertTrue(past.isFired());
        assertEquals(0, wheel.advanceTo(200, rec), "no callback for an expired insert");
        assertEquals(0, now.fireCount);
    }

    @Test
    void reinsertMovesTheEntry() {
        TestEntry e = new TestEntry(1);
        wheel.insert(e, 5_000);
        assertTrue(wheel.insert(e, 50));
        assertEquals(1, wheel.size());
        assertEquals(1, wheel.advanceTo(60, rec));
        assertEquals(List.of(new Firing(e, 50)), rec.take());

        assertTrue(wheel.insert(e, 70_000), "re-arming a fired entry");
        assertTrue(wheel.insert(e, 9_000_000), "pushing it later");
        assertEquals(0, wheel.advanceTo(8_999_999, rec));
        assertEquals(1, wheel.advanceTo(9_000_000, rec));
        assertEquals(List.of(new Firing(e, 9_000_000)), rec.take());
    }

    @Test
    void reinsertWithAnExpiredDeadlineTakesTheEntryOut() {
        TestEntry e = new TestEntry(1);
        wheel.insert(e, 500);
        wheel.advanceTo(100, rec);
        assertFalse(wheel.insert(e, 100));
        assertTrue(e.isFired());
        assertTrue(wheel.isEmpty());
        assertEquals(0, wheel.advanceTo(1_000, rec));
    }

    @Test
    void timeNeverGoesBackwards() {
        wheel.advanceTo(1_000, rec);
        TestEntry e = new TestEntry(1);
        wheel.insert(e, 1_500);
        assertEquals(0, wheel.advanceTo(10, rec));
        assertEquals(1_000, wheel.elapsed());
        assertFalse(wheel.insert(new TestEntry(2), 999));
        assertEquals(1, wheel.advanceTo(1_500, rec));
    }

    @Test
    void bigJumpsAndSingleTicksFireTheSameEntriesAtTheSameTicks() {
        TimerWheel stepped = new TimerWheel();
        Recorder steppedRec = new Recorder(stepped);
        Random rnd = new Random(11);
        int n = 3_000;
        long horizon = 300_000;
        Map<Integer, Long> deadlines = new HashMap<>();
        for (int i = 0; i < n; i++) {
            long when = 1 + (rnd.nextBoolean() ? rnd.nextInt(5_000) : (long) rnd.nextInt((int) horizon));
            deadlines.put(i, when);
            wheel.insert(new TestEntry(i), when);
            stepped.insert(new TestEntry(i), when);
        }
        Map<Integer, Long> jumped = new HashMap<>();
        long t = 0;
        while (t < horizon) {
            long before = t;
            t = Math.min(horizon, t + 1 + rnd.nextInt(20_000));
            wheel.advanceTo(t, rec);
            for (Firing f : rec.take()) {
                assertTrue(f.at() > before && f.at() <= t);
                jumped.put(f.entry().id, f.at());
            }
        }
        Map<Integer, Long> ticked = new HashMap<>();
        for (long s = 1; s <= horizon; s++) {
            stepped.advanceTo(s, steppedRec);
        }
        for (Firing f : steppedRec.take()) {
            ticked.put(f.entry().id, f.at());
        }
        assertEquals(deadlines, jumped);
        assertEquals(deadlines, ticked);
    }

    @Test
    void nextExpirationAgreesWithABruteForceMinimum() {
        Random rnd = new Random(3);
        Map<TestEntry, Long> live = new HashMap<>();
        for (int round = 0; round < 400; round++) {
            for (int i = 0; i < 5; i++) {
                TestEntry e = new TestEntry(round * 5 + i);
                long when = wheel.elapsed() + 1 + (long) Math.pow(64, rnd.nextDouble() * 6.5);
                wheel.insert(e, when);
                live.put(e, when);
            }
            assertEquals(expectedNextExpiration(wheel.elapsed(), live.values()), wheel.nextExpiration());
            long next = wheel.nextExpiration();
            assertTrue(next <= live.values().stream().mapToLong(Long::longValue).min().orElseThrow());
            long to = rnd.nextBoolean() ? next : wheel.elapsed() + rnd.nextInt(100_000);
            wheel.advanceTo(to, rec);
            rec.take().forEach(f -> assertEquals(f.entry().deadline(), live.remove(f.entry())));
            assertEquals(live.size(), wheel.size());
            if (live.isEmpty()) {
                assertEquals(Long.MAX_VALUE, wheel.nextExpiration());
            } else {
                assertEquals(expectedNextExpiration(wheel.elapsed(), live.values()), wheel.nextExpiration());
            }
        }
    }

    @Test
    void farDeadlinesAreClampedIntoTheTopLevelAndRecascaded() {
        TestEntry far = new TestEntry(1), near = new TestEntry(2);
        long when = 5 * TimerWheel.RANGE + 17;
        wheel.insert(far, when);
        assertEquals(TimerWheel.TOP, far.level);
        wheel.insert(near, 2 * L5 + 3);

        long next = wheel.nextExpiration();
        assertTrue(next <= TimerWheel.RANGE, "a far entry is re-examined within one revolution: " + next);
        wheel.advanceTo(TimerWheel.RANGE * 2, rec);
        assertEquals(List.of(new Firing(near, 2 * L5 + 3)), rec.take());
        assertTrue(far.isRegistered());
        assertEquals(TimerWheel.TOP, far.level);

        wheel.advanceTo(when - 1, rec);
        assertTrue(rec.take().isEmpty());
        wheel.advanceTo(when, rec);
        assertEquals(List.of(new Firing(far, when)), rec.take());
    }

    @Test
    void farEntryInTheCurrentTopSlotDoesNotHideAnEarlierTopSlot() {
        // The far entry's top digit equals elapsed's, so it sits in the current top slot and is
        // due only a revolution later; the entry two top slots ahead must still come first.
        wheel.advanceTo(5, rec);
        TestEntry far = new TestEntry(1), mid = new TestEntry(2);
        wheel.insert(far, TimerWheel.RANGE + 4);
        wheel.insert(mid, 2 * L5 + 9);
        assertEquals(2 * L5, wheel.nextExpiration());
        wheel.advanceTo(TimerWheel.RANGE + 4, rec);
        assertEquals(List.of(new Firing(mid, 2 * L5 + 9), new Firing(far, TimerWheel.RANGE + 4)), rec.take());
    }

    @Test
    void maxValueDeadlineNeverFires() {
        TestEntry never = new TestEntry(1);
        assertTrue(wheel.insert(never, Long.MAX_VALUE));
        assertEquals(0, wheel.advanceTo(40 * TimerWheel.RANGE, rec));
        assertTrue(never.isRegistered());
        assertTrue(wheel.remove(never));
    }

    @Test
    void advanceWithoutSinkCallsTheFireHook() {
        TestEntry a = new TestEntry(1), b = new TestEntry(2);
        wheel.insert(a, 3);
        wheel.insert(b, 4_000);
        assertEquals(1, wheel.advanceTo(100));
        assertEquals(1, a.fireCount);
        assertEquals(0, b.fireCount);
        assertEquals(1, wheel.advanceTo(4_000));
        assertEquals(1, b.fireCount);
        assertEquals(1, a.fireCount, "fired twice");
    }

    @Test
    void callbackMayRemoveAnEntryThatIsStillDue() {
        TestEntry first = new TestEntry(1), second = new TestEntry(2);
        wheel.insert(first, 200);
        wheel.insert(second, 200);
        List<TimerEntry> fired = new ArrayList<>();
        wheel.advanceTo(300, e -> {
            fired.add(e);
            if (e == first) {
                assertTrue(wheel.remove(second));
            }
        });
        assertEquals(List.of(first), fired);
        assertEquals(TimerEntry.CANCELLED, second.state());
        assertTrue(wheel.isEmpty());
    }

    @Test
    void callbackMayInsertEntries() {
        TestEntry first = new TestEntry(1), rearmed = new TestEntry(2), late = new TestEntry(3);
        wheel.insert(first, 100);
        List<Firing> fired = new ArrayList<>();
        Consumer<TimerEntry> sink = e -> {
            fired.add(new Firing((TestEntry) e, wheel.elapsed()));
            if (e == first && fired.size() == 1) {
                assertFalse(wheel.insert(rearmed, 100), "deadline equal to the time being fired");
                assertTrue(wheel.insert(rearmed, 150));
                assertTrue(wheel.insert(late, 10_000));
                assertTrue(wheel.insert(first, 180), "an entry re-arms itself");
            }
        };
        assertEquals(3, wheel.advanceTo(1_000, sink));
        assertEquals(List.of(new Firing(first, 100), new Firing(rearmed, 150), new Firing(first, 180)), fired);
        assertEquals(1, wheel.size());
        assertTrue(late.isRegistered());
        wheel.checkInvariants();
    }

    @Test
    void callbackMustNotAdvanceTheWheel() {
        wheel.insert(new TestEntry(1), 5);
        assertThrows(IllegalStateException.class, () -> wheel.advanceTo(10, e -> wheel.advanceTo(20, rec)));
        assertEquals(0, wheel.advanceTo(30, rec), "the wheel is usable afterwards");
    }

    @Test
    void entriesStillDueAfterAThrowingCallbackFireOnTheNextAdvance() {
        TestEntry a = new TestEntry(1), b = new TestEntry(2), c = new TestEntry(3);
        wheel.insert(a, 4_100);
        wheel.insert(b, 4_100);
        wheel.insert(c, 4_200);
        RuntimeException boom = new RuntimeException("boom");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> wheel.advanceTo(5_000, e -> {
            throw boom;
        }));
        assertSame(boom, thrown);
        assertTrue(a.isFired());
        assertTrue(b.isRegistered());
        assertEquals(2, wheel.size());
        assertEquals(4_100, wheel.elapsed());
        assertEquals(4_100, wheel.nextExpiration(), "left-over work is due now");
        wheel.checkInvariants();

        assertEquals(2, wheel.advanceTo(5_000, rec));
        assertEquals(List.of(new Firing(b, 4_100), new Firing(c, 4_200)), rec.take());
    }

    @Test
    void entryRegisteredInAnotherWheelIsRejected() {
        TimerWheel other = new TimerWheel();
        TestEntry e = new TestEntry(1);
        other.insert(e, 10);
        assertThrows(IllegalArgumentException.class, () -> wheel.insert(e, 20));
        assertThrows(IllegalArgumentException.class, () -> wheel.remove(e));
        assertEquals(1, other.size());
        assertEquals(1, other.advanceTo(10));
        assertTrue(wheel.insert(e, 20), "free again once it fired");
    }

    @Test
    void insertRemoveAndAdvanceDoNotAllocate() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) mx;
        Assumptions.assumeTrue(tmx.isThreadAllocatedMemorySupported() && tmx.isThreadAllocatedMemoryEnabled());
        TestEntry[] entries = new TestEntry[512];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = new TestEntry(i);
        }
        Consumer<TimerEntry> sink = e -> { };
        churn(entries, sink, 20_000); // warm up: class loading, JIT
        long before = tmx.getCurrentThreadAllocatedBytes();
        churn(entries, sink, 20_000);
        long allocated = tmx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated, "bytes allocated by 20,000 rounds of insert/remove/advance");
    }

    private void churn(TestEntry[] entries, Consumer<TimerEntry> sink, int rounds) {
        long seed = 12345;
        for (int r = 0; r < rounds; r++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            TestEntry e = entries[(int) ((seed >>> 33) % entries.length)];
            long delta = 1 + ((seed >>> 20) & 0x3FFFF);
            if ((r & 3) == 0) {
                wheel.remove(e);
            } else {
                wheel.insert(e, wheel.elapsed() + delta);
            }
            wheel.advanceTo(wheel.elapsed() + (seed & 255), sink);
            wheel.nextExpiration();
        }
    }
}
