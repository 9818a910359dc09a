package dev.spindle.runtime.internal;

import dev.spindle.Future;
import dev.spindle.runtime.RuntimeClosedException;
import dev.spindle.runtime.UnhandledExceptionPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What both runtime flavours share: configuration, the driver (selector, timers, clock), the
 * owned-task list, the blocking pool, counters, and the spawn, failure and shutdown policy. The
 * flavours differ only in how they queue and run tasks ({@link MultiThreadScheduler},
 * {@link CurrentThreadScheduler}).
 *
 * <h2>Lifecycle</h2>
 * <p>{@link #RUNNING} → {@link #CLOSING} (close started: outside spawns are refused, spawns
 * from tasks give already-cancelled tasks, every owned task is aborted and the runtime keeps
 * running so that their cleanup can finish) → {@link #CLOSED} (threads stop; what is left is
 * cancelled on the closing thread).
 */
public abstract class RuntimeCore implements TaskScheduler {
    static final int RUNNING = 0;
    static final int CLOSING = 1;
    static final int CLOSED = 2;

    private static final System.Logger LOG = System.getLogger("dev.spindle.runtime");

    /** The settings. */
    public final Config config;
    /** The I/O and timer driver. */
    public final Driver driver;
    final OwnedTasks owned;
    final BlockingPool blocking;
    final UnobservedFailures unobserved = new UnobservedFailures();
    /** Runtime-wide counters. */
    public final RuntimeCounters metrics = new RuntimeCounters();
    /** Polls in progress on threads outside the scheduler (blockOn): they inhibit auto-advance. */
    final AtomicInteger externalBusy = new AtomicInteger();
    volatile int lifecycle = RUNNING;
    /** Wakers of threads waiting in blockOn, woken when the runtime closes. */
    final java.util.Set<dev.spindle.Waker> blockers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger workerCounter = new AtomicInteger();
    private final AtomicInteger blockingCounter = new AtomicInteger();

    RuntimeCore(Config config, int workers) {
        this.config = config;
        this.driver = new Driver(config.startPaused);
        this.owned = new OwnedTasks(workers);
        this.blocking = new BlockingPool(this);
    }

    /**
     * Spawns a task.
     *
     * @param future what the task runs
     * @param name the task's name or {@code null}
     * @param <T> the value type
     * @return the task
     * @throws RuntimeClosedException when called from outside the runtime after close began
     */
    public final <T> RawTask<T> spawn(Future<T> future, String name) {
        if (future == null) {
            throw new NullPointerException("future");
        }
        RawTask<T> task = new RawTask<>(future, this, ThreadContext.current().newTaskId(), name);
        if (!owned.add(task)) {
            if (ThreadContext.current().runtime != this) {
                throw new RuntimeClosedException("cannot spawn: the runtime is closed");
            }
            task.runCancelled(); // spawned by cleanup code during shutdown: born cancelled
            return task;
        }
        countSpawn();
        schedule(task);
        return task;
    }

    /**
     * Runs blocking work on the blocking pool.
     *
     * @param work the work
     * @param name the task's name or {@code null}
     * @param <T> the value type
     * @return the task
     * @throws RuntimeClosedException after close began
     */
    public final <T> RawTask<T> spawnBlocking(Callable<T> work, String name) {
        if (work == null) {
            throw new NullPointerException("work");
        }
        if (lifecycle != RUNNING) {
            throw new RuntimeClosedException("cannot spawn blocking work: the runtime is closed");
        }
        RawTask<T> task = new RawTask<>(new BlockingPool.CallFuture<>(work), blocking, ThreadContext.current().newTaskId(), name);
        metrics.remoteSpawns.increment();
        blocking.schedule(task);
        return task;
    }

    /**
     * Runs {@code future} to completion on the calling thread.
     *
     * @param future the future
     * @param <T> the value type
     * @return its value
     */
    public abstract <T> T blockOn(Future<T> future);

    /**
     * Shuts down, waiting at most {@code timeout} for cleanup and blocking work.
     *
     * @param timeout the bound
     */
    public abstract void shutdown(Duration timeout);

    /** Counts a spawn, in a plain per-thread field when the caller is one of the scheduler's threads. */
    abstract void countSpawn();

