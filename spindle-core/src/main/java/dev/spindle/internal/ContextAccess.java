package dev.spindle.internal;

import dev.spindle.Context;
import dev.spindle.Waker;
import java.util.function.BiConsumer;

/**
 * Lets the runtime re-point a reused {@link Context} at the task it is about to poll, without
 * making that mutation public API (the JDK's SharedSecrets pattern).
 *
 * <p>Reusing one context per worker is what keeps a poll free of allocation.
 */
public final class ContextAccess {
    /** Written once by Context's static initializer, read through {@link Holder}. */
    private static BiConsumer<Context, Waker> setter;

    /**
     * A constant the JIT folds, so that the per-poll {@link #setWaker} inlines to a field store.
     * Initialising it first initialises {@code Context}, which installs {@link #setter}; the class
     * initialisation lock orders that write before this read.
     */
    private static final class Holder {
        static final BiConsumer<Context, Waker> SETTER = init();

        private static BiConsumer<Context, Waker> init() {
            Context.of(Waker.noop()); // runs Context's static initializer if it has not run
            return setter;
        }
    }

    private ContextAccess() {
    }

    /**
     * Called once from {@code Context}'s static initializer.
     *
     * @param waker the private setter
     */
    public static void install(BiConsumer<Context, Waker> waker) {
        setter = waker;
    }

    /**
     * Creates a context whose waker can later be changed with {@link #setWaker}.
     *
     * @param initial the first waker
     * @return a context for reuse by one thread
     */
    public static Context newReusable(Waker initial) {
        return Context.of(initial); // also runs Context's initializer, which installs the setter
    }

    /**
     * Points {@code cx} at {@code waker}. Only for contexts the caller owns and reuses.
     *
     * @param cx the context
     * @param waker the new waker
     */
    public static void setWaker(Context cx, Waker waker) {
        Holder.SETTER.accept(cx, waker);
    }
}
