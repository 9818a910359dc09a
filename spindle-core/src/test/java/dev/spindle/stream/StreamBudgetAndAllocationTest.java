package dev.spindle.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Futures;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.support.TestFutures;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cooperative budget in stream sources, and the allocation-free steady state of a pipeline. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamBudgetAndAllocationTest {

    @Test
    void aTaskDrainingAnEndlessStreamStillLetsOtherTasksRun() {
        // On the current-thread runtime, the stop flag is set by another task: if the draining
        // task never yielded, that task would never run and this test would hang.
        AtomicBoolean stop = new AtomicBoolean();
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            long seen = rt.blockOn(rt.spawn(dev.spindle.Future.lazy(() -> {
                JoinHandle<Long> drain = dev.spindle.runtime.Task.spawn(
                        AsyncStream.iterate(0L, x -> x + 1).takeWhile(x -> !stop.get()).fold(0L, (a, x) -> a + 1));
                JoinHandle<Void> stopper = dev.spindle.runtime.Task.spawn(TestFutures.run(() -> stop.set(true)));
                return Futures.join(drain, stopper).map(Futures.Joined2::first);
            })));
            assertTrue(seen > 0);
        }
    }

    @Test
    void aMapFilterTakeFoldPipelineAllocatesNothingPerItem() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Object item = new Object();
        int n = 1_000_000;
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().longPollThreshold(null).build()) {
            for (int warm = 0; warm < 3; warm++) {
                rt.blockOn(rt.spawn(pipeline(item, n)));
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            long[] count = rt.blockOn(rt.spawn(pipeline(item, n)));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(n, count[0]);
            // The stages pass items to one another raw (RawStream), so the run allocates only its
            // fixed objects — the task, the fold future, the four stages (304 bytes measured on
            // JDK 25). The bound is far below one allocation per task yield (n / 4096 yields of
            // 16 bytes or more: 3.9 KB), let alone one per budget batch or per item (16 MB).
            assertTrue(allocated <= 1024, "allocated " + allocated + " bytes for " + n + " items");
        }
    }

    private static dev.spindle.Future<long[]> pipeline(Object item, int n) {
        long[] count = new long[1];
        return AsyncStream.iterate(item, x -> x)
                .map(x -> x)
                .filter(x -> x != null)
                .take(n)
                .fold(count, (c, x) -> {
                    c[0]++;
                    return c;
                });
    }
}
