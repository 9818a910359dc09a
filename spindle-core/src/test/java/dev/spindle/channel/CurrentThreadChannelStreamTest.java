package dev.spindle.channel;

import dev.spindle.runtime.AsyncRuntime;

/** Channel receivers as streams on the current-thread runtime. */
class CurrentThreadChannelStreamTest extends ChannelStreamTest {
    @Override
    protected AsyncRuntime.Builder builder() {
        return AsyncRuntime.builder().currentThread();
    }
}
