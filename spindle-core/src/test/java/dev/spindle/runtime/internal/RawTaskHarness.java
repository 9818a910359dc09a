package dev.spindle.runtime.internal;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.internal.ContextAccess;
import dev.spindle.runtime.JoinException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * One {@link RawTask} driven by hand, for the Lincheck tests of the task state machine: the task
 * runs a {@link ScriptedFuture}, is queued into a {@link RecordingScheduler}, and is joined with
 * a {@link CountingWaker}. The operations return short strings that {@link RawTaskModel}
 * predicts, and {@link #checkInvariants()} checks what the results cannot show.
 */
final class RawTaskHarness {
    private final RecordingScheduler scheduler = new RecordingScheduler();
    private final ScriptedFuture future = new ScriptedFuture();
    private final RawTask<Integer> task = new RawTask<>(future, scheduler, 1, "lincheck");
    private final CountingWaker joiner = new CountingWaker();
    /** Whether a join returned Pending (so the joiner's waker is registered). Joiner's thread. */
    private boolean joinSawPending;

    /**
     * Focuses the model checker on the task's own state word: the future's poll, the scheduler,
     * the joiner's waker, the thread context and the runtime's bookkeeping run as atomic steps.
     * Wakes and aborts still land during the poll (the task is RUNNING from its first CAS to
     * the one after the poll); switches inside the poll would add nothing the task can tell
     * apart, only dilute the search.
     *
     * @param o the options
     * @return {@code o}
     */
    static ModelCheckingOptions focus(ModelCheckingOptions o) {
        return LincheckSupport.atomic(o, ScriptedFuture.class, RecordingScheduler.class, CountingWaker.class,
                ThreadContext.class, Coop.class, ContextAccess.class, Context.class, OwnedTasks.class,
                LongAdder.class, UnobservedFailures.class, StubRuntime.class, RuntimeCore.class);
    }

    RawTaskHarness() {
        scheduler.schedule(task); // what spawn does: a new task is NOTIFIED and queued
    }

    void wake() {
        task.wake();
    }

    void abort() {
        task.abort();
    }

    /**
     * A worker's turn: takes the task from the queue, if it is there, and runs it once, its
     * future doing what {@code script} says.
     *
     * @param script a {@link ScriptedFuture} script
     * @return {@code idle} (nothing queued), {@code pending#n} or {@code ready#n} (the n-th poll
     *     returned that), {@code cancelled} (the run cancelled the future), or {@code stale}
     *     (the run did nothing: never expected)
     */
    String work(int script) {
        RawTask<?> t = scheduler.take();
        if (t == null) {
            return "idle";
        }
        future.script = script;
        int polls = future.polls;
        int cancels = future.cancels;
        t.run(ThreadContext.current());
        if (future.cancels != cancels) {
            return "cancelled";
        }
        if (future.polls == polls) {
            return "stale";
        }
        return (t.isFinished() ? "ready#" : "pending#") + future.polls;
    }

    /**
     * The joiner's turn: polls the join handle with the joiner's waker.
     *
     * @return {@code pending}, {@code joined#n} (the value of the n-th poll), or
     *     {@code join-cancelled}
     */
    String join() {
        try {
            Poll<Integer> p = task.poll(Context.of(joiner));
            if (p instanceof Poll.Ready<Integer> r) {
                return "joined#" + r.value();
            }
            joinSawPending = true;
            return "pending";
        } catch (JoinException e) {
            return e.isCancelled() ? "join-cancelled" : "join-failed: " + e.getCause();
        }
    }

    /**
     * Checks the invariants of a quiescent task (no operation in progress).
     *
     * @throws AssertionError listing every broken one
     */
    void checkInvariants() {
        List<String> problems = new ArrayList<>(scheduler.violations());
        problems.addAll(future.violations());
        int s = task.stateBits();
        boolean complete = (s & RawTask.COMPLETE) != 0;
        boolean queued = scheduler.contains(task);
        if (scheduler.size() > 1) {
            problems.add(scheduler.size() + " queue entries");
        }
        if ((s & RawTask.RUNNING) != 0) {
            problems.add("RUNNING while no run is in progress");
        }
        if (complete) {
            if (queued) {
                problems.add("a completed task is still queued");
            }
            int expectedCancels = task.stateName().equals("CANCELLED") ? 1 : 0;
            if (future.cancels != expectedCancels) {
                problems.add("outcome " + task.stateName() + " but cancel() called " + future.cancels + " times");
            }
            if (joinSawPending && joiner.wakes() != 1) {
                problems.add("joiner saw Pending, task completed, joiner woken " + joiner.wakes() + " times");
            }
        } else {
            if (((s & RawTask.NOTIFIED) != 0) != queued) {
                problems.add(queued ? "queued but not NOTIFIED" : "NOTIFIED but not queued (lost wake)");
            }
            if ((s & RawTask.CANCELLED) != 0 && !queued) {
                problems.add("abort requested but no run pending to honour it");
            }
            if (future.cancels != 0) {
                problems.add("cancel() called on a task that has not completed");
            }
            if (joiner.wakes() != 0) {
                problems.add("joiner woken before the task completed");
            }
        }
        if (joiner.wakes() > 1) {
            problems.add("joiner woken " + joiner.wakes() + " times");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("state " + RecordingScheduler.bits(s) + ": " + problems);
        }
    }
}
