package dev.spindle.fs;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Process signals as futures (Tokio's {@code tokio::signal}).
 *
 * <p><b>How.</b> The first call of {@link #ctrlC()} installs a handler for {@code SIGINT} through
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}, part of every JDK; the supported
 * {@code jdk.internal.misc.Signal} is not exported). A JVM shutdown hook would not do: it runs
 * only once the JVM is already exiting, too late for a server to finish its in-flight replies.
 * As with Tokio, once the handler is installed Ctrl-C no longer terminates the JVM by itself —
 * the program decides what to do when the future completes. On a JVM run with {@code -Xrs}, or
 * one where the signal cannot be handled, {@code ctrlC()} throws
 * {@link UnsupportedOperationException}.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>A generation counter, incremented by the handler (on the JVM's signal-dispatch thread),
 * and the set of wakers of pending futures are guarded by the class monitor, held only for a
 * few field operations; wakers are woken after it is released. A future records the generation
 * when it is created (so a signal between creation and first poll is not missed) and completes
 * once the generation has moved past it. Cancelling a future removes its waker.
 */
public final class Signals {
    private static boolean installed;
    private static long generation;
    private static final Set<Waker> WAITING = new LinkedHashSet<>();

    private Signals() {
    }

    /**
     * Returns a future that completes at the next {@code SIGINT} (Ctrl-C) the process receives
     * after this call.
     *
     * @return the future
     * @throws UnsupportedOperationException if the signal cannot be handled in this JVM
     * @implNote Cancel safety: cancel-safe; a cancelled future holds nothing, and a new one
     *     waits for the next signal.
     */
    public static Future<Void> ctrlC() {
        long seen;
        synchronized (Signals.class) {
            install();
            seen = generation;
        }
        return new Future<>() {
            private Waker registered;

            @Override
            public Poll<Void> poll(Context cx) {
                synchronized (Signals.class) {
                    if (generation != seen) {
                        if (registered != null) {
                            WAITING.remove(registered);
                            registered = null;
                        }
                        return Poll.ready(null);
                    }
                    Waker w = cx.waker();
                    if (registered != w) {
                        if (registered != null) {
                            WAITING.remove(registered);
                        }
                        WAITING.add(w);
                        registered = w;
                    }
                    return Poll.pending();
                }
            }

            @Override
            public void cancel() {
                synchronized (Signals.class) {
                    if (registered != null) {
                        WAITING.remove(registered);
                        registered = null;
                    }
                }
            }
        };
    }

    /** Guarded by the class monitor. */
    private static void install() {
        if (installed) {
            return;
        }
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> delivered());
        } catch (IllegalArgumentException e) {
            throw new UnsupportedOperationException("SIGINT cannot be handled in this JVM: " + e.getMessage(), e);
        }
        installed = true;
    }

    private static void delivered() {
        Waker[] toWake;
        synchronized (Signals.class) {
            generation++;
            toWake = WAITING.toArray(new Waker[0]);
            WAITING.clear();
        }
        for (Waker w : toWake) {
            w.wake();
        }
    }

    /** @return the number of futures waiting for a signal, for tests */
    static synchronized int waiting() {
        return WAITING.size();
    }
}
