package dev.spindle.runtime.internal;

import dev.spindle.Context;
import dev.spindle.Waker;
import dev.spindle.internal.ContextAccess;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the runtime knows about the current thread: which runtime it belongs to, which task it
 * is polling, the cooperative budget left, and the reusable {@link Context} it polls with.
 *
 * <p>Runtime threads hold theirs in a field ({@link RuntimeThread}); any other thread (a
 * {@code blockOn} caller) gets one from a thread-local. All fields are touched only by the
 * owning thread, so none is volatile.
 */
public final class ThreadContext {
    private static final ThreadLocal<ThreadContext> LOCAL = ThreadLocal.withInitial(ThreadContext::new);

    /** Budget value meaning "not inside a task poll: resource operations are not limited". */
    public static final int UNCONSTRAINED = -1;

    /** The runtime whose context this thread is in, or {@code null}. */
    public RuntimeCore runtime;
    /** The worker this thread is, or {@code null} (blocking threads, blockOn callers). */
    Worker worker;
    /** The task being polled, or {@code null}. */
    public RawTask<?> currentTask;
    /** Resource operations left in this poll; {@link #UNCONSTRAINED} outside task polls. */
    int budget = UNCONSTRAINED;
    /** Whether a yield polled outside any task (blockOn, a hand-polled future) is under way. */
    private boolean outsideYield;
    /** The next task id of this thread's batch, and the end of the batch (exclusive). */
    private long nextTaskId;
    private long taskIdLimit;

    /** Task ids handed out to threads in batches of this many, one shared atomic add per batch. */
    private static final int TASK_ID_BATCH = 256;
    /** The start of the next batch of task ids; ids are unique across runtimes, from 1. */
    private static final AtomicLong NEXT_TASK_ID_BATCH = new AtomicLong(1);

    /** Reused for every poll made by this thread, so that a poll allocates nothing. */
    final Context cx = ContextAccess.newReusable(Waker.noop());
    /** Per-thread random numbers for steal-victim choice and select fairness. */
    final FastRand rng = new FastRand(System.nanoTime() ^ Thread.currentThread().threadId());

    ThreadContext() {
    }

    /**
     * Returns the current thread's context; never {@code null}.
     *
     * @return the context
     */
    public static ThreadContext current() {
        if (Thread.currentThread() instanceof RuntimeThread t) {
            return t.context;
        }
        return LOCAL.get();
    }

    /**
     * Returns the runtime the current thread is in, or {@code null} when outside any runtime.
     *
     * @return the runtime or {@code null}
     */
    public static RuntimeCore currentRuntime() {
        return current().runtime;
    }

    /**
     * Returns the runtime the current thread is in.
     *
     * @param what what the caller tried to do, for the message
     * @return the runtime
     * @throws IllegalStateException outside a runtime
     */
    public static RuntimeCore requireRuntime(String what) {
        RuntimeCore rt = current().runtime;
        if (rt == null) {
            throw new IllegalStateException(what + " must be called from inside a Spindle runtime "
                    + "(a task, or AsyncRuntime.blockOn); this thread is not in one");
        }
        return rt;
    }

    /**
     * Whether this thread is polling an async task right now (a worker, or the thread driving a
     * current-thread runtime). Blocking there stalls other tasks; a {@code spawnBlocking} task
     * may block, so it does not count.
     *
     * @return {@code true} inside an async task's poll
     */
    public boolean inAsyncTask() {
        RawTask<?> t = currentTask;
        return worker != null || (t != null && !(t.scheduler instanceof BlockingPool));
    }

    /**
     * {@code Task.yieldNow()} polled outside any task (by a blockOn caller, or by hand): with no
     * task poll to count, every second poll completes the yield.
     *
     * @return {@code true} if the yield is over
     */
    public boolean pollYieldOutsideTask() {
        boolean over = outsideYield;
        outsideYield = !over;
        return over;
    }

    /**
     * Returns a task id never returned before, in this JVM. Ids are unique, not ordered across
     * threads: each thread takes them from a batch of its own, so a spawn costs no shared atomic.
     *
     * @return the id, positive
     */
    public long newTaskId() {
        long id = nextTaskId;
        if (id == taskIdLimit) {
            id = NEXT_TASK_ID_BATCH.getAndAdd(TASK_ID_BATCH);
            taskIdLimit = id + TASK_ID_BATCH;
        }
        nextTaskId = id + 1;
        return id;
    }

    /**
     * Returns a random number in {@code [0, bound)} from this thread's generator.
     *
     * @param bound the exclusive upper bound, positive
     * @return the number
     */
    public int nextRandom(int bound) {
        return rng.nextInt(bound);
    }
}
