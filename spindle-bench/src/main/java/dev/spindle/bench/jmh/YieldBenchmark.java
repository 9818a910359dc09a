package dev.spindle.bench.jmh;

import dev.spindle.Async;
import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
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
 * A yield loop: one spawned task yields 1,000 times ({@code Task.yieldNow()}). One op = one
 * yield: wake of the running task, requeue, poll. The spawn and join of the task are amortised
 * over the 1,000 yields. With {@code -prof gc}, {@code gc.alloc.rate.norm} shows the bytes per
 * yield (the target is zero on the steady-state path, apart from the yield future itself if
 * {@code yieldNow()} allocates one). {@code yieldLoopAsync} is the same loop written as an
 * {@code @Async} method, {@code yieldLoop} the hand-written future.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx8g", "-XX:+UseParallelGC"})
public class YieldBenchmark {
    static final int YIELDS = 1_000;

    @Benchmark
    @OperationsPerInvocation(YIELDS)
    public int yieldLoop(RuntimeState state) {
        return state.runtime.blockOn(state.runtime.spawn(new YieldLoop(YIELDS)));
    }

    /** The same loop as an {@code @Async} method: what the transformation costs per yield. */
    @Benchmark
    @OperationsPerInvocation(YIELDS)
    public int yieldLoopAsync(RuntimeState state) {
        return state.runtime.blockOn(state.runtime.spawn(yieldLoop(YIELDS)));
    }

    @Async
    static Future<Integer> yieldLoop(int n) {
        int done = 0;
        for (int i = 0; i < n; i++) {
            Task.yieldNow().await();
            done++;
        }
        return Future.ready(done);
    }

    /** {@code for (i = 0; i < n; i++) Task.yieldNow().await();} by hand; ready with n. */
    static final class YieldLoop implements Future<Integer> {
        private final int n;
        private int done;
        private Future<Void> yielding;

        YieldLoop(int n) {
            this.n = n;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            for (;;) {
                if (yielding != null) {
                    if (!yielding.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    yielding = null;
                    done++;
                }
                if (done == n) {
                    return Poll.ready(done);
                }
                yielding = Task.yieldNow();
            }
        }
    }
}
