package dev.spindle.runtime.internal;

import java.util.concurrent.atomic.LongAdder;

/** Runtime-wide counters behind {@code RuntimeMetrics}; per-worker ones live in {@link Worker}. */
public final class RuntimeCounters {
    /**
     * Tasks spawned from threads that are not the scheduler's own (blocking ones included);
     * spawns from a worker count in the worker, so that a spawn touches no shared counter.
     */
    public final LongAdder remoteSpawns = new LongAdder();
    /** Resource operations refused because a poll's budget was spent. */
    public final LongAdder budgetForcedYields = new LongAdder();
    /** Polls reported as longer than the long-poll threshold. */
    public final LongAdder longPolls = new LongAdder();
    /** Failures handed to the unhandled-exception policy. */
    public final LongAdder unhandledFailures = new LongAdder();
    /** Polls made by threads that are not workers (blockOn callers, the current-thread runtime). */
    public final LongAdder externalPolls = new LongAdder();
}
