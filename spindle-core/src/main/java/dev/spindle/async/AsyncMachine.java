package dev.spindle.async;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;

/**
 * The superclass of the state machines Spindle's transformer generates for {@code @Async}
 * methods returning {@link Future}: support for generated code, not meant to be extended by
 * hand. The generated subclass implements {@link #poll(Context)}; {@link AsyncStateMachine}
 * describes the state, cancellation and backtraces.
 *
 * @param <T> the value type of the method's future
 */
public abstract class AsyncMachine<T> extends AsyncStateMachine implements Future<T> {

    /** For generated subclasses. */
    protected AsyncMachine() {
    }

    @Override
    final Poll<?> resume(Context cx) {
        return poll(cx);
    }
}
