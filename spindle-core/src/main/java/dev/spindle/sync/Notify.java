package dev.spindle.sync;

import dev.spindle.Waker;
import dev.spindle.channel.internal.WaitList;
import java.util.ArrayList;
import java.util.List;

/**
 * Notifies a single task, or every waiting task, of an event (Tokio's {@code sync::Notify}). It
 * holds no data: it is the building block for "wait until a condition I check myself holds".
 *
 * <ul>
 *   <li>{@link #notifyOne()} wakes the longest-waiting {@link #notified()} future; when nobody is
 *       waiting it stores <b>one</b> permit (several calls still store one), which the next
 *       {@code notified()} future consumes at once.
 *   <li>{@link #notifyWaiters()} wakes every {@code notified()} future created before the call,
 *       whether it was already polled or not; it stores no permit.
 * </ul>
 *
 * <p><b>Lost-wakeup-free waiting.</b> Create the future, {@link Notified#enable() enable} it,
 * check the condition, and only then await; a notification sent after {@code enable()} (or, for
 * {@code notifyWaiters}, after {@code notified()}) completes the future:
 *
 * <pre>{@code
 * Notified n = notify.notified();
 * n.enable();
 * if (!queue.isEmpty()) { n.cancel(); return queue.poll(); }
 * n.await();
 * }</pre>
 *
 * <p><b>Wakeup guarantee.</b> {@code notifyOne} completes exactly one waiter (FIFO) or stores
 * the permit; a {@code notified()} future that was handed a {@code notifyOne} and is then
 * cancelled passes it on to the next waiter (or stores it), so cancellation never swallows a
 * notification.
 */
public final class Notify {

    /*
     * Implementation notes.
     *
     * State, all guarded by `lock` (short critical sections, no waits, wakers are called after
     * the lock is released): `permit` (the stored notifyOne), `waiters` (an intrusive FIFO of
     * Notified futures that are enabled and not yet notified), and `waitersCalls` (how many
     * notifyWaiters calls happened).
     *
     * notifyWaiters must reach futures created before it even if they were not enabled yet (Tokio
     * semantics): each Notified captures `waitersCalls` at creation; when it is enabled or polled,
     * a different current value means a notifyWaiters happened in between and the future is
     * complete. `waitersCalls` is volatile so that the capture in notified() (outside the lock)
     * sees every notifyWaiters that finished before it; a notifyWaiters racing with notified()
     * may or may not be seen, which is the linearization point being notified() itself.
     *
     * Notified-and-cancelled race: notifyOne pops the waiter (under the lock) and marks it ONE;
     * a cancel that takes the lock afterwards sees ONE and passes the notification on by running
     * notifyOne's logic again. A cancel that comes first unlinks the node, and the notifier never
     * sees it. Either way exactly one party consumes the notification.
     */

    final Object lock = new Object();
    final WaitList<Notified> waiters = new WaitList<>();
    boolean permit;
    volatile long waitersCalls;

    /** Creates a notify with no stored permit. */
    public Notify() {
    }

    /**
     * Returns a future that completes on the next notification (or at once when a permit is
     * stored, consuming it).
     *
     * @return a new future; it registers as a waiter when first polled or {@link Notified#enable()
     *     enabled}
     * @implNote Cancel safety: cancelling the future loses its place in the queue and nothing
     *     else: a {@code notifyOne} it had already been handed goes to the next waiter.
     */
    public Notified notified() {
        return new Notified(this, waitersCalls);
    }

    /**
     * Wakes the longest-waiting enabled {@link #notified()} future, or stores one permit when
     * there is none. Never blocks; callable from any thread.
     */
    public void notifyOne() {
        Waker w;
        synchronized (lock) {
            w = notifyOneLocked();
        }
        if (w != null) {
            w.wake();
        }
    }

    /**
     * Hands one notification to the first waiter or stores the permit.
     *
     * @return the waker to wake after releasing the lock, or {@code null}
     */
    Waker notifyOneLocked() {
        Notified n = waiters.pollFirst();
        if (n == null) {
            permit = true;
            return null;
        }
        n.notification = Notified.ONE;
        Waker w = n.waker;
        n.waker = null;
        return w;
    }

    /**
     * Wakes every {@link #notified()} future created before this call that has not completed
     * yet. Stores no permit. Never blocks; callable from any thread.
     */
    public void notifyWaiters() {
        List<Waker> wake;
        synchronized (lock) {
            waitersCalls = waitersCalls + 1;
            if (waiters.isEmpty()) {
                return;
            }
            wake = new ArrayList<>(waiters.size());
            Notified n;
            while ((n = waiters.pollFirst()) != null) {
                n.notification = Notified.ALL;
                if (n.waker != null) {
                    wake.add(n.waker);
                    n.waker = null;
                }
            }
        }
        for (Waker w : wake) {
            w.wake();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "Notify[permit=" + permit + ", waiters=" + waiters.size() + "]";
        }
    }
}
