package dev.spindle.examples.tour;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;

/**
 * A future that narrates what happens to the future it wraps: its first poll, its completion,
 * and {@link #cancel()} -- the drop hook that {@code select}, {@code timeout} and
 * {@code JoinHandle.abort()} call on a future they give up on.
 *
 * <p>It is written by hand, the way every combinator is written underneath: it polls the inner
 * future with the caller's context, so that the caller's waker is the one the inner future
 * registers, and it passes {@code cancel()} on, so that the inner future releases what it holds
 * (a sleep removes its timer entry).
 *
 * @param <T> the value type
 */
final class Traced<T> implements Future<T> {
    private final String name;
    private final Future<T> inner;
    private final Narrator out;
    private boolean polled;

    Traced(String name, Future<T> inner, Narrator out) {
        this.name = name;
        this.inner = inner;
        this.out = out;
    }

    @Override
    public Poll<T> poll(Context cx) {
        if (!polled) {
            polled = true;
            out.event(name + ": first poll");
        }
        Poll<T> p = inner.poll(cx);
        if (p.isReady()) {
            out.event(name + ": ready");
        }
        return p;
    }

    @Override
    public void cancel() {
        out.event(name + ": cancel() called");
        inner.cancel();
    }
}
