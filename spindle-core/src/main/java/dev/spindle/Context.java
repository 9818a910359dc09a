package dev.spindle;

import dev.spindle.internal.ContextAccess;
import java.util.Objects;

/**
 * What a future is given when it is polled: the {@link Waker} of the task that polls it
 * (Rust's {@code std::task::Context}).
 *
 * <p>A context is valid only for the duration of the {@link Future#poll(Context) poll} it was
 * passed to: the runtime reuses one context per worker thread, so a future must keep
 * {@link #waker()} if it needs the waker later, never the context itself.
 *
 * <p>To poll a future by hand (in a test, or inside a hand-written combinator that wants its
 * own wakeups), create a context with {@link #of(Waker)}.
 */
public final class Context {

    static {
        ContextAccess.install(Context::setWaker);
    }

    private Waker waker;

    private Context(Waker waker) {
        this.waker = waker;
    }

    /**
     * Returns a new context carrying {@code waker}.
     *
     * @param waker the waker futures polled with this context register
     * @return a new context
     */
    public static Context of(Waker waker) {
        return new Context(Objects.requireNonNull(waker, "waker"));
    }

    /**
     * Returns the waker of the task being polled.
     *
     * @return the waker, never {@code null}
     */
    public Waker waker() {
        return waker;
    }

    /** Reused contexts: the runtime points its per-thread context at the task it polls. */
    private static void setWaker(Context cx, Waker waker) {
        cx.waker = waker;
    }

    @Override
    public String toString() {
        return "Context[waker=" + waker + "]";
    }
}
