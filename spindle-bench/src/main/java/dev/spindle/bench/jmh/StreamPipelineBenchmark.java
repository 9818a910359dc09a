package dev.spindle.bench.jmh;

import dev.spindle.stream.AsyncStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;

/**
 * The {@code stream_pipeline} workload at JMH scale: {@code range(0, 10^5).map(i -> 3i)
 * .filter(even).fold(sum)} as one Spindle task, and the same pipeline in Project Reactor
 * ({@code Flux.range/map/filter/reduce}, blocking on the calling thread). One op = one item of
 * the range. With {@code -prof gc}, {@code gc.alloc.rate.norm} shows the bytes per item: on
 * both, the {@code Integer} of the range (beyond the small-value cache) and the {@code Long} of
 * the map are the user's values; Spindle's stages allocate nothing of their own per item.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx8g", "-XX:+UseParallelGC"})
public class StreamPipelineBenchmark {
    static final int ITEMS = 100_000;

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long spindle(RuntimeState state) {
        return state.runtime.blockOn(state.runtime.spawn(AsyncStream.range(0, ITEMS)
                .map(i -> 3L * i)
                .filter(x -> (x & 1) == 0)
                .fold(0L, Long::sum)));
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long reactor() {
        return Flux.range(0, ITEMS)
                .map(i -> 3L * i)
                .filter(x -> (x & 1) == 0)
                .reduce(0L, Long::sum)
                .block();
    }
}
