package dev.spindle.runtime;

/** The runtime contract on the multi-thread runtime with two workers. */
class MultiThreadRuntimeContractTest extends RuntimeContractTest {

    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().multiThread().workerThreads(2);
    }

    @Override
    protected AsyncRuntime.Builder singleThreaded(AsyncRuntime.Builder b) {
        return b.workerThreads(1);
    }
}
