package dev.spindle.runtime.internal;

import dev.spindle.runtime.LongPoll;
import dev.spindle.runtime.UnhandledExceptionPolicy;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The settings a runtime is built with (filled by {@code AsyncRuntime.Builder}). Plain fields:
 * written once before the runtime starts, which publishes them to its threads.
 */
public final class Config {
    /** Multi-thread (work-stealing) or current-thread. */
    public boolean multiThread = true;
    /** Worker threads of the multi-thread runtime. */
    public int workerThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Upper bound of the blocking pool. */
    public int maxBlockingThreads = 512;
    /** How long an idle blocking thread waits for work before it exits. */
    public Duration blockingKeepAlive = Duration.ofSeconds(10);
    /** Names threads; called once per thread. */
    public Supplier<String> threadName;
    /** Runs on each runtime thread when it starts. */
    public Runnable onThreadStart;
    /** Runs on each runtime thread before it exits. */
    public Runnable onThreadStop;
    /** Scheduler ticks between two non-blocking polls of the driver. */
    public int eventInterval = 61;
    /** Scheduler ticks between two checks of the global queue ahead of the local one. */
    public int globalQueueInterval = 31;
    /** Whether a task woken by a running task goes to the LIFO slot. */
    public boolean lifoSlot = true;
    /** Whether the clock starts paused. */
    public boolean startPaused;
    /** What happens to failures no joiner observes. */
    public UnhandledExceptionPolicy unhandledExceptionPolicy = UnhandledExceptionPolicy.LOG;
    /** Polls longer than this are reported; {@code null} turns the watchdog off. */
    public Duration longPollThreshold = Duration.ofMillis(100);
    /** Receives long-poll reports; {@code null} logs them. */
    public Consumer<LongPoll> longPollHandler;
    /** Seed of the per-thread random generators, or {@code null} for a random seed. */
    public Long rngSeed;
    /** Default bound for {@code close()}. */
    public Duration shutdownTimeout = Duration.ofSeconds(10);
}
