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
import dev.spindle.bench.support.CfChannel;
import dev.spindle.bench.support.JoinAll;
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
import java.util.function.BiFunction;

/**
 * ping_pong: two tasks exchange 100,000 round trips over two channels of capacity 1. One op =
 * one round trip. The pinger sends 1, 2, ..., 100,000 and checks that each reply is the value
 * it sent; the run checks the sum of the replies and the ponger's count.
 *
 * <p>Channels: Spindle's real {@link Mpsc} (bounded, capacity 1) on Spindle, where a root task spawns
 * both tasks and joins them; {@code ArrayBlockingQueue(1)} {@code put}/{@code take} between two
 * virtual threads; {@link CfChannel} on cf, where each side is an asynchronous loop that hops
 * back to the pool once per message it receives ({@code thenAcceptAsync}/{@code thenComposeAsync}
 * with the pool, so completing a stage never runs the other side's whole loop inline).
 */
public final class PingPong implements Workload {
    static final int ROUND_TRIPS = 100_000;
    static final long EXPECTED_SUM = (long) ROUND_TRIPS * (ROUND_TRIPS + 1) / 2;

    @Override
    public String name() {
        return "ping_pong";
    }

    @Override
    public long ops() {
        return ROUND_TRIPS;
    }

    @Override
    public Trial open(Peer peer) {
        return switch (peer) {
            case SPINDLE_MT, SPINDLE_CT -> new OnSpindle(peer, PingPong::root);
            case SPINDLE_MT_HAND, SPINDLE_CT_HAND -> new OnSpindle(peer, Root::new);
            case VT -> new OnVirtualThreads();
            case CF -> new OnCompletableFutures();
            default -> throw peer.unsupportedBy(name());
        };
    }

    private static void check(long sum, long pongs) {
        BenchFailure.checkEquals("sum of replies", EXPECTED_SUM, sum);
        BenchFailure.checkEquals("messages ponged", ROUND_TRIPS, pongs);
    }

    private static void checkReply(long sent, long reply) {
        if (sent != reply) {
            throw new BenchFailure("ping " + sent + " got reply " + reply);
        }
    }

    // ---- Spindle ----

    /** The Spindle peers; {@code root} is the {@code @Async} or the hand-written task. */
    private static final class OnSpindle extends SpindleTrial {
        private final BiFunction<AtomicLong, AtomicLong, Future<Void>> root;

        OnSpindle(Peer peer, BiFunction<AtomicLong, AtomicLong, Future<Void>> root) {
            super(peer);
            this.root = root;
        }

        @Override
        public RunResult run() {
            AtomicLong sum = new AtomicLong();
            AtomicLong pongs = new AtomicLong();
            long t0 = System.nanoTime();
            rt.blockOn(rt.spawn(root.apply(sum, pongs)));
            long t1 = System.nanoTime();
            check(sum.get(), pongs.get());
            return RunResult.timed(t1 - t0);
        }
    }

    // @Async tasks of spindle-mt / spindle-ct: the same logic as the hand-written futures below.

    @Async
    private static Future<Void> root(AtomicLong sum, AtomicLong pongs) {
        Mpsc<Long> pings = Mpsc.bounded(1);
        Mpsc<Long> replies = Mpsc.bounded(1);
        JoinHandle<Void> ponger = Task.spawn(ponger(pings.receiver(), replies.sender(), pongs));
        JoinHandle<Void> pinger = Task.spawn(pinger(pings.sender(), replies.receiver(), sum));
        pinger.await();
        ponger.await();
        return Future.ready(null);
    }

    @Async
    private static Future<Void> pinger(MpscSender<Long> out, MpscReceiver<Long> in, AtomicLong total) {
        long sum = 0;
        for (long v = 1; v <= ROUND_TRIPS; v++) {
            out.send(v).await();
            long reply = in.recv().await();
            checkReply(v, reply);
            sum += reply;
        }
        total.set(sum);
        return Future.ready(null);
    }

    @Async
    private static Future<Void> ponger(MpscReceiver<Long> in, MpscSender<Long> out, AtomicLong total) {
        long count = 0;
        for (int i = 0; i < ROUND_TRIPS; i++) {
            Long ping = in.recv().await();
            count++;
            out.send(ping).await();
        }
        total.set(count);
        return Future.ready(null);
    }

    /** Spawns the pinger and the ponger, then awaits both. */
    private static final class Root implements Future<Void> {
        private final AtomicLong sum;
        private final AtomicLong pongs;
        private JoinAll both;

        Root(AtomicLong sum, AtomicLong pongs) {
            this.sum = sum;
            this.pongs = pongs;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (both == null) {
                Mpsc<Long> pings = Mpsc.bounded(1);
                Mpsc<Long> replies = Mpsc.bounded(1);
                JoinHandle<?> ponger = Task.spawn(new Ponger(pings.receiver(), replies.sender(), pongs));
                JoinHandle<?> pinger = Task.spawn(new Pinger(pings.sender(), replies.receiver(), sum));
                both = new JoinAll(new Future<?>[] {pinger, ponger});
            }
            return both.poll(cx);
        }
    }

    /** {@code for v in 1..=N { out.send(v).await; check(in.recv().await == v); }} by hand. */
    private static final class Pinger implements Future<Void> {
        private final MpscSender<Long> out;
        private final MpscReceiver<Long> in;
        private final AtomicLong total;
        private long next = 1;
        private long sum;
        private Future<Void> sending;
        private Future<Long> receiving;

