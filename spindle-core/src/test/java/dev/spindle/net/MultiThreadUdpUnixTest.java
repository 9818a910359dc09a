package dev.spindle.net;

import dev.spindle.runtime.AsyncRuntime;

/** UDP and Unix-domain sockets on the multi-thread runtime with two workers. */
class MultiThreadUdpUnixTest extends UdpUnixContractTest {
    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().multiThread().workerThreads(2);
    }
}
