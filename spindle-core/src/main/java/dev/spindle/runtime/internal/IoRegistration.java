package dev.spindle.runtime.internal;

import dev.spindle.Context;
import dev.spindle.Waker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * One channel's registration with the {@link Driver}: its readiness for the read side
 * ({@link SelectionKey#OP_READ} or {@link SelectionKey#OP_ACCEPT}) and the write side
 * ({@link SelectionKey#OP_WRITE} or {@link SelectionKey#OP_CONNECT}), and the waker of the
 * operation pending on each side (Tokio's {@code ScheduledIo}).
 *
 * <p>An I/O future uses it this way: {@link #pollReady} — if it returns {@code false} the waker
 * is stored, interest is armed and the future returns {@code Pending}; otherwise it tries the
 * non-blocking operation, and if that would block (0 bytes, {@code null} from {@code accept})
 * it calls {@link #clearReady} and asks again. A cancelled future calls {@link #dropInterest};
 * closing the resource calls {@link #close()}, which also closes the channel.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Edge-driven readiness over a level-triggered selector.</b> NIO's selector is
 * level-triggered: a key stays selected as long as its channel is readable. To get Tokio's
 * edge-driven shape without a busy driver, interest in a side is armed when an operation waits
 * on it, and {@link #onReady} sets the side's ready flag and takes its waker; the operation then
 * runs until it would block, clears the flag and waits again. What the driver disarms when a
 * side fires differs by side, to spare the {@code epoll_ctl} of a re-arm on the hot path:
 * <ul>
 *   <li>read/accept: disarmed only if it fired with no waker stored (nobody waits, so the data
 *       would be reported again and again); when it woke a waiter it stays armed, because that
 *       operation normally reads until it would block and then waits again at once — a socket in
 *       a request/response loop keeps its read interest for its whole life. If the woken task is
 *       slow to run and the selector reports the still-unread data again, that second report
 *       finds no waker and disarms: at most one extra report per wake;</li>
 *   <li>write/connect: always disarmed, since a socket is writable almost always (and
 *       {@code OP_CONNECT} stays ready for good once connected).</li>
 * </ul>
 * A side starts ready, so the first operation goes straight to the system call (an echo
 * server's read usually finds its data there). A read-side report with no waker does not
 * disarm at once: on the multi-thread runtime a woken task often waits in a queue while another
 * selection reports its socket again, and disarming then would cost an {@code epoll_ctl} now
 * and another at the task's next wait. Only {@link #MAX_UNCLAIMED_READ_REPORTS} such reports in a
 * row, with no wake and no "would block" between them, disarm — so a socket whose data nobody
 * reads costs the selector a bounded number of reports.
 *
 * <p><b>Readiness hints.</b> Callers may clear a side on a hint, not only on "would block" (a
 * stream socket's short read means the kernel buffer ran dry; see {@code SocketIo}). That is
 * safe by the argument below: a wrong hint adds a wait for the next selection, never loses it.
 *
 * <p><b>No lost readiness.</b> The clear-then-arm order cannot lose an event: if data arrives
 * between an operation's "would block" and its {@link #clearReady}, the flag is cleared, but the
 * interest armed right after makes the level-triggered selector report the channel again.
 *
 * <p><b>Locking.</b> The flags, the two wakers, {@link #interest} and {@link #closed} are guarded
 * by this object's monitor, held only for a few field writes and a
 * {@link SelectionKey#interestOps(int)} call (which in JDK 11+ only queues the change under the
 * selector's update lock — it never waits for a thread in {@code select()}, JDK-8201315).
 * Wakers are woken after the monitor is released, so no user code runs under it. The driver
 * calls {@link #onReady} from its dispatch loop; it wakes wakers only, never polls.
 *
 * <p><b>Arming while the owner selects.</b> A changed interest set takes effect at the
 * selector's next selection, so an arming thread calls {@link Driver#interestChanged()}, which
 * wakes the owner if it is blocked in {@code select()} (see the Dekker argument there).
 *
 * <p><b>Closing.</b> {@link #close()} marks the registration closed, cancels the key, closes the
 * channel, wakes both pending wakers and has the selector deregister the key at once
 * ({@link Driver#deregisterCancelled()}): NIO closes a registered channel's descriptor only
 * then, so without it a closed listener would go on accepting connections in the kernel until
 * some later selection. A woken operation finds it closed and fails
 * with {@link AsynchronousCloseException}; an operation begun after the close fails with
 * {@link ClosedChannelException}. Both arrive wrapped in {@link UncheckedIOException}.
 */
public final class IoRegistration implements Driver.IoReadiness {
    private static final int READ_SIDE = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_SIDE = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
    /** Reports of unread data with nobody waiting after which the read interest is disarmed. */
    static final int MAX_UNCLAIMED_READ_REPORTS = 2;

    private final Driver driver;
    private final SelectableChannel channel;
    private SelectionKey key;

    // Guarded by this.
    private boolean readReady = true;
    private boolean writeReady = true;
    private Waker readWaker;
    private Waker writeWaker;
    /** The interest set last given to the key. */
    private int interest;
    private boolean closed;
    /**
     * Read-side reports since the read side was last woken or found dry that found no waker
     * (see the class notes): at {@link #MAX_UNCLAIMED_READ_REPORTS} the interest is disarmed.
     */
    private int unclaimedReadReports;
    /** Set by close for a side that had an operation pending, so that it gets the async-close failure. */
    private boolean readClosedWhilePending;
    private boolean writeClosedWhilePending;

    private IoRegistration(Driver driver, SelectableChannel channel) {
        this.driver = driver;
        this.channel = channel;
    }

    /**
     * A registration with no selector, channel or driver, for tests of the readiness protocol:
     * interest changes are only recorded ({@link #interest()}), and the test plays the driver by
     * calling {@link #onReady}.
     */
    IoRegistration() {
        this(null, null);
    }

    /**
     * Registers {@code channel} (made non-blocking) with {@code driver}'s selector, with no interest.
     * Safe from any thread, including while the owner is blocked in {@code select()}.
     *
     * @param driver the driver
     * @param channel an open channel
     * @return the registration
     * @throws UncheckedIOException if the channel is closed or the runtime's driver is shut down
     */
    static IoRegistration register(Driver driver, SelectableChannel channel) {
        IoRegistration r = new IoRegistration(driver, channel);
        try {
            channel.configureBlocking(false);
            SelectionKey k = channel.register(driver.selector(), 0, r);
            synchronized (r) {
                r.key = k;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new UncheckedIOException(new IOException("the runtime's I/O driver is shut down", e));
        }
        return r;
    }

    /**
     * Registers {@code channel} with the driver of the runtime the current thread is in.
     *
     * @param channel an open channel
     * @return the registration
     * @throws IllegalStateException outside a runtime
     */
    public static IoRegistration registerCurrent(SelectableChannel channel) {
        return register(ThreadContext.requireRuntime("registering an I/O resource").driver, channel);
    }

    /** @return the registered channel */
    public SelectableChannel channel() {
        return channel;
    }

    /**
     * Whether side {@code op} is ready; if not, stores {@code cx.waker()} as that side's waker and
     * arms the interest, so that readiness wakes it.
     *
     * @param op one of {@link SelectionKey#OP_READ}, {@code OP_ACCEPT}, {@code OP_WRITE}, {@code OP_CONNECT}
     * @param cx the context of the polling task
     * @return {@code true} to attempt the operation now
     * @throws UncheckedIOException if the registration is closed
     */
    public boolean pollReady(int op, Context cx) {
        boolean read = (op & READ_SIDE) != 0;
        boolean arm;
        synchronized (this) {
            if (closed) {
                throw closedFailure(read);
            }
            if (read ? readReady : writeReady) {
                return true;
            }
            Waker w = cx.waker();
            if (read) {
                if (readWaker == null || !readWaker.willWake(w)) {
                    readWaker = w;
                }
            } else if (writeWaker == null || !writeWaker.willWake(w)) {
                writeWaker = w;
            }
            arm = (interest & op) == 0;
            if (arm) {
                setInterest(interest | op);
            }
        }
        if (arm && driver != null) {
            driver.interestChanged();
        }
        return false;
    }

    /**
     * Records that the sides in {@code ops} are not ready until the driver says so again: an
     * operation on them would block (or, as a hint, probably would). The caller of an operation
     * that would block then calls {@link #pollReady} once more.
     *
     * <p>Clearing a side is always safe, even when the hint is wrong: an operation that then
     * waits arms the interest, and the level-triggered selector reports the side again at its
     * next selection if the channel is ready after all. Only a wait is added, never a lost event.
     *
     * @param ops interest bits; any read-side bit clears the read side, any write-side bit the write side
     */
    public void clearReady(int ops) {
        synchronized (this) {
            if ((ops & READ_SIDE) != 0) {
                readReady = false;
                unclaimedReadReports = 0;
            }
            if ((ops & WRITE_SIDE) != 0) {
                writeReady = false;
            }
        }
    }

    /**
     * A pending operation on side {@code op} was cancelled: forget its waker and disarm the
     * interest (the readiness flag is kept).
     *
     * @param op the operation's interest bit
     */
    public void dropInterest(int op) {
        synchronized (this) {
            if ((op & READ_SIDE) != 0) {
                readWaker = null;
            } else {
                writeWaker = null;
            }
            if (!closed && (interest & op) != 0) {
                setInterest(interest & ~op);
            }
        }
    }

    /**
     * Whether an operation is waiting on side {@code op} (a waker is stored), for tests.
     *
     * @param op the interest bit
     * @return {@code true} if a waker is stored for that side
     */
    public synchronized boolean hasWaiter(int op) {
        return (op & READ_SIDE) != 0 ? readWaker != null : writeWaker != null;
    }

    /**
     * Whether side {@code op} is marked ready, for tests.
     *
     * @param op the interest bit
     * @return the side's readiness flag
     */
    public synchronized boolean isReady(int op) {
        return (op & READ_SIDE) != 0 ? readReady : writeReady;
    }

    /**
     * The interest set currently armed, for tests.
     *
     * @return the interest bits
     */
    public synchronized int interest() {
        return interest;
    }

    /** @return whether {@link #close()} has run */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Closes the registration and its channel; wakes the pending operations, which then fail with
     * {@link AsynchronousCloseException}. Idempotent.
     */
    public void close() {
        Waker r;
        Waker w;
        SelectionKey k;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            r = readWaker;
            w = writeWaker;
            readClosedWhilePending = r != null;
            writeClosedWhilePending = w != null;
            readWaker = null;
            writeWaker = null;
            k = key;
        }
        if (k != null) {
            k.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the descriptor is released either way; there is nobody to tell
            }
            driver.deregisterCancelled(); // the kernel frees the descriptor only once the key is deregistered
        }
        if (r != null) {
            r.wake();
        }
        if (w != null) {
            w.wake();
        }
    }

    @Override
    public void onReady(int readyOps) {
        Waker r = null;
        Waker w = null;
        synchronized (this) {
            if (closed) {
                return;
            }
            int fired = readyOps < 0 ? READ_SIDE | WRITE_SIDE : readyOps;
            int disarm = fired & WRITE_SIDE;
            if ((fired & READ_SIDE) != 0) {
                readReady = true;
                r = readWaker;
                readWaker = null;
                if (r != null) {
                    unclaimedReadReports = 0;
                } else if (++unclaimedReadReports >= MAX_UNCLAIMED_READ_REPORTS) {
                    disarm |= fired & READ_SIDE;
                }
            }
            if ((fired & WRITE_SIDE) != 0) {
                writeReady = true;
                w = writeWaker;
                writeWaker = null;
            }
            if (readyOps >= 0 && (interest & disarm) != 0) {
                setInterest(interest & ~disarm);
            }
        }
        if (r != null) {
            r.wake();
        }
        if (w != null) {
            w.wake();
        }
    }

    /** Guarded by this. */
    private void setInterest(int ops) {
        interest = ops;
        SelectionKey k = key;
        if (k == null) {
            return; // still inside register(): the key is set before any operation can see this
        }
        try {
            k.interestOps(ops);
        } catch (CancelledKeyException e) {
            // the channel was closed underneath us (or the driver shut down): the next operation fails
            readReady = true;
            writeReady = true;
        }
    }

    private UncheckedIOException closedFailure(boolean read) {
        boolean pending = read ? readClosedWhilePending : writeClosedWhilePending;
        if (read) {
            readClosedWhilePending = false;
        } else {
            writeClosedWhilePending = false;
        }
        IOException cause = pending ? new AsynchronousCloseException() : new ClosedChannelException();
        return new UncheckedIOException(pending ? "closed while the operation was pending" : "closed", cause);
    }
}
