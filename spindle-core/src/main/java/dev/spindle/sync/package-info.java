/**
 * Asynchronous synchronisation primitives (Tokio's {@code tokio::sync}): waiting for them
 * suspends the task, never a thread, so a guard may be held across an {@code await}.
 *
 * <ul>
 *   <li>{@link dev.spindle.sync.Mutex} — FIFO-fair mutual exclusion around a value, with
 *       {@link dev.spindle.sync.MutexGuard} and {@link dev.spindle.sync.MappedMutexGuard}.
 *   <li>{@link dev.spindle.sync.RwLock} — fair, write-preferring reader-writer lock, with
 *       {@link dev.spindle.sync.RwLockReadGuard} and {@link dev.spindle.sync.RwLockWriteGuard}.
 *   <li>{@link dev.spindle.sync.Semaphore} — counting semaphore with
 *       {@link dev.spindle.sync.SemaphorePermit}s, closable.
 *   <li>{@link dev.spindle.sync.OnceCell} — a value initialised at most once, asynchronously.
 *   <li>{@link dev.spindle.sync.Barrier} — a fixed number of tasks meet, one of them leads.
 * </ul>
 *
 * <p>All of them but the barrier's counter sit on one FIFO waiter queue (Tokio's batch
 * semaphore): a task that waits is queued once, woken once when what it waits for has been
 * handed to it, and a waiter that is cancelled leaves the queue in O(1) and passes on anything
 * it had been handed. Every operation consumes the cooperative budget.
 *
 * <p><b>Cancel safety</b>, as each method's {@code @implNote} states:
 * <table>
 *   <caption>What cancelling a pending future loses</caption>
 *   <tr><th>future</th><th>cancelling it</th></tr>
 *   <tr><td>{@code Mutex.lock}, {@code RwLock.read}/{@code write}, {@code Semaphore.acquire}</td>
 *       <td>loses its place in the queue, nothing else</td></tr>
 *   <tr><td>{@code OnceCell.getOrInit} (waiting)</td><td>loses its place in the queue</td></tr>
 *   <tr><td>{@code OnceCell.getOrInit} (its initialiser running)</td>
 *       <td>cancels the initialiser; the next waiter runs its own</td></tr>
 *   <tr><td>{@code Barrier.waitFor}</td><td>not cancel-safe: the arrival stays counted</td></tr>
 * </table>
 *
 * <p><b>Misuse</b> fails loudly: a guard or permit released twice throws
 * {@link dev.spindle.sync.GuardReleasedException}; acquiring from a closed semaphore throws
 * {@link dev.spindle.sync.SemaphoreClosedException}; negative counts and counts above
 * {@link dev.spindle.sync.Semaphore#MAX_PERMITS} throw {@link IllegalArgumentException}.
 */
package dev.spindle.sync;
