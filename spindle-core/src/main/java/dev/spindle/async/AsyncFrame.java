package dev.spindle.async;

/**
 * A future that can say where it is suspended: the state machines that Spindle's transformer
 * generates for {@code @Async} methods (futures and generators) implement it, so that a suspended task can print an
 * async backtrace ({@link AsyncBacktrace#of}).
 *
 * <p>Hand-written combinators may implement it too, to pass the backtrace through to the future
 * they wait on (returning {@code null} from {@link #suspendedAt()}).
 */
public interface AsyncFrame {

    /**
     * Returns the source location of the {@code await} this future is suspended at.
     *
     * @return the method, file and line of the pending await, or {@code null} when the future
     *     is not suspended at an await (not started, running, completed, or not a machine)
     */
    StackTraceElement suspendedAt();

    /**
     * Returns what this one waits on: a future, or a stream (a generator passing on a returned
     * stream, a detached cleanup waiting on its machine).
     *
     * @return the awaited future or stream, or {@code null} when it waits on nothing
     */
    Object awaited();
}
