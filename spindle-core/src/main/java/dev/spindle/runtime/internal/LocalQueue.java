package dev.spindle.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A worker's own run queue: a fixed ring of {@value #CAPACITY} slots that one thread, the
 * owning worker, fills and empties, and that other workers may steal from.
 *
 * <p>The owner pushes at the back with {@link #pushBack(Linkable, InjectQueue)} and pops at
 * the front with {@link #pop()}, so its tasks run in the order they were scheduled. When
 * the ring is full, {@code pushBack} moves the older half of it, followed by the new task,
 * to the runtime's {@link InjectQueue}, where every worker can find them. An idle worker
 * calls {@link #stealInto(LocalQueue)} on a busy worker's queue to take half of its tasks
 * into its own queue.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>{@code pushBack}, {@code pop} and the exact reading of {@code len} belong to the
 *       owner: calling them from two threads at once corrupts the queue.
 *   <li>{@code stealInto} may be called by any number of other workers at once; each
 *       passes its own queue as the destination, and is that queue's owner.
 *   <li>{@link #len()}, {@link #isEmpty()}, {@link #hasStealableTasks()} and
 *       {@link #remainingSlots()} may be called from any thread; for a thread other than
 *       the owner they are a snapshot that may be stale, good for heuristics only.
 * </ul>
 *
 * <p>A queue must be published safely to the threads that steal from it (for example
 * through a final field of the scheduler, or before those threads are started).
 *
 * <p>Memory ordering: everything the owner did before pushing a task happens-before
 * everything the thread that takes the task (by pop, steal, or from the injection queue
 * after an overflow) does after taking it.
 *
 * <p>Unlike the injection queue, this ring does not use the tasks' {@link Linkable} link
 * while a task sits in it; it only links tasks to hand them to an {@link InjectQueue} in
 * one batch.
 *
 * @param <N> the task type
 */
public final class LocalQueue<N extends Linkable<N>> {

    /*
     * Implementation notes.
     *
     * Positions. Every task pushed gets the next position of an unbounded int counter that
     * is allowed to overflow; its slot is buffer[position & MASK]. All position
     * arithmetic is int arithmetic, and only differences of positions are ever compared
     * (b - a, never a < b), so the counters may wrap past Integer.MAX_VALUE: as long as
     * two positions are fewer than 2^31 apart their difference is right. Positions in
     * the queue are never more than CAPACITY apart.
     *
     * State. Three positions describe the ring, oldest first:
     *
     *      steal  <=  real  <=  tail          (in position order; steal + CAPACITY >= tail)
     *
     *   [steal, real)  tasks claimed by a thief that is still copying them out. Their
     *                  slots must not be reused yet. Empty when no steal is in progress.
     *   [real, tail)   the tasks in the queue: what pop and the next steal take.
     *   [tail, steal + CAPACITY)  free slots the owner may write.
     *
     *   head  A long that packs both "steal" (high 32 bits) and "real" (low 32 bits), so
     *         that one CAS moves either or both. steal == real means no steal is in
     *         progress. Updated by CAS only:
     *           - owner pop:       real += 1; steal follows real if they were equal.
     *           - owner overflow:  steal = real = real + CAPACITY/2, only when they were
     *                              equal (no steal in progress).
     *           - thief claim:     real += n, steal unchanged, only when they were equal;
     *                              this marks the steal as in progress.
     *           - thief release:   steal = real (the current real, which the owner may
     *                              have moved on by popping meanwhile).
     *         So at most one thief holds a claim at a time, and only that thief moves
     *         steal forward while it is behind real.
     *   tail  Written only by the owner, with a release store after the slot write;
     *         read by thieves with an acquire (volatile) load.
     *   buffer  Plain Object[] slots. Written by the owner (push, pushChain, and as the
     *         destination of its own steals); set to null by whoever takes a task out
     *         (owner pop/overflow, or a thief copying out), so a finished task is not
     *         kept reachable by the ring. Every slot access is ordered by head or tail,
     *         never by the slot itself, as shown below.
     *
     * Invariants.
     *   I1  0 <= real - steal, 0 <= tail - real, and tail - steal <= CAPACITY.
     *   I2  A slot at a position in [real, tail) holds the task pushed at that position.
     *   I3  Only the thread holding a claim on [steal, real) reads or clears those slots.
     *   I4  The owner writes a slot only at a position p with p - steal < CAPACITY as seen
     *       in a head value it loaded, i.e. never into [steal, real) of any claim.
     *
     * Operations.
     *   pushBack (owner): if tail - steal < CAPACITY write buffer[tail] and release-store
     *     tail + 1. Otherwise the ring is full:
     *       - steal != real: a thief is copying out and will free up to half of the ring
     *         soon, so only the new task goes to the injection queue;
     *       - steal == real: claim the older half, [real, real + CAPACITY/2), by CAS of
     *         head to (real + half, real + half); link those tasks and the new one into a
     *         chain and push it to the injection queue in one lock acquisition. If the
     *         CAS fails a thief claimed first; retry from the top (the retry then sees
     *         steal != real, or room).
     *   pop (owner): CAS real to real + 1 (steal along if equal), then read and clear the
     *     slot. The claim comes first: once the CAS succeeds no thief's range can include
     *     that position.
     *   stealInto (thief, dst owned by the thief):
     *     1. Refuse unless dst has at least CAPACITY/2 free slots counted from dst's
     *        steal position, so a copy can never overwrite anything in dst, not even a
     *        range another thief is copying out of dst.
     *     2. Load head, refuse if steal != real (another steal in progress), load tail,
     *        take n = ceil((tail - real) / 2) and CAS head to (steal, real + n).
     *     3. Copy the claimed [real, real + n) into dst's slots from dst.tail on,
     *        clearing the sources.
     *     4. CAS head to (real', real') for the current real' (retry while the owner
     *        pops): the claim ends and the slots become free for the owner.
     *     5. Keep the last copied task to return, release-store dst.tail to publish the
     *        other n - 1 to dst's thieves.
     *
     * Races and their resolution.
     *   - Two thieves: both may load the same head, but only one CAS from it succeeds;
     *     the other reloads and sees steal != real, so it gives up (returns null) rather
     *     than wait. The winner's claim lasts only for a copy of at most 128 references.
     *   - Thief vs owner pop: both CAS head. A thief claim and a pop from the same head
     *     value cannot both succeed; the loser reloads. A pop during a claim keeps steal
     *     and moves only real, so the thief's release (step 4) must CAS against the
     *     current real, which is why it loops.
     *   - Thief vs owner overflow: overflow requires steal == real in the head value it
     *     replaces, so it cannot start while a claim is held, and a thief cannot claim
     *     from the head value the overflow replaced. Whoever wins, the other's CAS fails.
     *   - A stale head in a thief: the thief loads head, then tail; between the two the
     *     owner may pop and push again, so tail - real may exceed CAPACITY. Then head has
     *     certainly changed; the thief reloads instead of computing a claim from
     *     inconsistent values. When the CAS succeeds, head did not change between the
     *     load and the CAS (positions would have to wrap around 2^32 to repeat), so the
     *     tail it loaded in that window satisfies tail - real <= CAPACITY and
     *     n <= CAPACITY / 2.
     *   - The owner's full check uses steal, not real, so slots still being copied count
     *     as occupied (I4): this is what stops the owner overwriting a slot a thief is
     *     still reading, and it is also why a full ring with a steal in progress sends the
     *     task elsewhere instead of waiting.
     *
     * Memory ordering.
     *   Why a thief's read of a slot happens-after the owner's write of it. The owner
     *   writes slot p, then release-stores tail = p + 1 (or more). The thief reads tail
     *   with an acquire (volatile) load and sees some t > p, since it only claims
     *   positions below the tail it loaded. The release store and the acquire load that
     *   reads it synchronize, so the slot write happens-before the thief's read. A later
     *   write to the same slot (position p + CAPACITY) cannot be seen instead: the owner
     *   only makes it after seeing steal > p (I4), which is after this thief has finished.
     *   The same argument covers the task's own fields, written before it was pushed.
     *
     *   Why the owner never overwrites a slot a thief is still copying. The thief reads
     *   and clears its claimed slots, then ends the claim with a volatile CAS of head
     *   (release). The owner writes slot p + CAPACITY only after a volatile load of head
     *   (acquire) shows steal > p, and that value can only come from the thief's release
     *   CAS or later. So the thief's reads and clears happen-before the owner's write:
     *   the thief cannot read the new task, and its clear cannot erase it.
     *
     *   Owner pop and overflow read slots the owner itself wrote (program order). A slot a
     *   thief cleared and the owner then rewrote is ordered by the argument above.
     *
     *   dst side of a steal. The thief writes dst's slots as dst's owner, and publishes
     *   them to dst's thieves with a release store of dst.tail, exactly like pushBack.
     *   The one task it returns is never published in dst.
     *
     *   head is only updated by CAS, whose volatile semantics are stronger than
     *   needed; loads of head and tail are volatile. The owner reads its own tail plainly
     *   (lpTail): it is the only writer.
     *
     * Capacity and "half". CAPACITY is a power of two so position & MASK is the slot.
     * The overflow moves CAPACITY/2 tasks plus the new one (129), and a steal takes at
     * most CAPACITY/2, which is why a thief requires CAPACITY/2 free slots in dst.
     *
     * A closed injection queue. At shutdown the injection queue refuses pushes. An
     * overflow then cannot hand its tasks over, and it has already claimed them, so it
     * writes them back at the tail (there is room: it just freed CAPACITY/2 slots and
     * only the owner adds tasks) and returns false: the ring keeps all its tasks, in a
     * different order, and the new task is still the caller's. Order no longer matters
     * then; the scheduler drains the ring to cancel the tasks.
     */

    /** The number of slots in the ring. */
    public static final int CAPACITY = 256;

    private static final int MASK = CAPACITY - 1;

    /** The number of tasks an overflow moves out, and the most a steal takes. */
    private static final int HALF = CAPACITY / 2;

    private static final long LOW_32 = 0xFFFF_FFFFL;

    /** The slots; see the implementation notes for who may touch which, and when. */
    private final Object[] buffer = new Object[CAPACITY];

    /** {@code steal << 32 | real}; accessed through {@link #HEAD}. */
    @SuppressWarnings("unused") // accessed through HEAD
    private long head;

    /** The position of the next push; accessed through {@link #TAIL}. */
    @SuppressWarnings("unused") // accessed through TAIL
    private int tail;

    /** Creates an empty queue. */
    public LocalQueue() {
        this(0);
    }

    /**
     * Creates an empty queue whose positions start at {@code startPosition}, so that tests
     * can exercise the wrap-around of positions past {@link Integer#MAX_VALUE}.
     */
    LocalQueue(int startPosition) {
        head = pack(startPosition, startPosition);
        tail = startPosition;
    }

    /**
     * Pushes a task at the back of the queue; if the queue is full, moves half of it to
     * the injection queue. Owner only.
     *
     * <p>When the queue is full the older {@code CAPACITY / 2} tasks and then {@code task} are
     * pushed to {@code overflow} as one batch, keeping their order, which frees half of
     * the ring. If a steal from this queue is in progress at that moment the thief is
     * about to free slots anyway, so only {@code task} goes to {@code overflow}.
     *
     * <p>Overflow only happens when the queue is full, so an open or closed
     * {@code overflow} makes no difference otherwise. If the queue is full and
     * {@code overflow} is {@linkplain InjectQueue#close() closed}, nothing can be moved:
     * this method returns {@code false}, {@code task} is not queued anywhere and is still
     * the caller's, and this queue still holds all the tasks it held (possibly in a
     * different order). This only happens during shutdown, where the caller cancels
     * {@code task} and the tasks left in the queues.
     *
     * @param task the task to push; must not be in any queue
     * @param overflow the runtime's injection queue, which receives tasks when this queue
     *     is full
     * @return {@code true} if {@code task} was queued, here or in {@code overflow};
     *     {@code false} only if this queue was full and {@code overflow} was closed
     * @throws NullPointerException if {@code task} is {@code null}
     */
    public boolean pushBack(N task, InjectQueue<N> overflow) {
        Objects.requireNonNull(task, "task");
        for (;;) {
            long h = lvHead();
            int steal = stealOf(h);
            int real = realOf(h);
            int t = lpTail();
            if (t - steal < CAPACITY) {
                spSlot(t & MASK, task);
                soTail(t + 1);
                return true;
            }
            if (steal != real) {
                return overflow.push(task);
            }
            if (casHead(h, pack(real + HALF, real + HALF))) {
                return overflowHalf(task, real, overflow);
            }
            // A thief claimed tasks between the load and the CAS; look again.
        }
    }

    /**
     * Hands the {@link #HALF} tasks from {@code from}, which this thread has just
     * claimed, and then {@code task} to {@code overflow}.
     */
    private boolean overflowHalf(N task, int from, InjectQueue<N> overflow) {
        N first = takeSlot(from & MASK);
        N last = first;
        for (int i = 1; i < HALF; i++) {
            N next = takeSlot((from + i) & MASK);
            last.setQueueNext(next);
            last = next;
        }
        last.setQueueNext(task);
        if (overflow.pushBatch(first, task, HALF + 1)) {
            return true;
        }
        // Closed: put the claimed tasks back; the chain's HALF-th link (to task) is
        // cleared by pushChain.
        pushChain(first, HALF);
        return false;
    }

    /**
     * Removes and returns the task at the front of the queue. Owner only.
     *
     * @return the oldest task, or {@code null} if the queue is empty
     */
    public N pop() {
        long h = lvHead();
        for (;;) {
            int steal = stealOf(h);
            int real = realOf(h);
            if (real == lpTail()) {
                return null;
            }
            int next = real + 1;
            long claimed = steal == real ? pack(next, next) : pack(steal, next);
            if (casHead(h, claimed)) {
                return takeSlot(real & MASK);
            }
            h = lvHead();
        }
    }

    /**
     * Steals half of this queue's tasks (rounded up) into {@code dst} and returns one of
     * them to run now. Called by a worker other than this queue's owner; {@code dst} is
     * that worker's own queue.
     *
     * <p>The stolen tasks are the oldest ones. The last of them is returned; the others
     * are pushed at the back of {@code dst}, in order, where they become visible to
     * {@code dst}'s thieves. Stealing one task when this queue holds one task returns it
     * and leaves {@code dst} unchanged.
     *
     * <p>Returns {@code null} without stealing anything if this queue is empty, if
     * {@code dst} has fewer than {@code CAPACITY / 2} free slots, or if another steal
     * from this queue is in progress: the thief should try another victim rather than
     * wait.
     *
     * @param dst the calling worker's own queue; must not be this queue
     * @return a stolen task for the caller to run, or {@code null} if nothing was stolen
     * @throws IllegalArgumentException if {@code dst} is this queue
     */
    public N stealInto(LocalQueue<N> dst) {
        return stealInto(dst, null);
    }

    /**
     * {@link #stealInto(LocalQueue)}, returning {@code ifContended} instead of
     * {@code null} when the steal was refused because another steal from this queue is in
     * progress.
     *
     * <p>Test seam: a linearizability check needs to tell "nothing to steal" apart from
     * "a concurrent steal holds the claim", since only the first is a possible answer of
     * the sequential queue.
     */
    N stealInto(LocalQueue<N> dst, N ifContended) {
        if (dst == this) {
            throw new IllegalArgumentException("cannot steal from a queue into itself");
        }
        int dstTail = dst.lpTail();
        if (dstTail - stealOf(dst.lvHead()) > CAPACITY - HALF) {
            return null;
        }

        // Claim: move real forward, leave steal behind to mark the steal in progress.
        long h = lvHead();
        int first;
        int n;
        for (;;) {
            int steal = stealOf(h);
            int real = realOf(h);
            if (steal != real) {
                return ifContended;
            }
            int available = lvTail() - real;
            if (available > CAPACITY) {
                // head changed after we loaded it; see "A stale head in a thief".
                h = lvHead();
                continue;
            }
            n = available - available / 2;
            if (n == 0) {
                return null;
            }
            if (casHead(h, pack(steal, real + n))) {
                first = real;
                break;
            }
            h = lvHead();
        }

        Object[] src = buffer;
        Object[] to = dst.buffer;
        for (int i = 0; i < n; i++) {
            int s = (first + i) & MASK;
            to[(dstTail + i) & MASK] = src[s];
            src[s] = null;
        }

        // Release the claim. Only the owner's pops can move head meanwhile, and they move
        // real alone, so steal = current real frees exactly our range.
        h = pack(first, first + n);
        for (;;) {
            int real = realOf(h);
            if (casHead(h, pack(real, real))) {
                break;
            }
            h = lvHead();
        }

        int last = dstTail + n - 1;
        N task = dst.takeSlot(last & MASK);
        if (n > 1) {
            dst.soTail(last);
        }
        return task;
    }

    /**
     * Pushes {@code count} tasks of a chain at the back of the queue, in chain order, and
     * clears their links. Owner only. The caller guarantees the room
     * ({@link InjectQueue#popInto} checks {@link #remainingSlots()}; an overflow puts
     * back tasks it has just removed).
     *
     * @return the task after the last one pushed ({@code null} at the end of the chain)
     * @throws IllegalStateException if {@code count} tasks do not fit
     */
    N pushChain(N first, int count) {
        int t = lpTail();
        if (count > CAPACITY - (t - stealOf(lvHead()))) {
            throw new IllegalStateException("no room for " + count + " tasks");
        }
        N task = first;
        for (int i = 0; i < count; i++) {
            N next = task.queueNext();
            task.setQueueNext(null);
            spSlot((t + i) & MASK, task);
            task = next;
        }
        soTail(t + count);
        return task;
    }

    /**
     * Returns the number of tasks in the queue.
     *
     * <p>Exact when called by the owner, apart from tasks that thieves remove at the same
     * time. From another thread it is a snapshot taken in two reads, between 0 and
     * {@link #CAPACITY}, that may not have been the length at any single instant.
     *
     * @return the number of tasks a {@link #pop()} could return
     */
    public int len() {
        long h = lvHead();
        int n = lvTail() - realOf(h);
        return Math.min(n, CAPACITY);
    }

    /**
     * Returns whether the queue holds no task; see {@link #len()} for how exact this is.
     *
     * @return {@code true} if {@link #len()} is 0
     */
    public boolean isEmpty() {
        return len() == 0;
    }

    /**
     * Returns whether a thief could find tasks here: the hint a worker uses to decide
     * whether to wake an idle worker after scheduling work. Same precision as
     * {@link #len()}.
     *
     * <p>Today every queued task is stealable, so this is {@code !isEmpty()}; it is kept
     * separate because it answers a different question (a later policy could keep some
     * tasks from thieves) and callers should ask the one they mean.
     *
     * @return {@code true} if a steal attempt could take something
     */
    public boolean hasStealableTasks() {
        return len() > 0;
    }

    /**
     * Returns how many tasks can be pushed before the queue overflows. Slots that a thief
     * is still copying out count as occupied. Exact (or an underestimate, while thieves
     * free slots) for the owner; a snapshot between 0 and {@link #CAPACITY} for other
     * threads.
     *
     * @return the number of free slots
     */
    public int remainingSlots() {
        long h = lvHead();
        int used = lvTail() - stealOf(h);
        return CAPACITY - Math.min(Math.max(used, 0), CAPACITY);
    }

    static long pack(int steal, int real) {
        return ((long) steal << 32) | (real & LOW_32);
    }

    static int stealOf(long head) {
        return (int) (head >>> 32);
    }

    static int realOf(long head) {
        return (int) head;
    }

    /** Reads and clears a slot the caller has claimed. */
    @SuppressWarnings("unchecked")
    private N takeSlot(int index) {
        Object task = buffer[index];
        buffer[index] = null;
        return (N) task;
    }

    /** Plain slot store; ordered for other threads by the following {@link #soTail}. */
    private void spSlot(int index, N task) {
        buffer[index] = task;
    }

    // VarHandle mechanics

    private long lvHead() {
        return (long) HEAD.getVolatile(this);
    }

    private boolean casHead(long expected, long next) {
        return HEAD.compareAndSet(this, expected, next);
    }

    private int lvTail() {
        return (int) TAIL.getVolatile(this);
    }

    /** Plain read of the tail: only for the owner, its only writer. */
    private int lpTail() {
        return (int) TAIL.get(this);
    }

    /** Release store of the tail: publishes the slot writes before it. Owner only. */
    private void soTail(int value) {
        TAIL.setRelease(this, value);
    }

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(LocalQueue.class, "head", long.class);
            TAIL = lookup.findVarHandle(LocalQueue.class, "tail", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
