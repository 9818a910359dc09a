package dev.spindle.sync;

import dev.spindle.runtime.AsyncRuntime;

/** The sync contract on the multi-thread runtime with two workers. */
class MultiThreadSyncContractTest extends SyncContractTest {

    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().multiThread().workerThreads(2);
    }
}
