package dev.spindle.async;

import java.util.ArrayList;
import java.util.List;

/**
 * Async backtraces: where a chain of suspended {@code @Async} methods waits, outermost first,
 * as Rust's async-backtrace and Tokio's task dumps show it.
 *
 * <pre>{@code
 * for (StackTraceElement e : AsyncBacktrace.of(future)) {
 *     System.out.println("  at " + e);   // at com.example.Fetch.fetchUser(Fetch.java:12)
 * }
 * }</pre>
 *
 * <p>The backtrace is read racily: call it on a future that is not being polled (a suspended
 * task), or accept a torn view.
 */
public final class AsyncBacktrace {
    /** Bounds the walk, so that a cycle of futures awaiting each other cannot loop forever. */
    private static final int MAX_DEPTH = 1024;

    private AsyncBacktrace() {
    }

    /**
     * Returns the pending awaits of {@code future} and of every {@link AsyncFrame} it waits on,
     * outermost first. A future that is not an {@link AsyncFrame} ends the chain.
     *
     * @param future the future (or stream), typically a suspended task's
     * @return the frames, empty when {@code future} is not suspended at an await
     */
    public static List<StackTraceElement> of(Object future) {
        List<StackTraceElement> frames = new ArrayList<>();
        Object f = future;
        for (int depth = 0; f instanceof AsyncFrame frame && depth < MAX_DEPTH; depth++) {
            StackTraceElement at = frame.suspendedAt();
            if (at != null) {
                frames.add(at);
            }
            f = frame.awaited();
        }
        return frames;
    }

    /**
     * Returns what the innermost frame of {@code future}'s chain waits on: the first future (or
     * stream) along {@link AsyncFrame#awaited()} that is not itself an {@link AsyncFrame} — a
     * sleep, a channel receive, another task's {@code JoinHandle}. Task dumps print it after the
     * frames of {@link #of}.
     *
     * @param future the future (or stream), typically a suspended task's
     * @return that future, or {@code null} when the chain ends in nothing (or is longer than the
     *     walk's bound)
     */
    public static Object innermostAwaited(Object future) {
        Object f = future;
        for (int depth = 0; f instanceof AsyncFrame frame && depth < MAX_DEPTH; depth++) {
            f = frame.awaited();
        }
        return f instanceof AsyncFrame ? null : f;
    }
}
