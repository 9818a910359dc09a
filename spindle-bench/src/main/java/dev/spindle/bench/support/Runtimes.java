package dev.spindle.bench.support;

import dev.spindle.bench.Peer;
import dev.spindle.runtime.AsyncRuntime;
import java.util.concurrent.ForkJoinPool;

/** Builds the runtime or pool each peer runs on, exactly as WORKLOADS.md specifies. */
public final class Runtimes {
    /** Worker threads of {@code spindle-mt} and parallelism of the {@code cf} pool. */
    public static final int WORKERS = 2;

    private Runtimes() {
    }

    /**
     * @param peer a Spindle peer ({@code @Async} or {@code -hand}: both run on the same runtimes)
     * @return a multi-thread runtime with {@value #WORKERS} workers, or a current-thread runtime
     */
    public static AsyncRuntime spindle(Peer peer) {
        if (!peer.isSpindle()) {
            throw new IllegalArgumentException("not a Spindle peer: " + peer);
        }
        return peer.isMultiThreadSpindle()
                ? AsyncRuntime.builder().multiThread().workerThreads(WORKERS).build()
                : AsyncRuntime.builder().currentThread().build();
    }

    /**
     * @return {@code new ForkJoinPool(2, defaultForkJoinWorkerThreadFactory, null, true)}: two
     *     workers, FIFO local queues (async mode), the pool an event-style program would use
     */
    public static ForkJoinPool cfPool() {
        return new ForkJoinPool(WORKERS, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
    }
}
