package dev.spindle.runtime.internal;

import dev.spindle.Future;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The work-stealing, multi-thread runtime (§4 of the design): N {@link Worker}s, each with a
 * 256-slot ring queue and a LIFO slot, one global {@link InjectQueue}, the {@link Idle}
 * bookkeeping, and the shared {@link Driver}.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Scheduling a woken task.</b> On one of this runtime's workers while it runs a task, the
 * task goes to that worker ({@link Worker#scheduleLocal}); from anywhere else (another thread,
 * the driver firing timers, a blocking task) it goes to the global queue and a parked worker is
 * notified if none is searching.
 *
 * <h2>Shutdown</h2>
 *
 * <p>{@link #shutdown(Duration)} runs in phases, all bounded by one deadline: (1) stop outside
 * spawns and abort every owned task while the workers keep running, so cancellation runs on the
 * workers and cleanup that awaits can finish; wait until the owned list is empty; (2) ask the
 * workers to stop, close the global queue (later wakes cancel their task inline), wake every
 * worker and join them; (3) cancel on the closing thread every task still owned (idle tasks
 * whose cleanup did not finish, tasks left in dropped queues); (4) shut the blocking pool down
 * and close the driver. A worker stuck in a poll past the deadline is left to finish that poll
 * (its thread is a daemon and exits when the poll returns).
 */
public final class MultiThreadScheduler extends RuntimeCore {
    final Worker[] workers;
    final InjectQueue<RawTask<?>> inject = new InjectQueue<>();
    final Idle idle;
    private volatile boolean shutdownRequested;
    private final CountDownLatch workersExited;
    private final Watchdog watchdog;

    /**
     * Creates and starts the runtime's threads.
     *
     * @param config the settings
     */
    public MultiThreadScheduler(Config config) {
        super(config, config.workerThreads);
        int n = config.workerThreads;
        workers = new Worker[n];
        idle = new Idle(n);
        workersExited = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            workers[i] = new Worker(this, i);
        }
        for (Worker w : workers) {
            RuntimeThread t = new RuntimeThread(w, nextThreadName("worker"));
            w.thread = t;
            t.start();
        }
        watchdog = config.longPollThreshold != null ? Watchdog.start(this, workers) : null;
    }

    @Override
    public void schedule(RawTask<?> task) {
        ThreadContext tc = ThreadContext.current();
        Worker w = tc.worker;
        if (w != null && w.sched == this) {
            if (w.inTask) {
                w.scheduleLocal(task, false);
                return;
            }
            if (w.drivingIo) {
                w.scheduleFromDriver(task);
                return;
            }
        }
        scheduleRemote(task);
    }

    @Override
    public void reschedule(RawTask<?> task) {
        ThreadContext tc = ThreadContext.current();
        Worker w = tc.worker;
        if (w != null && w.sched == this) {
            w.scheduleLocal(task, true);
        } else {
            scheduleRemote(task);
        }
    }

    private void scheduleRemote(RawTask<?> task) {
        if (!inject.push(task)) {
            task.runCancelled();
            return;
        }
        notifyParked();
    }

    /** Wakes a parked worker if new work needs one. */
    void notifyParked() {
        VarHandle.fullFence(); // order the queue push before reading the idle state (see Idle)
        int w = idle.workerToNotify();
        if (w >= 0) {
            workers[w].parker.unpark(driver);
        }
    }

    void notifyIfWorkPending() {
        if (!inject.isEmpty()) {
            notifyParked();
            return;
        }
        for (Worker w : workers) {
            if (!w.queue.isEmpty()) {
                notifyParked();
                return;
            }
        }
    }

    @Override
    boolean canAutoAdvance() {
        if (idle.numUnparked() != 0 || !inject.isEmpty() || externalBusy.get() != 0 || blocking.isBusy()
                || blockOnPending()) {
            return false;
        }
        for (Worker w : workers) {
            if (!w.queue.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    boolean isShutdownRequested() {
        return shutdownRequested;
    }

    void workerExited() {
        workersExited.countDown();
    }

    @Override
    public <T> T blockOn(Future<T> future) {
        ThreadContext tc = ThreadContext.current();
        if (tc.inAsyncTask()) {
            throw new IllegalStateException("blockOn was called from inside a runtime task or worker thread; "
                    + "blocking there would stall every task queued on it. Use .await() in an @Async method, "
                    + "or Task.spawn, instead");
        }
        return BlockOn.run(this, future, tc);
    }

    @Override
    public void shutdown(Duration timeout) {
        ThreadContext tc = ThreadContext.current();
        if (tc.runtime == this && tc.inAsyncTask()) {
            throw new IllegalStateException("a runtime cannot be closed from one of its own tasks; "
                    + "close it from the thread that built it");
        }
        boolean another;
        synchronized (this) {
            another = lifecycle != RUNNING;
            lifecycle = another ? lifecycle : CLOSING;
        }
        if (another) {
            awaitShutdown(timeout); // a close() is under way: return when it is done, not before
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        owned.close();
        for (RawTask<?> t : owned.snapshot()) {
            t.abort();
        }
        owned.awaitEmpty(deadline);
        lifecycle = CLOSED;
        wakeBlockers();
        shutdownRequested = true;
        inject.close();
        for (Worker w : workers) {
            w.parker.unpark(driver);
        }
        driver.unpark();
        try {
            workersExited.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            // The latch opens just before each worker's thread ends: join them too, so that no
            // worker thread is alive once close() has returned (bounded by the same deadline).
            for (Worker w : workers) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    w.thread.join(java.time.Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Worker w : workers) {
            if (!w.thread.isAlive()) {
                w.cancelQueued(); // it has exited; a worker still stuck in a poll does it on exit
            }
        }
        for (RawTask<?> t = inject.drainAll(); t != null; ) {
            RawTask<?> next = t.queueNext();
            t.setQueueNext(null);
            t.runCancelled();
            t = next;
        }
        for (RawTask<?> t : owned.snapshot()) {
            t.runCancelled();
        }
        pollUnobservedFailures();
        blocking.shutdown(deadline);
        if (watchdog != null) {
            watchdog.stop(deadline + 1_000_000_000L);
        }
        driver.close();
        shutdownDone.countDown();
    }

    @Override
    void countSpawn() {
        Worker w = ThreadContext.current().worker;
        if (w != null && w.sched == this) {
            w.spawned++;
        } else {
            metrics.remoteSpawns.increment();
        }
    }

    @Override
    public long spawnedCount() {
        long n = metrics.remoteSpawns.sum();
        for (Worker w : workers) {
            n += w.spawned;
        }
        return n;
    }

    @Override
    public int workerCount() {
        return workers.length;
    }

    @Override
    public long workerCounter(int worker, int which) {
        Worker w = workers[worker];
        return switch (which) {
            case 0 -> w.polls;
            case 1 -> w.steals;
            case 2 -> w.parks;
            case 3 -> w.queue.len();
            default -> throw new IllegalArgumentException("counter " + which);
        };
    }

    @Override
    public int globalQueueDepth() {
        return inject.len();
    }

    Worker[] workers() {
        return workers;
    }
}
