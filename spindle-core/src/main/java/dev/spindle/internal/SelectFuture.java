package dev.spindle.internal;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.Poll;
import dev.spindle.runtime.internal.ThreadContext;
import java.util.List;

/**
 * {@code Futures.select}, {@code selectBiased} and {@code race}: polls the branches (from a
 * random start unless biased) with the caller's context; the first to complete wins and every
 * other branch is cancelled. In race mode, a failing branch is dropped (and remembered) instead
 * of winning; when all have failed, the first failure is thrown with the others suppressed.
 *
 * @param <T> the common value type
 */
public final class SelectFuture<T> implements Future<Futures.Selected<T>> {
    private final Future<? extends T>[] branches;
    private final boolean biased;
    private final boolean race;
    private Throwable failure;
    private int live;

    @SuppressWarnings("unchecked")
    public SelectFuture(List<? extends Future<? extends T>> futures, boolean biased, boolean race) {
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("select needs at least one future");
        }
        branches = futures.toArray(new Future[0]);
        for (int i = 0; i < branches.length; i++) {
            if (branches[i] == null) {
                throw new NullPointerException("future at index " + i);
            }
        }
        this.biased = biased;
        this.race = race;
        this.live = branches.length;
    }

    @Override
    public Poll<Futures.Selected<T>> poll(Context cx) {
        int n = branches.length;
        int start = biased || n == 1 ? 0 : ThreadContext.current().nextRandom(n);
        for (int k = 0; k < n; k++) {
            int i = start + k;
            if (i >= n) {
                i -= n;
            }
            Future<? extends T> f = branches[i];
            if (f == null) {
                continue;
            }
            Poll<? extends T> p;
            try {
                p = f.poll(cx);
            } catch (Throwable t) {
                branches[i] = null;
                if (!race) {
                    cancelAll();
                    throw t;
                }
                if (failure == null) {
                    failure = t;
                } else {
                    failure.addSuppressed(t);
                }
                if (--live == 0) {
                    throw Sneaky.raise(failure);
                }
                continue;
            }
            if (p instanceof Poll.Ready<? extends T> r) {
                branches[i] = null;
                cancelAll();
                return Poll.ready(new Futures.Selected<>(i, r.value()));
            }
        }
        return Poll.pending();
    }

    private void cancelAll() {
        for (int i = 0; i < branches.length; i++) {
            Future<? extends T> f = branches[i];
            branches[i] = null;
            if (f != null) {
                f.cancel();
            }
        }
    }

    @Override
    public void cancel() {
        cancelAll();
    }
}
