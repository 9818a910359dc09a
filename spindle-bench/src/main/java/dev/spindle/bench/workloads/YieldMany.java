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
import dev.spindle.bench.support.JoinAll;
import dev.spindle.bench.support.VirtualThreads;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * yield_many: 1,000 tasks each yielding 1,000 times. One op = one yield. Checks that
 * 1,000,000 yields completed.
 *
 * <p>As in spawn_local, a root task spawns the 1,000 tasks and awaits them. A yield is
 * {@code Task.yieldNow()} on Spindle and {@code Thread.yield()} on virtual threads.
 * {@code CompletableFuture} has no yield; the nearest idiom, used here, is to hand the rest of
 * the task back to the pool as a new async stage ({@code runAsync(this, pool)}), one stage per
 * yield, the task completing its own {@code CompletableFuture} when done.
 */
public final class YieldMany implements Workload {
    static final int TASKS = 1_000;
    static final int YIELDS = 1_000;

    @Override
    public String name() {
        return "yield_many";
    }

    @Override
    public long ops() {
        return (long) TASKS * YIELDS;
    }

    @Override
    public Trial open(Peer peer) {
        return switch (peer) {
            case SPINDLE_MT, SPINDLE_CT -> new OnSpindle(peer, YieldMany::root);
            case SPINDLE_MT_HAND, SPINDLE_CT_HAND -> new OnSpindle(peer, Root::new);
            case VT -> new OnVirtualThreads();
            case CF -> new OnCompletableFutures();
            default -> throw peer.unsupportedBy(name());
        };
    }

    /** The Spindle peers; {@code root} is the {@code @Async} or the hand-written task. */
    private static final class OnSpindle extends SpindleTrial {
        private final Function<AtomicLong, Future<Void>> root;

        OnSpindle(Peer peer, Function<AtomicLong, Future<Void>> root) {
            super(peer);
            this.root = root;
        }

        @Override
        public RunResult run() {
            AtomicLong yields = new AtomicLong();
            long t0 = System.nanoTime();
            rt.blockOn(rt.spawn(root.apply(yields)));
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("yields", (long) TASKS * YIELDS, yields.get());
            return RunResult.timed(t1 - t0);
        }
    }

    // @Async tasks of spindle-mt / spindle-ct: the same logic as the hand-written futures below.

    @Async
    private static Future<Void> root(AtomicLong yields) {
        JoinHandle<?>[] handles = new JoinHandle<?>[TASKS];
        for (int i = 0; i < TASKS; i++) {
            handles[i] = Task.spawn(yieldLoop(yields));
        }
        AsyncTasks.joinAll(handles).await();
        return Future.ready(null);
    }

    @Async
    private static Future<Void> yieldLoop(AtomicLong total) {
        int done = 0;
        for (int i = 0; i < YIELDS; i++) {
            Task.yieldNow().await();
            done++;
        }
        total.addAndGet(done);
        return Future.ready(null);
    }

    private static final class Root implements Future<Void> {
        private final AtomicLong yields;
        private JoinAll children;

        Root(AtomicLong yields) {
            this.yields = yields;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (children == null) {
                JoinHandle<?>[] handles = new JoinHandle<?>[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    handles[i] = Task.spawn(new YieldLoop(yields));
                }
                children = new JoinAll(handles);
            }
            return children.poll(cx);
        }
    }

    /** {@code for (i = 0; i < YIELDS; i++) Task.yieldNow().await();} by hand. */
    private static final class YieldLoop implements Future<Void> {
        private final AtomicLong total;
        private int done;
        private Future<Void> yielding;

        YieldLoop(AtomicLong total) {
            this.total = total;
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
                if (done == YIELDS) {
                    total.addAndGet(done);
                    return Poll.ready(null);
                }
                yielding = Task.yieldNow();
            }
        }
    }

    private static final class OnVirtualThreads implements Trial {
        @Override
        public RunResult run() throws Exception {
            AtomicLong yields = new AtomicLong();
            long t0 = System.nanoTime();
            VirtualThreads.runAndJoin(() -> {
                Thread[] children = new Thread[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    children[i] = Thread.startVirtualThread(() -> {
                        int done = 0;
                        for (int y = 0; y < YIELDS; y++) {
                            Thread.yield();
                            done++;
                        }
                        yields.addAndGet(done);
                    });
                }
                for (Thread child : children) {
                    child.join();
                }
            });
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("yields", (long) TASKS * YIELDS, yields.get());
            return RunResult.timed(t1 - t0);
        }

        @Override
        public void close() {
        }
    }

    private static final class OnCompletableFutures extends CfTrial {
        @Override
        public RunResult run() {
            AtomicLong yields = new AtomicLong();
            long t0 = System.nanoTime();
            CompletableFuture.supplyAsync(() -> {
                CompletableFuture<?>[] children = new CompletableFuture<?>[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    children[i] = new CfYieldLoop(pool, yields).start();
                }
                return CompletableFuture.allOf(children);
            }, pool).thenCompose(all -> all).join();
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("yields", (long) TASKS * YIELDS, yields.get());
            return RunResult.timed(t1 - t0);
        }
    }

    /** One task of the cf peer: each step after the first follows a yield to the pool. */
    private static final class CfYieldLoop implements Runnable {
        private final ForkJoinPool pool;
        private final AtomicLong total;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private int yielded;

        CfYieldLoop(ForkJoinPool pool, AtomicLong total) {
            this.pool = pool;
            this.total = total;
        }

        CompletableFuture<Void> start() {
            CompletableFuture.runAsync(this, pool);
            return done;
        }

        @Override
        public void run() {
            try {
                if (yielded == YIELDS) {
                    total.addAndGet(yielded);
                    done.complete(null);
                    return;
                }
                yielded++;
                CompletableFuture.runAsync(this, pool);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }
    }
}
