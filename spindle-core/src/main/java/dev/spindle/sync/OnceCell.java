package dev.spindle.sync;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.sync.internal.BatchSemaphore;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A value set at most once, possibly by an asynchronous initialiser (Tokio's
 * {@code sync::OnceCell}): {@link #getOrInit} runs one initialiser at a time; the tasks that
 * ask meanwhile wait, and all of them get the value it produced.
 *
 * <pre>{@code
 * OnceCell<Config> config = new OnceCell<>();
 * Config c = config.getOrInit(() -> loadConfig()).await();
 * }</pre>
 *
 * <p>{@link #set} may settle the cell at any time while it is empty, even while an initialiser
 * runs (whose result is then dropped in favour of the value set).
 *
 * <p><b>Initialisation under cancellation.</b> If the task running the initialiser is cancelled
 * (or the initialiser fails, or {@link #getOrTryInit} produces nothing), the initialiser's
 * future is cancelled and the next waiting task runs its own initialiser: the cell is set by
 * exactly one initialiser that completed, and nobody waits for an initialiser that will never
 * finish.
 *
 * <p><b>Wakeup guarantee.</b> A waiting task is woken once: when the value is set (it then
 * completes with it), or when the running initialiser gave up and it is this task's turn.
 *
 * <p><b>Memory.</b> Everything the initialiser did before completing happens-before every
 * {@link #get()} that sees the value. Values are never {@code null}.
 *
 * @param <T> the type of the value
 */
public final class OnceCell<T> {
    /*
     * Implementation notes. A BatchSemaphore with one permit is the right to initialise (as in
     * Tokio). Whoever holds it runs its initialiser; on success it CASes the volatile `value`
     * from null and then closes the semaphore, which fails every waiter with SemaphoreClosedException: a
     * waiter that sees "closed" reads `value`, which the volatile write published before the
     * close (closing happens under the semaphore's lock after the write; the waiter reads
     * `remaining` == CLOSED_MARK, written under that lock, before reading `value`). On failure
     * or cancellation the holder releases the permit, which the FIFO queue hands to the next
     * waiter. `value != null` implies closed-or-closing; a waiter that sees the value while
     * still queued (between the write and the close) leaves the queue itself.
     *
     * set() does not take the permit: it CASes `value` from null and closes. That makes it one
     * atomic step (a set racing an initialiser never makes a third party wait for a value that
     * is already decided); an initialiser running meanwhile loses its CAS, and its caller gets
     * the value that was set. Exactly one value is ever stored: the first successful CAS.
     */

    private final BatchSemaphore sem = new BatchSemaphore(1);
    /** The value, once set; never changes after. */
    private volatile T value;

    /** Creates an empty cell. */
    public OnceCell() {
    }

    /**
     * Creates a cell already holding {@code value}.
     *
     * @param value the value, not {@code null}
     */
    public OnceCell(T value) {
        this.value = Objects.requireNonNull(value, "value");
        sem.close();
    }

    /** @return the value, or empty if the cell is not set yet */
    public Optional<T> get() {
        return Optional.ofNullable(value);
    }

    /** @return whether the value is set */
    public boolean isInitialized() {
        return value != null;
    }

    /**
     * Sets the value if the cell is empty. An initialiser running at the time is not
     * interrupted, but its result is dropped: its caller, and every waiter, gets this value.
     *
     * @param value the value, not {@code null}
     * @return {@code true} if this call set it; {@code false} if the cell was already set (the
     *     value is then not stored)
     */
    public boolean set(T value) {
        Objects.requireNonNull(value, "value");
        if (!casValue(this, value)) {
            return false;
        }
        sem.close();
        return true;
    }

    /**
     * Returns the value, running {@code init} to produce it if the cell is empty and no other
     * initialiser is running; otherwise waits for the running one.
     *
     * @implNote Cancel safety: cancelling a waiting call loses its place in the queue and
     *     nothing else. Cancelling the call whose initialiser is running cancels that
     *     initialiser's future and lets the next waiter run its own; the cell stays empty until
     *     one completes.
     * @param init builds the initialiser's future; called at most once, only if this call's
     *     turn comes and the cell is still empty. A failure of it or of its future propagates to
     *     this call and leaves the cell empty, for the next waiter to try.
     * @return a future of the value
     */
    public Future<T> getOrInit(Supplier<? extends Future<? extends T>> init) {
        Objects.requireNonNull(init, "init");
        return new Init<T>(this, () -> Objects.requireNonNull(init.get(), "init returned a null future")
                .map(v -> Optional.of(Objects.requireNonNull(v, "the initialiser completed with null"))))
                .map(Optional::get);
    }

    /**
     * Like {@link #getOrInit}, but the initialiser may decline: if its future completes with an
     * empty {@link Optional}, the cell stays empty, this call completes empty, and the next
     * waiter runs its own initialiser (Tokio's {@code get_or_try_init}, with Java's failures
     * still propagating as exceptions).
     *
     * @implNote Cancel safety: as for {@link #getOrInit}.
     * @param init builds the initialiser's future
     * @return a future of the value, or empty if this call's initialiser declined
     */
    public Future<Optional<T>> getOrTryInit(Supplier<? extends Future<Optional<T>>> init) {
        Objects.requireNonNull(init, "init");
        return new Init<>(this, init);
    }

    @Override
    public String toString() {
        T v = value;
        return v == null ? "OnceCell[empty]" : "OnceCell[" + v + "]";
    }

    // VarHandle mechanics

    /** CASes {@code cell.value} from {@code null} to {@code v}. */
    private static boolean casValue(OnceCell<?> cell, Object v) {
        return VALUE.compareAndSet(cell, (Object) null, v);
    }

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(OnceCell.class, "value", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The future of {@link #getOrTryInit}: a place in the queue, then maybe the initialiser. */
    private static final class Init<T> extends BatchSemaphore.Waiter implements Future<Optional<T>> {
        private final OnceCell<T> cell;
        private Supplier<? extends Future<Optional<T>>> init;
        /** The running initialiser, while this future holds the permit. */
        private Future<Optional<T>> running;
        private boolean queuedOnce;

        Init(OnceCell<T> cell, Supplier<? extends Future<Optional<T>>> init) {
            super(cell.sem, 1);
            this.cell = cell;
            this.init = init;
        }

        @Override
        public Poll<Optional<T>> poll(Context cx) {
            if (running == null) {
                T v = cell.value;
                if (v != null) {
                    if (queuedOnce) {
                        cancelAcquire(); // set while we were still queued, just before the close
                    }
                    return Poll.ready(Optional.of(v));
                }
                boolean mine;
                try {
                    mine = pollAcquire(cx);
                } catch (SemaphoreClosedException closed) {
                    return Poll.ready(Optional.of(cell.value));
                }
                if (!mine) {
                    queuedOnce = true;
                    return Poll.pending();
                }
                v = cell.value;
                if (v != null) {
                    cell.sem.release(1);
                    return Poll.ready(Optional.of(v));
                }
                Supplier<? extends Future<Optional<T>>> s = init;
                init = null;
                try {
                    running = Objects.requireNonNull(s.get(), "init returned a null future");
                } catch (RuntimeException | Error e) {
                    cell.sem.release(1);
                    throw e;
                }
            }
            Poll<Optional<T>> p;
            try {
                p = running.poll(cx);
            } catch (RuntimeException | Error e) {
                running = null;
                cell.sem.release(1);
                throw e;
            }
            if (p instanceof Poll.Ready<Optional<T>> r) {
                running = null;
                Optional<T> result = Objects.requireNonNull(r.value(), "the initialiser completed with null");
                if (result.isEmpty()) {
                    cell.sem.release(1);
                    return p;
                }
                if (casValue(cell, result.get())) {
                    cell.sem.close();
                    return p;
                }
                return Poll.ready(Optional.of(cell.value)); // a set() came first
            }
            return p;
        }

        @Override
        public void cancel() {
            Future<Optional<T>> f = running;
            if (f == null) {
                cancelAcquire();
                return;
            }
            running = null;
            try {
                f.cancel();
            } finally {
                cell.sem.release(1);
            }
        }
    }
}
