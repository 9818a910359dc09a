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
import dev.spindle.bench.support.Oneshot;
import dev.spindle.runtime.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * chained_spawn: a chain of 100,000 tasks, each spawning the next; the last completes a
 * oneshot with its depth. One op = one task. Checks that the depth is 100,000.
 *
 * <p>The main thread starts the first task and waits for the oneshot: Spindle
 * {@code runtime.spawn} then {@code blockOn(oneshot)} (the later links use {@code Task.spawn}
 * from inside their predecessor and drop the handle); vt {@code Thread.startVirtualThread}, the
 * oneshot a {@code CountDownLatch(1)} guarding the depth; cf {@code runAsync} on the pool, the
 * oneshot a {@code CompletableFuture}.
 */
public final class ChainedSpawn implements Workload {
    static final int CHAIN = 100_000;

    @Override
    public String name() {
        return "chained_spawn";
    }

    @Override
    public long ops() {
        return CHAIN;
    }

    @Override
    public Trial open(Peer peer) {
        return switch (peer) {
            case SPINDLE_MT, SPINDLE_CT -> new OnSpindle(peer, ChainedSpawn::link);
            case SPINDLE_MT_HAND, SPINDLE_CT_HAND -> new OnSpindle(peer, Link::new);
            case VT -> new OnVirtualThreads();
            case CF -> new OnCompletableFutures();
            default -> throw peer.unsupportedBy(name());
        };
    }

    /** The Spindle peers; {@code root} is the {@code @Async} or the hand-written task. */
    private static final class OnSpindle extends SpindleTrial {
        private final BiFunction<Integer, Oneshot<Integer>, Future<Void>> root;

        OnSpindle(Peer peer, BiFunction<Integer, Oneshot<Integer>, Future<Void>> root) {
            super(peer);
            this.root = root;
        }

        @Override
        public RunResult run() {
            Oneshot<Integer> last = new Oneshot<>();
            long t0 = System.nanoTime();
            rt.spawn(root.apply(1, last));
            int depth = rt.blockOn(last);
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("depth of the chain", CHAIN, depth);
            return RunResult.timed(t1 - t0);
        }
    }

    // @Async tasks of spindle-mt / spindle-ct: the same logic as the hand-written futures below.

    @Async
    private static Future<Void> link(int depth, Oneshot<Integer> last) {
        if (depth == CHAIN) {
            last.complete(depth);
        } else {
            Task.spawn(link(depth + 1, last));
        }
        return Future.ready(null);
    }

    private static final class Link implements Future<Void> {
        private final int depth;
        private final Oneshot<Integer> last;

        Link(int depth, Oneshot<Integer> last) {
            this.depth = depth;
            this.last = last;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (depth == CHAIN) {
                last.complete(depth);
            } else {
                Task.spawn(new Link(depth + 1, last));
            }
            return Poll.ready(null);
        }
    }

    private static final class OnVirtualThreads implements Trial {
        @Override
        public RunResult run() throws InterruptedException {
            AtomicInteger depth = new AtomicInteger();
            CountDownLatch last = new CountDownLatch(1);
            long t0 = System.nanoTime();
            Thread.startVirtualThread(() -> link(1, depth, last));
            last.await();
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("depth of the chain", CHAIN, depth.get());
            return RunResult.timed(t1 - t0);
        }

        private static void link(int d, AtomicInteger depth, CountDownLatch last) {
            if (d == CHAIN) {
                depth.set(d);
                last.countDown();
            } else {
                Thread.startVirtualThread(() -> link(d + 1, depth, last));
            }
        }

        @Override
        public void close() {
        }
    }

    private static final class OnCompletableFutures extends CfTrial {
        @Override
        public RunResult run() {
            CompletableFuture<Integer> last = new CompletableFuture<>();
            long t0 = System.nanoTime();
            CompletableFuture.runAsync(() -> link(1, last, pool), pool);
            int depth = last.join();
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("depth of the chain", CHAIN, depth);
            return RunResult.timed(t1 - t0);
        }

        private static void link(int d, CompletableFuture<Integer> last, Executor pool) {
            if (d == CHAIN) {
                last.complete(d);
            } else {
                CompletableFuture.runAsync(() -> link(d + 1, last, pool), pool);
            }
        }
    }
}
