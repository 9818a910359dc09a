package dev.spindle.time.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/** Shared helpers of the wheel tests: a recording entry, a recording sink, a brute-force oracle. */
final class WheelTestSupport {

    private WheelTestSupport() {
    }

    /** An entry with an id that counts how often its {@link #fire()} hook ran. */
    static final class TestEntry extends TimerEntry {
        final int id;
        int fireCount;

        TestEntry(int id) {
            this.id = id;
        }

        @Override
        protected void fire() {
            fireCount++;
        }

        @Override
        public String toString() {
            return "#" + id + super.toString();
        }
    }

    /** One firing as the sink saw it: the entry and the wheel's time while the callback ran. */
    record Firing(TestEntry entry, long at) {
    }

    /** A reusable sink that records each firing together with {@link TimerWheel#elapsed()}. */
    static final class Recorder implements Consumer<TimerEntry> {
        final TimerWheel wheel;
        final List<Firing> firings = new ArrayList<>();

        Recorder(TimerWheel wheel) {
            this.wheel = wheel;
        }

        @Override
        public void accept(TimerEntry e) {
            firings.add(new Firing((TestEntry) e, wheel.elapsed()));
        }

        /** Returns and forgets what was recorded so far. */
        List<Firing> take() {
            List<Firing> out = new ArrayList<>(firings);
            firings.clear();
            return out;
        }
    }

    /**
     * The tick at which the wheel must next do work for an entry with deadline {@code when},
     * derived from first principles rather than from the wheel's code: the entry belongs to the
     * highest base-64 digit in which {@code when} differs from {@code elapsed}; below 6 digits it
     * is looked at when time reaches {@code when} with the digits below that one cleared; a
     * deadline differing above digit 5 is looked at the next time the clock shows {@code when}'s
     * digit 5 at a fresh 64^5 boundary.
     */
    static long expectedSlotTime(long elapsed, long when) {
        int digit = -1;
        for (int d = 0; d < 11; d++) {
            if (((elapsed >>> (6 * d)) & 63) != ((when >>> (6 * d)) & 63)) {
                digit = d;
            }
        }
        if (digit < 0) {
            throw new AssertionError("when == elapsed for a registered entry: " + when);
        }
        if (digit <= 5) {
            return when & -(1L << (6 * digit));
        }
        long step = 1L << 30;
        long want = (when >>> 30) & 63;
        long t = (elapsed / step + 1) * step;
        while (((t >>> 30) & 63) != want) {
            t += step;
        }
        return t;
    }

    /** Brute-force next expiration of a wheel at {@code elapsed} holding deadlines {@code whens}. */
    static long expectedNextExpiration(long elapsed, Collection<Long> whens) {
        long min = Long.MAX_VALUE;
        for (long w : whens) {
            min = Math.min(min, expectedSlotTime(elapsed, w));
        }
        return min;
    }
}
