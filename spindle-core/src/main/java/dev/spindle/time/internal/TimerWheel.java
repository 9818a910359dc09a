package dev.spindle.time.internal;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A hierarchical timing wheel: six levels of 64 slots at a resolution of one tick (one
 * millisecond), holding {@link TimerEntry} nodes. Registering and cancelling a timer are O(1);
 * finding the next expiration is O(levels); nothing allocates.
 *
 * <p>The wheel keeps its own notion of time, {@link #elapsed()}, which starts at 0 and moves only
 * forward, by {@link #advanceTo}. Deadlines are absolute ticks on the same scale (the runtime
 * uses {@link RuntimeClock#millis()} and {@link RuntimeClock#deadlineMillisCeil(long)}).
 * Level {@code L} has slots of {@code 64^L} ticks, so the six levels together span
 * {@code 64^6} ticks (about 795 days); a deadline further away is parked in the top level and
 * re-examined once per revolution of that level until it comes into range, so it too fires at
 * its exact tick. {@link Long#MAX_VALUE} serves as "never": such an entry stays registered
 * until removed.
 *
 * <p><b>Guarantees.</b> An entry fires in the first {@link #advanceTo} call whose target reaches
 * its deadline: never in an earlier call, and in no later one unless a fire callback of that
 * call threw. Within a call, entries fire in non-decreasing deadline order, entries with equal
 * deadlines in the order they were (last) inserted, and while the callback for an entry runs,
 * {@link #elapsed()} equals that entry's deadline. (One exception to the tie order: an entry
 * inserted from inside a fire callback may overtake entries with its deadline that the same
 * call is still moving down the levels.)
 *
 * <p><b>Thread safety.</b> None: the wheel is a plain sequential structure. The runtime's driver
 * guards it with a single lock, and every method, including the reads, must be called with that
 * lock held. Only {@link TimerEntry#state()} and its predicates may be read without it.
 */
public final class TimerWheel {

    /*
     * Implementation notes
     *
     * Levels and slots. Let SLOT_BITS = 6. Level L divides time into slots of 64^L ticks; its 64
     * slots cover one "level block" of 64^(L+1) ticks. An entry with deadline `when` is put
     * at level
     *
     *     L = highestSetBit((elapsed ^ when) | 63) / 6        (levelFor)
     *
     * i.e. at the level of the highest 6-bit digit in which `when` differs from `elapsed`, and in
     * slot (when >>> 6L) & 63 of that level (slotFor): its own digit at that level. The "| 63"
     * sends everything that differs only in the lowest digit to level 0. Because `when` and
     * `elapsed` agree in every digit above L, the entry's slot lies in the level-L block that
     * contains `elapsed`, strictly after elapsed's own slot; its start time is `when` with the
     * lower 6L bits cleared ("the slot time").
     *
     * As elapsed advances towards the slot time, only its digits below L change, so the highest
     * differing digit stays L: the formula above gives the same level for an entry at every
     * moment until its slot is processed. Two consequences: entries with equal deadlines always
     * share one slot list (which is what makes firing in insertion order possible), and the
     * tests can recompute the expected next expiration from the deadlines alone.
     *
     * Next expiration. Each level keeps a 64-bit occupancy mask, bit s set iff slot s's list is
     * non-empty. For a level, the first occupied slot after elapsed's own slot is found by
     * rotating the mask right by (currentSlot + 1) and counting trailing zeros: distance =
     * ntz + 1 is in 1..64, and the slot time is (start of the current slot) + distance * 64^L.
     * Below the top level, every slot time of level L lies inside elapsed's current level-L
     * block, which is exactly elapsed's current slot at level L+1, whereas every slot time of a
     * higher level lies at or after the end of that slot. So the first non-empty level, scanning
     * upwards, holds the earliest slot time, and no higher level need be looked at. The result
     * may be earlier than every deadline: it is the next time the wheel has work, which can be
     * a cascade rather than a firing.
     *
     * Processing and cascading. advanceTo(now) repeatedly takes the earliest slot time t <= now,
     * sets elapsed = t, moves the slot's whole list to the PENDING list, and drains PENDING in
     * order: an entry with when <= t fires (when == t in fact, see the invariants), any other is
     * re-inserted relative to the new elapsed, which puts it at a strictly lower level (its
     * digit at the processed level now equals elapsed's) in a slot whose time is > t. Slot times
     * processed in one call are therefore strictly increasing, so firing order is non-decreasing
     * in deadline. Only then does elapsed move on to `now`. Re-insertion appends to the tail and
     * PENDING is drained from the head, so entries keep their relative order down the levels.
     *
     * Why a PENDING list rather than unlinking straight from the slot: a far entry re-inserted
     * into the top level can land in the very slot being processed (below), so draining that
     * slot in place would never end; and the fire callback may remove or re-insert entries that
     * are still waiting to be processed, which PENDING handles like any other list (O(1)
     * unlink; they simply never reach the callback). If a callback throws, what is left in
     * PENDING stays there: nextExpiration() then reports elapsed and the next advanceTo drains
     * it first, so the wheel stays consistent.
     *
     * Far deadlines. levelFor clamps (elapsed ^ when) below 64^6, so a deadline that differs
     * from elapsed above bit 35 lands in the top level, in the slot of its own digit 5. That slot
     * may be at or behind the current top slot; the distance search above then wraps around, i.e.
     * the slot is examined at its next occurrence after elapsed (at most 64^6 ticks away, a
     * whole revolution if it is the current slot). There the entry is re-inserted and, while
     * still out of range, clamped again into the same slot for one more revolution. Once
     * elapsed has caught up in the digits above 5, the entry sits at the correct top-level slot
     * and descends normally. This costs one re-insertion per 64^6 ticks (795 days) of advance
     * per far entry. The top level is the only one whose current slot may be occupied.
     *
     * Long.MAX_VALUE as deadline means "never" in practice: slot times that would overflow are
     * reported as Long.MAX_VALUE and advanceTo never processes a slot at Long.MAX_VALUE.
     *
     * Invariants (asserted where they matter, and verified wholesale by checkInvariants(),
     * which the randomized test calls after every operation):
     *   1. every registered entry has when > elapsed, except entries on PENDING, which have
     *      when >= elapsed (elapsed is the slot time being processed);
     *   2. every registered entry sits in exactly one list (one slot of one level, or PENDING),
     *      named by its level/slot fields, and its owner is this wheel; size counts them;
     *   3. occupancy bit (L, s) is set iff the list of slot s of level L is non-empty;
     *   4. below the top level, the slot containing elapsed is empty.
     *
     * Allocation. Lists are intrusive (prev/next live in the entries) with head and tail arrays
     * indexed by level * 64 + slot, PENDING at index 6 * 64; masks are a long[6]. No method
     * allocates, and advanceTo(long) hands entries to TimerEntry.fire through a constant sink.
     */

    /** Bits per level: each level has {@code 1 << SLOT_BITS} slots. */
    static final int SLOT_BITS = 6;

    /** Slots per level. */
    static final int SLOTS = 1 << SLOT_BITS;

    /** Mask of a slot index. */
    static final int SLOT_MASK = SLOTS - 1;

    /** Number of levels. */
    static final int LEVELS = 6;

    /** The top level, into which far deadlines are clamped. */
    static final int TOP = LEVELS - 1;

    /** Ticks spanned by all levels together: {@code 64^6}. */
    static final long RANGE = 1L << (LEVELS * SLOT_BITS);

    /** Level marker of entries on the pending list (taken out of a slot, not yet fired or re-filed). */
    static final int PENDING = LEVELS;

    private static final int PENDING_INDEX = PENDING << SLOT_BITS;

    /** Hands each fired entry to its own {@link TimerEntry#fire()} hook; shared, so nothing allocates per call. */
    private static final Consumer<TimerEntry> FIRE_HOOK = TimerEntry::fire;

    private final TimerEntry[] heads = new TimerEntry[PENDING_INDEX + 1];
    private final TimerEntry[] tails = new TimerEntry[PENDING_INDEX + 1];
    private final long[] occupied = new long[LEVELS];

    private long elapsed;
    private int size;
    private boolean advancing;

    /** Level and slot of the slot found by the last {@link #nextSlotTime()}. */
    private int nextLevel, nextSlot;

    /** Creates an empty wheel whose time is 0. */
    public TimerWheel() {
    }

    /**
     * Returns the wheel's current time, in ticks (ms).
     *
     * @return the time up to which the wheel has been advanced
     */
    public long elapsed() {
        return elapsed;
    }

    /**
     * Returns the number of registered entries.
     *
     * @return how many entries wait in the wheel
     */
    public int size() {
        return size;
    }

    /**
     * Tells whether no entry is registered.
     *
     * @return {@code true} if {@link #size()} is 0
     */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Registers {@code e} to fire at tick {@code whenMs}, first taking it out of this wheel if it
     * is already registered (so this is also how a timer is reset).
     *
     * <p>If {@code whenMs <= elapsed()} the deadline has already been reached: the entry is not
     * registered (and, if it was, it no longer is), its state becomes
     * {@link TimerEntry#FIRED}, no callback runs, and {@code false} is returned so that the
     * caller completes the timer itself. Otherwise the entry becomes
     * {@link TimerEntry#REGISTERED} whatever its previous state.
     *
     * @param e the entry; not registered in another wheel
     * @param whenMs the deadline, in ticks on the scale of {@link #elapsed()}
     * @return {@code true} if the entry is now registered, {@code false} if its deadline has
     *     already passed
     * @throws IllegalArgumentException if {@code e} is registered in another wheel
     * @throws NullPointerException if {@code e} is null
     */
    public boolean insert(TimerEntry e, long whenMs) {
        if (e.level != TimerEntry.NONE) {
            checkOwner(e);
            unlink(e);
            size--;
        }
        e.when = whenMs;
        if (whenMs <= elapsed) {
            e.owner = null;
            e.svState(TimerEntry.FIRED);
            return false;
        }
        file(e);
        e.owner = this;
        size++;
        e.svState(TimerEntry.REGISTERED);
        return true;
    }

    /**
     * Takes {@code e} out of the wheel in O(1), so that it never fires, and marks it
     * {@link TimerEntry#CANCELLED}. An entry that is not registered (never inserted, already
     * fired, already removed) is left as it is.
     *
     * @param e the entry
     * @return {@code true} if the entry was registered in this wheel and has been removed
     * @throws IllegalArgumentException if {@code e} is registered in another wheel
     * @throws NullPointerException if {@code e} is null
     */
    public boolean remove(TimerEntry e) {
        if (e.level == TimerEntry.NONE) {
            return false;
        }
        checkOwner(e);
        unlink(e);
        size--;
        e.owner = null;
        e.svState(TimerEntry.CANCELLED);
        return true;
    }

    /**
     * Returns the earliest tick at which the wheel has work: the time of the first slot that
     * {@link #advanceTo} will process. That is at most the earliest deadline and may be earlier
     * (a slot of a higher level is due and its entries move down a level); the driver waits
     * until then, advances, and asks again.
     *
     * @return a tick {@code > elapsed()}, or {@code elapsed()} if an interrupted
     *     {@link #advanceTo} left work behind, or {@link Long#MAX_VALUE} if the wheel is empty
     */
    public long nextExpiration() {
        if (heads[PENDING_INDEX] != null) {
            return elapsed;
        }
        return nextSlotTime();
    }

    /**
     * Advances the wheel to tick {@code nowMs}, firing every entry whose deadline is
     * {@code <= nowMs}: each is taken out of the wheel, marked {@link TimerEntry#FIRED}, and
     * handed to {@link TimerEntry#fire()}. Equivalent to {@code advanceTo(nowMs, TimerEntry::fire)}
     * without the caller needing access to the protected hook.
     *
     * @param nowMs the target time; a value below {@link #elapsed()} changes nothing
     * @return the number of entries fired
     * @throws IllegalStateException if called from inside a fire callback
     */
    public int advanceTo(long nowMs) {
        return advanceTo(nowMs, FIRE_HOOK);
    }

    /**
     * Advances the wheel to tick {@code nowMs}, handing every entry whose deadline is
     * {@code <= nowMs} to {@code onFire}, then sets {@link #elapsed()} to
     * {@code max(elapsed(), nowMs)}.
     *
     * <p>Each entry is unlinked and marked {@link TimerEntry#FIRED} before {@code onFire} sees it.
     * Entries are handed over in non-decreasing deadline order (equal deadlines in insertion
     * order), and during each call of {@code onFire}, {@link #elapsed()} equals the entry's
     * deadline. {@code onFire} may insert and remove entries of this wheel: an entry removed
     * before its turn does not fire; an entry inserted with a deadline in
     * {@code (elapsed(), nowMs]} fires in this same call. It must not call {@code advanceTo}.
     * If it throws, the exception propagates and the entries still due are fired by the next
     * {@code advanceTo}.
     *
     * <p>Pass one reusable {@code Consumer} (a field, or a non-capturing lambda) to keep the
     * call free of allocation.
     *
     * @param nowMs the target time; a value below {@link #elapsed()} changes nothing
     * @param onFire receives each fired entry
     * @return the number of entries fired
     * @throws IllegalStateException if called from inside a fire callback
     * @throws NullPointerException if {@code onFire} is null
     */
    public int advanceTo(long nowMs, Consumer<? super TimerEntry> onFire) {
        Objects.requireNonNull(onFire, "onFire");
        if (advancing) {
            throw new IllegalStateException("advanceTo called from inside a fire callback");
        }
        advancing = true;
        int fired = 0;
        try {
            for (;;) {
                fired += drainPending(onFire);
                long t = nextSlotTime();
                if (t > nowMs || t == Long.MAX_VALUE) {
                    break;
                }
                assert t > elapsed : "slot time " + t + " not after elapsed " + elapsed;
                elapsed = t;
                moveToPending(nextLevel, nextSlot);
            }
            if (nowMs > elapsed) {
                elapsed = nowMs;
            }
        } finally {
            advancing = false;
        }
        return fired;
    }

    // ---------------------------------------------------------------- internals

    /** Level for a deadline, see the notes; far deadlines are clamped into {@link #TOP}. */
    static int levelFor(long elapsed, long when) {
        long masked = (elapsed ^ when) | SLOT_MASK;
        if (masked >= RANGE) {
            masked = RANGE - 1;
        }
        int significant = 63 - Long.numberOfLeadingZeros(masked);
        return significant / SLOT_BITS;
    }

    /** Slot of a deadline within a level: its base-64 digit at that level. */
    static int slotFor(long when, int level) {
        return (int) (when >>> (level * SLOT_BITS)) & SLOT_MASK;
    }

    /**
     * Time of the first occupied slot, or {@link Long#MAX_VALUE}; leaves its coordinates in
     * {@link #nextLevel}/{@link #nextSlot}.
     */
    private long nextSlotTime() {
        for (int level = 0; level < LEVELS; level++) {
            long occ = occupied[level];
            if (occ == 0) {
                continue;
            }
            int shift = level * SLOT_BITS;
            int current = (int) (elapsed >>> shift) & SLOT_MASK;
            // Search from the slot after the current one; the current slot comes last (distance
            // 64): only the top level can have it occupied, by a far entry due a revolution later.
            int distance = Long.numberOfTrailingZeros(Long.rotateRight(occ, current + 1)) + 1;
            assert level == TOP || current + distance < SLOTS
                    : "level " + level + " has a slot at or behind elapsed " + elapsed;
            long currentStart = (elapsed >>> shift) << shift;
            long t = currentStart + ((long) distance << shift);
            if (t < currentStart) {
                return Long.MAX_VALUE; // beyond the end of time: never due
            }
            nextLevel = level;
            nextSlot = (current + distance) & SLOT_MASK;
            return t;
        }
        return Long.MAX_VALUE;
    }

    /** Links a registered entry into the slot its deadline calls for, relative to {@link #elapsed}. */
    private void file(TimerEntry e) {
        int level = levelFor(elapsed, e.when);
        link(e, level, slotFor(e.when, level));
    }

    /** Appends {@code e} to the list (level, slot), setting the occupancy bit. */
    private void link(TimerEntry e, int level, int slot) {
        int i = (level << SLOT_BITS) | slot;
        TimerEntry tail = tails[i];
        e.prev = tail;
        e.next = null;
        if (tail == null) {
            heads[i] = e;
            if (level < LEVELS) {
                occupied[level] |= 1L << slot;
            }
        } else {
            tail.next = e;
        }
        tails[i] = e;
        e.level = level;
        e.slot = slot;
    }

    /** Unlinks {@code e} from whichever list holds it, clearing the occupancy bit if it empties. */
    private void unlink(TimerEntry e) {
        int level = e.level;
        int i = (level << SLOT_BITS) | e.slot;
        TimerEntry p = e.prev, n = e.next;
        if (p == null) {
            heads[i] = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tails[i] = p;
        } else {
            n.prev = p;
        }
        if (heads[i] == null && level < LEVELS) {
            occupied[level] &= ~(1L << e.slot);
        }
        e.prev = null;
        e.next = null;
        e.level = TimerEntry.NONE;
    }

    /** Splices the whole list of (level, slot) onto the tail of the pending list. */
    private void moveToPending(int level, int slot) {
        int i = (level << SLOT_BITS) | slot;
        TimerEntry first = heads[i];
        TimerEntry last = tails[i];
        assert first != null : "occupancy bit set on an empty slot";
        heads[i] = null;
        tails[i] = null;
        occupied[level] &= ~(1L << slot);
        for (TimerEntry e = first; e != null; e = e.next) {
            e.level = PENDING;
            e.slot = 0;
        }
        TimerEntry tail = tails[PENDING_INDEX];
        if (tail == null) {
            heads[PENDING_INDEX] = first;
        } else {
            tail.next = first;
            first.prev = tail;
        }
        tails[PENDING_INDEX] = last;
    }

    /** Fires or re-files everything on the pending list, in list order; returns how many fired. */
    private int drainPending(Consumer<? super TimerEntry> onFire) {
        int fired = 0;
        TimerEntry e;
        while ((e = heads[PENDING_INDEX]) != null) {
            unlink(e);
            if (e.when <= elapsed) {
                assert e.when == elapsed : "entry " + e + " fires late at " + elapsed;
                size--;
                e.owner = null;
                e.svState(TimerEntry.FIRED);
                fired++;
                onFire.accept(e);
            } else {
                file(e);
            }
        }
        return fired;
    }

    /**
     * Walks every list and verifies the invariants of the implementation notes; O(slots +
     * entries). For tests.
     *
     * @throws AssertionError naming the first violation found
     */
    void checkInvariants() {
        int count = 0;
        for (int i = 0; i <= PENDING_INDEX; i++) {
            int level = i >>> SLOT_BITS, slot = i & SLOT_MASK;
            if (level < LEVELS) {
                boolean bit = (occupied[level] & (1L << slot)) != 0;
                if (bit != (heads[i] != null)) {
                    fail("occupancy bit of level " + level + " slot " + slot);
                }
                int current = (int) (elapsed >>> (level * SLOT_BITS)) & SLOT_MASK;
                if (level != TOP && heads[i] != null && slot == current) {
                    fail("level " + level + " has its current slot occupied at " + elapsed);
                }
            }
            TimerEntry prev = null;
            for (TimerEntry e = heads[i]; e != null; e = e.next) {
                if (e.prev != prev) {
                    fail("broken back link at " + e);
                }
                if (e.level != level || e.slot != slot || e.owner != this) {
                    fail(e + " is linked at level " + level + " slot " + slot + " but says otherwise");
                }
                if (e.lvState() != TimerEntry.REGISTERED) {
                    fail(e + " is linked but not REGISTERED");
                }
                if (level == PENDING ? e.when < elapsed : e.when <= elapsed) {
                    fail(e + " is overdue at " + elapsed);
                }
                if (level < LEVELS && (levelFor(elapsed, e.when) != level || slotFor(e.when, level) != slot)) {
                    fail(e + " is in the wrong slot at " + elapsed);
                }
                prev = e;
                count++;
            }
            if (tails[i] != prev) {
                fail("tail of list " + i);
            }
        }
        if (count != size) {
            fail("size " + size + " but " + count + " entries linked");
        }
    }

    private static void fail(String what) {
        throw new AssertionError("timer wheel invariant violated: " + what);
    }

    private void checkOwner(TimerEntry e) {
        if (e.owner != this) {
            throw new IllegalArgumentException("entry is registered in another wheel: " + e);
        }
    }
}
