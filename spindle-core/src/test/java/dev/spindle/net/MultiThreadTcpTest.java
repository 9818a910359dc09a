package dev.spindle.net;

import dev.spindle.runtime.AsyncRuntime;

/** TCP on the multi-thread runtime with two workers. */
class MultiThreadTcpTest extends TcpContractTest {
    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().multiThread().workerThreads(2);
    }
}