    /** @return tasks ever spawned on this runtime */
    public abstract long spawnedCount();

    /** @return the number of worker threads (1 for the current-thread runtime) */
    public abstract int workerCount();

    /** Counters of one worker, for metrics: polls, steals, parks, local queue depth. */
    public abstract long workerCounter(int worker, int which);

    /** @return tasks waiting in the global injection queue */
    public abstract int globalQueueDepth();

    /** Whether nothing is runnable anywhere, so that a paused clock may jump ahead. */
    abstract boolean canAutoAdvance();

    /** Counted down when a shutdown has run to its end. */
    final java.util.concurrent.CountDownLatch shutdownDone = new java.util.concurrent.CountDownLatch(1);

    /** Waits, at most {@code timeout}, for the shutdown another thread started. */
    final void awaitShutdown(Duration timeout) {
        try {
            shutdownDone.await(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** With {@code rngSeed} set, makes a blockOn caller's random choices reproducible too. */
    final void seedCaller(ThreadContext tc) {
        if (config.rngSeed != null) {
            tc.rng.reseed(config.rngSeed * 31 - 1);
        }
    }

    /**
     * Whether a blockOn future has been woken and not polled yet: its thread is about to run,
     * so time must not jump ahead of it.
     */
    final boolean blockOnPending() {
        for (dev.spindle.Waker w : blockers) {
            if (w instanceof BlockOn.ThreadWaker t && t.isNotified()) {
                return true;
            }
        }
        return false;
    }

    /** Wakes every thread waiting in blockOn, so that it sees the runtime closed. */
    final void wakeBlockers() {
        for (dev.spindle.Waker w : blockers) {
            w.wake();
        }
    }

    /** {@link #canAutoAdvance()} as a supplier, made once: a method reference per tick would allocate. */
    final java.util.function.BooleanSupplier autoAdvanceCheck = this::canAutoAdvance;

    /** Called when something that inhibited auto-advance stops doing so. */
    final void maybeKickPausedClock() {
        if (driver.clock.isPaused()) {
            driver.unpark();
        }
    }

    @Override
    public final RuntimeCore runtime() {
        return this;
    }

    /** @return whether close has begun */
    public final boolean isClosing() {
        return lifecycle != RUNNING;
    }

    /** @return the current time on this runtime's clock, in nanoseconds */
    public final long nowNanos() {
        return driver.nowNanos();
    }

    /** @return every live task */
    public final List<RawTask<?>> liveTasks() {
        return owned.snapshot();
    }

    /** @return the number of live tasks */
    public final int liveTaskCount() {
        return owned.size();
    }

    /** @return threads in the blocking pool */
    public final int blockingThreadCount() {
        return blocking.threadCount();
    }

    String nextThreadName(String kind) {
        if (config.threadName != null) {
            return config.threadName.get();
        }
        AtomicInteger counter = kind.equals("worker") ? workerCounter : blockingCounter;
        return "spindle-" + kind + "-" + counter.getAndIncrement();
    }

    void onThreadStart() {
        if (config.onThreadStart != null) {
            config.onThreadStart.run();
        }
    }

    void onThreadStop() {
        if (config.onThreadStop != null) {
            config.onThreadStop.run();
        }
    }

    /** Reports failures whose handles were dropped unread; called on maintenance ticks. */
    final void pollUnobservedFailures() {
        unobserved.poll(this);
    }

    /**
     * Hands a failure nobody observed to the policy.
     *
     * @param taskId the task that failed
     * @param taskName its name or {@code null}
     * @param failure what it threw
     */
    final void reportUnhandled(long taskId, String taskName, Throwable failure) {
        metrics.unhandledFailures.increment();
        UnhandledExceptionPolicy policy = config.unhandledExceptionPolicy;
        if (policy == UnhandledExceptionPolicy.IGNORE) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "unobserved failure of task " + taskId
                + (taskName != null ? " '" + taskName + "'" : "") + ": its handle was dropped without reading it", failure);
        if (policy == UnhandledExceptionPolicy.SHUTDOWN_RUNTIME && lifecycle == RUNNING) {
            Thread t = new Thread(() -> shutdown(config.shutdownTimeout), "spindle-shutdown");
            t.setDaemon(true);
            t.start();
        }
    }
}
