package dev.spindle;

/**
 * A handle that tells an executor to poll a task again (Rust's {@code std::task::Waker}).
 *
 * <p>A future that returns {@link Poll#pending()} must first arrange for the waker of the
 * {@link Context} it was polled with to be woken when it can make progress; otherwise the
 * task is never polled again. Wakers are cheap to keep: the runtime's wakers are the task
 * objects themselves, so storing one allocates nothing.
 *
 * <p><b>Wakeup guarantee.</b> For the runtime's task wakers: a {@link #wake()} while the task is
 * being polled causes exactly one more poll after the current one; a wake of a completed task
 * is a no-op; any number of concurrent wakes schedule the task once. Everything a thread wrote
 * before calling {@code wake()} happens-before the poll that the wake causes.
 */
public interface Waker {

    /**
     * Schedules the task this waker belongs to for another poll. Safe to call from any thread,
     * any number of times; never blocks.
     */
    void wake();

    /**
     * Whether waking {@code other} would wake the same task as this waker. A future that stores
     * a waker uses this to skip replacing it with an equivalent one.
     *
     * @param other another waker, may be {@code null}
     * @return {@code true} if both wake the same task
     */
    default boolean willWake(Waker other) {
        return this == other;
    }

    /**
     * Returns a waker that does nothing, for polling a future by hand when nothing needs to be
     * woken.
     *
     * @return the no-op waker
     */
    static Waker noop() {
        return NoopWaker.INSTANCE;
    }
}

/** The waker behind {@link Waker#noop()}. */
enum NoopWaker implements Waker {
    INSTANCE;

    @Override
    public void wake() {
    }
}
