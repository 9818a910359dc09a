package dev.spindle.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import java.util.Arrays;
import java.util.List;

/**
 * {@code Futures.join}/{@code joinAll}/{@code tryJoinAll}: polls each child only when its own
 * waker fired, so a join over n futures costs O(1) per wakeup instead of O(n).
 *
 * <h2>Implementation notes</h2>
 *
 * <p>The children live in a {@link FutureSet} of capacity n, which owns the concurrent part
 * (each child's slot is its waker; a wake queues the slot once on a lock-free stack and wakes
 * this join's latest waker; see there for the races and the memory ordering). Child {@code i}
 * is added with sequence number {@code i}, which says where its value goes; they are added in
 * reverse so that the first poll polls them in order 0..n-1, as the set polls new futures
 * last-added first. Each poll begins a poll of the set, then takes completed children until
 * none is ready; the set stops early when the cooperative budget is spent, having woken the
 * task. A child that throws is recorded (the first failure, later ones suppressed into it):
 * fail-fast then cancels the rest and rethrows; otherwise the join waits for the others and
 * throws at the end. State is touched only by the polling task.
 *
 * @param <T> the value type
 */
public final class JoinAll<T> implements Future<List<T>> {
    private final FutureSet<T> set;
    private final Object[] results;
    private final boolean failFast;
    private Throwable failure;

    /**
     * @param futures the children
     * @param failFast whether the first failure cancels the rest at once
     */
    public JoinAll(List<? extends Future<? extends T>> futures, boolean failFast) {
        int n = futures.size();
        for (int i = 0; i < n; i++) {
            if (futures.get(i) == null) {
                throw new NullPointerException("future at index " + i);
            }
        }
        this.set = new FutureSet<>(n);
        this.results = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            set.add(futures.get(i), i);
        }
        this.failFast = failFast;
    }

    @Override
    public Poll<List<T>> poll(Context cx) {
        set.beginPoll(cx.waker());
        for (;;) {
            FutureSet.Slot s;
            try {
                s = set.pollOne(cx);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                } else if (failure != t) {
                    failure.addSuppressed(t);
                }
                if (failFast) {
                    set.cancelAll(failure);
                    throw Sneaky.raise(failure);
                }
                continue;
            }
            if (s == null) {
                break;
            }
            results[(int) s.seq()] = s.value();
            set.release(s);
        }
        if (set.size() > 0) {
            return Poll.pending();
        }
        if (failure != null) {
            throw Sneaky.raise(failure);
        }
        @SuppressWarnings("unchecked")
        List<T> out = (List<T>) Arrays.asList(results);
        return Poll.ready(out);
    }

    @Override
    public void cancel() {
        set.cancelAll(null);
    }

    @Override
    public String toString() {
        return "joinAll(" + set.size() + " of " + results.length + " pending)";
    }
}
