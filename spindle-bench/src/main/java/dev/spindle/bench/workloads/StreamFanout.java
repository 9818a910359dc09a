package dev.spindle.bench.workloads;

import dev.spindle.bench.BenchFailure;
import dev.spindle.bench.Peer;
import dev.spindle.bench.RunResult;
import dev.spindle.bench.Trial;
import dev.spindle.bench.Workload;
import dev.spindle.bench.support.Runtimes;
import dev.spindle.runtime.Task;
import dev.spindle.stream.AsyncStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * stream_fanout: 10^5 tiny async jobs, at most 64 in flight, results summed in completion order.
 * One op = one job. A job hands {@code i} to another thread of the runtime or pool and back.
 *
 * <p>Spindle: {@code range.bufferUnordered(64, i -> Task.spawn(ready(i)))} — each job is a
 * spawned task. Reactor: {@code Flux.range.flatMap(i -> Mono.fromCallable(() -> i)
 * .subscribeOn(scheduler), 64)} on a 2-thread scheduler. SubmissionPublisher: the items are
 * submitted to a subscriber that keeps 64 {@code CompletableFuture.supplyAsync} jobs in flight on
 * the 2-thread pool, requesting one item as each job completes. {@code vt}: a virtual thread per
 * job, started after taking one of 64 {@code Semaphore} permits, results through a queue.
 * {@code cf}: 64 chains of {@code supplyAsync} jobs on the pool, each completion starting the
 * next job.
 */
public final class StreamFanout implements Workload {
    static final int N = 100_000;
    static final int CONCURRENCY = 64;
    static final long EXPECTED = (long) N * (N - 1) / 2;

    @Override
    public String name() {
        return "stream_fanout";
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
            case VT -> new OnVirtualThreads();
            case CF -> new OnCompletableFutures();
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
                    .bufferUnordered(CONCURRENCY, i -> Task.spawn(dev.spindle.Future.ready(i)))
                    .fold(0L, (acc, v) -> acc + v)));
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("sum", EXPECTED, sum);
            return RunResult.timed(t1 - t0);
        }
    }

    private static final class OnReactor implements Trial {
        private final ForkJoinPool pool = Runtimes.cfPool();
        private final Scheduler scheduler = Schedulers.fromExecutorService(pool);

        @Override
        public RunResult run() {
            long t0 = System.nanoTime();
            Long sum = Flux.range(0, N)
                    .flatMap(i -> Mono.fromCallable(() -> i).subscribeOn(scheduler), CONCURRENCY)
                    .reduce(0L, (acc, v) -> acc + v)
                    .block();
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("sum", EXPECTED, sum);
            return RunResult.timed(t1 - t0);
        }

        @Override
        public void close() {
            scheduler.dispose();
            pool.shutdown();
        }
    }

    private static final class OnVirtualThreads implements Trial {
        @Override
        public RunResult run() throws Exception {
            long[] sum = new long[1];
            long t0 = System.nanoTime();
            dev.spindle.bench.support.VirtualThreads.runAndJoin(() -> {
                java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(CONCURRENCY);
                java.util.concurrent.LinkedBlockingQueue<Integer> results = new java.util.concurrent.LinkedBlockingQueue<>();
                Thread producer = Thread.startVirtualThread(() -> {
                    for (int i = 0; i < N; i++) {
                        permits.acquireUninterruptibly();
                        int v = i;
                        Thread.startVirtualThread(() -> results.add(v));
                    }
                });
                long acc = 0;
                for (int k = 0; k < N; k++) {
                    acc += results.take();
                    permits.release();
                }
                producer.join();
                sum[0] = acc;
            });
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("sum", EXPECTED, sum[0]);
            return RunResult.timed(t1 - t0);
        }

        @Override
        public void close() {
        }
    }

    private static final class OnCompletableFutures implements Trial {
        private final ForkJoinPool pool = Runtimes.cfPool();

        @Override
        public RunResult run() throws InterruptedException {
            AtomicLong sum = new AtomicLong();
            AtomicLong next = new AtomicLong();
            CountDownLatch done = new CountDownLatch(CONCURRENCY);
            long t0 = System.nanoTime();
            for (int c = 0; c < CONCURRENCY; c++) {
                launch(next, sum, done);
            }
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the jobs did not complete");
            }
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("sum", EXPECTED, sum.get());
            return RunResult.timed(t1 - t0);
        }

        /** Starts the next job of one chain; its completion starts the one after. */
        private void launch(AtomicLong next, AtomicLong sum, CountDownLatch done) {
            long i = next.getAndIncrement();
            if (i >= N) {
                done.countDown();
                return;
            }
            CompletableFuture.supplyAsync(() -> i, pool).thenAccept(v -> {
                sum.addAndGet(v);
                launch(next, sum, done);
            });
        }

        @Override
        public void close() {
            pool.shutdown();
        }
    }

    private static final class OnSubmissionPublisher implements Trial {
        private final ForkJoinPool pool = Runtimes.cfPool();

        @Override
        public RunResult run() throws InterruptedException {
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong sum = new AtomicLong();
            AtomicLong completed = new AtomicLong();
            long t0 = System.nanoTime();
            try (SubmissionPublisher<Integer> pub = new SubmissionPublisher<>(pool, 256)) {
                pub.subscribe(new Flow.Subscriber<>() {
                    private Flow.Subscription sub;

                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        sub = s;
                        s.request(CONCURRENCY);
                    }

                    @Override
                    public void onNext(Integer i) {
                        CompletableFuture.supplyAsync(() -> i, pool).thenAccept(v -> {
                            sum.addAndGet(v);
                            if (completed.incrementAndGet() == N) {
                                done.countDown();
                            } else {
                                sub.request(1);
                            }
                        });
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.countDown();
                    }

                    @Override
                    public void onComplete() {
                    }
                });
                for (int i = 0; i < N; i++) {
                    pub.submit(i);
                }
            }
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the jobs did not complete");
            }
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("sum", EXPECTED, sum.get());
            return RunResult.timed(t1 - t0);
        }

        @Override
        public void close() {
            pool.shutdown();
        }
    }
}