        Pinger(MpscSender<Long> out, MpscReceiver<Long> in, AtomicLong total) {
            this.out = out;
            this.in = in;
            this.total = total;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (sending != null) {
                    if (!sending.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    sending = null;
                    receiving = in.recv();
                }
                if (receiving != null) {
                    if (!(receiving.poll(cx) instanceof Poll.Ready<Long> reply)) {
                        return Poll.pending();
                    }
                    receiving = null;
                    checkReply(next, reply.value());
                    sum += reply.value();
                    next++;
                }
                if (next > ROUND_TRIPS) {
                    total.set(sum);
                    return Poll.ready(null);
                }
                sending = out.send(next);
            }
        }
    }

    /** {@code for _ in 0..N { let v = in.recv().await; out.send(v).await; }} by hand. */
    private static final class Ponger implements Future<Void> {
        private final MpscReceiver<Long> in;
        private final MpscSender<Long> out;
        private final AtomicLong total;
        private long count;
        private Future<Long> receiving;
        private Future<Void> sending;

        Ponger(MpscReceiver<Long> in, MpscSender<Long> out, AtomicLong total) {
            this.in = in;
            this.out = out;
            this.total = total;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (receiving != null) {
                    if (!(receiving.poll(cx) instanceof Poll.Ready<Long> ping)) {
                        return Poll.pending();
                    }
                    receiving = null;
                    count++;
                    sending = out.send(ping.value());
                }
                if (sending != null) {
                    if (!sending.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    sending = null;
                }
                if (count == ROUND_TRIPS) {
                    total.set(count);
                    return Poll.ready(null);
                }
                receiving = in.recv();
            }
        }
    }

    // ---- virtual threads ----

    private static final class OnVirtualThreads implements Trial {
        @Override
        public RunResult run() throws Exception {
            ArrayBlockingQueue<Long> pings = new ArrayBlockingQueue<>(1);
            ArrayBlockingQueue<Long> replies = new ArrayBlockingQueue<>(1);
            AtomicLong sum = new AtomicLong();
            AtomicLong pongs = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long t0 = System.nanoTime();
            Thread ponger = Thread.startVirtualThread(() -> {
                try {
                    long count = 0;
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        replies.put(pings.take());
                        count++;
                    }
                    pongs.set(count);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            Thread pinger = Thread.startVirtualThread(() -> {
                try {
                    long s = 0;
                    for (long v = 1; v <= ROUND_TRIPS; v++) {
                        pings.put(v);
                        long reply = replies.take();
                        checkReply(v, reply);
                        s += reply;
                    }
                    sum.set(s);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    ponger.interrupt();
                }
            });
            pinger.join();
            ponger.join();
            long t1 = System.nanoTime();
            if (failure.get() instanceof BenchFailure f) {
                throw f;
            } else if (failure.get() != null) {
                throw new IllegalStateException("ping_pong thread failed", failure.get());
            }
            check(sum.get(), pongs.get());
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
            CfChannel<Long> pings = new CfChannel<>();
            CfChannel<Long> replies = new CfChannel<>();
            CompletableFuture<Void> failed = new CompletableFuture<>();
            CfPinger pinger = new CfPinger(pings, replies, pool, failed);
            CfPonger ponger = new CfPonger(pings, replies, pool, failed);
            long t0 = System.nanoTime();
            CompletableFuture.runAsync(ponger::next, pool);
            CompletableFuture.runAsync(pinger::next, pool);
            // A failed side leaves the other waiting forever: whichever comes first ends the run.
            CompletableFuture.anyOf(CompletableFuture.allOf(pinger.done, ponger.done), failed).join();
            long t1 = System.nanoTime();
            check(pinger.sum, ponger.count);
            return RunResult.timed(t1 - t0);
        }
    }

    /** Sends {@code v}, awaits the reply on the pool, checks it, goes on with {@code v + 1}. */
    private static final class CfPinger {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final CfChannel<Long> out;
        private final CfChannel<Long> in;
        private final Executor pool;
        private final CompletableFuture<Void> failed;
        private long next = 1;
        long sum;

        CfPinger(CfChannel<Long> out, CfChannel<Long> in, Executor pool, CompletableFuture<Void> failed) {
            this.out = out;
            this.in = in;
            this.pool = pool;
            this.failed = failed;
        }

        void next() {
            if (next > ROUND_TRIPS) {
                done.complete(null);
                return;
            }
            out.send(next)
                    .thenCompose(sent -> in.recv())
                    .thenAcceptAsync(this::onReply, pool)
                    .exceptionally(this::fail);
        }

        private void onReply(Long reply) {
            checkReply(next, reply);
            sum += reply;
            next++;
            next();
        }

        private Void fail(Throwable t) {
            failed.completeExceptionally(t);
            return null;
        }
    }

    /** Awaits a ping on the pool, sends it back, goes on. */
    private static final class CfPonger {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final CfChannel<Long> in;
        private final CfChannel<Long> out;
        private final Executor pool;
        private final CompletableFuture<Void> failed;
        long count;

        CfPonger(CfChannel<Long> in, CfChannel<Long> out, Executor pool, CompletableFuture<Void> failed) {
            this.in = in;
            this.out = out;
            this.pool = pool;
            this.failed = failed;
        }

        void next() {
            if (count == ROUND_TRIPS) {
                done.complete(null);
                return;
            }
            in.recv()
                    .thenComposeAsync(this::reply, pool)
                    .thenRun(this::next)
                    .exceptionally(this::fail);
        }

        private CompletableFuture<Void> reply(Long ping) {
            count++;
            return out.send(ping);
        }

        private Void fail(Throwable t) {
            failed.completeExceptionally(t);
            return null;
        }
    }
}
