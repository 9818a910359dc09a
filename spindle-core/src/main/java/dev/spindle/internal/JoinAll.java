package dev.spindle.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.internal.Coop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code Futures.join}/{@code joinAll}/{@code tryJoinAll}: polls each child only when its own
 * waker fired, so a join over n futures costs O(1) per wakeup instead of O(n).
 *
 * <h2>Implementation notes</h2>
 *
 * <p>Each child gets a {@link Child} that is both its slot and its waker. A child's wake sets its
 * {@code woken} flag (CAS 0→1, so repeated wakes queue it once), pushes it onto {@link #readyHead}
 * (a Treiber stack: lock-free, any thread), and wakes the parent's current waker (read from the
 * volatile {@link #parentWaker}). A poll of the join first stores the parent waker, then takes
 * the whole stack with one {@code getAndSet(null)}, clears each child's flag before polling it
 * (a wake during the child's poll re-queues it), and polls. The first poll polls every child.
 * Memory: a wake's writes happen-before the child's next poll through the CAS on the flag and
 * the stack's volatile head.
 *
 * @param <T> the value type
 */
public final class JoinAll<T> implements Future<List<T>> {
    private final Child[] children;
    private final Object[] results;
    private final boolean failFast;
    private int remaining;
    private boolean started;
    private int nextInitial;
    private Throwable failure;
    private volatile Waker parentWaker;
    @SuppressWarnings("unused") // through READY
    private volatile Child readyHead;

    /**
     * @param futures the children
     * @param failFast whether the first failure cancels the rest at once
     */
    public JoinAll(List<? extends Future<? extends T>> futures, boolean failFast) {
        int n = futures.size();
        this.children = new Child[n];
        this.results = new Object[n];
        for (int i = 0; i < n; i++) {
            Future<? extends T> f = futures.get(i);
            if (f == null) {
                throw new NullPointerException("future at index " + i);
            }
            children[i] = new Child(this, f, i);
        }
        this.failFast = failFast;
        this.remaining = n;
    }

    @Override
    public Poll<List<T>> poll(Context cx) {
        parentWaker = cx.waker();
        if (!started) {
            // The first pass polls every child; if the budget runs out it resumes where it stopped.
            for (int i = nextInitial; i < children.length; i++) {
                if (!Coop.hasBudgetRemaining()) {
                    nextInitial = i;
                    cx.waker().wake();
                    return Poll.pending();
                }
                pollChild(children[i]);
                if (failFast && failure != null) {
                    return fail();
                }
            }
            started = true;
        }
        Child c = (Child) READY.getAndSet(this, null);
        while (c != null) {
            if (!Coop.hasBudgetRemaining()) {
                // Polling on would only make every child return Pending: requeue and yield.
                requeue(c);
                cx.waker().wake();
                return Poll.pending();
            }
            Child next = c.next;
            c.next = null;
            pollChild(c);
            if (failFast && failure != null) {
                return fail();
            }
            c = next;
        }
        if (remaining > 0) {
            return Poll.pending();
        }
        if (failure != null) {
            throw Sneaky.raise(failure);
        }
        @SuppressWarnings("unchecked")
        List<T> out = (List<T>) Arrays.asList(results);
        return Poll.ready(out);
    }

    /** Pushes a detached chain of children back onto the ready stack (they stay marked woken). */
    private void requeue(Child chain) {
        while (chain != null) {
            Child next = chain.next;
            for (;;) {
                Child h = readyHead;
                chain.next = h;
                if (READY.compareAndSet(this, h, chain)) {
                    break;
                }
            }
            chain = next;
        }
    }

    private void pollChild(Child c) {
        Future<?> f = c.future;
        if (f == null) {
            return;
        }
        CHILD_WOKEN.setVolatile(c, 0);
        Poll<?> p;
        try {
            p = f.poll(c.cx);
        } catch (Throwable t) {
            c.future = null;
            remaining--;
            if (failure == null) {
                failure = t;
            } else if (failure != t) {
                failure.addSuppressed(t);
            }
            return;
        }
        if (p instanceof Poll.Ready<?> r) {
            c.future = null;
            results[c.index] = r.value();
            remaining--;
        }
    }

    private Poll<List<T>> fail() {
        cancel();
        throw Sneaky.raise(failure);
    }

    @Override
    public void cancel() {
        for (Child c : children) {
            Future<?> f = c.future;
            c.future = null;
            if (f != null) {
                f.cancel();
            }
        }
    }

    @Override
    public String toString() {
        List<Object> pending = new ArrayList<>();
        for (Child c : children) {
            if (c.future != null) {
                pending.add(c.future);
            }
        }
        return "joinAll(" + remaining + " pending: " + pending + ")";
    }

    /** One child: its future, its slot, and the waker it is polled with. */
    private static final class Child implements Waker {
        final JoinAll<?> parent;
        final int index;
        final Context cx;
        Future<?> future;
        volatile int woken;
        Child next;

        Child(JoinAll<?> parent, Future<?> future, int index) {
            this.parent = parent;
            this.future = future;
            this.index = index;
            this.cx = Context.of(this);
        }

        @Override
        public void wake() {
            if (woken != 0 || !CHILD_WOKEN.compareAndSet(this, 0, 1)) {
                return;
            }
            JoinAll<?> p = parent;
            for (;;) {
                Child h = p.readyHead;
                next = h;
                if (READY.compareAndSet(p, h, this)) {
                    break;
                }
            }
            Waker w = p.parentWaker;
            if (w != null) {
                w.wake();
            }
        }
    }

    // VarHandle mechanics
    private static final VarHandle READY;
    private static final VarHandle CHILD_WOKEN;

    static {
        try {
            READY = MethodHandles.lookup().findVarHandle(JoinAll.class, "readyHead", Child.class);
            CHILD_WOKEN = MethodHandles.lookup().findVarHandle(Child.class, "woken", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
