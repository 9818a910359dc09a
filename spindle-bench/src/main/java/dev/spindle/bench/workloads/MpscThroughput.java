package dev.spindle.bench.workloads;

import dev.spindle.Async;
import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.bench.BenchFailure;
import dev.spindle.bench.Peer;
import dev.spindle.bench.RunResult;
import dev.spindle.bench.Trial;
import dev.spindle.bench.Workload;
import dev.spindle.bench.support.CfBoundedChannel;
import dev.spindle.bench.support.JoinAll;
import dev.spindle.bench.support.MpscLoops.SendAll;
import dev.spindle.bench.support.MpscLoops.SumAll;
import dev.spindle.channel.Mpsc;
import dev.spindle.channel.MpscReceiver;
import dev.spindle.channel.MpscSender;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * mpsc_throughput: 4 producers each send the longs 0..249,999 into one bounded channel of
 * capacity 1,024; 1 consumer receives all 1,000,000 and sums them. One op = one message. The run
 * checks the sum and the count.
 *
 * <p>Channels: the real {@link Mpsc} on Spindle (a root task spawns the consumer and the
 * producers, each producer with its own sender handle, and joins them; the consumer ends on the
 * channel's end of stream, when the last producer closed its handle); an
 * {@code ArrayBlockingQueue(1024)} between five virtual threads; {@link CfBoundedChannel} on cf,
 * where each side loops synchronously while its stages are already complete and hops back to the
 * pool when it had to wait.
 */
public final class MpscThroughput implements Workload {
    static final int PRODUCERS = 4;
    static final int PER_PRODUCER = 250_000;
    static final int CAPACITY = 1_024;
    static final long MESSAGES = (long) PRODUCERS * PER_PRODUCER;
    static final long EXPECTED_SUM = PRODUCERS * ((long) PER_PRODUCER * (PER_PRODUCER - 1) / 2);

    @Override
    public String name() {
        return "mpsc_throughput";
    }

    @Override
    public long ops() {
        return MESSAGES;
    }

    @Override
    public Trial open(Peer peer) {
        return switch (peer) {
            case SPINDLE_MT, SPINDLE_CT -> new OnSpindle(peer, MpscThroughput::root);
            case SPINDLE_MT_HAND, SPINDLE_CT_HAND -> new OnSpindle(peer, Root::new);
            case VT -> new OnVirtualThreads();
            case CF -> new OnCompletableFutures();
            default -> throw peer.unsupportedBy(name());
        };
    }

    private static void check(long sum, long count) {
        BenchFailure.checkEquals("messages received", MESSAGES, count);
        BenchFailure.checkEquals("sum of messages", EXPECTED_SUM, sum);
    }

    // ---- Spindle ----

    /** The Spindle peers; {@code root} is the {@code @Async} or the hand-written task, ready with {@code {sum, count}}. */
    private static final class OnSpindle extends SpindleTrial {
        private final Supplier<Future<long[]>> root;

        OnSpindle(Peer peer, Supplier<Future<long[]>> root) {
            super(peer);
            this.root = root;
        }

        @Override
        public RunResult run() {
            long t0 = System.nanoTime();
            long[] sumAndCount = rt.blockOn(rt.spawn(root.get()));
            long t1 = System.nanoTime();
            check(sumAndCount[0], sumAndCount[1]);
            return RunResult.timed(t1 - t0);
        }
    }

    // @Async tasks of spindle-mt / spindle-ct: the same logic as the hand-written futures below.

    @Async
    private static Future<long[]> root() {
        Mpsc<Long> ch = Mpsc.bounded(CAPACITY);
        JoinHandle<long[]> consumer = Task.spawn(sumAll(ch.receiver()));
        Future<?>[] producers = new Future<?>[PRODUCERS];
        MpscSender<Long> first = ch.sender();
        for (int p = 0; p < PRODUCERS; p++) {
            producers[p] = Task.spawn(sendAll(p == 0 ? first : first.copy(), PER_PRODUCER));
        }
        long[] sumAndCount = consumer.await();
        AsyncTasks.joinAll(producers).await();
        return Future.ready(sumAndCount);
    }

    /** Sends 0, 1, ..., n - 1, then closes its sender. */
    @Async
    private static Future<Void> sendAll(MpscSender<Long> tx, int n) {
        for (int i = 0; i < n; i++) {
            tx.send((long) i).await();
        }
        tx.close();
        return Future.ready(null);
    }

    /** Reads to the end of the stream; ready with {@code {sum, count}}. */
    @Async
    private static Future<long[]> sumAll(MpscReceiver<Long> rx) {
        long sum = 0;
        long count = 0;
        Long v;
        while ((v = rx.recv().await()) != null) {
            sum += v;
            count++;
        }
        return Future.ready(new long[] {sum, count});
    }

    /** Spawns the consumer and the producers, awaits all, then is ready with the consumer's {@code {sum, count}}. */
    private static final class Root implements Future<long[]> {
        private SumAll consumer;
        private JoinAll all;

        @Override
        public Poll<long[]> poll(Context cx) {
            if (all == null) {
                Mpsc<Long> ch = Mpsc.bounded(CAPACITY);
                Future<?>[] hs = new Future<?>[PRODUCERS + 1];
                consumer = new SumAll(ch.receiver());
                hs[0] = Task.spawn(consumer);
                MpscSender<Long> first = ch.sender();
                for (int p = 0; p < PRODUCERS; p++) {
                    hs[p + 1] = Task.spawn(new SendAll(p == 0 ? first : first.copy(), PER_PRODUCER, i -> (long) i));
                }
                all = new JoinAll(hs);
            }
            if (!all.poll(cx).isReady()) {
                return Poll.pending();
            }
            return Poll.ready(new long[] {consumer.sum(), consumer.count()});
        }
    }

    // ---- virtual threads ----

    private static final class OnVirtualThreads implements Trial {
        @Override
        public RunResult run() throws Exception {
            ArrayBlockingQueue<Long> q = new ArrayBlockingQueue<>(CAPACITY);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong sum = new AtomicLong();
            AtomicLong count = new AtomicLong();
            long t0 = System.nanoTime();
            Thread consumer = Thread.startVirtualThread(() -> {
                try {
                    long s = 0;
                    for (long i = 0; i < MESSAGES; i++) {
                        s += q.take();
                    }
                    sum.set(s);
                    count.set(MESSAGES);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                producers[p] = Thread.startVirtualThread(() -> {
                    try {
                        for (long i = 0; i < PER_PRODUCER; i++) {
                            q.put(i);
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                        consumer.interrupt();
                    }
                });
            }
            for (Thread t : producers) {
                t.join();
            }
            consumer.join();
            long t1 = System.nanoTime();
            if (failure.get() != null) {
                throw new IllegalStateException("mpsc_throughput thread failed", failure.get());
            }
            check(sum.get(), count.get());
            return RunResult.timed(t1 - t0);
        }

        @Override
        public void close() {
        }
    }

    // ---- CompletableFuture ----

    private static final class OnCompletableFutures extends CfTrial {
        @Override
        public RunResult run() {
            CfBoundedChannel<Long> ch = new CfBoundedChannel<>(CAPACITY);
            CompletableFuture<Void> failed = new CompletableFuture<>();
            CfConsumer consumer = new CfConsumer(ch, pool, failed);
            long t0 = System.nanoTime();
            CompletableFuture.runAsync(consumer::next, pool);
            for (int p = 0; p < PRODUCERS; p++) {
                CfProducer producer = new CfProducer(ch, pool, failed);
                CompletableFuture.runAsync(producer::next, pool);
            }
            CompletableFuture.anyOf(consumer.done, failed).join();
            long t1 = System.nanoTime();
            check(consumer.sum, consumer.count);
            return RunResult.timed(t1 - t0);
        }
    }

    /** Sends while the send stages are complete; after a wait, goes on from the pool. */
    private static final class CfProducer {
        private final CfBoundedChannel<Long> ch;
        private final Executor pool;
        private final CompletableFuture<Void> failed;
        private long next;

        CfProducer(CfBoundedChannel<Long> ch, Executor pool, CompletableFuture<Void> failed) {
            this.ch = ch;
            this.pool = pool;
            this.failed = failed;
        }

        void next() {
            while (next < PER_PRODUCER) {
                CompletableFuture<Void> sent = ch.send(next++);
                if (!sent.isDone()) {
                    sent.thenRunAsync(this::next, pool).exceptionally(this::fail);
                    return;
                }
            }
        }

        private Void fail(Throwable t) {
            failed.completeExceptionally(t);
            return null;
        }
    }

    /** Receives while the receive stages are complete; after a wait, goes on from the pool. */
    private static final class CfConsumer {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final CfBoundedChannel<Long> ch;
        private final Executor pool;
        private final CompletableFuture<Void> failed;
        long sum;
        long count;

        CfConsumer(CfBoundedChannel<Long> ch, Executor pool, CompletableFuture<Void> failed) {
            this.ch = ch;
            this.pool = pool;
            this.failed = failed;
        }

        void next() {
            while (count < MESSAGES) {
                CompletableFuture<Long> item = ch.recv();
                if (!item.isDone()) {
                    item.thenAcceptAsync(this::onItem, pool).exceptionally(this::fail);
                    return;
                }
                add(item.join());
            }
            done.complete(null);
        }

        private void onItem(Long v) {
            add(v);
            next();
        }

        private void add(long v) {
            sum += v;
            count++;
        }

        private Void fail(Throwable t) {
            failed.completeExceptionally(t);
            return null;
        }
    }
}
