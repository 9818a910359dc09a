package dev.spindle.runtime.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.internal.ContextAccess;
import dev.spindle.internal.Sneaky;
import dev.spindle.runtime.AbortHandle;
import dev.spindle.runtime.JoinException;
import dev.spindle.runtime.JoinHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A spawned task: the future it drives, its state word, its outcome, and its links into the
 * scheduler's queues and the runtime's list of owned tasks. The task object is at once its
 * own {@link Waker} and its {@link JoinHandle}, so a spawn allocates one object besides the
 * future.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>State word.</b> One {@code int} updated by CAS holds every bit the scheduling protocol
 * needs (§3.2 of the design):
 * <ul>
 *   <li>{@link #NOTIFIED}: a wake is pending. Set by {@link #wake()} (any thread) and by
 *       {@link #abort()}; cleared by {@link #run} when it starts a poll. A task is in a run
 *       queue exactly when NOTIFIED is set and RUNNING is not.
 *   <li>{@link #RUNNING}: a thread is polling the future. Set and cleared only by {@link #run}.
 *   <li>{@link #COMPLETE}: the outcome is stored. Set once, by the thread that ran the final
 *       poll (or cancelled the task); after it no bit changes any more.
 *   <li>{@link #CANCELLED}: abort was requested; set once by {@link #abort()}.
 * </ul>
 *
 * <p><b>Wake races.</b> {@code wake()} on an idle task sets NOTIFIED and queues it: only the CAS
 * winner queues, so concurrent wakes schedule once. {@code wake()} on a running task sets
 * NOTIFIED and does not queue; when the poll returns Pending, {@link #run} clears RUNNING and,
 * seeing NOTIFIED, queues the task again itself — so a wake during a poll gives exactly one
 * more poll. {@code wake()} on a COMPLETE task is a no-op; on a NOTIFIED one it changes nothing
 * but still CASes the word to its own value, because the waker's writes must reach the poll
 * that serves the merged wake: a wake that only read NOTIFIED would order nothing before that
 * poll (the race {@code WakeDuringPollTest} in spindle-jcstress observes on x86). The CAS that
 * clears RUNNING after the poll is what makes the poll's writes visible to the next poller, and
 * a waker's writes before {@code wake()} visible to the poll the wake causes (volatile CAS on
 * both sides). A task that wakes itself through {@code Task.yieldNow()} skips the wake's CAS:
 * the yield marks the wake deferred ({@code DEFERRED_WAKE}, a plain field of the polling
 * thread), and the CAS that clears RUNNING sets NOTIFIED in the same step — the same outcome as
 * a wake during the poll, with one CAS fewer.
 *
 * <p><b>Join.</b> The outcome ({@link #output}) is a plain field written before the CAS that
 * sets COMPLETE and read only after observing COMPLETE. A joiner stores its waker in the
 * volatile {@link #joinWaker} and then re-reads the state; the completer sets COMPLETE and then
 * reads {@code joinWaker}. Both sides use volatile accesses, so at least one of them sees the
 * other: the joiner sees COMPLETE, or the completer sees the waker and wakes it.
 *
 * <p><b>Cancellation.</b> {@code abort()} sets CANCELLED together with NOTIFIED (queueing the
 * task if it was idle). The next {@link #run} sees CANCELLED and calls the future's
 * {@code cancel()} instead of polling it, then completes the task as cancelled. A task whose
 * in-flight poll completes before that keeps its value.
 */
public final class RawTask<T> implements JoinHandle<T>, Waker, Linkable<RawTask<?>> {

    /** A wake is pending; the task is queued or will be re-queued after the current poll. */
    static final int NOTIFIED = 1;
    /** A thread is polling the future. */
    static final int RUNNING = 1 << 1;
    /** The outcome is stored; terminal. */
    static final int COMPLETE = 1 << 2;
    /** Abort was requested. */
    static final int CANCELLED = 1 << 3;

    private volatile int state;
    private Future<T> future;
    /** The value, or a {@link Failure}; valid once COMPLETE is observed. */
    private Object output;
    private volatile Waker joinWaker;
    /**
     * Woken once when the task completes, independently of {@link #joinWaker}: the hook of the
     * JoinSet or TaskScope the task belongs to, so that awaiting the handle too loses nothing.
     */
    private volatile Waker completionListener;
    final TaskScheduler scheduler;
    private final long id;
    private final String name;
    /**
     * Polls so far in the low 30 bits, and two yield flags on top ({@link #YIELD_REQUESTED},
     * {@link #YIELDED_LAST}). Written only by the polling thread; the state CAS that starts each
     * poll orders it between pollers. Task dumps read the count racily.
     */
    private int polls;
    /** Set by {@code Task.yieldNow()} during a poll: it returned Pending and woke the task. */
    private static final int YIELD_REQUESTED = 1 << 31;
    /** The previous poll requested a yield: the yield completes in this poll. */
    private static final int YIELDED_LAST = 1 << 30;
    /**
     * Set with {@link #YIELD_REQUESTED} when the yield's waker is this task itself: instead of a
     * {@link #wake()} (a CAS on the state word), the CAS that ends the poll sets NOTIFIED.
     */
    private static final int DEFERRED_WAKE = 1 << 29;
    private static final int POLL_COUNT_MASK = DEFERRED_WAKE - 1;

    /** Intrusive link for the injection queue. */
    private RawTask<?> queueNext;
    /** Intrusive links for the owned-task list; guarded by the owning shard's lock. */
    RawTask<?> ownedPrev;
    RawTask<?> ownedNext;

    /** A failed or cancelled outcome; {@code observed} once read through the handle. */
    static final class Failure {
        private final Throwable cause;
        private final boolean cancelled;
        private volatile boolean observed;

        Failure(Throwable cause, boolean cancelled) {
            this.cause = cause;
            this.cancelled = cancelled;
        }

        Throwable cause() {
            return cause;
        }

        boolean cancelled() {
            return cancelled;
        }

        boolean isObserved() {
            return observed;
        }

        void markObserved() {
            observed = true;
        }
    }

    RawTask(Future<T> future, TaskScheduler scheduler, long id, String name) {
        this.future = future;
        this.scheduler = scheduler;
        this.id = id;
        this.name = name;
        this.state = NOTIFIED; // a new task is runnable: the spawner queues it
    }

    // ---------------------------------------------------------------- running

    /**
     * Polls the task once (or cancels it, if abort was requested). Called by the thread that
     * took the task from a queue.
     *
     * @param tc the calling thread's context
     */
    void run(ThreadContext tc) {
        int s = state;
        for (;;) {
            if ((s & COMPLETE) != 0 || (s & RUNNING) != 0) {
                return; // a stale queue entry (the shutdown path cancelled it); nothing to do
            }
            int next = (s & ~NOTIFIED) | RUNNING;
            int witness = caeState(s, next);
            if (witness == s) {
                break;
            }
            s = witness;
        }
        if ((s & CANCELLED) != 0) {
            cancelNow(tc);
            return;
        }
        int p0 = polls;
        polls = ((p0 & YIELD_REQUESTED) != 0 ? YIELDED_LAST : 0) | ((p0 + 1) & POLL_COUNT_MASK);
        Context cx = tc.cx;
        ContextAccess.setWaker(cx, this);
        RawTask<?> outer = tc.currentTask;
        int outerBudget = tc.budget;
        tc.currentTask = this;
        tc.budget = Coop.BUDGET;
        Poll<T> p;
        try {
            p = future.poll(cx);
        } catch (Throwable t) {
            tc.currentTask = outer;
            tc.budget = outerBudget;
            complete(new Failure(t, false), tc);
            return;
        }
        tc.currentTask = outer;
        tc.budget = outerBudget;
        if (p instanceof Poll.Ready<T> r) {
            T v = r.value();
            complete(v == null ? NULL_OUTPUT : v, tc);
            return;
        }
        // Pending: clear RUNNING; if a wake arrived during the poll (or a yield deferred its
        // self-wake to this point), queue ourselves again.
        int selfWake = 0;
        int p1 = polls;
        if ((p1 & DEFERRED_WAKE) != 0) {
            polls = p1 & ~DEFERRED_WAKE;
            selfWake = NOTIFIED;
        }
        s = state;
        for (;;) {
            int witness = caeState(s, (s & ~RUNNING) | selfWake);
            if (witness == s) {
                break;
            }
            s = witness;
        }
        if (((s | selfWake) & NOTIFIED) != 0) {
            scheduler.reschedule(this);
        }
    }

    /**
     * Cancels a task that is queued but will never run (its scheduler closed): takes the
     * RUNNING bit like {@link #run} and cancels it on the calling thread.
     */
    void runCancelled() {
        int s = state;
        for (;;) {
            if ((s & (COMPLETE | RUNNING)) != 0) {
                return;
            }
            int witness = caeState(s, (s & ~NOTIFIED) | RUNNING | CANCELLED);
            if (witness == s) {
                break;
            }
            s = witness;
        }
        cancelNow(ThreadContext.current());
    }

    /**
     * Marks a task cancelled during runtime shutdown: like {@link #abort()}, but the caller then
     * queues nothing; it runs {@link #runCancelled()} itself when the task is idle.
     *
     * @return {@code true} if the task was idle (in no queue and not running) and so must be
     *     cancelled by the caller
     */
    boolean markCancelledForShutdown() {
        int s = state;
        for (;;) {
            if ((s & COMPLETE) != 0) {
                return false;
            }
            int witness = caeState(s, s | CANCELLED | NOTIFIED);
            if (witness == s) {
                return (s & (RUNNING | NOTIFIED)) == 0;
            }
            s = witness;
        }
    }

    private void cancelNow(ThreadContext tc) {
        Future<T> f = future;
        Throwable failureInCancel = null;
        if (f != null) {
            try {
                f.cancel();
            } catch (Throwable t) {
                failureInCancel = t;
            }
        }
        complete(new Failure(new dev.spindle.CancelledException("task " + id + " was cancelled"), true), tc);
        if (failureInCancel != null) {
            scheduler.runtime().reportUnhandled(id, name, failureInCancel);
        }
    }

    private void complete(Object out, ThreadContext tc) {
        output = out;
        future = null;
        int s = state;
        for (;;) {
            int witness = caeState(s, (s & CANCELLED) | COMPLETE);
            if (witness == s) {
                break;
            }
            s = witness;
        }
        RuntimeCore rt = scheduler.runtime();
        rt.owned.remove(this);
        Waker listener = completionListener;
        if (listener != null) {
            listener.wake();
        }
        if (listener == null && out instanceof Failure f && !f.cancelled()) {
            rt.unobserved.track(this, f); // reported only if the handle is dropped unread
        }
        Waker w = joinWaker;
        if (w != null) {
            w.wake();
        }
    }

    // ---------------------------------------------------------------- Waker

    @Override
    public void wake() {
        int s = state;
        for (;;) {
            if ((s & COMPLETE) != 0) {
                return;
            }
            // A wake that finds NOTIFIED set still writes the word (the same value): the poll that
            // serves the merged wake begins with a CAS on it, and only a write here orders this
            // thread's earlier writes before that poll (§3.8). A plain read would not.
            int witness = caeState(s, s | NOTIFIED);
            if (witness == s) {
                if ((s & (NOTIFIED | RUNNING)) == 0) {
                    scheduler.schedule(this);
                }
                return;
            }
            s = witness;
        }
    }

    // ---------------------------------------------------------------- JoinHandle

    @Override
    public Poll<T> poll(Context cx) {
        if (!Coop.proceed(cx)) {
            return Poll.pending();
        }
        if ((state & COMPLETE) != 0) {
            return takeOutput();
        }
        joinWaker = cx.waker();
        if ((state & COMPLETE) != 0) {
            return takeOutput();
        }
        return Poll.pending();
    }

    /** Dropping a handle detaches the task; it keeps running. */
    @Override
    public void cancel() {
        joinWaker = null;
    }

    @SuppressWarnings("unchecked")
    private Poll<T> takeOutput() {
        Object out = output;
        if (out instanceof Failure f) {
            f.markObserved();
            throw f.cancelled() ? JoinException.cancelled(id, name) : JoinException.failed(id, name, f.cause());
        }
        return Poll.ready(out == NULL_OUTPUT ? null : (T) out);
    }

    /**
     * Returns the outcome of a completed task: its value, or throws its {@link JoinException}.
     *
     * @return the value
     * @throws IllegalStateException if the task has not completed
     */
    public T outcome() {
        if ((state & COMPLETE) == 0) {
            throw new IllegalStateException("task " + id + " has not completed");
        }
        return takeOutput() instanceof Poll.Ready<T> r ? r.value() : null;
    }

    /** @return whether the task completed by failing (not by cancellation) */
    public boolean isFailed() {
        return (state & COMPLETE) != 0 && output instanceof Failure f && !f.cancelled();
    }

    /**
     * Installs the listener woken once when the task completes (a JoinSet's or TaskScope's
     * hook). Separate from the handle's join waker, so the owner of the handle may also await it.
     * The listener is written before the state is re-read, and completion sets the state before
     * reading the listener (both volatile): either this method sees COMPLETE or the listener is
     * woken.
     *
     * @param w the listener
     * @return {@code false} if the task had already completed (the caller handles it; the
     *     listener may or may not also be woken)
     */
    public boolean setCompletionListener(Waker w) {
        completionListener = w;
        return (state & COMPLETE) == 0;
    }

    @Override
    public void abort() {
        int s = state;
        for (;;) {
            if ((s & (COMPLETE | CANCELLED)) != 0) {
                return;
            }
            int witness = caeState(s, s | CANCELLED | NOTIFIED);
            if (witness == s) {
                if ((s & (RUNNING | NOTIFIED)) == 0) {
                    scheduler.schedule(this);
                }
                return;
            }
            s = witness;
        }
    }

    @Override
    public AbortHandle abortHandle() {
        return this;
    }

    @Override
    public boolean isFinished() {
        return (state & COMPLETE) != 0;
    }

    @Override
    public long id() {
        return id;
    }

    /** @return the task's name, or {@code null} */
    public String name() {
        return name;
    }

    /** @return whether abort was requested */
    public boolean isCancelRequested() {
        return (state & CANCELLED) != 0;
    }

    /** @return a readable name of the state, for task dumps */
    public String stateName() {
        int s = state;
        if ((s & COMPLETE) != 0) {
            return output instanceof Failure f ? (f.cancelled() ? "CANCELLED" : "FAILED") : "COMPLETE";
        }
        if ((s & RUNNING) != 0) {
            return "RUNNING";
        }
        if ((s & NOTIFIED) != 0) {
            return "SCHEDULED";
        }
        return "IDLE";
    }

    /** @return the raw state word, for tests of the protocol */
    public int stateBits() {
        return state;
    }

    /** @return the future being driven, or {@code null} once complete */
    public Future<T> future() {
        return future;
    }

    /** @return the polls so far */
    public int polls() {
        return polls & POLL_COUNT_MASK;
    }

    /**
     * The state of {@code Task.yieldNow()} for this task, kept here so that yielding allocates
     * nothing: completes (returns {@code true}) if the previous poll yielded, else records a
     * yield request for this poll and wakes {@code waker} (the caller then returns Pending).
     * Called only by the thread polling the task.
     *
     * <p>When {@code waker} is this task (the yield is polled by the task itself, not through a
     * combinator with a waker of its own), the wake is deferred to the end of the poll, whose
     * state CAS sets NOTIFIED along with clearing RUNNING: a yield then costs one CAS fewer. Only
     * the polling thread touches the deferral, so it needs no ordering of its own.
     *
     * @param waker the waker of the context the yield was polled with
     * @return {@code true} if the yield is over
     */
    public boolean pollYield(Waker waker) {
        int p = polls;
        if ((p & YIELDED_LAST) != 0) {
            polls = p & ~YIELDED_LAST;
            return true;
        }
        if (waker == this) {
            polls = p | YIELD_REQUESTED | DEFERRED_WAKE;
        } else {
            polls = p | YIELD_REQUESTED;
            waker.wake();
        }
        return false;
    }

    @Override
    public RawTask<?> queueNext() {
        return queueNext;
    }

    @Override
    public void setQueueNext(RawTask<?> next) {
        queueNext = next;
    }

    @Override
    public String toString() {
        return "Task[id=" + id + (name != null ? ", name=" + name : "") + ", " + stateName() + "]";
    }

    private static final Object NULL_OUTPUT = new Object();

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(RawTask.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Compare-and-exchange on the state word (volatile); returns the witness value. */
    private int caeState(int expected, int next) {
        return (int) STATE.compareAndExchange(this, expected, next);
    }

    static RuntimeException rethrow(Throwable t) {
        return Sneaky.raise(t);
    }
}
