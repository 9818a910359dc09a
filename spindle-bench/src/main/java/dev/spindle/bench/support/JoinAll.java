package dev.spindle.bench.support;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;

/**
 * Awaits a batch of futures (typically {@code JoinHandle}s) one after the other and is ready
 * when all are — the hand-written form of {@code for (h : handles) h.await();}. A failure of
 * any of them (a {@code JoinException}) is thrown from {@link #poll}.
 *
 * <p>Each finished future's slot is cleared so a long batch does not retain what is done.
 *
 * <p>Cancel safety: dropping it leaves the remaining futures unpolled; spawned tasks run on.
 */
public final class JoinAll implements Future<Void> {
    private final Future<?>[] futures;
    private int next;

    /** @param futures the futures to await; the array is taken over, not copied */
    public JoinAll(Future<?>[] futures) {
        this.futures = futures;
    }

    @Override
    public Poll<Void> poll(Context cx) {
        while (next < futures.length) {
            if (!futures[next].poll(cx).isReady()) {
                return Poll.pending();
            }
            futures[next++] = null;
        }
        return Poll.ready(null);
    }
}
