package dev.spindle.bench.workloads;

import dev.spindle.bench.BenchFailure;
import dev.spindle.bench.Peer;
import dev.spindle.bench.RunResult;
import dev.spindle.bench.Trial;
import dev.spindle.bench.Workload;
import dev.spindle.bench.support.Runtimes;
import dev.spindle.stream.AsyncStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;

/**
 * stream_pipeline: {@code range(0, 10^7).map(i -> 3i).filter(even).fold(sum)}. One op = one item
 * of the range. Checks the sum.
 *
 * <p>Spindle: {@code AsyncStream.range(...).map(...).filter(...).fold(...)} run as one task.
 * Reactor: {@code Flux.range(...).map(...).filter(...).reduce(...).block()} (synchronous, on the
 * calling thread, as Reactor runs it without a scheduler). SubmissionPublisher has no operators:
 * the producer thread {@code submit}s each item (blocking when the 256-item buffer is full) and
 * one subscriber on a 2-thread pool applies the map, filter and sum. {@code vt} and {@code cf}
 * have no streams of their own: they run the same pipeline as a boxed {@code java.util.stream}
 * (the synchronous baseline) on a virtual thread or a task of the {@code cf} pool.
 */
public final class StreamPipeline implements Workload {
    static final int N = 10_000_000;
    /** {@code sum of 3i over even 3i, i < N}: 3i is even iff i is even. */
    static final long EXPECTED = expected();

    private static long expected() {
        long s = 0;
        for (long i = 0; i < N; i += 2) {
            s += 3 * i;
        }
        return s;
    }

    @Override
    public String name() {
        return "stream_pipeline";
    }

    @Override
    public long ops() {
        return N;
    }

    @Override
    public Trial open(Peer peer) {
        return switch (peer) {
            case SPINDLE_MT, SPINDLE_CT -> new OnSpindle(peer);
            // Written with AsyncStream combinators, as a user would: no hand-written variant.
            case SPINDLE_MT_HAND, SPINDLE_CT_HAND -> throw peer.unsupportedBy(name());
            case REACTOR -> new OnReactor();
            case SUBMISSION_PUBLISHER -> new OnSubmissionPublisher();
            case VT, CF -> new OnJavaStream(peer);
            default -> throw peer.unsupportedBy(name());
        };
    }

    private static final class OnSpindle extends SpindleTrial {
        OnSpindle(Peer peer) {
            super(peer);
        }

        @Override
        public RunResult run() {
            long t0 = System.nanoTime();
            long sum = rt.blockOn(rt.spawn(AsyncStream.range(0, N)
                    .map(i -> 3L * i)
                    .filter(x -> (x & 1) == 0)
                    .fold(0L, Long::sum)));
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("sum", EXPECTED, sum);
            return RunResult.timed(t1 - t0);
        }
    }

    private static final class OnReactor implements Trial {
        @Override
        public RunResult run() {
            long t0 = System.nanoTime();
            Long sum = Flux.range(0, N)
                    .map(i -> 3L * i)
                    .filter(x -> (x & 1) == 0)
                    .reduce(0L, Long::sum)
                    .block();
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("sum", EXPECTED, sum);
            return RunResult.timed(t1 - t0);
        }

        @Override
        public void close() {
        }
    }

    private static final class OnJavaStream implements Trial {
        private final Peer peer;
        private final ForkJoinPool pool;

        OnJavaStream(Peer peer) {
            this.peer = peer;
            this.pool = peer == Peer.CF ? Runtimes.cfPool() : null;
        }

        private static long pipeline() {
            return java.util.stream.IntStream.range(0, N).boxed()
                    .map(i -> 3L * i)
                    .filter(x -> (x & 1) == 0)
                    .reduce(0L, Long::sum);
        }

        @Override
        public RunResult run() throws Exception {
            long[] sum = new long[1];
            long t0 = System.nanoTime();
            if (peer == Peer.CF) {
                sum[0] = java.util.concurrent.CompletableFuture.supplyAsync(OnJavaStream::pipeline, pool).join();
            } else {
                dev.spindle.bench.support.VirtualThreads.runAndJoin(() -> sum[0] = pipeline());
            }
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("sum", EXPECTED, sum[0]);
            return RunResult.timed(t1 - t0);
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    private static final class OnSubmissionPublisher implements Trial {
        private final ForkJoinPool pool = Runtimes.cfPool();

        @Override
        public RunResult run() throws InterruptedException {
            CountDownLatch done = new CountDownLatch(1);
            long[] sum = new long[1];
            long t0 = System.nanoTime();
            try (SubmissionPublisher<Integer> pub = new SubmissionPublisher<>(pool, 256)) {
                pub.subscribe(new Flow.Subscriber<>() {
                    private long acc;

                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        s.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(Integer i) {
                        long x = 3L * i;
                        if ((x & 1) == 0) {
                            acc += x;
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.countDown();
                    }

                    @Override
                    public void onComplete() {
                        sum[0] = acc;
                        done.countDown();
                    }
                });
                for (int i = 0; i < N; i++) {
                    pub.submit(i);
                }
            }
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the subscriber did not complete");
            }
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("sum", EXPECTED, sum[0]);
            return RunResult.timed(t1 - t0);
        }

        @Override
        public void close() {
            pool.shutdown();
        }
    }
}
