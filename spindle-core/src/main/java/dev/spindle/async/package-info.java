/**
 * Support for the state machines that Spindle's transformer generates from {@code @Async}
 * methods ({@link dev.spindle.async.AsyncMachine}, {@link dev.spindle.async.AsyncSite}), and
 * the async backtrace API that reads them ({@link dev.spindle.async.AsyncBacktrace},
 * {@link dev.spindle.async.AsyncFrame}). Code outside the generated classes needs only the
 * backtrace API.
 */
package dev.spindle.async;
