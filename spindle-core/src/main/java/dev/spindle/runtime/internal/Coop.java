package dev.spindle.runtime.internal;

import dev.spindle.Context;

/**
 * The cooperative budget (Tokio's {@code coop}): each task poll may perform
 * {@value #BUDGET} resource operations (channel, lock, I/O, timer, join); after that every
 * resource operation returns {@code Pending} and wakes its task, so the task yields to the
 * scheduler at its next suspension point and one busy task cannot starve the others.
 *
 * <p>Every primitive calls {@link #proceed(Context)} at the start of a poll that could complete
 * without suspending. Outside a task poll (a hand-polled future, a {@code blockOn} caller when
 * budgeting is off) the budget is unconstrained.
 */
public final class Coop {
    /** Resource operations allowed per task poll. */
    public static final int BUDGET = 128;

    private Coop() {
    }

    /**
     * Consumes one unit of budget.
     *
     * @param cx the context of the current poll; its waker is woken when the budget is spent
     * @return {@code true} if the operation may proceed; {@code false} if the caller must
     *     return {@code Pending} (the task has already been woken)
     */
    public static boolean proceed(Context cx) {
        ThreadContext tc = ThreadContext.current();
        int b = tc.budget;
        if (b < 0) {
            return true;
        }
        if (b == 0) {
            RuntimeCore rt = tc.runtime;
            if (rt != null) {
                rt.metrics.budgetForcedYields.increment();
            }
            cx.waker().wake();
            return false;
        }
        tc.budget = b - 1;
        return true;
    }

    /**
     * Whether the current poll has budget left (without consuming any).
     *
     * @return {@code true} if a resource operation would proceed
     */
    public static boolean hasBudgetRemaining() {
        return ThreadContext.current().budget != 0;
    }
}
