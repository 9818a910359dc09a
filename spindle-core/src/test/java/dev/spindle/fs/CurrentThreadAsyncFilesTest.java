package dev.spindle.fs;

import dev.spindle.runtime.AsyncRuntime;

/** AsyncFiles on the current-thread runtime. */
class CurrentThreadAsyncFilesTest extends AsyncFilesContractTest {
    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().currentThread();
    }
}
