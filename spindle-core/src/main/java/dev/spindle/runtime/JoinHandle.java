package dev.spindle.runtime;

import dev.spindle.Future;

/**
 * The handle of a spawned task, and itself a {@link Future} of the task's value (Tokio's
 * {@code JoinHandle}).
 *
 * <p>Awaiting (polling) the handle gives the task's value once it completes, or fails with a
 * {@link JoinException} that says whether the task failed (with its exception as the cause) or
 * was cancelled. A handle may be polled again after it completed and gives the same outcome.
 *
 * <p>Dropping the handle — letting it go unreferenced, or its {@link #cancel()} as the loser of
 * a {@code select} — <em>detaches</em> the task: it keeps running. Use {@link #abort()} to stop it.
 *
 * @implNote Cancel safety: awaiting a handle is cancel-safe. Cancelling the await detaches, it
 *     does not abort; the task's outcome can still be read through the handle later.
 * @param <T> the task's value type
 */
public interface JoinHandle<T> extends Future<T>, AbortHandle {

    /**
     * Returns an abort handle for the task, which can be shared without giving access to the
     * task's value.
     *
     * @return the abort handle
     */
    AbortHandle abortHandle();
}
