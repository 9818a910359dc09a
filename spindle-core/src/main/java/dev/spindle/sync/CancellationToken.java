package dev.spindle.sync;

import dev.spindle.CancelledException;
import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.channel.internal.WaitList;
import dev.spindle.runtime.internal.Coop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A token that signals cancellation to every task holding it (tokio-util's
 * {@code CancellationToken}). {@link #cancel()} is idempotent and sticky; {@link #cancelled()}
 * futures complete once it is called; {@link #childToken() child tokens} are cancelled with their
 * parent (not the other way round).
 *
 * <p>As a drop guard: the token is {@link AutoCloseable}, and {@link #close()} cancels it, so
 * {@code try (var child = parent.childToken()) { ... }} cancels whatever was started with the
 * child when the block exits.
 *
 * <p><b>Wakeup guarantee.</b> Every {@code cancelled()} future of this token and of its
 * descendants that is pending when {@code cancel()} is called is woken; one created afterwards
 * completes at its first poll.
 */
public final class CancellationToken implements AutoCloseable {

    /*
     * Implementation notes.
     *
     * One lock per tree (`lock`, shared with every descendant, created by the root): cancel walks
     * the subtree under it, so a child created concurrently with its parent's cancel is either
     * linked before the walk (and cancelled by it) or created after and born cancelled. The
     * critical sections are short and never wait; wakers run after the lock is released.
     *
     * `cancelled` is volatile and only ever goes false -> true under the lock, so
     * isCancelled() and the fast path of the future's poll read it without the lock.
     *
     * Children form an intrusive sibling list (`firstChild`, `prevSibling`, `nextSibling`). A child
     * that is cancelled unlinks itself from its parent, so the tree holds only live tokens; a
     * child that is never cancelled stays reachable from its parent until the parent is
     * cancelled (Java has no drop to unlink it earlier) — close() child tokens you are done with.
     */

    private final Object lock;
    private final CancellationToken parent;
    private final WaitList<Waiter> waiters = new WaitList<>();
    private volatile boolean cancelled;
    private CancellationToken firstChild;
    private CancellationToken prevSibling;
    private CancellationToken nextSibling;

    /** Creates a token that is not cancelled and has no parent. */
    public CancellationToken() {
        this.lock = new Object();
        this.parent = null;
    }

    private CancellationToken(CancellationToken parent) {
        this.lock = parent.lock;
        this.parent = parent;
    }

    /**
     * Returns a new token that is cancelled when this one is (and may be cancelled on its own
     * without affecting this one). A child of a cancelled token is cancelled.
     *
     * @return the child
     */
    public CancellationToken childToken() {
        CancellationToken child = new CancellationToken(this);
        synchronized (lock) {
            if (cancelled) {
                child.cancelled = true;
            } else {
                child.nextSibling = firstChild;
                if (firstChild != null) {
                    firstChild.prevSibling = child;
                }
                firstChild = child;
            }
        }
        return child;
    }

    /** Cancels this token and all its descendants, waking their {@link #cancelled()} futures. */
    public void cancel() {
        List<Waker> wake = new ArrayList<>();
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            if (parent != null && !parent.cancelled) {
                unlinkFromParent();
            }
            ArrayDeque<CancellationToken> todo = new ArrayDeque<>();
            todo.add(this);
            CancellationToken t;
            while ((t = todo.poll()) != null) {
                t.cancelled = true;
                Waiter w;
                while ((w = t.waiters.pollFirst()) != null) {
                    if (w.waker != null) {
                        wake.add(w.waker);
                        w.waker = null;
                    }
                }
                for (CancellationToken c = t.firstChild; c != null; ) {
                    CancellationToken next = c.nextSibling;
                    c.prevSibling = null;
                    c.nextSibling = null;
                    if (!c.cancelled) {
                        todo.add(c);
                    }
                    c = next;
                }
                t.firstChild = null;
            }
        }
        for (Waker w : wake) {
            w.wake();
        }
    }

    private void unlinkFromParent() {
        if (prevSibling != null) {
            prevSibling.nextSibling = nextSibling;
        } else if (parent.firstChild == this) {
            parent.firstChild = nextSibling;
        }
        if (nextSibling != null) {
            nextSibling.prevSibling = prevSibling;
        }
        prevSibling = null;
        nextSibling = null;
    }

    /** @return whether {@link #cancel()} was called on this token or an ancestor */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Returns a future that completes (with {@code null}) once this token is cancelled.
     *
     * @return a new future
     * @implNote Cancel safety: cancel-safe; dropping the future only removes its waiter.
     */
    public Future<Void> cancelled() {
        return new Waiter(this);
    }

    /**
     * Runs {@code future} until it completes or this token is cancelled, whichever comes first
     * (tokio-util's {@code run_until_cancelled}). On cancellation {@code future} is cancelled
     * (dropped) and the returned future fails with {@link CancelledException}. When both are
     * ready at the same poll, cancellation wins.
     *
     * @param future the work
     * @param <T> its value type
     * @return a future with the work's value
     * @implNote Cancel safety: as cancel-safe as {@code future}; cancelling the returned future
     *     cancels {@code future}.
     */
    public <T> Future<T> runUntilCancelled(Future<T> future) {
        Objects.requireNonNull(future, "future");
        Waiter w = new Waiter(this);
        return new Future<>() {
            private boolean done;

            @Override
            public Poll<T> poll(Context cx) {
                if (w.poll(cx).isReady()) {
                    done = true;
                    future.cancel();
                    throw new CancelledException("cancellation token was cancelled");
                }
                Poll<T> p;
                try {
                    p = future.poll(cx);
                } catch (Throwable t) {
                    done = true;
                    w.cancel();
                    throw t;
                }
                if (p.isReady()) {
                    done = true;
                    w.cancel();
                }
                return p;
            }

            @Override
            public void cancel() {
                if (!done) {
                    done = true;
                    w.cancel();
                    future.cancel();
                }
            }
        };
    }

    /** Cancels the token: the drop-guard use in try-with-resources. Same as {@link #cancel()}. */
    @Override
    public void close() {
        cancel();
    }

    @Override
    public String toString() {
        return "CancellationToken[cancelled=" + cancelled + "]";
    }

    /** The {@link #cancelled()} future. */
    private static final class Waiter extends WaitList.Node implements Future<Void> {
        private final CancellationToken token;
        Waker waker;

        Waiter(CancellationToken token) {
            this.token = token;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (!Coop.proceed(cx)) {
                return Poll.pending();
            }
            if (token.cancelled && !isLinked()) {
                return Poll.ready(null);
            }
            synchronized (token.lock) {
                if (token.cancelled) {
                    token.waiters.remove(this);
                    waker = null;
                    return Poll.ready(null);
                }
                waker = cx.waker();
                if (!isLinked()) {
                    token.waiters.addLast(this);
                }
                return Poll.pending();
            }
        }

        @Override
        public void cancel() {
            synchronized (token.lock) {
                token.waiters.remove(this);
                waker = null;
            }
        }
    }
}
