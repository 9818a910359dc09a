package dev.spindle.sync;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.channel.internal.WaitList;
import dev.spindle.runtime.internal.Coop;

/**
 * The future returned by {@link Notify#notified()}: completes (with {@code null}) once this
 * waiter is notified. See {@link Notify} for the lost-wakeup-free pattern with
 * {@link #enable()}.
 *
 * @implNote Cancel safety: cancelling loses the queue place only; a {@code notifyOne} already
 *     handed to this future is passed on to the next waiter (or stored as the permit).
 */
public final class Notified extends WaitList.Node implements Future<Void> {

    /*
     * Implementation notes. All fields are guarded by notify.lock. `state` moves
     * INIT -> WAITING -> DONE, or INIT -> DONE (permit or notifyWaiters seen at enable); WAITING
     * means linked in notify.waiters unless a notifier has popped it, in which case
     * `notification` is ONE or ALL. DONE is terminal: the notification was returned by poll or
     * cancel() released everything.
     */

    static final int NONE = 0;
    static final int ONE = 1;
    static final int ALL = 2;

    private static final int INIT = 0;
    private static final int WAITING = 1;
    private static final int DONE = 2;

    private final Notify notify;
    private final long waitersCallsAtCreation;
    private int state = INIT;
    int notification = NONE;
    Waker waker;

    Notified(Notify notify, long waitersCalls) {
        this.notify = notify;
        this.waitersCallsAtCreation = waitersCalls;
    }

    /**
     * Registers this future as a waiter without polling it: from now on a {@code notifyOne}
     * can be handed to it (or it consumed the stored permit). Idempotent.
     *
     * @return whether the future is already notified, so that awaiting it completes at once
     */
    public boolean enable() {
        synchronized (notify.lock) {
            return enableLocked();
        }
    }

    private boolean enableLocked() {
        if (state == INIT) {
            if (notify.waitersCalls != waitersCallsAtCreation) {
                notification = ALL;
            } else if (notify.permit) {
                notify.permit = false;
                notification = ONE;
            } else {
                notify.waiters.addLast(this);
            }
            state = WAITING;
        }
        return state == WAITING && notification != NONE;
    }

    /**
     * Completes once notified; the first poll enables the future if {@link #enable()} was not
     * called.
     *
     * @implNote Cancel safety: see the class description.
     */
    @Override
    public Poll<Void> poll(Context cx) {
        if (!Coop.proceed(cx)) {
            return Poll.pending();
        }
        synchronized (notify.lock) {
            if (state == DONE) {
                throw new IllegalStateException("notified() future polled after it completed or was cancelled");
            }
            if (enableLocked()) {
                state = DONE;
                waker = null;
                return Poll.ready(null);
            }
            Waker w = cx.waker();
            if (waker == null || !waker.willWake(w)) {
                waker = w;
            }
            return Poll.pending();
        }
    }

    /** Leaves the queue; a {@code notifyOne} this future was handed goes to the next waiter. */
    @Override
    public void cancel() {
        Waker w = null;
        synchronized (notify.lock) {
            if (state == WAITING) {
                notify.waiters.remove(this);
                if (notification == ONE) {
                    w = notify.notifyOneLocked();
                }
            }
            state = DONE;
            waker = null;
        }
        if (w != null) {
            w.wake();
        }
    }
}
