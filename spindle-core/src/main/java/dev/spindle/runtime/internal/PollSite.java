package dev.spindle.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Where tasks are polled, as the long-poll {@link Watchdog} sees it: a thread, the number of
 * polls it has started, and the task it is polling now. A worker of the multi-thread runtime is
 * one; the thread driving a current-thread runtime is another.
 *
 * <p>The polling thread publishes with release stores ({@link #beginPoll}, {@link #endPoll}) and
 * the watchdog reads with acquire loads: two plain stores per poll on x86, no timestamps.
 */
class PollSite {
    @SuppressWarnings("unused") // through POLL_SEQ
    private long pollSeq;
    @SuppressWarnings("unused") // through RUNNING_TASK
    private RawTask<?> runningTask;
    /** The thread polling here now, or {@code null}. */
    volatile Thread thread;

    final void beginPoll(RawTask<?> task, long seq) {
        RUNNING_TASK.setRelease(this, task);
        POLL_SEQ.setRelease(this, seq);
    }

    final void endPoll() {
        RUNNING_TASK.setRelease(this, null);
    }

    final long pollSeqAcquire() {
        return (long) POLL_SEQ.getAcquire(this);
    }

    final RawTask<?> runningTaskAcquire() {
        return (RawTask<?>) RUNNING_TASK.getAcquire(this);
    }

    // VarHandle mechanics
    private static final VarHandle POLL_SEQ;
    private static final VarHandle RUNNING_TASK;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            POLL_SEQ = l.findVarHandle(PollSite.class, "pollSeq", long.class);
            RUNNING_TASK = l.findVarHandle(PollSite.class, "runningTask", RawTask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
