package dev.spindle.runtime.internal;

import dev.spindle.Future;
import dev.spindle.runtime.UnhandledExceptionPolicy;
import java.time.Duration;

/**
 * A runtime that never runs anything: the {@link RuntimeCore} a {@link RawTask} reaches through
 * {@link TaskScheduler#runtime()} when it completes (owned-task list, counters, failure policy),
 * for tests that drive tasks by hand through a {@link RecordingScheduler}.
 *
 * <p>One instance serves every test in the JVM: it opens one selector (the driver's) and starts
 * no thread. Tasks driven by hand are never added to its owned-task list, so their removal on
 * completion is a no-op.
 */
final class StubRuntime extends RuntimeCore {
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
        throw new UnsupportedOperationException("tasks of the stub runtime use a RecordingScheduler");
    }

    @Override
    public void reschedule(RawTask<?> task) {
        throw new UnsupportedOperationException("tasks of the stub runtime use a RecordingScheduler");
    }

    @Override
    public <T> T blockOn(Future<T> future) {
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
