package dev.spindle.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Future;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.Task;
import dev.spindle.support.Gate;
import dev.spindle.support.PolledByHand;
import dev.spindle.support.TestFutures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * buffered, bufferUnordered, forEachConcurrent and tryForEach: ordering, the concurrency limit
 * (checked with a {@link Gauge}), early termination, failures and cancellation.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConcurrentStreamTest {

    /** n gates, opened by the test in any order; job i completes with i once gate i is open. */
    private static final class Jobs {
        final List<Gate> gates = new ArrayList<>();
        final Gauge gauge = new Gauge();

        Jobs(int n) {
            for (int i = 0; i < n; i++) {
                gates.add(new Gate());
            }
        }

        Future<Integer> job(int i) {
            return gauge.track(gates.get(i).thenReady(i));
        }

        void open(int... which) {
            for (int i : which) {
                gates.get(i).open();
            }
        }
    }

    @Test
    void bufferedRunsUpToNAtOnceAndKeepsTheOrderOfTheItems() {
        Jobs jobs = new Jobs(6);
        StreamPoller<Integer> p = StreamPoller.of(AsyncStream.range(0, 6).buffered(3, jobs::job));
        p.assertPending();
        assertEquals(3, jobs.gauge.inFlight(), "three started at once");
        jobs.open(2, 1);
        assertTrue(p.isWoken());
        p.assertPending(); // 1 and 2 are done but wait for 0
        assertEquals(3, jobs.gauge.started(), "done-but-waiting values still count against n");
        jobs.open(0);
        p.assertItem(0);
        p.assertItem(1);
        p.assertItem(2);
        p.assertPending();
        assertEquals(3, jobs.gauge.inFlight());
        jobs.open(5, 4, 3);
        assertEquals(List.of(3, 4, 5), p.drain());
        assertEquals(3, jobs.gauge.max(), "never more than n in flight");
    }

    @Test
    void bufferUnorderedYieldsInCompletionOrderWithAtMostNInFlight() {
        Jobs jobs = new Jobs(5);
        StreamPoller<Integer> p = StreamPoller.of(AsyncStream.range(0, 5).bufferUnordered(2, jobs::job));
        p.assertPending();
        assertEquals(2, jobs.gauge.inFlight());
        jobs.open(1);
        p.assertItem(1);
        p.assertPending(); // pulled job 2; 0 and 2 running
        assertEquals(2, jobs.gauge.inFlight());
        jobs.open(2, 4);
        p.assertItem(2);
        p.assertPending(); // 0 and 3 running
        jobs.open(3);
        p.assertItem(3);
        p.assertItem(4); // pulled and completed in the same poll
        jobs.open(0);
        p.assertItem(0);
        p.assertEnd();
        assertEquals(2, jobs.gauge.max());
    }

    @Test
    void theUntypedFormTakesAStreamOfFutures() {
        AsyncStream<Future<Integer>> futures = AsyncStream.of(Future.ready(1), TestFutures.readyAfterPolls(2, 2));
        AsyncStream<Integer> values = futures.buffered(2);
        assertEquals(List.of(1, 2), PolledByHand.of(values.toList()).assertReady());
        AsyncStream<Integer> notFutures = AsyncStream.of(1, 2).bufferUnordered(2);
        assertThrows(ClassCastException.class, () -> StreamPoller.of(notFutures).poll());
    }

    @Test
    void aLimitBelowOneIsRejected() {
        AsyncStream<Integer> s = AsyncStream.of(1);
        assertThrows(IllegalArgumentException.class, () -> s.buffered(0));
        assertThrows(IllegalArgumentException.class, () -> s.bufferUnordered(0, Future::ready));
        assertThrows(IllegalArgumentException.class, () -> s.forEachConcurrent(0, Future::ready));
    }

    @Test
    void cancellingABufferedStreamCancelsEveryFutureInFlightAndTheUpstream() {
        for (boolean ordered : new boolean[] {true, false}) {
            Jobs jobs = new Jobs(8);
            TestStream<Integer> src = TestStream.of(0, 1, 2, 3);
            AsyncStream<Integer> s = ordered ? src.buffered(4, jobs::job) : src.bufferUnordered(4, jobs::job);
            StreamPoller<Integer> p = StreamPoller.of(s);
            p.assertPending();
            jobs.open(3); // one completed, waiting (ordered) or yielded (unordered)
            if (ordered) {
                p.assertPending(); // 3 completed and waits for 0, 1, 2
            } else {
                p.assertItem(3);
            }
            p.cancel();
            assertEquals(0, jobs.gauge.inFlight(), "every in-flight future was cancelled");
            assertEquals(3, jobs.gauge.cancelled());
            assertEquals(1, src.cancels());
        }
    }

    @Test
    void theFirstFailingFutureFailsTheStreamAndCancelsTheOthers() {
        Jobs jobs = new Jobs(3);
        TestStream<Integer> src = TestStream.of(0, 1, 2);
        IllegalStateException boom = new IllegalStateException("job 1");
        StreamPoller<Integer> p = StreamPoller.of(src.bufferUnordered(3,
                i -> i == 1 ? jobs.gauge.track(TestFutures.failAfterPolls(2, boom)) : jobs.job(i)));
        p.assertPending();
        assertEquals(3, jobs.gauge.inFlight());
        assertSame(boom, assertThrows(IllegalStateException.class, p::poll));
        assertEquals(0, jobs.gauge.inFlight());
        assertEquals(2, jobs.gauge.cancelled());
        assertEquals(1, src.cancels());
    }

    @Test
    void anUpstreamFailureCancelsTheFuturesInFlight() {
        Jobs jobs = new Jobs(2);
        TestStream<Integer> src = TestStream.of(0, 1);
        StreamPoller<Integer> p = StreamPoller.of(src.buffered(4, jobs::job));
        p.assertPending();
        src.fail(new IllegalArgumentException("source"));
        assertThrows(IllegalArgumentException.class, p::poll);
        assertEquals(2, jobs.gauge.cancelled());
        assertEquals(0, src.cancels(), "the upstream threw: it is not cancelled after");
    }

    @Test
    void aFutureCompletingWithNullFailsTheStream() {
        TestStream<Integer> src = TestStream.of(0);
        StreamPoller<Integer> p = StreamPoller.of(src.bufferUnordered(2, i -> Future.ready(null)));
        assertThrows(NullPointerException.class, p::poll);
        assertEquals(1, src.cancels());
    }

    @Test
    void forEachConcurrentNeverRunsMoreThanTheLimitAndWaitsForAll() {
        Jobs jobs = new Jobs(7);
        var f = PolledByHand.of(AsyncStream.range(0, 7).forEachConcurrent(3, jobs::job));
        f.assertPending();
        assertEquals(3, jobs.gauge.inFlight());
        for (int i = 6; i >= 0; i--) {
            jobs.open(i);
            if (i > 0) {
                f.assertPending();
            }
            assertTrue(jobs.gauge.inFlight() <= 3);
        }
        f.assertReady();
        assertEquals(3, jobs.gauge.max());
        assertEquals(7, jobs.gauge.started());
    }

    @Test
    void forEachConcurrentFailsFastCancellingTheInFlightWorkAndTheStream() {
        Jobs jobs = new Jobs(4);
        TestStream<Integer> src = TestStream.of(0, 1, 2, 3);
        var f = PolledByHand.of(src.forEachConcurrent(3, i -> {
            if (i == 3) {
                throw new IllegalStateException("action for 3");
            }
            return jobs.job(i);
        }));
        f.assertPending();
        jobs.open(0); // frees a slot: 3 is pulled and its action throws
        assertEquals("action for 3", assertThrows(IllegalStateException.class, f::poll).getMessage());
        assertEquals(2, jobs.gauge.cancelled());
        assertEquals(1, src.cancels());
    }

    @Test
    void cancellingForEachConcurrentCancelsEveryActionAndTheStream() {
        Jobs jobs = new Jobs(3);
        TestStream<Integer> src = TestStream.of(0, 1, 2);
        var f = PolledByHand.of(src.forEachConcurrent(2, jobs::job));
        f.assertPending();
        f.cancel();
        assertEquals(2, jobs.gauge.cancelled());
        assertEquals(0, jobs.gauge.inFlight());
        assertEquals(1, src.cancels());
    }

    @Test
    void tryForEachRunsOneAtATimeAndStopsAtTheFirstFailure() {
        Jobs jobs = new Jobs(3);
        TestStream<Integer> src = TestStream.of(0, 1, 2);
        var f = PolledByHand.of(src.tryForEach(i -> i == 1
                ? jobs.gauge.track(TestFutures.failAfterPolls(1, new IllegalStateException("one")))
                : jobs.job(i)));
        f.assertPending();
        assertEquals(1, jobs.gauge.max());
        jobs.open(0);
        assertThrows(IllegalStateException.class, f::poll);
        assertEquals(1, src.cancels());
        assertEquals(2, jobs.gauge.started(), "item 2 never started");
    }

    @Test
    void bufferUnorderedOverTasksOnTheMultiThreadRuntimeSeesEveryValueOnce() {
        int n = 2_000 * Integer.getInteger("spindle.stress", 1);
        try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workerThreads(2).build()) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
            long sum = rt.blockOn(rt.spawn(AsyncStream.range(0, n)
                    .bufferUnordered(16, i -> {
                        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                        return Task.spawn(Task.yieldNow().map(v -> i)).map(v -> {
                            running.decrementAndGet();
                            return v;
                        });
                    })
                    .map(v -> {
                        seen.add(v);
                        return (long) v;
                    })
                    .fold(0L, Long::sum)));
            assertEquals((long) n * (n - 1) / 2, sum);
            assertEquals(n, seen.size());
            assertTrue(maxRunning.get() <= 16, "at most 16 at once, saw " + maxRunning.get());
        }
    }
}
