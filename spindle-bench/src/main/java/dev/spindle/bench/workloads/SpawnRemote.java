package dev.spindle.bench.workloads;

import dev.spindle.Future;
import dev.spindle.bench.BenchFailure;
import dev.spindle.bench.Peer;
import dev.spindle.bench.RunResult;
import dev.spindle.bench.Trial;
import dev.spindle.bench.Workload;
import dev.spindle.bench.support.JoinAll;
import dev.spindle.runtime.JoinHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * spawn_remote: as spawn_local, but the 100,000 tasks are spawned by the harness's main
 * thread, outside the runtime or pool; the main thread then awaits them all. One op = one
 * task. Checks that the counter is 100,000.
 *
 * <p>Spindle: {@code runtime.spawn} from main, then {@code blockOn} of a future that awaits the
 * handles (on the current-thread runtime, that {@code blockOn} is also what runs the tasks).
 * vt: {@code Thread.startVirtualThread} and {@code Thread.join} from main. cf:
 * {@code runAsync} from main (external submissions) and {@code allOf(...).join()}.
 */
public final class SpawnRemote implements Workload {
    static final int TASKS = 100_000;

    @Override
    public String name() {
        return "spawn_remote";
    }

    @Override
    public long ops() {
        return TASKS;
    }

    @Override
    public Trial open(Peer peer) {
        return switch (peer) {
            case SPINDLE_MT, SPINDLE_CT -> new OnSpindle(peer, AsyncTasks::increment, AsyncTasks::joinAll);
            case SPINDLE_MT_HAND, SPINDLE_CT_HAND -> new OnSpindle(peer, IncrementTask::new, JoinAll::new);
            case VT -> new OnVirtualThreads();
            case CF -> new OnCompletableFutures();
            default -> throw peer.unsupportedBy(name());
        };
    }

    /**
     * The Spindle peers: {@code task} and {@code joinAll} are the {@code @Async} methods of
     * {@link AsyncTasks} or the hand-written {@link IncrementTask} and {@link JoinAll}.
     */
    private static final class OnSpindle extends SpindleTrial {
        private final Function<AtomicLong, Future<Void>> task;
        private final Function<Future<?>[], Future<Void>> joinAll;

        OnSpindle(Peer peer, Function<AtomicLong, Future<Void>> task, Function<Future<?>[], Future<Void>> joinAll) {
            super(peer);
            this.task = task;
            this.joinAll = joinAll;
        }

        @Override
        public RunResult run() {
            AtomicLong counter = new AtomicLong();
            long t0 = System.nanoTime();
            JoinHandle<?>[] handles = new JoinHandle<?>[TASKS];
            for (int i = 0; i < TASKS; i++) {
                handles[i] = rt.spawn(task.apply(counter));
            }
            rt.blockOn(joinAll.apply(handles));
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("increments", TASKS, counter.get());
            return RunResult.timed(t1 - t0);
        }
    }

    private static final class OnVirtualThreads implements Trial {
        @Override
        public RunResult run() throws InterruptedException {
            AtomicLong counter = new AtomicLong();
            long t0 = System.nanoTime();
            Thread[] threads = new Thread[TASKS];
            for (int i = 0; i < TASKS; i++) {
                threads[i] = Thread.startVirtualThread(() -> counter.incrementAndGet());
            }
            for (Thread t : threads) {
                t.join();
            }
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
            CompletableFuture<?>[] tasks = new CompletableFuture<?>[TASKS];
            for (int i = 0; i < TASKS; i++) {
                tasks[i] = CompletableFuture.runAsync(() -> counter.incrementAndGet(), pool);
            }
            CompletableFuture.allOf(tasks).join();
            long t1 = System.nanoTime();
            BenchFailure.checkEquals("increments", TASKS, counter.get());
            return RunResult.timed(t1 - t0);
        }
    }
}
