package dev.spindle.net;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.runtime.internal.IoRegistration;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;

/**
 * A channel's driver registration, made at the first operation with the driver of the runtime
 * polling it (a socket may be bound, accepted or connected outside a runtime, by a test thread
 * for instance). Shared by every socket type of this package.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>Both halves of a split stream may race to make the registration, so {@link #get()} is a
 * double-checked lazy initialisation on a volatile field under this object's monitor;
 * {@link #close()} takes the same monitor, so a registration is never made for a closed channel
 * and never outlives it.
 *
 * <p><b>Forgotten sockets.</b> The selector's key set keeps the channel and this object
 * reachable, so a socket object the program drops without closing would hold its descriptor and
 * its registration for ever. {@link #closeWhenUnreachable} registers the public socket object
 * with a {@link Cleaner} whose action (this object's {@link #close()}, which does not reference
 * the socket object) closes the channel once the socket object is garbage. Closing explicitly
 * remains the rule; the cleaner is the safety net Rust gets from drop.
 */
final class LazyRegistration {
    private static final Cleaner CLEANER = Cleaner.create();

    private final SelectableChannel ch;
    private volatile IoRegistration reg;
    private boolean closed;

    LazyRegistration(SelectableChannel ch) {
        this.ch = ch;
    }

    LazyRegistration(SelectableChannel ch, IoRegistration reg) {
        this.ch = ch;
        this.reg = reg;
    }

    /**
     * Closes the channel once {@code owner} (the public socket object) is unreachable.
     *
     * @param owner the object whose life bounds the channel's
     */
    void closeWhenUnreachable(Object owner) {
        CLEANER.register(owner, this::close);
    }

    /** @return the registration, made now if needed */
    IoRegistration get() {
        IoRegistration r = reg;
        if (r == null) {
            synchronized (this) {
                r = reg;
                if (r == null) {
                    if (closed) {
                        throw new UncheckedIOException("closed", new ClosedChannelException());
                    }
                    r = IoRegistration.registerCurrent(ch);
                    reg = r;
                }
            }
        }
        return r;
    }

    /** One non-blocking attempt of an operation: its result, or {@code null} if it would block. */
    interface Attempt<R> {
        R attempt() throws IOException;
    }

    /**
     * Polls one operation on side {@code op}: spends a unit of budget, then attempts it until it
     * would block (then the side's readiness is cleared and the waker armed).
     *
     * @param cx the context
     * @param op the interest bit of the operation's side
     * @param attempt the non-blocking attempt
     * @param <R> the result type
     * @return the result, or pending
     */
    <R> Poll<R> poll(Context cx, int op, Attempt<R> attempt) {
        if (!Coop.proceed(cx)) {
            return Poll.pending();
        }
        IoRegistration r = get();
        while (r.pollReady(op, cx)) {
            R result;
            try {
                result = attempt.attempt();
            } catch (IOException e) {
                throw SocketIo.failure(r, e);
            }
            if (result != null) {
                return Poll.ready(result);
            }
            r.clearReady(op);
        }
        return Poll.pending();
    }

    /** @return the registration, or {@code null} if none was made */
    IoRegistration orNull() {
        return reg;
    }

    /** A pending operation on side {@code op} was cancelled. */
    void dropInterest(int op) {
        IoRegistration r = reg;
        if (r != null) {
            r.dropInterest(op);
        }
    }

    /** Closes the channel (and the registration, waking pending operations). Idempotent. */
    void close() {
        IoRegistration r;
        synchronized (this) {
            closed = true;
            r = reg;
        }
        if (r != null) {
            r.close();
        } else {
            closeQuietly(ch);
        }
    }

    static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to report: the descriptor is released either way
        }
    }
}
