package dev.spindle.channel;

import dev.spindle.runtime.AsyncRuntime;

/** The channel contract on the multi-thread runtime with two workers. */
class MultiThreadChannelContractTest extends ChannelContractTest {
    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().multiThread().workerThreads(2);
    }
}
