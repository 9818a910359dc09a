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
 * the program decides what to do when the future completes.
 *
 * <p><b>When it cannot work.</b> {@code ctrlC()} throws {@link UnsupportedOperationException}
 * rather than return a future that could never complete:
 * <ul>
 *   <li>on a JVM run with {@code -Xrs}, or one where the signal cannot be handled;</li>
 *   <li>when the process inherited {@code SIGINT} as <em>ignored</em> — started under
 *       {@code nohup}, or as a background job ({@code cmd &}) of a non-interactive shell, which
 *       ignores {@code SIGINT} for its background jobs so that Ctrl-C at the terminal does not
 *       kill them. The JVM does not install a handler over an ignored shutdown signal, so no
 *       {@code SIGINT} would ever reach the future; the disposition is left as the process got
 *       it (ignored), which is what whoever started it asked for.</li>
 * </ul>
 * A server that wants a graceful stop either way catches the exception and stops by another
 * means (its own shutdown command, or a shutdown hook on {@code SIGTERM}).
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
     * @throws UnsupportedOperationException if the signal cannot be handled in this JVM, or if
     *     the process ignores {@code SIGINT} (inherited from {@code nohup} or a non-interactive
     *     shell's background job): then no {@code SIGINT} could ever complete the future
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
        sun.misc.Signal sigint = new sun.misc.Signal("INT");
        sun.misc.SignalHandler previous;
        try {
            previous = sun.misc.Signal.handle(sigint, s -> delivered());
        } catch (IllegalArgumentException e) {
            throw new UnsupportedOperationException("SIGINT cannot be handled in this JVM: " + e.getMessage(), e);
        }
        if (previous == sun.misc.SignalHandler.SIG_IGN) {
            // The JVM left the native disposition ignored and only recorded our handler: take it out again.
            sun.misc.Signal.handle(sigint, sun.misc.SignalHandler.SIG_IGN);
            throw new UnsupportedOperationException("SIGINT is ignored by this process (it was started"
                    + " with SIGINT ignored, e.g. under nohup or as a background job of a non-interactive"
                    + " shell), and the JVM does not handle an ignored SIGINT: Ctrl-C could never be seen."
                    + " Run it in the foreground, or stop it by other means");
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
