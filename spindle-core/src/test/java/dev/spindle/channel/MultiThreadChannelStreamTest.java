package dev.spindle.channel;

import dev.spindle.runtime.AsyncRuntime;

/** Channel receivers as streams on the multi-thread runtime. */
class MultiThreadChannelStreamTest extends ChannelStreamTest {
    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().multiThread().workerThreads(2);
    }
}
