package dev.spindle.bench.workloads;

import dev.spindle.bench.Trial;
import dev.spindle.bench.support.Runtimes;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/** A trial on the {@code cf} peer's pool, built once for the JVM and shut down with the trial. */
abstract class CfTrial implements Trial {
    final ForkJoinPool pool = Runtimes.cfPool();

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
