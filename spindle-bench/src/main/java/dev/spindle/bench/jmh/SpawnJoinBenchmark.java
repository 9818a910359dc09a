package dev.spindle.bench.jmh;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spawn + join of a ready future, from inside a task: the task spawns a future that is ready
 * at its first poll, awaits its {@code JoinHandle}, and repeats. One op = one spawn + join.
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per spawn.
 *
 * <p>The spawned future is one shared, stateless instance, so the allocation measured is the
 * runtime's own (task, handle, queue nodes), not the body's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx8g", "-XX:+UseParallelGC"})
public class SpawnJoinBenchmark {
    static final int BATCH = 1_000;

    private static final Future<Void> READY = cx -> Poll.ready(null);

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int spawnJoinReady(RuntimeState state) {
        return state.runtime.blockOn(state.runtime.spawn(new SpawnJoinLoop(BATCH)));
    }

    /** {@code for (i = 0; i < n; i++) Task.spawn(READY).await();} by hand; ready with n. */
    static final class SpawnJoinLoop implements Future<Integer> {
        private final int n;
        private int done;
        private JoinHandle<Void> handle;

        SpawnJoinLoop(int n) {
            this.n = n;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            for (;;) {
                if (handle != null) {
                    if (!handle.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    handle = null;
                    done++;
                }
                if (done == n) {
                    return Poll.ready(done);
                }
                handle = Task.spawn(READY);
            }
        }
    }
}
