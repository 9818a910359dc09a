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
import dev.spindle.bench.support.CfAsyncLock;
import dev.spindle.bench.support.JoinAll;
import dev.spindle.bench.support.VirtualThreads;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import dev.spindle.sync.Mutex;
import dev.spindle.sync.MutexGuard;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * mutex_contention: 100 tasks each doing 10,000 times lock / increment / unlock of one async
 * mutex. One op = one lock. Checks that the counter (a plain field, guarded only by the lock)
 * reached 1,000,000.
 *
 * <p>Spindle: {@code dev.spindle.sync.Mutex} (FIFO-fair), tasks spawned by a root task that
 * awaits them. {@code vt}: a {@code ReentrantLock} (non-fair, the JDK's default) on virtual
 * threads. {@code cf}: a FIFO async lock built on {@code CompletableFuture}
 * ({@link CfAsyncLock}); a task that has to wait continues as an async stage on the pool.
 */
public final class MutexContention implements Workload {
    static final int TASKS = 100;
    static final int LOCKS = 10_000;

    @Override
    public String name() {
        return "mutex_contention";
    }

    @Override
    public long ops() {
        return (long) TASKS * LOCKS;
    }

    @Override
    public Trial open(Peer peer) {
        return switch (peer) {
            case SPINDLE_MT, SPINDLE_CT -> new OnSpindle(peer, MutexContention::root);
            case SPINDLE_MT_HAND, SPINDLE_CT_HAND -> new OnSpindle(peer, Root::new);
            case VT -> new OnVirtualThreads();
            case CF -> new OnCompletableFutures();
            default -> throw peer.unsupportedBy(name());
        };
    }

    /** The guarded state: touched only by the lock holder. */
    static final class Counter {
        long value;
    }

    /** The Spindle peers; {@code root} is the {@code @Async} or the hand-written task. */
    private static final class OnSpindle extends SpindleTrial {
        private final Function<Mutex<Counter>, Future<Void>> root;

        OnSpindle(Peer peer, Function<Mutex<Counter>, Future<Void>> root) {
            super(peer);
            this.root = root;
        }

        @Override
        public RunResult run() {
            Mutex<Counter> mutex = new Mutex<>(new Counter());
            long t0 = System.nanoTime();
            rt.blockOn(rt.spawn(root.apply(mutex)));
            long t1 = System.nanoTime();
            long count = mutex.tryLock().orElseThrow(() -> new BenchFailure("the mutex is still locked")).get().value;
            BenchFailure.checkEquals("increments", (long) TASKS * LOCKS, count);
            return RunResult.timed(t1 - t0);
        }
    }

    // @Async tasks of spindle-mt / spindle-ct: the same logic as the hand-written futures below.

    @Async
    private static Future<Void> root(Mutex<Counter> mutex) {
        JoinHandle<?>[] handles = new JoinHandle<?>[TASKS];
        for (int i = 0; i < TASKS; i++) {
            handles[i] = Task.spawn(lockLoop(mutex));
        }
        AsyncTasks.joinAll(handles).await();
        return Future.ready(null);
    }

    @Async
    private static Future<Void> lockLoop(Mutex<Counter> mutex) {
        for (int i = 0; i < LOCKS; i++) {
            try (MutexGuard<Counter> g = mutex.lock().await()) {
                g.get().value++;
            }
        }
        return Future.ready(null);
    }

    private static final class Root implements Future<Void> {
        private final Mutex<Counter> mutex;
        private JoinAll children;

        Root(Mutex<Counter> mutex) {
            this.mutex = mutex;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (children == null) {
                JoinHandle<?>[] handles = new JoinHandle<?>[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    handles[i] = Task.spawn(new LockLoop(mutex));
                }
                children = new JoinAll(handles);
            }
            return children.poll(cx);
        }
    }

    /**
     * {@code for (i = 0; i < LOCKS; i++) try (var g = mutex.lock().await()) { g.get().value++; }}
     * by hand.
     */
    private static final class LockLoop implements Future<Void> {
        private final Mutex<Counter> mutex;
        private int done;
        private Future<MutexGuard<Counter>> locking;

        LockLoop(Mutex<Counter> mutex) {
            this.mutex = mutex;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (locking == null) {
                    if (done == LOCKS) {
                        return Poll.ready(null);
                    }
                    locking = mutex.lock();
                }
                if (!(locking.poll(cx) instanceof Poll.Ready<MutexGuard<Counter>> r)) {
                    return Poll.pending();
                }
                locking = null;
                try (MutexGuard<Counter> g = r.value()) {
                    g.get().value++;
                }
                done++;
            }
        }

        @Override
        public void cancel() {
            if (locking != null) {
                locking.cancel();
            }
        }
    }

    private static final class OnVirtualThreads implements Trial {
        @Override
        public RunResult run() throws Exception {
            ReentrantLock lock = new ReentrantLock();
            Counter counter = new Counter();
            long t0 = System.nanoTime();
            VirtualThreads.runAndJoin(() -> {
                Thread[] children = new Thread[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    children[i] = Thread.startVirtualThread(() -> {
                        for (int n = 0; n < LOCKS; n++) {
                            lock.lock();
                            try {
                                counter.value++;
                            } finally {
                                lock.unlock();
                            }
                        }
                    });
                }
                for (Thread child : children) {
                    child.join();
                }
            });
            long t1 = System.nanoTime();
            lock.lock();
            try {
                BenchFailure.checkEquals("increments", (long) TASKS * LOCKS, counter.value);
            } finally {
                lock.unlock();
            }
            return RunResult.timed(t1 - t0);
        }

        @Override
        public void close() {
        }
    }

    private static final class OnCompletableFutures extends CfTrial {
        @Override
        public RunResult run() {
            CfAsyncLock lock = new CfAsyncLock();
            Counter counter = new Counter();
            long t0 = System.nanoTime();
            CompletableFuture.supplyAsync(() -> {
                CompletableFuture<?>[] children = new CompletableFuture<?>[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    children[i] = new CfLockLoop(pool, lock, counter).start();
                }
                return CompletableFuture.allOf(children);
            }, pool).thenCompose(all -> all).join();
            long t1 = System.nanoTime();
            lock.lock().join();
            BenchFailure.checkEquals("increments", (long) TASKS * LOCKS, counter.value);
            lock.unlock();
            return RunResult.timed(t1 - t0);
        }
    }

    /** One task of the cf peer: locks without waiting while it can, else resumes as a stage. */
    private static final class CfLockLoop {
        private final ForkJoinPool pool;
        private final CfAsyncLock lock;
        private final Counter counter;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private int locked;

        CfLockLoop(ForkJoinPool pool, CfAsyncLock lock, Counter counter) {
            this.pool = pool;
            this.lock = lock;
            this.counter = counter;
        }

        CompletableFuture<Void> start() {
            CompletableFuture.runAsync(this::step, pool);
            return done;
        }

        private void step() {
            try {
                for (;;) {
                    if (locked == LOCKS) {
                        done.complete(null);
                        return;
                    }
                    CompletableFuture<Void> f = lock.lock();
                    if (!f.isDone()) {
                        f.thenRunAsync(this::resume, pool);
                        return;
                    }
                    critical();
                }
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }

        private void resume() {
            critical();
            step();
        }

        private void critical() {
            counter.value++;
            locked++;
            lock.unlock();
        }
    }
}
