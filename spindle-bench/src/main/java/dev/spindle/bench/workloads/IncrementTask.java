package dev.spindle.bench.workloads;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import java.util.concurrent.atomic.AtomicLong;

/** The body of each spawned task in spawn_local and spawn_remote: one increment, then done. */
final class IncrementTask implements Future<Void> {
    private final AtomicLong counter;

    IncrementTask(AtomicLong counter) {
        this.counter = counter;
    }

    @Override
    public Poll<Void> poll(Context cx) {
        counter.incrementAndGet();
        return Poll.ready(null);
    }
}
