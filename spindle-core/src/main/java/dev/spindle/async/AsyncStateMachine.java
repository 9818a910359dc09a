package dev.spindle.async;

import dev.spindle.CancelledException;
import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.internal.Sneaky;
import dev.spindle.runtime.RuntimeClosedException;
import dev.spindle.runtime.internal.RuntimeCore;
import dev.spindle.runtime.internal.ThreadContext;

/**
 * What every state machine Spindle's transformer generates shares, futures
 * ({@link AsyncMachine}) and generators ({@link AsyncGenerator}) alike: support for generated
 * code, not meant to be extended by hand.
 *
 * <p>A generated machine holds the live locals (and operand stack) of its method in fields and
 * implements {@code poll} (or {@code pollNext}) by calling the method's rewritten body, a static
 * method of the declaring class that keeps the method's name and line numbers (so stack traces
 * read as if the method ran directly). This class supplies the {@link #state} word, the future
 * being awaited, cancellation (Rust's drop, with async cleanup), and the {@link AsyncFrame} view
 * for async backtraces.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>State word.</b> {@link #state} is {@link #START} before the first poll, {@code k >= 1}
 * while suspended at suspension point {@code k} (an {@code await}, or the future the method
 * returned), {@link #RUNNING} during a poll (and forever after the body threw), and
 * {@link #DONE} once the body returned. The body reads it once on entry to dispatch, sets
 * {@code RUNNING}, and writes {@code k} just before returning Pending. Polls are not concurrent
 * (the {@link Future} contract), so the word is a plain field: the task's state CAS orders one
 * poll's writes before the next poll, possibly on another thread.
 *
 * <p><b>Awaiting.</b> {@link #awaited} holds the pending future only while suspended: the body
 * clears it on resumption, so a running or completed machine retains nothing through it.
 *
 * <p><b>Cancellation.</b> {@link #cancel()} on a suspended machine polls the body once with the
 * {@link #UNWIND} context. Resuming at state {@code k} with that context, the body cancels the
 * awaited future and throws {@link CancelledException} at the await, inside the method's own
 * exception ranges, so {@code catch}, {@code finally} and try-with-resources run as in a
 * synchronous method. Cleanup that awaits polls with {@code UNWIND}'s no-op waker: an already
 * ready future continues synchronously; a pending one suspends the machine again, and the rest
 * of the cleanup runs as a detached task on the runtime the calling thread is in (which polls
 * the machine with a real waker). With no runtime to run it (a hand-polled future), or when the
 * cleanup task itself is cancelled (runtime shutdown), the cleanup is unwound synchronously:
 * each await still pending is cancelled in turn, so every {@code finally} still runs once, up
 * to {@link #MAX_SYNC_UNWINDS} times; past that the machine gives up and only cancels the
 * future it waits on. A failure thrown by the synchronous part of the cleanup is thrown by
 * {@code cancel()} (the task that cancelled reports it to the runtime's unhandled-exception
 * policy); one thrown by the detached part fails the cleanup task, which reports it the same
 * way. The {@code CancelledException} itself, rethrown at the end of a {@code finally}, is the
 * expected outcome and is not reported.
 *
 * <p><b>Generators.</b> A suspension point may also be an {@code AsyncStream.emit(item)}: the
 * body returns the item with the state set, and resumes after the emit at the next
 * {@code pollNext}; unwinding throws {@code CancelledException} at the emit. An item emitted
 * by cleanup code after cancellation has no consumer and is dropped.
 */
public abstract class AsyncStateMachine implements AsyncFrame {
    /** {@link #state} before the first poll. */
    public static final int START = 0;
    /** {@link #state} once the method returned and its result was delivered. */
    public static final int DONE = -1;
    /** {@link #state} during a poll, and after the method threw. */
    public static final int RUNNING = -2;

    /**
     * The context a machine is polled with to unwind it on cancellation; its waker does nothing.
     * Only generated code compares against it.
     */
    public static final Context UNWIND = Context.of(Waker.noop());

    /** Bounds the synchronous unwinding of cleanup that keeps awaiting (see the notes). */
    static final int MAX_SYNC_UNWINDS = 1000;

    /** The state word (see the notes); written by generated code only. */
    public int state;

    /** The future awaited while suspended, else {@code null}; written by generated code only. */
    public Future<?> awaited;

    /** For {@link AsyncMachine} and {@link AsyncGenerator}. */
    AsyncStateMachine() {
    }

