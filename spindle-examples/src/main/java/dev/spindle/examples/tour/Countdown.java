package dev.spindle.examples.tour;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;

/**
 * A hand-written future that is ready at its {@code n}-th poll, to show the poll contract at
 * work: before it returns {@link Poll#pending()}, a future must arrange for the context's waker
 * to be woken, or it is never polled again. This one has nothing to wait for, so it wakes the
 * waker itself at once (as {@code Task.yieldNow()} does) and the runtime polls it again.
 */
final class Countdown implements Future<Integer> {
    private final int n;
    private final Narrator out;
    private int polls;

    Countdown(int n, Narrator out) {
        this.n = n;
        this.out = out;
    }

    @Override
    public Poll<Integer> poll(Context cx) {
        polls++;
        if (polls < n) {
            out.event("poll " + polls + ": Pending (it woke its waker first)");
            cx.waker().wake();
            return Poll.pending();
        }
        out.event("poll " + polls + ": Ready");
        return Poll.ready(polls);
    }
}
