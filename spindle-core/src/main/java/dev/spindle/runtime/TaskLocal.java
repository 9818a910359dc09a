package dev.spindle.runtime;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A value that belongs to a task rather than a thread (Tokio's {@code task_local!}): set for the
 * extent of a future with {@link #scope}, readable with {@link #get()} from anything that future
 * runs, on whichever worker polls it. A request id for logging is the classic use.
 *
 * <pre>{@code
 * static final TaskLocal<String> REQUEST_ID = TaskLocal.named("request-id");
 * Task.spawn(REQUEST_ID.scope("r-42", handle(request)));
 * // anywhere inside handle(...): REQUEST_ID.get() → "r-42"
 * }</pre>
 *
 * <p>Tasks spawned inside the scope do not inherit the value; give them their own scope.
 *
 * @param <T> the value type
 */
public final class TaskLocal<T> {
    private static final Object UNSET = new Object();
    private static final Object NULL = new Object();

    private final String name;
    private final ThreadLocal<Object> current = ThreadLocal.withInitial(() -> UNSET);

    private TaskLocal(String name) {
        this.name = name;
    }

    /**
     * Creates a task-local; the name appears in error messages.
     *
     * @param name a name
     * @param <T> the value type
     * @return the task-local
     */
    public static <T> TaskLocal<T> named(String name) {
        return new TaskLocal<>(Objects.requireNonNull(name, "name"));
    }

    /**
     * Returns a future that runs {@code future} with this task-local set to {@code value} during
     * each of its polls (and during its cancellation, so cleanup sees the value too).
     *
     * @param value the value, may be {@code null}
     * @param future the future
     * @param <R> its value type
     * @return the scoped future
     */
    public <R> Future<R> scope(T value, Future<R> future) {
        Objects.requireNonNull(future, "future");
        Object stored = value == null ? NULL : value;
        return new Future<>() {
            @Override
            public Poll<R> poll(Context cx) {
                Object prev = current.get();
                current.set(stored);
                try {
                    return future.poll(cx);
                } finally {
                    current.set(prev);
                }
            }

            @Override
            public void cancel() {
                Object prev = current.get();
                current.set(stored);
                try {
                    future.cancel();
                } finally {
                    current.set(prev);
                }
            }
        };
    }

    /**
     * Returns the value of the innermost enclosing {@link #scope}.
     *
     * @return the value
     * @throws NoSuchElementException outside any scope of this task-local
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = current.get();
        if (v == UNSET) {
            throw new NoSuchElementException("task-local '" + name + "' is not set: read it inside "
                    + "TaskLocal.scope(value, future)");
        }
        return v == NULL ? null : (T) v;
    }

    /**
     * Returns the value, or {@code other} outside any scope.
     *
     * @param other the fallback
     * @return the value or {@code other}
     */
    @SuppressWarnings("unchecked")
    public T orElse(T other) {
        Object v = current.get();
        return v == UNSET ? other : v == NULL ? null : (T) v;
    }

    /** @return whether a scope of this task-local encloses the caller */
    public boolean isSet() {
        return current.get() != UNSET;
    }

    @Override
    public String toString() {
        return "TaskLocal[" + name + "]";
    }
}
