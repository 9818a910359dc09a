package dev.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.Poll;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Task#yieldNow()}: completes at the next poll, lets queued tasks run, allocates nothing. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class YieldNowAllocationTest {

    /** Yields {@code n} times, then completes; holds the shared yield future between polls. */
    private static final class YieldLoop implements Future<Void> {
        private final long n;
        private long done;
        private Future<Void> yielding;

        YieldLoop(long n) {
            this.n = n;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (yielding != null) {
                    if (!yielding.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    yielding = null;
                    done++;
                }
                if (done == n) {
                    return Poll.ready(null);
                }
                yielding = Task.yieldNow();
            }
        }
    }

    @Test
    void aYieldingTaskLetsTheQueuedTaskRunBeforeItResumes() {
        List<String> log = new ArrayList<>();
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            rt.blockOn(Future.lazy(() -> {
                JoinHandle<Void> a = Task.spawn(Future.lazy(() -> {
                    log.add("a1");
                    return Task.yieldNow().map(v -> {
                        log.add("a2");
                        return null;
                    });
                }));
                JoinHandle<Void> b = Task.spawn(Future.lazy(() -> {
                    log.add("b1");
                    return Future.ready(null);
                }));
                return Futures.join(a, b);
            }));
        }
        assertEquals(List.of("a1", "b1", "a2"), log);
    }

    @Test
    void twoYieldsJoinedInOneTaskBothComplete() {
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            var r = rt.blockOn(rt.spawn(Futures.join(Task.yieldNow(), Task.yieldNow())));
            assertEquals(null, r.first());
        }
    }

    @Test
    void blockOnAYieldCompletes() {
        try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workerThreads(1).build()) {
            assertEquals(null, rt.blockOn(Task.yieldNow()));
            assertEquals(null, rt.blockOn(new YieldLoop(1_000)));
        }
    }

    @Test
    void yieldingAllocatesNothingOnTheSteadyState() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().longPollThreshold(null).build()) {
            rt.blockOn(rt.spawn(new YieldLoop(200_000))); // warm up: JIT, class loading
            int yields = 200_000;
            YieldLoop loop = new YieldLoop(yields);
            JoinHandle<Void> h = rt.spawn(loop);
            long before = threads.getCurrentThreadAllocatedBytes();
            rt.blockOn(h);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // The current-thread runtime polls the task on this thread, so every byte the yield
            // path allocates is counted; a few hundred bytes of blockOn bookkeeping are not per yield.
            assertTrue(allocated < yields / 100, "allocated " + allocated + " bytes for " + yields + " yields");
        }
    }
}
