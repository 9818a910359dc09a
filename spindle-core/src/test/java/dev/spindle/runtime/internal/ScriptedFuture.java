package dev.spindle.runtime.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import java.util.ArrayList;
import java.util.List;

/**
 * A future whose next poll does what the test says ({@link #script}): stay pending, complete,
 * or wake its own task from inside the poll first. It counts polls and {@link #cancel()} calls
 * and records every breach of the future contract the task must uphold: no two polls at once,
 * no poll after {@code cancel()}, no poll after it returned Ready, {@code cancel()} at most
 * once and never after Ready.
 *
 * <p>Fields are plain: a task's future is touched by one thread at a time, and the hand-over
 * between threads is the task's own business (which is what the tests check).
 */
final class ScriptedFuture implements Future<Integer> {
    /** Return Pending. */
    static final int PENDING = 0;
    /** Return Ready with the poll's ordinal. */
    static final int READY = 1;
    /** Wake the task (through the context's waker), then return Pending: a yield. */
    static final int WAKE_PENDING = 2;
    /** Wake the task twice, then return Pending: still one more poll. */
    static final int WAKE_TWICE_PENDING = 3;
    /** Wake the task, then return Ready: the wake is a no-op. */
    static final int WAKE_READY = 4;
    /** The largest script value. */
    static final int MAX = WAKE_READY;

    /** What the next poll does. */
    int script = PENDING;
    int polls;
    int cancels;
    private boolean polling;
    private boolean ready;
    private final List<String> violations = new ArrayList<>();

    @Override
    public Poll<Integer> poll(Context cx) {
        if (polling) {
            violations.add("polled while a poll was in progress");
        }
        if (cancels != 0) {
            violations.add("polled after cancel()");
        }
        if (ready) {
            violations.add("polled after it returned Ready");
        }
        polling = true;
        try {
            int n = ++polls;
            switch (script) {
                case WAKE_PENDING -> cx.waker().wake();
                case WAKE_TWICE_PENDING -> {
                    cx.waker().wake();
                    cx.waker().wake();
                }
                case WAKE_READY -> cx.waker().wake();
                default -> {
                }
            }
            if (script == READY || script == WAKE_READY) {
                ready = true;
                return Poll.ready(n);
            }
            return Poll.pending();
        } finally {
            polling = false;
        }
    }

    @Override
    public void cancel() {
        if (polling) {
            violations.add("cancel() during a poll");
        }
        if (ready) {
            violations.add("cancel() after Ready");
        }
        if (++cancels > 1) {
            violations.add("cancel() called " + cancels + " times");
        }
    }

    List<String> violations() {
        return violations;
    }
}
