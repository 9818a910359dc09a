package dev.spindle.bench.workloads;

import dev.spindle.Async;
import dev.spindle.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code @Async} building blocks that several workloads' {@code spindle-mt} / {@code spindle-ct}
 * peers share: the task body of spawn_local and spawn_remote and "await every handle". They are
 * the counterparts of {@link IncrementTask} and {@link dev.spindle.bench.support.JoinAll}, written
 * the way a user writes them.
 */
final class AsyncTasks {
    private AsyncTasks() {
    }

    /** The {@code @Async} form of {@link IncrementTask}: one increment, no await. */
    @Async
    static Future<Void> increment(AtomicLong counter) {
        counter.incrementAndGet();
        return Future.ready(null);
    }

    /** Awaits each future in order (a failure ends the wait with that failure). */
    @Async
    static Future<Void> joinAll(Future<?>[] futures) {
        for (Future<?> f : futures) {
            f.await();
        }
        return Future.ready(null);
    }
}
