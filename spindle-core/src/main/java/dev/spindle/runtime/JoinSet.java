package dev.spindle.runtime;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.runtime.internal.RawTask;
import dev.spindle.runtime.internal.RuntimeCore;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A set of spawned tasks whose outcomes are taken in completion order (Tokio's {@code JoinSet}).
 *
 * <pre>{@code
 * try (JoinSet<Integer> set = new JoinSet<>()) {
 *     for (int i = 0; i < 10; i++) set.spawn(work(i));
 *     while (!set.isEmpty()) total += set.joinNext().await();
 * }   // closing aborts whatever is still running
 * }</pre>
 *
 * <p>Like a collection, a join set belongs to one task at a time: it is not safe for concurrent
 * use. The tasks themselves run anywhere on the runtime.
 *
 * @param <T> the tasks' value type
 */
public final class JoinSet<T> implements AutoCloseable {
    private final Set<RawTask<T>> tasks = new LinkedHashSet<>();
    private final ConcurrentLinkedQueue<RawTask<T>> done = new ConcurrentLinkedQueue<>();
    private volatile Waker waiter;
    private final RuntimeCore runtime;

    /** Creates an empty set that spawns onto the current runtime. */
    public JoinSet() {
        this.runtime = null;
    }

    /**
     * Creates an empty set that spawns onto {@code handle}'s runtime.
     *
     * @param handle the runtime's handle
     */
    public JoinSet(Handle handle) {
        this.runtime = handle.core();
    }

    /**
     * Spawns a task into the set.
     *
     * @param future what the task runs
     * @return a handle that can abort the task
     */
    public AbortHandle spawn(Future<T> future) {
        Objects.requireNonNull(future, "future");
        RuntimeCore rt = runtime != null ? runtime : Task.requireRuntime("JoinSet.spawn");
        RawTask<T> task = rt.spawn(future, null);
        tasks.add(task);
        Completion c = new Completion(task);
        if (!task.setCompletionListener(c)) {
            c.wake(); // finished before the listener was in place; wake() runs at most once
        }
        return task;
    }

    /**
     * Returns a future of the next task to complete: its value, or a {@link JoinException} if
     * it failed or was cancelled. The task leaves the set.
     *
     * @implNote Cancel safety: cancel-safe. A cancelled {@code joinNext} removes nothing; the
     *     next call returns the same task.
     * @return the future; fails with {@link NoSuchElementException} when the set is empty
     */
    public Future<T> joinNext() {
        return this::pollJoinNext;
    }

    private Poll<T> pollJoinNext(Context cx) {
        if (!Coop.proceed(cx)) {
            return Poll.pending();
        }
        RawTask<T> t = done.poll();
        if (t == null) {
            if (tasks.isEmpty()) {
                throw new NoSuchElementException("joinNext() on an empty JoinSet");
            }
            waiter = cx.waker();
            t = done.poll();
            if (t == null) {
                return Poll.pending();
            }
        }
        tasks.remove(t);
        return Poll.ready(t.outcome());
    }

    /** Aborts every task in the set; they stay in it until joined or the set is closed. */
    public void abortAll() {
        for (RawTask<T> t : tasks) {
            t.abort();
        }
    }

    /** @return tasks spawned into the set and not yet taken out by {@link #joinNext()} */
    public int size() {
        return tasks.size();
    }

    /** @return whether {@link #size()} is 0 */
    public boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** Aborts every task still in the set and empties it. */
    @Override
    public void close() {
        abortAll();
        tasks.clear();
        done.clear();
    }

    /** The completion hook of one member: queues it as done (once) and wakes the joiner. */
    private final class Completion extends java.util.concurrent.atomic.AtomicBoolean implements Waker {
        private final RawTask<T> task;

        Completion(RawTask<T> task) {
            this.task = task;
        }

        @Override
        public void wake() {
            if (!compareAndSet(false, true)) {
                return; // both the task's completion and spawn's late check may call it
            }
            done.add(task);
            Waker w = waiter;
            if (w != null) {
                w.wake();
            }
        }
    }
}
