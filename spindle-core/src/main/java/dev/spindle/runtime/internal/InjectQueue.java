package dev.spindle.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The global injection queue that all workers of a multi-thread runtime share.
 *
 * <p>Tasks enter it when they are spawned or woken from outside a worker thread, and when
 * a worker's {@link LocalQueue} overflows. Workers take tasks from it one at a time with
 * {@link #pop()} or a batch at a time with {@link #popInto(LocalQueue, int)}, and check
 * it every {@code globalQueueInterval} ticks so that its tasks are not starved by local
 * work.
 *
 * <p>The queue is a first-in-first-out singly linked list threaded through the tasks
 * themselves ({@link Linkable}), so pushing and popping allocate nothing. Mutations take
 * a short lock; {@link #len()}, {@link #isEmpty()} and {@link #isClosed()} do not, so a
 * worker can ask "is anything there?" on every tick without touching the lock.
 *
 * <p>Once {@link #close() closed} the queue refuses every push ({@link #push} and
 * {@link #pushBatch} return {@code false} and leave the task with the caller), while the
 * tasks already queued can still be popped or {@linkplain #drainAll() drained}: this is
 * how shutdown finds the tasks it must cancel.
 *
 * <p>An element must be in at most one queue at a time, and its link belongs to this
 * queue from the moment it is pushed until it is popped or drained.
 *
 * <p>Memory ordering: everything a thread did before a successful push happens-before
 * everything the thread that pops (or drains, or moves with {@code popInto}) that task
 * does after taking it.
 *
 * @param <N> the task type
 */
public final class InjectQueue<N extends Linkable<N>> {

    /*
     * Implementation notes.
     *
     * State.
     *   head, tail  The linked list, from the oldest task (head) to the newest (tail),
     *               through Linkable.queueNext(). Both are null exactly when the list is
     *               empty; tail.queueNext() is always null. Read and written only while
     *               holding `lock`.
     *   len         The number of tasks in the list. Written only while holding `lock`,
     *               in the same critical section that changes the list, with a volatile
     *               store; read anywhere with a volatile load (lvLen). Under the lock it
     *               is read plainly (lpLen): only lock holders write it, so the lock
     *               already orders those reads after the last write.
     *   closed      false until close() sets it, then true forever. Written under
     *               `lock` (so a push that saw it false under the lock linked its task
     *               before close() returned); read lock-free by isClosed().
     *
     * Invariants (whenever `lock` is free):
     *   - walking queueNext from head reaches tail after exactly len - 1 steps;
     *   - len == 0  <=>  head == null  <=>  tail == null;
     *   - once closed, len never increases.
     *
     * Why a lock and not a lock-free list. Pushes come from many threads (spawn from
     * outside, wake-ups, overflow of any worker) and pops from every worker, so the queue
     * is multi-producer multi-consumer. A lock-free MPMC intrusive list needs either a
     * stub node per queue and care with the ABA problem on pop, or per-operation
     * allocation; the critical sections here are a handful of field writes, the lock is
     * almost never contended because workers drain it in batches (popInto), and the hot
     * "is it empty?" question needs no lock at all. Tokio makes the same choice
     * (a mutex around an intrusive list plus an atomic length).
     *
     * The lock is the monitor of a private object rather than a ReentrantLock: a monitor
     * allocates nothing when contended after its first inflation, whereas AQS allocates
     * a wait node per contended acquisition. Nothing blocks while it is held, so pinning
     * a virtual thread that pushes from outside the runtime costs nothing.
     *
     * Races and their resolution.
     *   - pop() vs push(), seen through len. pop() first reads len without the lock and
     *     returns null at once when it is 0. That answer is linearizable: a push whose
     *     len store the load did not see had not yet taken effect (a push takes effect at
     *     its len store, inside the critical section), so the pop is ordered before it.
     *     If len was non-zero the lock decides, and the list may be empty by then because
     *     another worker won; the pop then returns null, ordered after that worker's pop.
     *   - push() vs close(). Both take the lock, so either the push is ordered first and
     *     its task is in the list that shutdown drains, or close() is first and the push
     *     returns false with the task still the caller's. No task is lost in between.
     *   - popInto() vs thieves of `dst`. popInto reads dst.remainingSlots() before taking
     *     the lock. Only dst's owner (the caller) adds to dst, and thieves can only free
     *     slots, so the room it saw can only grow before the tasks are written.
     *
     * Memory ordering.
     *   - Task contents and links: a task's link and everything its pusher wrote before
     *     push are published by the monitor release at the end of push and acquired by the
     *     monitor enter of the pop that takes it. popInto then republishes the tasks
     *     through dst's own tail release store (see LocalQueue), so thieves of dst see
     *     them too. drainAll hands the chain to its caller under the same lock.
     *   - len is stored volatile, not merely with release, on purpose: the scheduler's
     *     park protocol is a Dekker-style handshake ("push, then look for an idle
     *     worker" against "become idle, then look at the queue"). With volatile stores
     *     and loads both sides are in the single total order of synchronization actions,
     *     so at least one side sees the other and a task cannot sit unnoticed while
     *     every worker parks. A release store could be reordered with the pusher's
     *     following load of the idle state.
     *   - closed is stored volatile for the same reason: a worker that reads
     *     isClosed() == false after the runtime began shutting down must be ordered
     *     before close(), not merely "eventually" see it.
     */

    private final Object lock = new Object();

    /** The oldest task; guarded by {@link #lock}. */
    private N head;

    /** The newest task; guarded by {@link #lock}. */
    private N tail;

    /** Number of queued tasks; written under {@link #lock} via {@link #svLen}. */
    @SuppressWarnings("unused") // accessed through LEN
    private int len;

    /** Whether {@link #close()} has run; written under {@link #lock} via {@link #svClosed}. */
    @SuppressWarnings("unused") // accessed through CLOSED
    private boolean closed;

    /** Creates an empty, open queue. */
    public InjectQueue() {}

    /**
     * Appends a task at the back of the queue, unless the queue is closed.
     *
     * <p>The task's {@link Linkable#queueNext() link} is overwritten. If the push is
     * refused the task is not queued anywhere and still belongs to the caller, which
     * typically cancels it because the runtime is shutting down.
     *
     * @param task the task to enqueue; must not be in any queue
     * @return {@code true} if the task was queued, {@code false} if the queue is closed
     * @throws NullPointerException if {@code task} is {@code null}
     */
    public boolean push(N task) {
        Objects.requireNonNull(task, "task");
        task.setQueueNext(null);
        synchronized (lock) {
            if (lpClosed()) {
                return false;
            }
            linkLast(task, task, 1);
        }
        return true;
    }

    /**
     * Appends a chain of tasks at the back of the queue in one step, unless the queue is
     * closed.
     *
     * <p>The chain runs from {@code first} to {@code last} through
     * {@link Linkable#queueNext()} and keeps its order in the queue; it is linked in with
     * one lock acquisition, so no other push lands between its tasks. {@code last}'s link
     * is overwritten with {@code null}. If the push is refused the chain is left as it
     * was given (except for {@code last}'s link) and belongs to the caller.
     *
     * @param first the first task of the chain
     * @param last the last task of the chain; the same as {@code first} for one task
     * @param count the number of tasks in the chain, at least 1; it must be exact, as the
     *     queue trusts it for {@link #len()}
     * @return {@code true} if the chain was queued, {@code false} if the queue is closed
     * @throws NullPointerException if {@code first} or {@code last} is {@code null}
     * @throws IllegalArgumentException if {@code count} is less than 1
     */
    public boolean pushBatch(N first, N last, int count) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        last.setQueueNext(null);
        assert chainLength(first, last) == count : "count does not match the chain";
        synchronized (lock) {
            if (lpClosed()) {
                return false;
            }
            linkLast(first, last, count);
        }
        return true;
    }

    /**
     * Removes and returns the task at the front of the queue.
     *
     * <p>Tasks already queued can still be popped after {@link #close()}.
     *
     * @return the oldest task, with its link cleared, or {@code null} if the queue is
     *     empty
     */
    public N pop() {
        if (lvLen() == 0) {
            return null;
        }
        synchronized (lock) {
            N task = head;
            if (task == null) {
                return null;
            }
            head = task.queueNext();
            if (head == null) {
                tail = null;
            }
            svLen(lpLen() - 1);
            task.setQueueNext(null);
            return task;
        }
    }

    /**
     * Moves up to {@code max} tasks from the front of this queue to the back of a
     * worker's local queue, in order, with one lock acquisition.
     *
     * <p>Never moves more tasks than {@code dst} has free slots, so {@code dst} never
     * overflows back into this queue. A worker uses this to take a batch of global work
     * at once, then runs it from its local queue, where idle workers can steal it.
     *
     * <p>Must be called by the thread that owns {@code dst}.
     *
     * @param dst the caller's own local queue
     * @param max the largest number of tasks to move, at least 0
     * @return the number of tasks moved, 0 if this queue or {@code dst}'s free space is
     *     empty
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public int popInto(LocalQueue<N> dst, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        int room = Math.min(max, dst.remainingSlots());
        if (room == 0 || lvLen() == 0) {
            return 0;
        }
        synchronized (lock) {
            int n = Math.min(room, lpLen());
            if (n == 0) {
                return 0;
            }
            N rest = dst.pushChain(head, n);
            head = rest;
            if (rest == null) {
                tail = null;
            }
            svLen(lpLen() - n);
            return n;
        }
    }

    /**
     * Removes every task from the queue and returns them as one chain, oldest first.
     *
     * <p>This is the shutdown path: call {@link #close()} first so that no push can land
     * after the drain, then walk the chain and cancel each task. The chain is linked
     * through {@link Linkable#queueNext()} and ends with a {@code null} link; the caller
     * owns it and should clear each link before the task is queued anywhere again:
     *
     * <pre>{@code
     * for (Task t = inject.drainAll(); t != null; ) {
     *     Task next = t.queueNext();
     *     t.setQueueNext(null);
     *     t.shutdown();
     *     t = next;
     * }
     * }</pre>
     *
     * @return the first task of the chain, or {@code null} if the queue was empty
     */
    public N drainAll() {
        synchronized (lock) {
            N first = head;
            head = null;
            tail = null;
            if (first != null) {
                svLen(0);
            }
            return first;
        }
    }

    /**
     * Returns the number of queued tasks.
     *
     * <p>Lock-free; the value is exact at the moment of the read and may be stale by the
     * time the caller acts on it.
     *
     * @return the number of tasks in the queue
     */
    public int len() {
        return lvLen();
    }

    /**
     * Returns whether the queue holds no task. Lock-free, like {@link #len()}.
     *
     * @return {@code true} if the queue is empty
     */
    public boolean isEmpty() {
        return lvLen() == 0;
    }

    /**
     * Closes the queue: every later push is refused. Tasks already queued stay and can
     * still be popped or drained. Idempotent.
     *
     * @return {@code true} if this call closed the queue, {@code false} if it was already
     *     closed, so that exactly one caller runs the shutdown that follows
     */
    public boolean close() {
        synchronized (lock) {
            if (lpClosed()) {
                return false;
            }
            svClosed(true);
            return true;
        }
    }

    /**
     * Returns whether {@link #close()} has been called. Lock-free.
     *
     * @return {@code true} once the queue is closed
     */
    public boolean isClosed() {
        return lvClosed();
    }

    /** Links a chain whose last link is already null at the back; caller holds the lock. */
    private void linkLast(N first, N last, int count) {
        if (tail == null) {
            head = first;
        } else {
            tail.setQueueNext(first);
        }
        tail = last;
        svLen(lpLen() + count);
    }

    /** Counts the tasks from first to last; only for assertions. */
    private static <N extends Linkable<N>> int chainLength(N first, N last) {
        int n = 1;
        for (N t = first; t != last; t = t.queueNext()) {
            if (t == null) {
                return -1;
            }
            n++;
        }
        return n;
    }

    // VarHandle mechanics

    private int lvLen() {
        return (int) LEN.getVolatile(this);
    }

    /** Plain read; only under {@link #lock}, which orders it after every write. */
    private int lpLen() {
        return (int) LEN.get(this);
    }

    /** Volatile store; only under {@link #lock}. */
    private void svLen(int value) {
        LEN.setVolatile(this, value);
    }

    private boolean lvClosed() {
        return (boolean) CLOSED.getVolatile(this);
    }

    /** Plain read; only under {@link #lock}. */
    private boolean lpClosed() {
        return (boolean) CLOSED.get(this);
    }

    /** Volatile store; only under {@link #lock}. */
    private void svClosed(boolean value) {
        CLOSED.setVolatile(this, value);
    }

    private static final VarHandle LEN;
    private static final VarHandle CLOSED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LEN = lookup.findVarHandle(InjectQueue.class, "len", int.class);
            CLOSED = lookup.findVarHandle(InjectQueue.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
