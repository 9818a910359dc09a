package dev.spindle.runtime.internal;

import dev.spindle.Future;
import dev.spindle.runtime.UnhandledExceptionPolicy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link RawTask} whose runs the caller performs by hand: the task's scheduler is this
 * object, which queues nothing but counts the hand-overs, and {@link #runIfQueued()} plays the
 * worker that takes the task from the queue and runs it. For the jcstress tests of the task
 * state machine in {@code dev.spindle.jcstress}.
 *
 * <p><b>Why this class lives in spindle-core's package.</b> {@link RawTask}'s constructor and
 * {@link RawTask#run} are package-private, and so is {@link RuntimeCore}'s constructor. The
 * jcstress tests run on the class path, where a package may span jars, so this bridge opens
 * exactly what the tests need without widening spindle-core's API. It is test code: nothing in
 * spindle-core depends on it.
 *
 * <p>The counters are atomics, because two wakers may hand the task over at once (and that is
 * what a test checks must not happen). They add fences only on the paths that already CAS the
 * state word, so they hide no missing ordering on the paths under test.
 *
 * @param <T> the task's value type
 */
public final class HandDrivenTask<T> implements TaskScheduler {
    private static final AtomicInteger NEXT_ID = new AtomicInteger(1);

    private final RawTask<T> task;
    /** Queue entries now: the hand-overs not yet taken by {@link #runIfQueued()}. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Hand-overs so far, including the spawn's. */
    private final AtomicInteger handOvers = new AtomicInteger();
    /** Hand-overs of a task that was already queued. */
    private final AtomicInteger doubleEntries = new AtomicInteger();

    /**
     * Spawns {@code future} as a task: it starts NOTIFIED and queued, as a spawned task does.
     *
     * @param future what the task runs
     */
    public HandDrivenTask(Future<T> future) {
        this.task = new RawTask<>(future, this, NEXT_ID.getAndIncrement(), "jcstress");
        schedule(task);
    }

    /** @return the task: its waker, its join handle */
    public RawTask<T> task() {
        return task;
    }

    /**
     * Plays a worker: takes the task from the queue, if it is there, and runs it once.
     *
     * @return whether the task was queued (and so was run)
     */
    public boolean runIfQueued() {
        if (queued.get() == 0) {
            return false;
        }
        queued.decrementAndGet();
        task.run(ThreadContext.current());
        return true;
    }

    /** @return hand-overs to the scheduler so far, the spawn's included */
    public int handOvers() {
        return handOvers.get();
    }

    /**
     * Counts the broken promises of a quiescent task (no run or wake in progress): a hand-over
     * of a task already queued, more than one queue entry, a NOTIFIED task that is not queued
     * (a lost wake) or a queued one that is not NOTIFIED, a task left RUNNING.
     *
     * @return 0 when the protocol held
     */
    public int violations() {
        int v = doubleEntries.get();
        int s = task.stateBits();
        int q = queued.get();
        if (q > 1) {
            v++;
        }
        if ((s & RawTask.COMPLETE) == 0 && ((s & RawTask.NOTIFIED) != 0) != (q == 1)) {
            v++;
        }
        if ((s & RawTask.RUNNING) != 0) {
            v++;
        }
        return v;
    }

    @Override
    public void schedule(RawTask<?> t) {
        handOver();
    }

    @Override
    public void reschedule(RawTask<?> t) {
        handOver();
    }

    private void handOver() {
        handOvers.incrementAndGet();
        if (queued.getAndIncrement() != 0) {
            doubleEntries.incrementAndGet();
        }
    }

    @Override
    public RuntimeCore runtime() {
        return StubRuntime.INSTANCE;
    }

    /**
     * The runtime a hand-driven task completes into (owned-task list, counters, failure policy).
     * It runs nothing and starts no thread; one per JVM.
     */
    private static final class StubRuntime extends RuntimeCore {
        static final StubRuntime INSTANCE = new StubRuntime();

        private StubRuntime() {
            super(config(), 1);
        }

        private static Config config() {
            Config c = new Config();
            c.unhandledExceptionPolicy = UnhandledExceptionPolicy.IGNORE;
            c.longPollThreshold = null;
            return c;
        }

        @Override
        public void schedule(RawTask<?> task) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reschedule(RawTask<?> task) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <V> V blockOn(Future<V> future) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shutdown(Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        void countSpawn() {
        }

        @Override
        public long spawnedCount() {
            return 0;
        }

        @Override
        public int workerCount() {
            return 1;
        }

        @Override
        public long workerCounter(int worker, int which) {
            return 0;
        }

        @Override
        public int globalQueueDepth() {
            return 0;
        }

        @Override
        boolean canAutoAdvance() {
            return false;
        }
    }
}
