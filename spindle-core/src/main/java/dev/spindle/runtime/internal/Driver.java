package dev.spindle.runtime.internal;

import dev.spindle.time.internal.RuntimeClock;
import dev.spindle.time.internal.TimerEntry;
import dev.spindle.time.internal.TimerWheel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The runtime's integrated I/O and timer driver: one NIO {@link Selector} (epoll on Linux) and
 * one hierarchical {@link TimerWheel}, driven by whichever thread parks on it.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Ownership.</b> At most one thread drives at a time: it takes {@link #owned} with
 * {@link #tryAcquire()} (a parked worker, or a worker doing maintenance; on the current-thread
 * runtime, the thread in {@code blockOn}). The owner waits in {@link Selector#select(long)} with
 * the next timer deadline as timeout, so timers and I/O need no thread of their own.
 * {@link #unpark()} is {@link Selector#wakeup()}.
 *
 * <p><b>Timers.</b> The wheel is not thread-safe; {@link #timerLock} guards it. Any thread may
 * register or cancel an entry; only the owner advances the wheel. A registration earlier than
 * the deadline the owner is parked until ({@link #parkedUntilTick}, volatile) wakes the owner
 * so that it re-computes its timeout: the registrant writes the wheel under the lock and then
 * reads {@code parkedUntilTick}; the owner publishes {@code parkedUntilTick} before reading the
 * wheel's next expiration under the same lock, so either the owner sees the new entry or the
 * registrant sees the owner's deadline and wakes it.
 *
 * <p><b>Paused clock.</b> When the clock is paused, time moves only by {@code Time.advance} or by
 * auto-advance: the owner, about to wait with nothing runnable anywhere ({@code canAutoAdvance}),
 * jumps the clock to the next timer deadline instead of waiting. Entries fire inside
 * {@link #timerLock}; firing only wakes wakers, which never take the timer lock.
 *
 * <p><b>I/O registrations.</b> Channels register through {@link IoRegistration}, from any thread:
 * since JDK 11 (JDK-8201315) {@code SelectableChannel.register} and
 * {@code SelectionKey.interestOps} only queue the change for the selector, they never wait for a
 * thread blocked in {@code select()} — so the classic NIO deadlock cannot happen — but the queued
 * change is applied only when the selector next selects. A thread that arms interest therefore
 * calls {@link #interestChanged()}, which wakes the owner if it is blocking in {@code select}.
 * No wakeup is lost: the owner writes {@link #selecting} (volatile) and then enters
 * {@code select}, which takes the selector's update lock to apply queued changes; the armer
 * queues its change under that same lock and then reads {@code selecting}. Either the owner's
 * lock acquisition follows the armer's (it applies the change) or it precedes it (then the
 * owner's earlier write is visible to the armer's read, which wakes it). A wakeup while the
 * owner is not selecting is remembered by the selector and only shortens the next select.
 * Dispatch ({@link #dispatchKey}, run by the selector for each ready key) calls
 * {@link IoReadiness#onReady}, which only wakes wakers: no user code ever runs on the driver.
 *
 * <p><b>Releasing a closed channel's descriptor.</b> NIO closes a registered channel's file
 * descriptor only when its cancelled key is deregistered, which happens inside a selection; a
 * closed listener whose key is never flushed keeps accepting connections in the kernel. So a
 * closing {@link IoRegistration} calls {@link #deregisterCancelled()}: it sets
 * {@link #deregisterPending} (volatile) and then tries {@link #selectLock}; if it gets it, no
 * selection is running and it flushes with {@code selectNow} itself (dispatching whatever is
 * ready, which only wakes wakers); if not, it wakes the selecting thread. The owner unlocks
 * {@code selectLock} and then reads {@code deregisterPending}: the closer's write-then-try and
 * the owner's unlock-then-read are ordered by the lock's volatile state, so either the closer
 * acquires the lock after the owner let go, or the owner sees the flag and flushes once more.
 * The lock is held only for a selection; the owner may wait for a closer's {@code selectNow}
 * (a non-blocking system call), the closer never waits. A close made from the driver's own
 * dispatch (the lock is the current thread's) leaves the flush to that selection's end.
 */
public final class Driver {
    private static final long NOT_PARKED = Long.MIN_VALUE;

    private final Selector selector;
    private final java.util.function.Consumer<SelectionKey> dispatch = Driver::dispatchKey;
    final RuntimeClock clock;
    private final TimerWheel wheel = new TimerWheel();
    private final ReentrantLock timerLock = new ReentrantLock();
    private final AtomicBoolean owned = new AtomicBoolean();
    private volatile long parkedUntilTick = NOT_PARKED;
    /** Whether the owner is in (or about to enter) a blocking {@code select}: armers must wake it. */
    private volatile boolean selecting;
    private volatile boolean closed;
    /**
     * Serialises selections: the owner's in {@link #park}, and the flush a closing thread makes
     * in {@link #deregisterCancelled} when nobody is selecting (the closer only ever tries it).
     */
    private final ReentrantLock selectLock = new ReentrantLock();
    /** A closed channel's key awaits deregistration by a selection (see {@link #deregisterCancelled}). */
    private volatile boolean deregisterPending;
    /** {@link System#nanoTime()} just before the clock started: the clock's zero on that scale. */
    private final long originNanos;

    Driver(boolean startPaused) {
        this.originNanos = System.nanoTime();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the I/O driver's selector", e);
        }
        this.clock = new RuntimeClock(startPaused);
    }

    /** @return the runtime's clock */
    public RuntimeClock clock() {
        return clock;
    }

    /**
     * The current time on the {@link System#nanoTime()} scale, as this runtime's clock tells it:
     * it lags the real time by the microseconds between the driver's creation and the clock's,
     * so a deadline taken outside the runtime is never reached early, and stands still while the
     * clock is paused.
     *
     * @return now, in nanoseconds
     */
    public long nowNanos() {
        return originNanos + clock.nanos();
    }

    /** @return the selector I/O resources register with */
    public Selector selector() {
        return selector;
    }

    /** @return {@code true} if the caller now owns the driver and must {@link #release()} it */
    boolean tryAcquire() {
        return !owned.get() && owned.compareAndSet(false, true);
    }

    void release() {
        owned.set(false);
    }

    /** Wakes the owner from its wait; cheap when nobody waits (one syscall at most). */
    public void unpark() {
        if (!closed) {
            selector.wakeup();
        }
    }

    /**
     * Called after a thread changed a key's interest set (or cancelled a key): wakes the owner if
     * it is blocked in {@code select}, so that the change takes effect now. Cheap otherwise (one
     * volatile read).
     */
    public void interestChanged() {
        if (selecting) {
            unpark();
        }
    }

    /** @return the number of channels registered with the selector (cancelled keys linger until the next select) */
    public int registeredChannels() {
        try {
            return selector.keys().size();
        } catch (java.nio.channels.ClosedSelectorException e) {
            return 0;
        }
    }

    /**
     * Waits for I/O, a timer, or {@link #unpark()}, then fires due timers and dispatches I/O.
     * Only the owner calls it.
     *
     * @param poll {@code true} to only check, without waiting
     * @param canAutoAdvance asked only when the clock is paused: whether nothing is runnable, so
     *     that time may jump to the next deadline
     */
    void park(boolean poll, BooleanSupplier canAutoAdvance) {
        park(poll ? 0 : -1, canAutoAdvance);
    }

    /**
     * As {@link #park(boolean, BooleanSupplier)}, waiting at most {@code maxWaitMs}
     * ({@code 0}: only check; {@code -1}: no bound but the next timer).
     */
    void park(long maxWaitMs, BooleanSupplier canAutoAdvance) {
        long waitMs; // 0: poll; -1: indefinitely
        if (maxWaitMs == 0) {
            waitMs = 0;
        } else {
            long next;
            timerLock.lock();
            try {
                next = wheel.nextExpiration();
                parkedUntilTick = next;
            } finally {
                timerLock.unlock();
            }
            if (clock.isPaused()) {
                if (next != Long.MAX_VALUE && canAutoAdvance.getAsBoolean()) {
                    long now = clock.millis();
                    if (next > now) {
                        clock.advance(java.time.Duration.ofMillis(next - now));
                    }
                    waitMs = 0;
                } else {
                    waitMs = -1;
                }
            } else if (next == Long.MAX_VALUE) {
                waitMs = -1;
            } else {
                waitMs = Math.max(0, next - clock.millis());
            }
            if (maxWaitMs > 0 && (waitMs < 0 || waitMs > maxWaitMs)) {
                waitMs = maxWaitMs;
            }
        }
        selectLock.lock();
        try {
            if (waitMs == 0) {
                if (selector.keys().isEmpty()) {
                    fireDueTimers(); // nothing registered for I/O: skip the syscall
                    return;
                }
                selector.selectNow(dispatch);
            } else {
                selecting = true;
                if (waitMs < 0) {
                    selector.select(dispatch);
                } else {
                    selector.select(dispatch, waitMs);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("I/O driver select failed", e);
        } catch (java.nio.channels.ClosedSelectorException e) {
            return;
        } finally {
            selecting = false;
            parkedUntilTick = NOT_PARKED;
            selectLock.unlock();
            if (deregisterPending) {
                deregisterCancelled(); // a close raced with the end of this select
            }
        }
        fireDueTimers();
    }

    /**
     * Called after a thread cancelled a key of a closed channel: makes the selector deregister it
     * now, so that the kernel releases the channel's descriptor (NIO defers the close of a
     * registered channel's descriptor until its key is deregistered, which happens only inside a
     * selection). If nobody is selecting, the caller flushes with a {@code selectNow} itself;
     * otherwise the selecting thread is woken, or deregisters on its way out of {@link #park}.
     * Never waits for a selection in progress.
     */
    public void deregisterCancelled() {
        deregisterPending = true;
        if (selectLock.isHeldByCurrentThread()) {
            return; // closed from the driver's own dispatch: this selection deregisters on its way out
        }
        while (deregisterPending) {
            if (!selectLock.tryLock()) {
                unpark(); // a thread is selecting or about to: it deregisters, and sees the flag after
                return;
            }
            try {
                deregisterPending = false;
                selector.selectNow(dispatch);
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                return; // a failed or closed selector: its close releases every key anyway
            } finally {
                selectLock.unlock();
            }
        }
    }

    /**
     * Hands one ready key to its resource. Run by the selector itself ({@code select(Consumer)},
     * JDK 11+) for each ready key, so no selected-key set is filled and emptied on each turn.
     */
    private static void dispatchKey(SelectionKey key) {
        if (key.attachment() instanceof IoReadiness r) {
            r.onReady(key.isValid() ? key.readyOps() : -1);
        }
    }

    /** Fires every timer whose deadline has passed on the clock. Any thread may call it. */
    public void fireDueTimers() {
        timerLock.lock();
        try {
            wheel.advanceTo(clock.millis());
        } finally {
            timerLock.unlock();
        }
    }

    /**
     * Registers a timer entry.
     *
     * @param e the entry
     * @param deadlineNanos the deadline on the {@link #nowNanos()} scale
     * @return {@code false} if the deadline has already passed (nothing registered)
     */
    public boolean registerTimer(TimerEntry e, long deadlineNanos) {
        long rel = deadlineNanos - originNanos;
        long tick = rel <= 0 ? 0 : clock.deadlineMillisCeil(rel);
        boolean inserted;
        timerLock.lock();
        try {
            inserted = wheel.insert(e, tick);
        } finally {
            timerLock.unlock();
        }
        if (inserted) {
            long parkedUntil = parkedUntilTick;
            if (parkedUntil != NOT_PARKED && tick < parkedUntil) {
                unpark();
            }
        }
        return inserted;
    }

    /**
     * Removes a timer entry (O(1)); no-op if it fired or was never registered.
     *
     * @param e the entry
     */
    public void cancelTimer(TimerEntry e) {
        timerLock.lock();
        try {
            wheel.remove(e);
        } finally {
            timerLock.unlock();
        }
    }

    /** @return the number of registered timers */
    public int timerCount() {
        timerLock.lock();
        try {
            return wheel.size();
        } finally {
            timerLock.unlock();
        }
    }

    void close() {
        closed = true;
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release: the selector's file descriptors are closed or leaked to GC
        }
    }

    /** What an I/O resource attaches to its selection key. */
    public interface IoReadiness {
        /**
         * Called by the driver's owner with the key's ready operations ({@code -1} if the key
         * was cancelled).
         *
         * @param readyOps the ready set
         */
        void onReady(int readyOps);
    }
}
