package dev.spindle.net;

import dev.spindle.runtime.AsyncRuntime;

/** TCP on the current-thread runtime. */
class CurrentThreadTcpTest extends TcpContractTest {
    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().currentThread();
    }
}
