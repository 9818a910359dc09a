package dev.spindle.test;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.test.internal.Sneaky;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A future polled by hand, with a waker that records its wakeups — tokio-test's
 * {@code task::spawn}. It is how a test proves a future's wakeup contract: that it returns
 * pending, registers the waker, is woken when it can progress, and is then ready.
 *
 * <pre>{@code
 * try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().startPaused(true).build()) {
 *     // lazy: the sleep reads the clock at its first poll, which is inside rt
 *     TestTask<Void> sleep = TestTask.spawnIn(rt, Future.lazy(() -> Time.sleep(Duration.ofSeconds(5))));
 *     sleep.assertPending();
 *     assertFalse(sleep.isWoken());
 *     rt.blockOn(Time.advance(Duration.ofSeconds(5)));   // the timer fires and wakes the task
 *     assertTrue(sleep.isWoken());
 *     sleep.assertReady();
 * }
 * }</pre>
 *
 * <p><b>Where it polls.</b> {@link #poll()} polls the future on the calling thread, directly. A
 * future that needs a runtime — a {@code Sleep}, {@code Task.spawn}, I/O — therefore throws
 * {@link IllegalStateException} when polled by a task made with {@link #spawn(Future)} on a
 * thread that is not inside a runtime (a plain Jupiter {@code @Test}). Two ways out:
 * <ul>
 *   <li>use the task inside a {@link SpindleTest @SpindleTest} method, whose body runs inside its
 *       runtime;
 *   <li>or make it with {@link #spawnIn(AsyncRuntime, Future)}, which enters the given runtime for
 *       every poll (and for {@link #cancel()}); that runtime must not be the one the calling
 *       thread is already inside.
 * </ul>
 *
 * <p><b>Threads.</b> A test task is polled, cancelled and inspected by one thread (the test's);
 * its {@link #waker() waker} may be woken from any thread. Everything a thread wrote before
 * {@code wake()} is visible to the test thread once {@link #isWoken()} or {@link #wakeCount()}
 * shows that wake.
 *
 * <p>A future may be polled only until it completes: {@code poll()} on a task that is ready,
 * failed or cancelled throws {@link IllegalStateException} rather than break the future's
 * contract.
 *
 * @param <T> the future's value type
 */
public final class TestTask<T> {
    private final Future<T> future;
    private final AsyncRuntime runtime;
    private final RecordingWaker waker = new RecordingWaker();
    private final Context cx = Context.of(waker);
    private State state = State.PENDING;
    private T value;
    private Throwable failure;
    private int polls;

    /*
     * Implementation notes.
     *
     * state, value, failure and polls belong to the test thread: poll(), cancel() and the
     * accessors are not meant to be called concurrently, as a future is polled by one thread at
     * a time. The only state shared with other threads is the waker's, two volatile-backed
     * fields: the wake count (AtomicInteger) and the woken flag. wake() increments the count and
     * then sets the flag; poll() clears the flag *before* polling, so a wake that lands during
     * the poll (the future woke itself, or another thread woke it between registering and
     * returning pending) leaves the flag set, exactly as a runtime would poll the task once more.
     * Reading the flag or the count (volatile reads) after another thread's wake() gives the test
     * thread everything that thread wrote before waking.
     */

    private enum State { PENDING, READY, FAILED, CANCELLED }

    private TestTask(Future<T> future, AsyncRuntime runtime) {
        this.future = Objects.requireNonNull(future, "future");
        this.runtime = runtime;
    }

    /**
     * Wraps {@code future} in a test task; nothing is polled yet. Polls happen on the calling
     * thread, outside any runtime unless that thread is already inside one.
     *
     * @param future the future under test
     * @param <T> its value type
     * @return the task
     */
    public static <T> TestTask<T> spawn(Future<T> future) {
        return new TestTask<>(future, null);
    }

    /**
     * Wraps {@code future} in a test task whose polls (and {@link #cancel()}) run inside
     * {@code runtime}, via {@link AsyncRuntime#blockOn} of a future that polls once: timers and
     * spawning work, and wakes still come to this task's own waker. With a paused clock, move
     * time from the test thread with {@code runtime.blockOn(Time.advance(d))}.
     *
     * <p>The calling thread must not be inside a runtime already ({@code blockOn} refuses to
     * block inside one): in a {@link SpindleTest @SpindleTest} body, use {@link #spawn(Future)}.
     *
     * @param runtime the runtime to poll inside
     * @param future the future under test
     * @param <T> its value type
     * @return the task
     */
    public static <T> TestTask<T> spawnIn(AsyncRuntime runtime, Future<T> future) {
        return new TestTask<>(future, Objects.requireNonNull(runtime, "runtime"));
    }

    /**
     * Polls the future once with this task's waker, after clearing {@link #isWoken()}.
     *
     * @return the poll's result
     * @throws IllegalStateException if the task already completed, failed or was cancelled
     *     (or, from the future, if it needs a runtime and is polled outside one)
     * @throws RuntimeException the future's own failure, as it threw it (checked exceptions
     *     included, undeclared); the task is then failed
     */
    public Poll<T> poll() {
        if (state != State.PENDING) {
            throw new IllegalStateException("the task is already " + state.name().toLowerCase(Locale.ROOT)
                    + "; a future must not be polled again after it completed or was cancelled");
        }
        waker.clear();
        polls++;
        PollOutcome<T> outcome = runtime == null ? pollHere() : pollInside(runtime);
        if (outcome.failure != null) {
            state = State.FAILED;
            failure = outcome.failure;
            throw Sneaky.<RuntimeException>raise(outcome.failure);
        }
        if (outcome.poll instanceof Poll.Ready<T> ready) {
            state = State.READY;
            value = ready.value();
        }
        return outcome.poll;
    }

    /** One poll's result or failure; failures travel as values so that blockOn wraps nothing. */
    private record PollOutcome<T>(Poll<T> poll, Throwable failure) {
    }

    private PollOutcome<T> pollHere() {
        try {
            return new PollOutcome<>(future.poll(cx), null);
        } catch (Throwable t) {
            return new PollOutcome<>(null, t);
        }
    }

    private PollOutcome<T> pollInside(AsyncRuntime rt) {
        // blockOn's own refusals (closed runtime, already inside a runtime) escape as they are and
        // leave the task pending: they are not the future's failure.
        return rt.blockOn(Future.pollFn(ignored -> Poll.ready(pollHere())));
    }

    /**
     * Returns whether the task's waker was woken since the last {@link #poll()} began (or since
     * the task was made, if it was never polled).
     *
     * @return whether a wake is outstanding
     */
    public boolean isWoken() {
        return waker.isWoken();
    }

    /**
     * Returns how many times the task's waker was woken since the task was made, counting every
     * call to {@code wake()} (a runtime would coalesce concurrent ones; this count does not).
     *
     * @return the number of wakes
     */
    public int wakeCount() {
        return waker.wakeCount();
    }

    /**
     * Returns the waker the task polls with: the one the future under test registers. Waking it
     * is what the future's counterpart (a sender, a timer) does.
     *
     * @return this task's waker, the same object for every poll
     */
    public Waker waker() {
        return waker;
    }

    /**
     * Returns how many times {@link #poll()} was called.
     *
     * @return the poll count
     */
    public int pollCount() {
        return polls;
    }

    /**
     * Returns whether a poll returned ready.
     *
     * @return whether the future completed with a value
     */
    public boolean isReady() {
        return state == State.READY;
    }

    /**
     * Returns the value the future completed with.
     *
     * @return the value, may be {@code null}
     * @throws IllegalStateException if the future has not completed with a value
     */
    public T value() {
        if (state != State.READY) {
            throw new IllegalStateException("the task is " + state.name().toLowerCase(Locale.ROOT)
                    + ", it has no value");
        }
        return value;
    }

    /**
     * Gives the future its {@link Future#cancel() cancel()} — the drop hook — if it is still
     * pending; later calls, and calls after it completed, do nothing. The task cannot be polled
     * afterwards.
     */
    public void cancel() {
        if (state != State.PENDING) {
            return;
        }
        state = State.CANCELLED;
        if (runtime == null || runtime.isClosed()) {
            future.cancel();
        } else {
            runtime.blockOn(Future.pollFn(ignored -> {
                future.cancel();
                return Poll.ready(null);
            }));
        }
    }

    /**
     * Returns whether {@link #cancel()} cancelled the future.
     *
     * @return whether the task was cancelled while pending
     */
    public boolean isCancelled() {
        return state == State.CANCELLED;
    }

    /**
     * Polls once and asserts that the future is pending.
     *
     * @throws AssertionError if it completed (its value is in the message)
     */
    public void assertPending() {
        Poll<T> p = poll();
        if (p instanceof Poll.Ready<T> ready) {
            throw new AssertionError("expected the future to be pending, but it completed with " + ready.value());
        }
    }

    /**
     * Polls once and asserts that the future is ready.
     *
     * @return the future's value
     * @throws AssertionError if it is pending
     */
    public T assertReady() {
        Poll<T> p = poll();
        if (p instanceof Poll.Ready<T> ready) {
            return ready.value();
        }
        throw new AssertionError("expected the future to be ready, but it is pending after " + polls + " polls"
                + (waker.wakeCount() == 0 ? " and was never woken" : ""));
    }

    /**
     * Polls once and asserts that the future fails.
     *
     * @return what the future threw
     * @throws AssertionError if it is pending or completed with a value
     */
    public Throwable assertFailed() {
        Poll<T> p;
        try {
            p = poll();
        } catch (Throwable t) {
            if (state == State.FAILED) {
                return t;
            }
            throw t; // not the future's failure: poll() refused to poll
        }
        throw new AssertionError("expected the future to fail, but it " + (p.isReady()
                ? "completed with " + ((Poll.Ready<T>) p).value()
                : "is pending"));
    }

    /**
     * Returns what the future threw, if a poll failed.
     *
     * @return the failure, or {@code null}
     */
    public Throwable failure() {
        return failure;
    }

    @Override
    public String toString() {
        return "TestTask[" + state.name().toLowerCase(Locale.ROOT) + ", " + polls + " polls, "
                + waker.wakeCount() + " wakes" + (waker.isWoken() ? ", woken" : "") + ", " + future + "]";
    }

    /** The task's waker: counts wakes and flags one since the last poll. Safe from any thread. */
    private static final class RecordingWaker implements Waker {
        private final AtomicInteger wakes = new AtomicInteger();
        private volatile boolean woken;

        @Override
        public void wake() {
            wakes.incrementAndGet();
            woken = true;
        }

        void clear() {
            woken = false;
        }

        boolean isWoken() {
            return woken;
        }

        int wakeCount() {
            return wakes.get();
        }

        @Override
        public String toString() {
            return "TestTask.waker[" + wakes.get() + " wakes" + (woken ? ", woken" : "") + "]";
        }
    }
}
