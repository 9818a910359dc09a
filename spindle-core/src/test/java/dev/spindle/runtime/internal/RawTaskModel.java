package dev.spindle.runtime.internal;

/**
 * The task protocol written down sequentially (§3.2, §3.3 of the design): what one task does
 * when its operations happen one at a time. Lincheck's sequential specification for the
 * {@link RawTaskHarness} tests; method names and results match the harness's.
 *
 * <ul>
 *   <li>A wake queues a task that is neither queued nor complete, and is a no-op otherwise (a
 *       second wake does not queue it twice; a wake of a completed task does nothing).
 *   <li>An abort of a task neither complete nor already aborted marks it and queues it if it is
 *       not queued.
 *   <li>A run takes the queued task; if abort was requested it cancels the future and completes
 *       cancelled; otherwise it polls once, and a poll that woke its own task (any number of
 *       times) leaves it queued once more, unless the poll completed.
 *   <li>A join sees Pending until the task completed, then its outcome.
 * </ul>
 */
public final class RawTaskModel {
    private boolean queued = true; // spawned: NOTIFIED and queued
    private boolean complete;
    private boolean cancelRequested;
    private boolean cancelledOutcome;
    private int polls;
    private int value;

    public void wake() {
        if (!complete) {
            queued = true;
        }
    }

    public void abort() {
        if (!complete && !cancelRequested) {
            cancelRequested = true;
            queued = true;
        }
    }

    public String work(int script) {
        if (!queued) {
            return "idle";
        }
        queued = false;
        if (cancelRequested) {
            complete = true;
            cancelledOutcome = true;
            return "cancelled";
        }
        polls++;
        switch (script) {
            case ScriptedFuture.READY, ScriptedFuture.WAKE_READY -> {
                complete = true;
                value = polls;
                return "ready#" + polls;
            }
            case ScriptedFuture.WAKE_PENDING, ScriptedFuture.WAKE_TWICE_PENDING -> queued = true;
            default -> {
            }
        }
        return "pending#" + polls;
    }

    public String join() {
        if (!complete) {
            return "pending";
        }
        return cancelledOutcome ? "join-cancelled" : "joined#" + value;
    }
}
