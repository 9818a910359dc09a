package dev.spindle.runtime;

import dev.spindle.Future;
import dev.spindle.runtime.internal.Config;
import dev.spindle.runtime.internal.CurrentThreadScheduler;
import dev.spindle.runtime.internal.MultiThreadScheduler;
import dev.spindle.runtime.internal.RuntimeCore;
import dev.spindle.runtime.internal.TaskDumps;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Spindle runtime: the scheduler that polls tasks, the I/O and timer driver, and the pool for
 * blocking work (Tokio's {@code Runtime}).
 *
 * <pre>{@code
 * try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workerThreads(4).build()) {
 *     String s = rt.blockOn(fetchGreeting());
 * }
 * }</pre>
 *
 * <p>Two flavours share every task, timer and I/O mechanism:
 * <ul>
 *   <li>{@linkplain Builder#multiThread() multi-thread}: worker threads with work stealing — the
 *       default for services;
 *   <li>{@linkplain Builder#currentThread() current-thread}: all tasks run on the thread inside
 *       {@link #blockOn}; no worker threads — for tests, and for single-core or embedded use.
 * </ul>
 *
 * <p><b>Shutdown.</b> {@link #close()} (or {@link #shutdownTimeout(Duration)}) aborts every task
 * that is still running, lets their cleanup run, waits for blocking work up to the timeout, and
 * stops every thread the runtime started. A closed runtime refuses new work with
 * {@link RuntimeClosedException}.
 */
public final class AsyncRuntime implements AutoCloseable {
    private final RuntimeCore core;
    private final Handle handle;
    private final RuntimeMetrics metrics;

    private AsyncRuntime(RuntimeCore core) {
        this.core = core;
        this.handle = new Handle(core);
        this.metrics = new RuntimeMetrics(core);
    }

    /**
     * Returns a builder, set up for a multi-thread runtime with one worker per processor.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code future} to completion on the calling thread and returns its value. The thread
     * is inside the runtime while it waits: the future (and anything it calls) may spawn tasks
     * and use timers. On the current-thread runtime, this is also where every task runs.
     *
     * @param future the future
     * @param <T> its value type
     * @return its value
     * @throws IllegalStateException if called from a task or worker of a runtime (blocking there
     *     would stall the tasks queued behind it)
     * @throws RuntimeClosedException if the runtime is closed, or closes while waiting
     * @throws dev.spindle.CancelledException if the thread is interrupted while waiting (the
     *     future is cancelled and the interrupt flag restored)
     * @throws java.util.concurrent.CompletionException wrapping a checked exception the future
     *     failed with; unchecked ones are thrown as they are
     */
    public <T> T blockOn(Future<T> future) {
        return core.blockOn(Objects.requireNonNull(future, "future"));
    }

    /**
     * Spawns a task. May be called from any thread.
     *
     * @param future what the task runs
     * @param <T> its value type
     * @return the task's handle
     * @throws RuntimeClosedException if the runtime is closed
     */
    public <T> JoinHandle<T> spawn(Future<T> future) {
        return core.spawn(future, null);
    }

    /**
     * Runs blocking work on the blocking pool and returns a handle to its outcome.
     *
     * @param work the blocking work
     * @param <T> its value type
     * @return the task's handle
     * @throws RuntimeClosedException if the runtime is closed
     */
    public <T> JoinHandle<T> spawnBlocking(Callable<T> work) {
        return core.spawnBlocking(work, null);
    }

    /**
     * Returns a handle to this runtime, which can spawn onto it from anywhere without owning it.
     *
     * @return the handle
     */
    public Handle handle() {
        return handle;
    }

    /**
     * Returns a live view of the runtime's counters.
     *
     * @return the metrics
     */
    public RuntimeMetrics metrics() {
        return metrics;
    }

    /**
     * Lists every live task with its state, poll count and what it is waiting for.
     *
     * @return one entry per live task, by id
     */
    public List<TaskDump> dumpTasks() {
        return TaskDumps.dump(core);
    }

    /**
     * Shuts the runtime down with the builder's shutdown timeout (10 s unless set). Idempotent.
     *
     * @throws IllegalStateException if called from one of the runtime's own tasks
     */
    @Override
    public void close() {
        core.shutdown(core.config.shutdownTimeout);
    }

    /**
     * Shuts the runtime down, waiting at most {@code timeout} for cancelled tasks' cleanup and
     * for blocking work; whatever has not finished by then is cancelled without waiting (a
     * blocking call that does not return keeps its daemon thread until it does).
     *
     * @param timeout the bound
     */
    public void shutdownTimeout(Duration timeout) {
        core.shutdown(Objects.requireNonNull(timeout, "timeout"));
    }

    /** @return whether {@link #close()} has begun */
    public boolean isClosed() {
        return core.isClosing();
    }

    @Override
    public String toString() {
        return "AsyncRuntime[" + (core instanceof MultiThreadScheduler ? "multi-thread, " + core.workerCount() + " workers"
                : "current-thread") + (core.isClosing() ? ", closed" : "") + "]";
    }

    /**
     * Configures and builds an {@link AsyncRuntime}. Every option has a default that suits a
     * service; each is observable (thread names, metrics, scheduling order with a fixed
     * {@link #rngSeed(long) seed}).
     */
    public static final class Builder {
        private final Config config = new Config();

        private Builder() {
        }

        /** Selects the multi-thread, work-stealing runtime (the default). @return this */
        public Builder multiThread() {
            config.multiThread = true;
            return this;
        }

        /** Selects the current-thread runtime: tasks run inside {@link AsyncRuntime#blockOn}. @return this */
        public Builder currentThread() {
            config.multiThread = false;
            return this;
        }

        /**
         * Sets the number of worker threads of the multi-thread runtime (default: one per processor).
         *
         * @param n at least 1, at most 32,767
         * @return this
         */
        public Builder workerThreads(int n) {
            if (n < 1 || n > Short.MAX_VALUE) {
                throw new IllegalArgumentException("workerThreads must be in [1, 32767]: " + n);
            }
            config.workerThreads = n;
            return this;
        }

        /**
         * Sets the most threads the blocking pool may start (default 512).
         *
         * @param n at least 1
         * @return this
         */
        public Builder maxBlockingThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxBlockingThreads must be positive: " + n);
            }
            config.maxBlockingThreads = n;
            return this;
        }

        /**
         * Sets how long an idle blocking thread lives (default 10 s).
         *
         * @param keepAlive positive
         * @return this
         */
        public Builder blockingKeepAlive(Duration keepAlive) {
            if (keepAlive.isNegative() || keepAlive.isZero()) {
                throw new IllegalArgumentException("blockingKeepAlive must be positive: " + keepAlive);
            }
            config.blockingKeepAlive = keepAlive;
            return this;
        }

        /**
         * Names every runtime thread {@code name} (default: {@code spindle-worker-N},
         * {@code spindle-blocking-N}).
         *
         * @param name the name
         * @return this
         */
        public Builder threadName(String name) {
            Objects.requireNonNull(name, "name");
            config.threadName = () -> name;
            return this;
        }

        /**
         * Names runtime threads with {@code names}, called once per thread.
         *
         * @param names the name supplier
         * @return this
         */
        public Builder threadName(Supplier<String> names) {
            config.threadName = Objects.requireNonNull(names, "names");
            return this;
        }

        /** Runs {@code hook} on each runtime thread when it starts. @param hook the hook @return this */
        public Builder onThreadStart(Runnable hook) {
            config.onThreadStart = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /** Runs {@code hook} on each runtime thread before it exits. @param hook the hook @return this */
        public Builder onThreadStop(Runnable hook) {
            config.onThreadStop = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * Sets how many tasks a worker runs between two checks of the I/O and timer driver
         * (default 61, as Tokio).
         *
         * @param ticks at least 1
         * @return this
         */
        public Builder eventInterval(int ticks) {
            if (ticks < 1) {
                throw new IllegalArgumentException("eventInterval must be positive: " + ticks);
            }
            config.eventInterval = ticks;
            return this;
        }

        /**
         * Sets how many tasks a worker runs between two looks at the global queue ahead of its
         * own (default 31), which bounds how long a task spawned from outside waits.
         *
         * @param ticks at least 1
         * @return this
         */
        public Builder globalQueueInterval(int ticks) {
            if (ticks < 1) {
                throw new IllegalArgumentException("globalQueueInterval must be positive: " + ticks);
            }
            config.globalQueueInterval = ticks;
            return this;
        }

        /**
         * Turns the LIFO slot off: tasks woken by a running task queue in FIFO order behind the
         * others instead of running next.
         *
         * @return this
         */
        public Builder disableLifoSlot() {
            config.lifoSlot = false;
            return this;
        }

        /**
         * Starts the clock paused: time moves only by {@code Time.advance} or by auto-advance
         * when every task is idle, so timer tests are instant and deterministic.
         *
         * @param paused whether to start paused
         * @return this
         */
        public Builder startPaused(boolean paused) {
            config.startPaused = paused;
            return this;
        }

        /**
         * Sets what happens to task failures nobody observes (default {@link UnhandledExceptionPolicy#LOG}).
         *
         * @param policy the policy
         * @return this
         */
        public Builder onUnhandledException(UnhandledExceptionPolicy policy) {
            config.unhandledExceptionPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Reports polls that run longer than {@code threshold} (default 100 ms), with the task and
         * the polling thread's stack; {@code null} turns the check off (and the watchdog thread).
         *
         * @param threshold the threshold, or {@code null}
         * @return this
         */
        public Builder longPollThreshold(Duration threshold) {
            if (threshold != null && (threshold.isNegative() || threshold.isZero())) {
                throw new IllegalArgumentException("longPollThreshold must be positive: " + threshold);
            }
            config.longPollThreshold = threshold;
            return this;
        }

        /**
         * Sends long-poll reports to {@code handler} instead of the log.
         *
         * @param handler receives each report on the watchdog thread
         * @return this
         */
        public Builder onLongPoll(Consumer<LongPoll> handler) {
            config.longPollHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Seeds the runtime's random choices (steal victims, {@code select} fairness), so that
         * a run can be reproduced.
         *
         * @param seed the seed
         * @return this
         */
        public Builder rngSeed(long seed) {
            config.rngSeed = seed;
            return this;
        }

        /**
         * Sets the time {@link AsyncRuntime#close()} waits for cleanup and blocking work
         * (default 10 s).
         *
         * @param timeout non-negative
         * @return this
         */
        public Builder shutdownTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must not be negative: " + timeout);
            }
            config.shutdownTimeout = timeout;
            return this;
        }

        /**
         * Builds and starts the runtime.
         *
         * @return the runtime
         */
        public AsyncRuntime build() {
            Config c = copy(config);
            RuntimeCore core = c.multiThread ? new MultiThreadScheduler(c) : new CurrentThreadScheduler(c);
            return new AsyncRuntime(core);
        }

        private static Config copy(Config s) {
            Config c = new Config();
            c.multiThread = s.multiThread;
            c.workerThreads = s.workerThreads;
            c.maxBlockingThreads = s.maxBlockingThreads;
            c.blockingKeepAlive = s.blockingKeepAlive;
            c.threadName = s.threadName;
            c.onThreadStart = s.onThreadStart;
            c.onThreadStop = s.onThreadStop;
            c.eventInterval = s.eventInterval;
            c.globalQueueInterval = s.globalQueueInterval;
            c.lifoSlot = s.lifoSlot;
            c.startPaused = s.startPaused;
            c.unhandledExceptionPolicy = s.unhandledExceptionPolicy;
            c.longPollThreshold = s.longPollThreshold;
            c.longPollHandler = s.longPollHandler;
            c.rngSeed = s.rngSeed;
            c.shutdownTimeout = s.shutdownTimeout;
            return c;
        }
    }
}
