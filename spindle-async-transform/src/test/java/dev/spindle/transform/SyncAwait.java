package dev.spindle.transform;

import dev.spindle.AsyncCloseable;
import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;

/**
 * What {@code await()} means in the corpus's synchronous reference run: poll until ready. The
 * corpus's futures complete when polled again, so this never spins long.
 */
public final class SyncAwait {
    private static final Context CX = Context.of(Waker.noop());

    private SyncAwait() {
    }

    /** Replaces {@code f.await()} in the reference run. */
    public static Object await(Future<?> f) {
        for (int i = 0; i < 100_000; i++) {
            Poll<?> p = f.poll(CX);
            if (p instanceof Poll.Ready<?> r) {
                return r.value();
            }
        }
        throw new AssertionError("a corpus future did not complete when polled repeatedly: " + f);
    }

    /** Replaces {@code r.close()} on an {@code AsyncCloseable} in the reference run. */
    public static void close(AsyncCloseable r) {
        await(r.closeAsync());
    }
}
