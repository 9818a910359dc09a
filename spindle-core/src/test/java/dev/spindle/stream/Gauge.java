package dev.spindle.stream;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts futures in flight — started (first polled) and neither completed nor cancelled — and
 * remembers the most there ever were, to check a concurrency limit.
 */
final class Gauge {
    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();

    /**
     * Wraps a future so that the gauge sees it.
     *
     * @param inner the future
     * @param <T> its type
     * @return the counted future
     */
    <T> Future<T> track(Future<T> inner) {
        return new Future<>() {
            private boolean running;
            private boolean finished;

            @Override
            public Poll<T> poll(Context cx) {
                if (finished) {
                    throw new AssertionError("polled after it completed or was cancelled");
                }
                if (!running) {
                    running = true;
                    started.incrementAndGet();
                    max.accumulateAndGet(now.incrementAndGet(), Math::max);
                }
                Poll<T> p;
                try {
                    p = inner.poll(cx);
                } catch (RuntimeException | Error e) {
                    finished = true;
                    now.decrementAndGet();
                    throw e;
                }
                if (p.isReady()) {
                    finished = true;
                    now.decrementAndGet();
                }
                return p;
            }

            @Override
            public void cancel() {
                if (finished) {
                    throw new AssertionError("cancelled after it completed");
                }
                finished = true;
                cancelled.incrementAndGet();
                if (running) {
                    now.decrementAndGet();
                }
                inner.cancel();
            }
        };
    }

    int inFlight() {
        return now.get();
    }

    int max() {
        return max.get();
    }

    int started() {
        return started.get();
    }

    int cancelled() {
        return cancelled.get();
    }
}
