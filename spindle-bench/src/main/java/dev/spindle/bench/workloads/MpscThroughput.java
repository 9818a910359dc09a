package dev.spindle.bench.workloads;

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
import dev.spindle.channel.Mpsc;
import dev.spindle.channel.MpscReceiver;
import dev.spindle.channel.MpscSender;
import dev.spindle.runtime.Task;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
            case SPINDLE_MT, SPINDLE_CT -> new OnSpindle(peer);
            case VT -> new OnVirtualThreads();
            case CF -> new OnCompletableFutures();
        };
    }

    private static void check(long sum, long count) {
        BenchFailure.checkEquals("messages received", MESSAGES, count);
        BenchFailure.checkEquals("sum of messages", EXPECTED_SUM, sum);
    }

    // ---- Spindle ----

    private static final class OnSpindle extends SpindleTrial {
        OnSpindle(Peer peer) {
            super(peer);
        }

        @Override
        public RunResult run() {
            long[] result = new long[2];
            long t0 = System.nanoTime();
            rt.blockOn(rt.spawn(new Root(result)));
            long t1 = System.nanoTime();
            check(result[0], result[1]);
            return RunResult.timed(t1 - t0);
        }
    }

    /** Spawns the consumer and the producers, then awaits all. */
    private static final class Root implements Future<Void> {
        private final long[] result;
        private JoinAll all;

        Root(long[] result) {
            this.result = result;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (all == null) {
                Mpsc<Long> ch = Mpsc.bounded(CAPACITY);
                Future<?>[] hs = new Future<?>[PRODUCERS + 1];
                hs[0] = Task.spawn(new Consumer(ch.receiver(), result));
                MpscSender<Long> first = ch.sender();
                for (int p = 0; p < PRODUCERS; p++) {
                    hs[p + 1] = Task.spawn(new Producer(p == 0 ? first : first.copy()));
                }
                all = new JoinAll(hs);
            }
            return all.poll(cx);
        }
    }

    /** {@code for i in 0..N { tx.send(i).await; } drop(tx);} by hand. */
    private static final class Producer implements Future<Void> {
        private final MpscSender<Long> tx;
        private long next;
        private Future<Void> sending;

        Producer(MpscSender<Long> tx) {
            this.tx = tx;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (sending != null) {
                    if (!sending.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    sending = null;
                }
                if (next == PER_PRODUCER) {
                    tx.close();
                    return Poll.ready(null);
                }
                sending = tx.send(next++);
            }
        }
    }

    /** {@code while let Some(v) = rx.recv().await { sum += v; }} by hand. */
    private static final class Consumer implements Future<Void> {
        private final Future<Long> recv;
        private final long[] result;
        private long sum;
        private long count;

        Consumer(MpscReceiver<Long> rx, long[] result) {
            this.recv = rx.recv();
            this.result = result;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (!(recv.poll(cx) instanceof Poll.Ready<Long> r)) {
                    return Poll.pending();
                }
                Long v = r.value();
                if (v == null) {
                    result[0] = sum;
                    result[1] = count;
                    return Poll.ready(null);
                }
                sum += v;
                count++;
            }
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
