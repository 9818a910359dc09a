package dev.spindle.time.internal;

import static dev.spindle.time.internal.WheelTestSupport.expectedNextExpiration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.time.internal.WheelTestSupport.Firing;
import dev.spindle.time.internal.WheelTestSupport.Recorder;
import dev.spindle.time.internal.WheelTestSupport.TestEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives the wheel with random inserts, resets, removes and advances and checks every step
 * against a sorted-set model: the same entries fire in the same advance call, at their exact
 * deadline, in deadline order (ties in insertion order), and size and next expiration agree.
 * Scale with {@code -Dspindle.stress=N}.
 */
class TimerWheelModelTest {

    private static final int STRESS = Integer.getInteger("spindle.stress", 1);
    private static final int OPS = 20_000 * STRESS;
    private static final int POOL = 300;

    /** Model entry: ordered by deadline, then by the sequence number of its last insert. */
    private record Key(long when, long seq, int id) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(when, o.when);
            if (c == 0) {
                c = Long.compare(seq, o.seq);
            }
            return c;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1_000_003, 0x5EED_CAFEL, -7})
    void wheelBehavesLikeASortedSet(long seed) {
        Random rnd = new Random(seed);
        TimerWheel wheel = new TimerWheel();
        Recorder rec = new Recorder(wheel);
        TestEntry[] entries = new TestEntry[POOL];
        for (int i = 0; i < POOL; i++) {
            entries[i] = new TestEntry(i);
        }
        TreeSet<Key> model = new TreeSet<>();
        Map<Integer, Key> byId = new HashMap<>();
        long seq = 0;
        long fired = 0, cascadesChecked = 0;

        for (int op = 0; op < OPS; op++) {
            int kind = rnd.nextInt(100);
            TestEntry e = entries[rnd.nextInt(POOL)];
            String where = "seed " + seed + ", op " + op;
            if (kind < 45) { // insert, or reset if the entry is registered
                long when = randomDeadline(rnd, wheel.elapsed());
                Key old = byId.remove(e.id);
                if (old != null) {
                    model.remove(old);
                }
                boolean expectRegistered = when > wheel.elapsed();
                assertEquals(expectRegistered, wheel.insert(e, when), where);
                if (expectRegistered) {
                    Key k = new Key(when, seq++, e.id);
                    model.add(k);
                    byId.put(e.id, k);
                    assertTrue(e.isRegistered(), where);
                } else {
                    assertTrue(e.isFired(), where);
                }
            } else if (kind < 60) { // remove
                Key old = byId.remove(e.id);
                if (old != null) {
                    model.remove(old);
                }
                int before = e.state();
                assertEquals(old != null, wheel.remove(e), where);
                assertEquals(old != null ? TimerEntry.CANCELLED : before, e.state(), where);
            } else { // advance
                long from = wheel.elapsed();
                long to = randomTarget(rnd, wheel, from);
                int n = wheel.advanceTo(to, rec);
                List<Firing> got = rec.take();
                List<Key> expected = new ArrayList<>();
                if (to > from) {
                    while (!model.isEmpty() && model.first().when() <= to) {
                        Key k = model.pollFirst();
                        byId.remove(k.id());
                        expected.add(k);
                    }
                }
                assertEquals(expected.size(), n, where);
                assertEquals(expected.size(), got.size(), where);
                for (int i = 0; i < got.size(); i++) {
                    Firing f = got.get(i);
                    Key k = expected.get(i);
                    assertEquals(k.id(), f.entry().id, where + ": wrong entry or order at " + i);
                    assertEquals(k.when(), f.at(), where + ": not fired at its exact tick");
                    assertTrue(f.entry().isFired(), where);
                }
                fired += n;
                assertEquals(Math.max(from, to), wheel.elapsed(), where);
            }
            wheel.checkInvariants();
            assertEquals(model.size(), wheel.size(), where);
            long expectedNext = model.isEmpty()
                    ? Long.MAX_VALUE
                    : expectedNextExpiration(wheel.elapsed(), model.stream().map(Key::when).toList());
            assertEquals(expectedNext, wheel.nextExpiration(), where);
            if (!model.isEmpty()) {
                cascadesChecked++;
                assertTrue(expectedNext <= model.first().when(), where);
            }
        }
        assertTrue(fired > OPS / 20, "the run fired too little to mean anything: " + fired);
        assertTrue(cascadesChecked > 0);
    }

    /** Deadlines on every level, some already expired, some beyond the wheel's range. */
    private static long randomDeadline(Random rnd, long elapsed) {
        int r = rnd.nextInt(100);
        if (r < 3) {
            return elapsed - rnd.nextInt(3); // expired: exactly now or just before
        }
        if (r < 4) {
            return Long.MAX_VALUE; // "never"
        }
        if (r < 8) { // beyond the range, up to 64 revolutions of the top level
            return elapsed + TimerWheel.RANGE + (long) (rnd.nextDouble() * 64 * TimerWheel.RANGE);
        }
        int digits = 1 + rnd.nextInt(6);
        long span = 1L << (6 * digits);
        return elapsed + 1 + (long) (rnd.nextDouble() * span);
    }

    /** Small and large steps, exact slot times, and occasional attempts to go back. */
    private static long randomTarget(Random rnd, TimerWheel wheel, long from) {
        int r = rnd.nextInt(100);
        if (r < 5) {
            return from - rnd.nextInt(1_000);
        }
        if (r < 25) {
            long next = wheel.nextExpiration();
            return next == Long.MAX_VALUE ? from + 1 : next - rnd.nextInt(2);
        }
        if (r < 97) {
            int digits = 1 + rnd.nextInt(5);
            return from + (long) (rnd.nextDouble() * (1L << (6 * digits)));
        }
        return from + (long) (rnd.nextDouble() * 8 * TimerWheel.RANGE);
    }
}
