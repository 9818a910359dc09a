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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * spawn_local: from inside a task, spawn 100,000 tasks each incrementing an {@code AtomicLong};
 * await all. One op = one task. Checks that the counter is 100,000.
 *
 * <p>The root is itself a task on every peer — a spawned Spindle task (on a worker of the
 * multi-thread runtime, so its spawns go to that worker's local queue), a virtual thread, a
 * task of the {@code cf} pool — and awaits its children the way each peer awaits a task:
 * {@code JoinHandle}s, {@code Thread.join}, {@code CompletableFuture.allOf}. The calling
 * thread only starts the root and waits for it.
 */
public final class SpawnLocal implements Workload {
    static final int TASKS = 100_000;

    @Override
    public String name() {
        return "spawn_local";
    }

    @Override
    public long ops() {
        return TASKS;
    }

    @Override
    public Trial open(Peer peer) {
        return switch (peer) {
            case SPINDLE_MT, SPINDLE_CT -> new OnSpindle(peer, SpawnLocal::root);
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
            AtomicLong counter = new AtomicLong();
            long t0 = System.nanoTime();
            rt.blockOn(rt.spawn(root.apply(counter)));
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("increments", TASKS, counter.get());
            return RunResult.timed(t1 - t0);
        }
    }

    // @Async tasks of spindle-mt / spindle-ct: the same logic as the hand-written futures below.

    @Async
    private static Future<Void> root(AtomicLong counter) {
        JoinHandle<?>[] handles = new JoinHandle<?>[TASKS];
        for (int i = 0; i < TASKS; i++) {
            handles[i] = Task.spawn(AsyncTasks.increment(counter));
        }
        AsyncTasks.joinAll(handles).await();
        return Future.ready(null);
    }

    /** First poll: spawn every child and keep its handle; then await the handles in order. */
    private static final class Root implements Future<Void> {
        private final AtomicLong counter;
        private JoinAll children;

        Root(AtomicLong counter) {
            this.counter = counter;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (children == null) {
                JoinHandle<?>[] handles = new JoinHandle<?>[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    handles[i] = Task.spawn(new IncrementTask(counter));
                }
                children = new JoinAll(handles);
            }
            return children.poll(cx);
        }
    }

    private static final class OnVirtualThreads implements Trial {
        @Override
        public RunResult run() throws Exception {
            AtomicLong counter = new AtomicLong();
            long t0 = System.nanoTime();
            VirtualThreads.runAndJoin(() -> {
                Thread[] children = new Thread[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    children[i] = Thread.startVirtualThread(() -> counter.incrementAndGet());
                }
                for (Thread child : children) {
                    child.join();
                }
            });
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("increments", TASKS, counter.get());
            return RunResult.timed(t1 - t0);
        }

        @Override
        public void close() {
        }
    }

    private static final class OnCompletableFutures extends CfTrial {
        @Override
        public RunResult run() {
            AtomicLong counter = new AtomicLong();
            long t0 = System.nanoTime();
            CompletableFuture.supplyAsync(() -> {
                CompletableFuture<?>[] children = new CompletableFuture<?>[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    children[i] = CompletableFuture.runAsync(() -> counter.incrementAndGet(), pool);
                }
                return CompletableFuture.allOf(children);
            }, pool).thenCompose(all -> all).join();
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("increments", TASKS, counter.get());
            return RunResult.timed(t1 - t0);
        }
    }
}
