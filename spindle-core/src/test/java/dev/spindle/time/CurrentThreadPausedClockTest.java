package dev.spindle.time;

import dev.spindle.runtime.AsyncRuntime;

/** Paused-clock time on the current-thread runtime. */
class CurrentThreadPausedClockTest extends PausedClockContractTest {
    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().currentThread();
    }
}
