package dev.spindle.bench.jmh;

import dev.spindle.Async;
import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.bench.support.Runtimes;
import dev.spindle.runtime.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A chain of {@value #LINKS} awaits written three ways: an {@code @Async} method (compiled into a
 * state machine by spindle-maven-plugin), the same logic as {@code CompletableFuture.thenCompose}
 * and as blocking code on a virtual thread. One op = the whole chain; with {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the bytes one chain allocates.
 *
 * <p>Two shapes:
 * <ul>
 *   <li><b>ready</b> — each link awaits a future that is already complete ({@link #step}: "add
 *       one"), so nothing ever suspends. {@code spindleReady} polls the {@code @Async} machine once
 *       on the calling thread with a no-op waker (the cost of the transformed code itself: one
 *       machine, the awaits take the fast path); {@code spindleReadySpawned} runs it as a task
 *       ({@code blockOn(spawn(...))}, both runtimes); {@code cfReady} builds the
 *       {@code thenCompose} chain on completed futures and joins it on the calling thread;
 *       {@code vtReady} starts a virtual thread that {@code join()}s ten completed futures and
 *       joins it.
 *   <li><b>suspending</b> — each link is a real suspension and resumption through the
 *       scheduler: {@code Task.yieldNow().await()} in a spawned {@code @Async} task (both
 *       runtimes); {@code thenComposeAsync} on the cf pool ({@code new ForkJoinPool(2, ...,
 *       true)}, as the harness's cf peer), so each link is a hop back to the pool;
 *       {@code Thread.yield()} on a virtual thread.
 * </ul>
 * Every variant returns {@value #LINKS}, the chain's result, which the benchmark checks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx8g", "-XX:+UseParallelGC"})
public class AsyncChainBenchmark {
    static final int LINKS = 10;

    private static final Context NOOP = Context.of(Waker.noop());

    /** The pool of the cf variants, as the harness's cf peer builds it. */
    @State(Scope.Benchmark)
    public static class CfPool {
        ForkJoinPool pool;

        @Setup(Level.Trial)
        public void start() {
            pool = Runtimes.cfPool();
        }

        @TearDown(Level.Trial)
        public void stop() {
            pool.shutdownNow();
        }
    }

    private static int check(int v) {
        if (v != LINKS) {
            throw new IllegalStateException("the chain returned " + v + ", not " + LINKS);
        }
        return v;
    }

    // ---- ready: no link suspends ----

    /** A link that is ready at once: "add one". */
    static Future<Integer> step(int v) {
        return Future.ready(v + 1);
    }

    static CompletableFuture<Integer> cfStep(int v) {
        return CompletableFuture.completedFuture(v + 1);
    }

    @Async
    static Future<Integer> readyChain() {
        int v = 0;
        for (int i = 0; i < LINKS; i++) {
            v = step(v).await();
        }
        return Future.ready(v);
    }

    @Benchmark
    public int spindleReady() {
        if (!(readyChain().poll(NOOP) instanceof Poll.Ready<Integer> r)) {
            throw new IllegalStateException("a chain of ready futures suspended");
        }
        return check(r.value());
    }

    @Benchmark
    public int spindleReadySpawned(RuntimeState state) {
        return check(state.runtime.blockOn(state.runtime.spawn(readyChain())));
    }

    @Benchmark
    public int cfReady() {
        CompletableFuture<Integer> f = CompletableFuture.completedFuture(0);
        for (int i = 0; i < LINKS; i++) {
            f = f.thenCompose(AsyncChainBenchmark::cfStep);
        }
        return check(f.join());
    }

    @Benchmark
    public int vtReady() throws InterruptedException {
        AtomicInteger out = new AtomicInteger();
        Thread t = Thread.startVirtualThread(() -> {
            int v = 0;
            for (int i = 0; i < LINKS; i++) {
                v = cfStep(v).join();
            }
            out.set(v);
        });
        t.join();
        return check(out.get());
    }

    // ---- suspending: every link goes through the scheduler ----

    @Async
    static Future<Integer> yieldingChain() {
        int v = 0;
        for (int i = 0; i < LINKS; i++) {
            Task.yieldNow().await();
            v++;
        }
        return Future.ready(v);
    }

    @Benchmark
    public int spindleSuspending(RuntimeState state) {
        return check(state.runtime.blockOn(state.runtime.spawn(yieldingChain())));
    }

    @Benchmark
    public int cfSuspending(CfPool cf) {
        CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> 0, cf.pool);
        for (int i = 0; i < LINKS; i++) {
            f = f.thenComposeAsync(AsyncChainBenchmark::cfStep, cf.pool);
        }
        return check(f.join());
    }

    @Benchmark
    public int vtSuspending() throws InterruptedException {
        AtomicInteger out = new AtomicInteger();
        Thread t = Thread.startVirtualThread(() -> {
            int v = 0;
            for (int i = 0; i < LINKS; i++) {
                Thread.yield();
                v++;
            }
            out.set(v);
        });
        t.join();
        return check(out.get());
    }
}
