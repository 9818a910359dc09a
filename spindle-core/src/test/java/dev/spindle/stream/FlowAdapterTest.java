package dev.spindle.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.support.TestFutures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Flow.Publisher} ↔ {@code AsyncStream}: demand-driven in both directions, cancellation
 * both ways, one terminal signal, and the bad inputs of rules 3.9 and 1.1.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FlowAdapterTest {
    private AsyncRuntime rt;

    @BeforeEach
    void start() {
        rt = AsyncRuntime.builder().multiThread().workerThreads(2).build();
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    /** A subscriber that records everything and lets the test request. */
    private static final class Recorder<T> implements Flow.Subscriber<T> {
        final List<T> items = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger terminals = new AtomicInteger();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final CountDownLatch subscribed = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        volatile Flow.Subscription subscription;
        volatile CountDownLatch itemsLatch = new CountDownLatch(0);

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            subscribed.countDown();
        }

        @Override
        public void onNext(T item) {
            items.add(item);
            itemsLatch.countDown();
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
            terminals.incrementAndGet();
            done.countDown();
        }

        @Override
        public void onComplete() {
            terminals.incrementAndGet();
            done.countDown();
        }

        void requestAndWait(long n) {
            itemsLatch = new CountDownLatch((int) n);
            subscription.request(n);
            TestFutures.await(itemsLatch, n + " items");
        }
    }

    /** A source that counts how many items were pulled from it. */
    private static AsyncStream<Integer> counting(AtomicInteger pulled, int n) {
        return AsyncStream.range(0, n).map(i -> {
            pulled.incrementAndGet();
            return i;
        });
    }

    @Test
    void toPublisherPullsOnlyWhatWasRequested() {
        AtomicInteger pulled = new AtomicInteger();
        Recorder<Integer> sub = new Recorder<>();
        counting(pulled, 100).toPublisher(rt).subscribe(sub);
        TestFutures.await(sub.subscribed, "onSubscribe");
        sub.requestAndWait(3);
        assertEquals(List.of(0, 1, 2), sub.items);
        // With no outstanding demand the task is parked; a further poll would have pulled item 3.
        // Requesting 2 more yields exactly 3 and 4, so nothing was pulled ahead and dropped.
        sub.requestAndWait(2);
        assertEquals(List.of(0, 1, 2, 3, 4), sub.items);
        assertEquals(5, pulled.get());
        sub.subscription.request(Long.MAX_VALUE);
        TestFutures.await(sub.done, "completion");
        assertEquals(100, sub.items.size());
        assertEquals(1, sub.terminals.get());
    }

    @Test
    void aRequestOfZeroOrLessSignalsIllegalArgumentAndCancelsTheStream() {
        for (long bad : new long[] {0, -1, Long.MIN_VALUE}) {
            TestStream<Integer> src = new TestStream<>();
            Recorder<Integer> sub = new Recorder<>();
            src.toPublisher(rt).subscribe(sub);
            TestFutures.await(sub.subscribed, "onSubscribe");
            sub.subscription.request(bad);
            TestFutures.await(sub.done, "onError");
            assertInstanceOf(IllegalArgumentException.class, sub.error.get());
            assertTrue(sub.error.get().getMessage().contains("3.9"));
            TestFutures.awaitTrue(() -> src.cancels() == 1, "the stream cancelled");
        }
    }

    @Test
    void cancellingTheSubscriptionCancelsTheStream() {
        TestStream<Integer> src = TestStream.of(1);
        Recorder<Integer> sub = new Recorder<>();
        src.toPublisher(rt).subscribe(sub);
        TestFutures.await(sub.subscribed, "onSubscribe");
        sub.requestAndWait(1);
        sub.subscription.request(1); // now waiting on the stream
        sub.subscription.cancel();
        TestFutures.awaitTrue(() -> src.cancels() == 1, "the stream cancelled");
        assertEquals(0, sub.terminals.get(), "no signal after cancel");
    }

    @Test
    void aFailingStreamSignalsOnErrorOnce() {
        IllegalStateException boom = new IllegalStateException("boom");
        Recorder<Integer> sub = new Recorder<>();
        AsyncStream.of(1).chain(AsyncStream.error(boom)).toPublisher(rt).subscribe(sub);
        TestFutures.await(sub.subscribed, "onSubscribe");
        sub.subscription.request(5);
        TestFutures.await(sub.done, "onError");
        assertSame(boom, sub.error.get());
        sub.subscription.request(1);
        sub.subscription.cancel();
        assertEquals(List.of(1), sub.items);
        assertEquals(1, sub.terminals.get());
    }

    @Test
    void aUnicastPublisherRejectsASecondSubscriber() {
        Flow.Publisher<Integer> pub = AsyncStream.of(1).toPublisher(rt);
        pub.subscribe(new Recorder<>());
        Recorder<Integer> second = new Recorder<>();
        pub.subscribe(second);
        TestFutures.await(second.done, "onError");
        assertInstanceOf(IllegalStateException.class, second.error.get());
        assertThrows(NullPointerException.class, () -> pub.subscribe(null));
    }

    @Test
    void fromPublisherReadsASubmissionPublisherWithBoundedDemand() throws Exception {
        int n = 1_000;
        try (SubmissionPublisher<Integer> pub = new SubmissionPublisher<>()) {
            AtomicLong maxRequested = new AtomicLong();
            // Requested and not yet delivered. One atomic, since request() runs on the stream's
            // thread and onNext on the publisher's.
            AtomicLong outstanding = new AtomicLong();
            Flow.Publisher<Integer> spy = s -> pub.subscribe(new Flow.Subscriber<Integer>() {

                @Override
                public void onSubscribe(Flow.Subscription sub) {
                    s.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long k) {
                            maxRequested.accumulateAndGet(outstanding.addAndGet(k), Math::max);
                            sub.request(k);
                        }

                        @Override
                        public void cancel() {
                            sub.cancel();
                        }
                    });
                }

                @Override
                public void onNext(Integer item) {
                    outstanding.decrementAndGet();
                    s.onNext(item);
                }

                @Override
                public void onError(Throwable t) {
                    s.onError(t);
                }

                @Override
                public void onComplete() {
                    s.onComplete();
                }
            });
            var sum = rt.spawn(AsyncStream.fromPublisher(spy, 8).fold(0L, (a, b) -> a + b));
            TestFutures.awaitTrue(() -> pub.getNumberOfSubscribers() == 1, "subscribed");
            for (int i = 0; i < n; i++) {
                pub.submit(i);
            }
            pub.close();
            assertEquals((long) n * (n - 1) / 2, rt.blockOn(sum));
            assertTrue(maxRequested.get() <= 8, "never more than the prefetch outstanding: " + maxRequested.get());
        }
    }

    @Test
    void fromPublisherFailsWithThePublishersErrorAndCancellingItCancelsTheSubscription() {
        IllegalStateException boom = new IllegalStateException("pub");
        Flow.Publisher<Integer> failing = s -> {
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            s.onNext(1);
            s.onError(boom);
        };
        // 1 arrives unrequested: a publisher breaking rule 1.1 fails the stream
        var e = assertThrows(dev.spindle.runtime.JoinException.class,
                () -> rt.blockOn(rt.spawn(AsyncStream.fromPublisher(failing).toList())));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("1.1"), e.getCause().getMessage());

        AtomicInteger cancels = new AtomicInteger();
        List<Long> requests = new ArrayList<>();
        Flow.Publisher<Integer> silent = s -> s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                synchronized (requests) {
                    requests.add(n);
                }
            }

            @Override
            public void cancel() {
                cancels.incrementAndGet();
            }
        });
        StreamPoller<Integer> p = StreamPoller.of(AsyncStream.fromPublisher(silent, 4));
        p.assertPending();
        assertEquals(List.of(4L), requests, "requested the window at the first poll");
        p.assertPending();
        assertEquals(List.of(4L), requests, "nothing more while the window is outstanding");
        p.cancel();
        assertEquals(1, cancels.get());
    }

    @Test
    void fromPublisherEndsAfterTheItemsThatPrecededOnComplete() {
        Flow.Publisher<Integer> pub = s -> s.onSubscribe(new Flow.Subscription() {
            private int next;

            @Override
            public void request(long n) {
                for (long i = 0; i < n && next < 3; i++) {
                    s.onNext(next++);
                }
                if (next == 3) {
                    next++;
                    s.onComplete();
                }
            }

            @Override
            public void cancel() {
            }
        });
        assertEquals(List.of(0, 1, 2), StreamPoller.of(AsyncStream.fromPublisher(pub, 2)).drain());
    }

    @Test
    void aStreamRoundTripsThroughAPublisher() {
        Flow.Publisher<Integer> pub = AsyncStream.range(0, 5_000).toPublisher(rt);
        long sum = rt.blockOn(rt.spawn(AsyncStream.fromPublisher(pub, 16).fold(0L, (a, b) -> a + b)));
        assertEquals(5_000L * 4_999 / 2, sum);
    }
}
