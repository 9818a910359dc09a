package dev.spindle.support;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import java.util.function.IntFunction;

/**
 * Runs {@code n} futures one after the other (a {@code for} loop of awaits, for tests written
 * without the {@code @Async} transform): the {@code i}-th is built by {@code body} once the
 * previous one completed. Cancelling cancels the one in flight.
 */
public final class Loop implements Future<Void> {
    private final int n;
    private final IntFunction<? extends Future<?>> body;
    private int i;
    private Future<?> current;

    private Loop(int n, IntFunction<? extends Future<?>> body) {
        this.n = n;
        this.body = body;
    }

    /**
     * @param n the number of iterations
     * @param body builds iteration {@code i}'s future
     * @return the loop
     */
    public static Future<Void> repeat(int n, IntFunction<? extends Future<?>> body) {
        return new Loop(n, body);
    }

    @Override
    public Poll<Void> poll(Context cx) {
        while (true) {
            if (current == null) {
                if (i == n) {
                    return Poll.ready(null);
                }
                current = body.apply(i);
            }
            if (!current.poll(cx).isReady()) {
                return Poll.pending();
            }
            current = null;
            i++;
        }
    }

    @Override
    public void cancel() {
        if (current != null) {
            current.cancel();
        }
    }
}
