package dev.spindle.async;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.stream.AsyncStream;

/**
 * The superclass of the state machines Spindle's transformer generates for {@code @Async}
 * generators, methods returning {@link AsyncStream} that call {@code AsyncStream.emit(item)}:
 * support for generated code, not meant to be extended by hand. The generated subclass
 * implements {@link #pollNext(Context)}; {@link AsyncStateMachine} describes the state,
 * cancellation and backtraces.
 *
 * <p>A generator that returns a stream other than {@code AsyncStream.empty()} goes on with that
 * stream's items ({@link #tail}) before it ends.
 *
 * @param <T> the item type
 */
public abstract class AsyncGenerator<T> extends AsyncStateMachine implements AsyncStream<T> {

    /** The stream the generator returned, while its items are passed on; generated code only. */
    public AsyncStream<?> tail;

    /** For generated subclasses. */
    protected AsyncGenerator() {
    }

    /**
     * Called by generated code at an emit: the item to return from {@code pollNext}.
     *
     * @param item the emitted item
     * @return {@code Poll.ready(item)}
     * @throws NullPointerException if {@code item} is {@code null} (streams have no null items)
     */
    public static Poll<Object> item(Object item) {
        if (item == null) {
            throw new NullPointerException("AsyncStream.emit(null): streams have no null items");
        }
        return Poll.ready(item);
    }

    @Override
    public Object awaited() {
        AsyncStream<?> t = tail;
        return t != null ? t : awaited;
    }

    @Override
    final Poll<?> resume(Context cx) {
        return pollNext(cx);
    }
}
