package dev.spindle.sync;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.Poll;
import dev.spindle.runtime.Task;
import dev.spindle.support.TestFutures;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One task of the cancellation stress: again and again it races an acquire (a lock, a permit)
 * against a competitor that is ready after a random number of polls, in a {@code select}; the
 * loser is cancelled. When the acquire wins, it runs {@code onAcquired} with what it got, holds
 * it across a yield half of the time, runs {@code onRelease} and closes it. It stops once the
 * acquire has lost {@code cancellations} times. A hand-written state machine, so that its own
 * {@code cancel()} releases what it holds (an aborted task must not leak a guard either).
 *
 * @param <G> what the acquire gives
 */
final class Racer<G extends AutoCloseable> implements Future<Racer.Tally> {
    /** What one racer did. */
    record Tally(long acquired, long cancelled) {
    }

    private static final int START = 0;
    private static final int RACING = 1;
    private static final int HOLDING = 2;

    private final Supplier<? extends Future<G>> acquire;
    private final Consumer<? super G> onAcquired;
    private final Consumer<? super G> onRelease;
    private final long cancellations;
    private final Random rnd;
    private int state = START;
    private Future<Futures.Selected<Object>> race;
    private G held;
    private Future<Void> yield;
    private long acquired;
    private long cancelled;

    Racer(long seed, long cancellations, Supplier<? extends Future<G>> acquire,
            Consumer<? super G> onAcquired, Consumer<? super G> onRelease) {
        this.rnd = new Random(seed);
        this.cancellations = cancellations;
        this.acquire = acquire;
        this.onAcquired = onAcquired;
        this.onRelease = onRelease;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Poll<Tally> poll(Context cx) {
        for (;;) {
            switch (state) {
                case START -> {
                    if (cancelled >= cancellations) {
                        return Poll.ready(new Tally(acquired, cancelled));
                    }
                    Future<Object> competitor = TestFutures.readyAfterPolls(1 + rnd.nextInt(4), null);
                    race = rnd.nextBoolean()
                            ? Futures.select(acquire.get(), competitor)
                            : Futures.selectBiased(competitor, acquire.get()).map(s ->
                                    new Futures.Selected<>(1 - s.index(), s.value()));
                    state = RACING;
                }
                case RACING -> {
                    Poll<Futures.Selected<Object>> p = race.poll(cx);
                    if (!(p instanceof Poll.Ready<Futures.Selected<Object>> r)) {
                        return Poll.pending();
                    }
                    race = null;
                    if (r.value().index() != 0) {
                        cancelled++;
                        state = START;
                        continue;
                    }
                    acquired++;
                    held = (G) r.value().value();
                    onAcquired.accept(held);
                    if (rnd.nextBoolean()) {
                        yield = Task.yieldNow();
                        state = HOLDING;
                    } else {
                        release();
                    }
                }
                case HOLDING -> {
                    if (!yield.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    yield = null;
                    release();
                }
                default -> throw new IllegalStateException("state " + state);
            }
        }
    }

    private void release() {
        G g = held;
        held = null;
        state = START;
        onRelease.accept(g);
        try {
            g.close();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void cancel() {
        if (race != null) {
            race.cancel();
        }
        if (yield != null) {
            yield.cancel();
        }
        if (held != null) {
            release();
        }
    }
}
