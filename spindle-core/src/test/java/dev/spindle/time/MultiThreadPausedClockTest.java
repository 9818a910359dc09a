package dev.spindle.time;

import dev.spindle.runtime.AsyncRuntime;

/** Paused-clock time on the multi-thread runtime with two workers. */
class MultiThreadPausedClockTest extends PausedClockContractTest {
    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().multiThread().workerThreads(2);
    }
}
