package dev.spindle.sync;

import dev.spindle.runtime.AsyncRuntime;

/** The sync contract on the current-thread runtime. */
class CurrentThreadSyncContractTest extends SyncContractTest {

    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().currentThread();
    }
}
