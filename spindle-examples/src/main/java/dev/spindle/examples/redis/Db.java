package dev.spindle.examples.redis;

import dev.spindle.Async;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.sync.Notify;
import dev.spindle.time.Deadline;
import dev.spindle.time.Time;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The key space: binary-safe string values with optional expiry on the runtime's clock.
 *
 * <p>Expired keys are invisible at once (every read checks the deadline) and are removed by
 * {@link #purgeExpired()}, a task that sleeps until the earliest deadline with {@link
 * Time#sleepUntil} — so on a paused clock ({@code startPaused(true)}, {@link Time#advance})
 * expiry is deterministic and instant. Methods that read the clock must run inside the runtime
 * (its tasks, or {@code blockOn}).
 *
 * <p>Thread-safe: connections on every worker use it at once.
 */
final class Db {

    /*
     * Implementation notes.
     *
     * Values live in a ConcurrentHashMap<Key, Entry>; an Entry is immutable (value, deadline),
     * and every update replaces it through the map's atomic compute/put, so a reader sees a
     * whole entry. An entry whose deadline has passed counts as absent for every command; reads
     * remove it with remove(key, entry), which fails harmlessly if it was replaced meanwhile.
     *
     * The expiry index is a TreeSet<Expiry> ordered by (deadline, seq), guarded by its own
     * monitor (short critical sections: add, remove, pop the due ones; never a wait). An Expiry
     * points at its Entry. The index may hold stale expiries: an update replaces an entry
     * first and removes the old entry's expiry after, and a racing writer may add an expiry
     * for an entry that another writer has already replaced. Stale expiries are harmless: when
     * one falls due, the purge removes the key only if the map still maps it to that very entry
     * (remove(key, entry) compares identity, as Entry does not override equals). So the map is
     * the truth and the index is a to-do list that is always a superset of the live deadlines.
     *
     * The purge task waits for the earliest deadline or for `changed`, a Notify signalled when an
     * expiry becomes the earliest. notifyOne stores a permit when the task is not waiting, so an
     * earlier deadline added between its look at the index and its wait is not missed.
     */

    private final ConcurrentHashMap<Key, Entry> map = new ConcurrentHashMap<>();
    private final TreeSet<Expiry> index = new TreeSet<>();
    private final Notify changed = new Notify();
    private final AtomicLong seq = new AtomicLong();

    /** A value and its deadline ({@code null}: it never expires). Identity matters: no equals. */
    static final class Entry {
        final byte[] value;
        final Expiry expiry;

        Entry(Key key, byte[] value, Deadline at, long seq) {
            this.value = value;
            this.expiry = at == null ? null : new Expiry(at, seq, key, this);
        }

        boolean expired() {
            return expiry != null && expiry.at.hasPassed();
        }
    }

    /** An index entry: when, a tie-breaker, and the key and entry it expires. */
    record Expiry(Deadline at, long seq, Key key, Entry entry) implements Comparable<Expiry> {
        @Override
        public int compareTo(Expiry o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(seq);
        }
    }

    /** The outcome of {@link #set}. */
    enum SetResult { OK, NOT_SET }

    /** The conditions of SET. */
    enum Condition { ALWAYS, IF_ABSENT, IF_PRESENT }

    /**
     * @param key the key
     * @return its value, or {@code null} if it is absent or expired
     */
    byte[] get(Key key) {
        Entry e = live(key);
        return e == null ? null : e.value;
    }

    /**
     * SET: stores {@code value} under {@code key}, replacing any value and its deadline.
     *
     * @param key the key
     * @param value the value
     * @param ttl the time to live, or {@code null} for none
     * @param condition NX/XX
     * @return whether it was stored
     */
    SetResult set(Key key, byte[] value, Duration ttl, Condition condition) {
        Entry fresh = entry(key, value, ttl == null ? null : Deadline.now().plus(ttl));
        Entry[] old = new Entry[1];
        boolean[] stored = new boolean[1];
        map.compute(key, (k, cur) -> {
            boolean present = cur != null && !cur.expired();
            if (condition == Condition.IF_ABSENT && present || condition == Condition.IF_PRESENT && !present) {
                return cur;
            }
            old[0] = cur;
            stored[0] = true;
            return fresh;
        });
        if (!stored[0]) {
            return SetResult.NOT_SET;
        }
        replaced(old[0], fresh);
        return SetResult.OK;
    }

    /**
     * DEL of one key.
     *
     * @param key the key
     * @return whether a live key was removed
     */
    boolean delete(Key key) {
        Entry e = map.remove(key);
        if (e == null) {
            return false;
        }
        replaced(e, null);
        return !e.expired();
    }

    /**
     * @param key the key
     * @return whether it exists (and has not expired)
     */
    boolean exists(Key key) {
        return live(key) != null;
    }

    /**
     * INCR: adds 1 to the decimal integer stored at {@code key} (0 if absent), keeping its
     * deadline.
     *
     * @param key the key
     * @return the new value
     * @throws IllegalArgumentException with Redis's message if the value is not an integer or
     *     the increment overflows
     */
    long increment(Key key) {
        long[] result = new long[1];
        RuntimeException[] failure = new RuntimeException[1];
        Entry[] old = new Entry[1];
        Entry[] fresh = new Entry[1];
        map.compute(key, (k, cur) -> {
            long n = 0;
            Expiry keep = null;
            if (cur != null && !cur.expired()) {
                Long parsed = Commands.integer(cur.value);
                if (parsed == null) {
                    failure[0] = new IllegalArgumentException("ERR value is not an integer or out of range");
                    return cur;
                }
                if (parsed == Long.MAX_VALUE) {
                    failure[0] = new IllegalArgumentException("ERR increment or decrement would overflow");
                    return cur;
                }
                n = parsed;
                keep = cur.expiry;
            }
            result[0] = n + 1;
            old[0] = cur;
            fresh[0] = entry(k, Long.toString(n + 1).getBytes(StandardCharsets.US_ASCII), keep == null ? null : keep.at);
            return fresh[0];
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        replaced(old[0], fresh[0]);
        return result[0];
    }

    /**
     * EXPIRE: gives a live key a time to live; a zero or negative one deletes it.
     *
     * @param key the key
     * @param ttl the time to live
     * @return whether the key existed
     */
    boolean expire(Key key, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            Entry e = live(key);
            return e != null && delete(key);
        }
        Deadline at = Deadline.now().plus(ttl);
        Entry[] old = new Entry[1];
        Entry[] fresh = new Entry[1];
        map.computeIfPresent(key, (k, cur) -> {
            if (cur.expired()) {
                return cur;
            }
            old[0] = cur;
            fresh[0] = entry(k, cur.value, at);
            return fresh[0];
        });
        if (fresh[0] == null) {
            return false;
        }
        replaced(old[0], fresh[0]);
        return true;
    }

    /**
     * TTL.
     *
     * @param key the key
     * @return the remaining time to live, {@link Duration#ZERO} or more; {@code null} if the key
     *     does not exist; a negative duration if it has no deadline
     */
    Duration ttl(Key key) {
        Entry e = live(key);
        if (e == null) {
            return null;
        }
        return e.expiry == null ? Duration.ofSeconds(-1) : e.expiry.at.remaining();
    }

    /** @return the number of keys held, counting expired ones not yet purged */
    int size() {
        return map.size();
    }

    /** @return the number of deadlines in the expiry index (stale ones included) */
    int pendingExpiries() {
        synchronized (index) {
            return index.size();
        }
    }

    /**
     * The purge task: removes each expired key at its deadline, forever (abort its task to stop
     * it).
     *
     * @return the future of the task
     * @implNote Cancel safety: cancel-safe; a cancelled purge leaves the index as it was, and a
     *     new one carries on.
     */
    @Async
    Future<Void> purgeExpired() {
        while (true) {
            Deadline next = purgeDue();
            if (next == null) {
                changed.notified().await();
            } else {
                Futures.select(Time.sleepUntil(next), changed.notified()).await();
            }
        }
    }

    /**
     * Removes the keys whose deadline has passed.
     *
     * @return the earliest deadline left, or {@code null} if none
     */
    Deadline purgeDue() {
        while (true) {
            Expiry due;
            synchronized (index) {
                if (index.isEmpty()) {
                    return null;
                }
                Expiry first = index.first();
                if (!first.at.hasPassed()) {
                    return first.at;
                }
                due = index.pollFirst();
            }
            // Outside the index monitor; a no-op if the key was updated since (see the notes).
            map.remove(due.key, due.entry);
        }
    }

    private Entry entry(Key key, byte[] value, Deadline at) {
        return new Entry(key, value, at, at == null ? 0 : seq.incrementAndGet());
    }

    /** @return the live entry of {@code key}, removing it if it has expired */
    private Entry live(Key key) {
        Entry e = map.get(key);
        if (e != null && e.expired()) {
            map.remove(key, e);
            return null;
        }
        return e;
    }

    /** Index bookkeeping after {@code old} was replaced by {@code fresh} (either may be null). */
    private void replaced(Entry old, Entry fresh) {
        boolean earliest = false;
        synchronized (index) {
            if (old != null && old.expiry != null) {
                index.remove(old.expiry);
            }
            if (fresh != null && fresh.expiry != null) {
                index.add(fresh.expiry);
                earliest = index.first() == fresh.expiry;
            }
        }
        if (earliest) {
            changed.notifyOne();
        }
    }
}