    /**
     * Resumes the body once: {@code poll} or {@code pollNext}.
     *
     * @param cx the context, or {@link #UNWIND}
     * @return what the body returned
     */
    abstract Poll<?> resume(Context cx);

    /**
     * Returns where the generated method's suspension points are; a constant of the subclass.
     *
     * @return the site table
     */
    protected abstract AsyncSite site();

    /**
     * Called by generated code at an await being unwound: cancels the awaited future and
     * returns the exception the await throws.
     *
     * @param awaited the future the machine was suspended on
     * @return the exception to throw at the await
     */
    public static CancelledException cancelAwait(Future<?> awaited) {
        awaited.cancel();
        return new CancelledException("the task awaiting here was cancelled");
    }

    /**
     * Called by generated code for a state number it does not know: a machine polled after it
     * completed, or concurrently.
     *
     * @param state the state read
     * @return the exception to throw
     */
    public static IllegalStateException badState(int state) {
        return new IllegalStateException(state == RUNNING
                ? "an @Async future was polled after it failed, or while it was being polled"
                : "an @Async future was polled after it completed (state " + state + ")");
    }

    /**
     * Called by generated code at an emit being unwound.
     *
     * @return the exception to throw at the emit
     */
    public static CancelledException cancelEmit() {
        return new CancelledException("the stream emitting here was cancelled");
    }

    /**
     * Cancels the machine: the pending await throws {@link CancelledException} so that the
     * method's {@code finally} blocks and try-with-resources run; what they await runs on as a
     * detached task (see the class notes). A machine that never started just drops its
     * arguments.
     *
     * @throws RuntimeException a failure thrown by the synchronous part of the cleanup (other
     *     than the {@code CancelledException} itself)
     */
    public final void cancel() {
        int s = state;
        if (s == START) {
            state = DONE;
            return;
        }
        if (s < 0) {
            return;
        }
        Throwable failure = unwindOnce();
        if (state > 0) {
            RuntimeCore rt = ThreadContext.currentRuntime();
            boolean detached = false;
            if (rt != null) {
                try {
                    rt.spawn(new Cleanup(this), "async cleanup");
                    detached = true;
                } catch (RuntimeClosedException closed) {
                    detached = false;
                }
            }
            if (!detached) {
                failure = chain(failure, unwindSynchronously());
            }
        }
        if (failure != null) {
            throw Sneaky.raise(failure);
        }
    }

    /** Polls the body once with {@link #UNWIND}; returns a failure other than cancellation. */
    private Throwable unwindOnce() {
        try {
            resume(UNWIND);
            return null;
        } catch (CancelledException expected) {
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Unwinds every remaining await synchronously; returns the first unexpected failure. */
    Throwable unwindSynchronously() {
        Throwable failure = null;
        for (int i = 0; state > 0 && i < MAX_SYNC_UNWINDS; i++) {
            failure = chain(failure, unwindOnce());
        }
        if (state > 0) {
            Future<?> a = awaited;
            awaited = null;
            state = DONE;
            if (a != null) {
                a.cancel();
            }
        }
        return failure;
    }

    private static Throwable chain(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        if (next != null && next != first) {
            first.addSuppressed(next);
        }
        return first;
    }

    @Override
    public StackTraceElement suspendedAt() {
        int s = state;
        return s > 0 ? site().element(s) : null;
    }

    @Override
    public Object awaited() {
        return awaited;
    }

    @Override
    public String toString() {
        StackTraceElement at = site().element(Math.max(state, 0));
        return "@Async " + at.getClassName() + "." + at.getMethodName()
                + (state > 0 ? " suspended at line " + at.getLineNumber() : state == START ? " (not started)" : "");
    }

    /** The detached rest of a cancelled machine's cleanup, run as a task of its own. */
    private static final class Cleanup implements Future<Void>, AsyncFrame {
        private final AsyncStateMachine machine;

        Cleanup(AsyncStateMachine machine) {
            this.machine = machine;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            try {
                // an item emitted by a generator's cleanup has no consumer: drop it and go on
                while (machine.resume(cx).isReady()) {
                    if (machine.state <= 0) {
                        return Poll.ready(null);
                    }
                }
                return Poll.pending();
            } catch (CancelledException expected) {
                return Poll.ready(null);
            }
        }

        @Override
        public void cancel() {
            Throwable failure = machine.unwindSynchronously();
            if (failure != null) {
                throw Sneaky.raise(failure);
            }
        }

        @Override
        public StackTraceElement suspendedAt() {
            return null;
        }

        @Override
        public Object awaited() {
            return machine;
        }
    }
}
