package dev.spindle.channel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The preallocated ring of a bounded mpsc channel: a power-of-two array of slots with a
 * sequence number each (D. Vyukov's bounded queue, with a single consumer). Pushing and popping
 * allocate nothing.
 *
 * <p>The channel's capacity semaphore admits at most {@code capacity <= slots} messages at once,
 * so a producer never finds its slot still occupied.
 *
 * @param <T> the element type
 */
public final class RingQueue<T> implements MessageQueue<T> {

    /*
     * Implementation notes.
     *
     * `tail` counts claimed positions; bit 62 (SEALED) is set by the consumer's seal. `head` is
     * the consumer's next position (plain: only the consumer touches it). Slot i = pos & mask
     * has `seq[i]`:
     *   seq == pos        the slot is free for the producer that claimed pos;
     *   seq == pos + 1    the producer published its value at pos;
     * after popping pos the consumer clears the value and sets seq = pos + slots, freeing it for
     * the producer of pos + slots.
     *
     * push: t = getAndAdd(tail, 1) claims position t unless t has SEALED (then the increment is
     * harmless: a sealed tail is never read as a position again). The producer writes the value
     * (plain) then seq (release): the consumer's acquire read of seq makes the value visible.
     * The slot is free at claim time: the capacity permit the producer holds bounds the claimed
     * but unconsumed positions by `capacity`, and the consumer frees a slot (seq release) before
     * it returns the permit that a later producer's acquire CAS reads; the spin on seq is a
     * safety net that never iterates in practice.
     *
     * pop: when the slot at head is not published but tail is past head, a producer has claimed
     * it and is between its claim and its publish (a few instructions, no waiting): the consumer
     * spins for it, as JCTools' MpscArrayQueue.poll does, so that a pop never reports "empty"
     * while an earlier-claimed message is in flight and a later one already arrived (that would
     * not be linearizable: a completed trySend, then an empty tryRecv). The spin ends as soon as
     * that producer runs again; it is never a wait for the consumer or for capacity.
     *
     * seal: CAS tail from head to head | SEALED. It fails exactly when some producer claimed a
     * position the consumer has not popped yet (published or in flight), so a sealed queue holds
     * nothing, and every later claim sees SEALED and fails.
     */

    private static final long SEALED = 1L << 62;

    private final Object[] values;
    private final long[] seqs;
    private final int mask;
    private volatile long tail;
    private long head;

    /**
     * @param capacity the most elements that can be in the queue at once, at least 1
     */
    public RingQueue(int capacity) {
        int size = capacity <= 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
        if (size < capacity) {
            throw new IllegalArgumentException("capacity too large: " + capacity);
        }
        values = new Object[size];
        seqs = new long[size];
        for (int i = 0; i < size; i++) {
            seqs[i] = i;
        }
        mask = size - 1;
    }

    @Override
    public boolean push(T value) {
        long t = (long) TAIL.getAndAdd(this, 1L);
        if ((t & SEALED) != 0) {
            return false;
        }
        int i = (int) (t & mask);
        while ((long) SEQ.getAcquire(seqs, i) != t) {
            Thread.onSpinWait();
        }
        values[i] = value;
        SEQ.setRelease(seqs, i, t + 1);
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T pop() {
        long h = head;
        int i = (int) (h & mask);
        if ((long) SEQ.getAcquire(seqs, i) != h + 1) {
            long t = tail;
            if (t == h || (t & SEALED) != 0) {
                return null;
            }
            // Position h is claimed but not yet written: wait for that producer's two stores.
            for (int spins = 0; (long) SEQ.getAcquire(seqs, i) != h + 1; spins++) {
                InFlight.spin(spins);
            }
        }
        Object v = values[i];
        values[i] = null;
        SEQ.setRelease(seqs, i, h + values.length);
        head = h + 1;
        return (T) v;
    }

    @Override
    public boolean seal() {
        long t = tail;
        if ((t & SEALED) != 0) {
            return true;
        }
        return t == head && TAIL.compareAndSet(this, t, t | SEALED);
    }

    // VarHandle mechanics
    private static final VarHandle TAIL;
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(RingQueue.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
