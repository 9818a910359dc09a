package dev.spindle.internal;

import dev.spindle.async.AsyncFrame;

/**
 * An {@link AsyncFrame} for a combinator that wraps one future ({@code map}, {@code flatMap},
 * {@code then}, {@code lazy}, a timeout): it has no await of its own, so it only passes the
 * async backtrace on to the future it currently waits on.
 */
public interface PassThroughFrame extends AsyncFrame {
    /** @return {@code null}: a combinator is not suspended at an await of its own */
    @Override
    default StackTraceElement suspendedAt() {
        return null;
    }
}
