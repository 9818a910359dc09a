package dev.spindle.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.AsyncRuntime;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's {@code @Async} chains really are state machines (an untransformed
 * {@code await()} throws {@code IllegalStateException}), and every variant computes the chain's
 * result.
 */
class AsyncChainBenchmarkTest {
    private final AsyncChainBenchmark bench = new AsyncChainBenchmark();

    @Test
    void theReadyChainIsTransformedAndCompletesInOnePoll() {
        Poll<Integer> p = AsyncChainBenchmark.readyChain().poll(Context.of(Waker.noop()));
        assertEquals(AsyncChainBenchmark.LINKS, assertInstanceOf(Poll.Ready.class, p).value());
        assertEquals(AsyncChainBenchmark.LINKS, bench.spindleReady());
    }

    @Test
    void theYieldingChainSuspendsOncePerLink() {
        Poll<Integer> p = AsyncChainBenchmark.yieldingChain().poll(Context.of(Waker.noop()));
        assertInstanceOf(Poll.Pending.class, p);
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            assertEquals(AsyncChainBenchmark.LINKS, rt.blockOn(rt.spawn(AsyncChainBenchmark.yieldingChain())));
        }
    }

    @Test
    void theOtherVariantsComputeTheSameChain() throws Exception {
        AsyncChainBenchmark.CfPool cf = new AsyncChainBenchmark.CfPool();
        cf.start();
        try {
            assertEquals(AsyncChainBenchmark.LINKS, bench.cfReady());
            assertEquals(AsyncChainBenchmark.LINKS, bench.cfSuspending(cf));
            assertEquals(AsyncChainBenchmark.LINKS, bench.vtReady());
            assertEquals(AsyncChainBenchmark.LINKS, bench.vtSuspending());
        } finally {
            cf.stop();
        }
    }
}
