package dev.spindle.test.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.TaskDump;
import dev.spindle.runtime.internal.TaskDumps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The future a test's runtime blocks on: at its first poll it calls the test method (so the
 * method body runs inside the runtime), then it drives the future the method returned, under a
 * {@link RealTimeLimit}. It never throws: every way the test can end is returned as an
 * {@link Outcome}, so that {@code blockOn} wraps nothing and the original exception reaches the
 * report untouched.
 *
 * <p>All fields are touched only by the thread that polls it (the test thread in
 * {@code blockOn}); only the limit is shared, and {@link RealTimeLimit} documents how.
 */
final class TestBody implements Future<TestBody.Outcome> {

    /** How a test ended. */
    sealed interface Outcome {
    }

    /** The method returned normally and its future (if any) completed. */
    record Passed() implements Outcome {
    }

    /**
     * The method, or its future, threw.
     *
     * @param failure what it threw, as thrown
     */
    record Failed(Throwable failure) implements Outcome {
    }

    /**
     * The real-time limit expired while the future was pending.
     *
     * @param pendingOn what the test future was waiting on, outermost first
     * @param tasks the runtime's live tasks at that moment
     */
    record TimedOut(List<String> pendingOn, List<TaskDump> tasks) implements Outcome {
    }

    private final Callable<Object> invocation;
    private final RealTimeLimit limit;
    private final AsyncRuntime runtime;
    private boolean invoked;
    private Future<?> returned;

    /**
     * @param invocation calls the test method and returns what it returned (a future, or
     *     {@code null} for a {@code void} method)
     * @param limit the real-time limit, already started
     * @param runtime the runtime the body runs in, for the task dump on expiry
     */
    TestBody(Callable<Object> invocation, RealTimeLimit limit, AsyncRuntime runtime) {
        this.invocation = invocation;
        this.limit = limit;
        this.runtime = runtime;
    }

    @Override
    public Poll<Outcome> poll(Context cx) {
        limit.register(cx.waker());
        if (limit.isExpired()) {
            return Poll.ready(timedOut());
        }
        if (!invoked) {
            invoked = true;
            Object result;
            try {
                result = invocation.call();
            } catch (Throwable t) {
                return Poll.ready(new Failed(t));
            }
            if (result == null) {
                return Poll.ready(new Passed()); // a void method: the invocation rejects null from others
            }
            returned = (Future<?>) result;
        }
        try {
            if (returned.poll(cx).isReady()) {
                returned = null;
                return Poll.ready(new Passed());
            }
        } catch (Throwable t) {
            returned = null;
            return Poll.ready(new Failed(t));
        }
        return Poll.pending();
    }

    /** The runtime closed under the test, or its thread was interrupted: release the test future. */
    @Override
    public void cancel() {
        Future<?> f = returned;
        returned = null;
        if (f != null) {
            f.cancel();
        }
    }

    private TimedOut timedOut() {
        List<String> pendingOn = new ArrayList<>();
        Future<?> f = returned;
        if (f instanceof TaskDumps.Backtraced b) {
            b.backtrace(pendingOn);
        } else if (f != null) {
            pendingOn.add(String.valueOf(f));
        }
        // The dump comes before the cancel, so that it shows the tasks as the test left them.
        List<TaskDump> tasks = runtime.dumpTasks();
        cancel();
        return new TimedOut(List.copyOf(pendingOn), tasks);
    }
}
