package dev.spindle.fs;

import dev.spindle.runtime.AsyncRuntime;

/** AsyncFiles on the multi-thread runtime with two workers. */
class MultiThreadAsyncFilesTest extends AsyncFilesContractTest {
    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().multiThread().workerThreads(2);
    }
}
