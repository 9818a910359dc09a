package dev.spindle.channel;

import dev.spindle.runtime.AsyncRuntime;

/** The channel contract on the current-thread runtime. */
class CurrentThreadChannelContractTest extends ChannelContractTest {
    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().currentThread();
    }
}
