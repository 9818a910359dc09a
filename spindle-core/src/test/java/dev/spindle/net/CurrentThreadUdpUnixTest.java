package dev.spindle.net;

import dev.spindle.runtime.AsyncRuntime;

/** UDP and Unix-domain sockets on the current-thread runtime. */
class CurrentThreadUdpUnixTest extends UdpUnixContractTest {
    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().currentThread();
    }
}
