package dev.spindle.runtime;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.internal.Sneaky;
import dev.spindle.runtime.internal.RawTask;
import dev.spindle.runtime.internal.RuntimeCore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Structured concurrency: tasks spawned in a scope do not outlive it, and (by default) the first
 * failure cancels the siblings.
 *
 * <pre>{@code
 * Future<Report> report = TaskScope.scoped(scope -> {
 *     JoinHandle<User> user = scope.spawn(fetchUser(id));
 *     JoinHandle<List<Order>> orders = scope.spawn(fetchOrders(id));
 *     return Futures.join(user, orders).map(j -> new Report(j.first(), j.second()));
 * });
 * }</pre>
 *
 * <p>{@link #scoped} is the form to prefer: its future completes only after every child has
 * finished, and cancelling it aborts the children. With {@link #open()}, {@link #join()} waits
 * for the children and {@link #close()} aborts whatever is still running.
 *
 * <p>A scope belongs to one task at a time; its children run anywhere on the runtime.
 */
public final class TaskScope implements AutoCloseable {

    /** What a child's failure does to its siblings. */
    public enum FailurePolicy {
        /** Abort the other children at the first failure (the default). */
        CANCEL_SIBLINGS,
        /** Let the others run; {@link #join()} still reports the first failure. */
        CONTINUE
    }

    private final FailurePolicy policy;
    private final RuntimeCore runtime;
    private final List<RawTask<?>> children = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private volatile Throwable firstFailure;
    private volatile Waker joiner;
    private volatile boolean cancelled;

    private TaskScope(FailurePolicy policy) {
        this.policy = policy;
        this.runtime = Task.requireRuntime("TaskScope.open");
    }

    /**
     * Opens a scope on the current runtime that cancels siblings at the first failure.
     *
     * @return the scope
     */
    public static TaskScope open() {
        return new TaskScope(FailurePolicy.CANCEL_SIBLINGS);
    }

    /**
     * Opens a scope with a failure policy.
     *
     * @param policy what a failure does to siblings
     * @return the scope
     */
    public static TaskScope open(FailurePolicy policy) {
        return new TaskScope(Objects.requireNonNull(policy, "policy"));
    }

    /**
     * Runs {@code body} with a new scope and completes with its value once the body's future
     * and every child have completed. If the body or a child fails, the remaining children are
     * aborted, awaited, and the first failure is thrown.
     *
     * @implNote Cancel safety: cancelling the returned future aborts every child; the children's
     *     cleanup continues on the runtime.
     * @param body builds the scope's main future, spawning children into the scope
     * @param <R> the value type
     * @return the scoped future
     */
    public static <R> Future<R> scoped(Function<TaskScope, ? extends Future<R>> body) {
        Objects.requireNonNull(body, "body");
        return new Scoped<>(body);
    }

    /**
     * Spawns a child into the scope.
     *
     * @param future what the child runs
     * @param <T> its value type
     * @return the child's handle
     * @throws IllegalStateException if the scope was cancelled or closed
     */
    public <T> JoinHandle<T> spawn(Future<T> future) {
        Objects.requireNonNull(future, "future");
        if (cancelled) {
            throw new IllegalStateException("cannot spawn into a cancelled or closed TaskScope");
        }
        RawTask<T> task = runtime.spawn(future, null);
        children.add(task);
        running.incrementAndGet();
        Completion c = new Completion(task);
        if (!task.setCompletionListener(c)) {
            c.wake(); // finished before the listener was in place; wake() runs at most once
        }
        return task;
    }

    /**
     * Returns a future that completes when every child has completed; it fails with the first
     * child failure (the {@link JoinException} of that child).
     *
     * @implNote Cancel safety: cancel-safe; cancelling the wait does not touch the children.
     * @return the future
     */
    public Future<Void> join() {
        return this::pollJoin;
    }

    private Poll<Void> pollJoin(Context cx) {
        if (running.get() != 0) {
            joiner = cx.waker();
            if (running.get() != 0) {
                return Poll.pending();
            }
        }
        Throwable f = firstFailure;
        if (f != null) {
            throw Sneaky.raise(f);
        }
        return Poll.ready(null);
    }

    /** Aborts every child still running; no more children can be spawned. */
    public void cancel() {
        cancelled = true;
        for (RawTask<?> t : children) {
            t.abort();
        }
    }

    /** @return the number of children not yet completed */
    public int runningCount() {
        return running.get();
    }

    /** Aborts every child still running (as {@link #cancel()}). */
    @Override
    public void close() {
        cancel();
    }

    private void childDone(RawTask<?> task) {
        if (task.isFailed() && firstFailure == null) {
            try {
                task.outcome();
            } catch (JoinException e) {
                synchronized (this) {
                    if (firstFailure == null) {
                        firstFailure = e;
                    }
                }
            }
            if (policy == FailurePolicy.CANCEL_SIBLINGS) {
                for (RawTask<?> t : List.copyOf(children)) {
                    t.abort();
                }
            }
        }
        if (running.decrementAndGet() == 0) {
            Waker w = joiner;
            if (w != null) {
                w.wake();
            }
        }
    }

    /** The completion hook of one child: counts it done exactly once. */
    private final class Completion extends java.util.concurrent.atomic.AtomicBoolean implements Waker {
        private final RawTask<?> task;

        Completion(RawTask<?> task) {
            this.task = task;
        }

        @Override
        public void wake() {
            if (compareAndSet(false, true)) {
                childDone(task);
            }
        }
    }

    /** The future behind {@link #scoped}. */
    private static final class Scoped<R> implements Future<R> {
        private Function<TaskScope, ? extends Future<R>> body;
        private TaskScope scope;
        private Future<R> main;
        private R value;
        private Throwable failure;
        private boolean mainDone;

        Scoped(Function<TaskScope, ? extends Future<R>> body) {
            this.body = body;
        }

        @Override
        public Poll<R> poll(Context cx) {
            if (scope == null) {
                scope = TaskScope.open();
                main = Objects.requireNonNull(body.apply(scope), "scope body returned null");
                body = null;
            }
            if (!mainDone) {
                try {
                    Poll<R> p = main.poll(cx);
                    if (p instanceof Poll.Ready<R> r) {
                        value = r.value();
                        mainDone = true;
                    }
                } catch (Throwable t) {
                    failure = t;
                    mainDone = true;
                    scope.cancel();
                }
                if (mainDone) {
                    main = null;
                }
            }
            if (scope.firstFailure != null && !scope.cancelled) {
                scope.cancel();
                if (!mainDone) {
                    Future<R> m = main;
                    main = null;
                    mainDone = true;
                    m.cancel();
                }
            }
            if (!mainDone) {
                scope.joiner = cx.waker();
                return Poll.pending();
            }
            if (scope.pollJoinQuietly(cx)) {
                return Poll.pending();
            }
            Throwable f = failure != null ? failure : scope.firstFailure;
            if (f != null) {
                throw Sneaky.raise(f);
            }
            return Poll.ready(value);
        }

        @Override
        public void cancel() {
            Future<R> m = main;
            main = null;
            if (m != null) {
                m.cancel();
            }
            if (scope != null) {
                scope.cancel();
            }
        }
    }

    /** @return {@code true} while children are still running (the waker is registered) */
    private boolean pollJoinQuietly(Context cx) {
        if (running.get() == 0) {
            return false;
        }
        joiner = cx.waker();
        return running.get() != 0;
    }
}
