package dev.spindle.bench;

/**
 * A workload set up on one peer for the life of one JVM. {@link Protocol} calls {@link #run()}
 * once to warm up and then for each counted run.
 */
public interface Trial extends AutoCloseable {

    /**
     * Does the workload once, times the part that counts with {@link System#nanoTime()}, and
     * checks the result.
     *
     * @return the elapsed time and any workload extras
     * @throws BenchFailure when the result is wrong
     * @throws Exception when the peer itself failed
     */
    RunResult run() throws Exception;

    /** Releases the runtime, pool or threads the trial holds. */
    @Override
    void close();
}
