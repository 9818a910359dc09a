package dev.spindle.bench.jmh;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.sync.Mutex;
import dev.spindle.sync.MutexGuard;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Uncontended lock / increment / unlock of a {@code dev.spindle.sync.Mutex}, the steady state of
 * its fast path (one CAS to lock, one to unlock). With {@code -prof gc},
 * {@code gc.alloc.rate.norm} shows the bytes per lock: the target is zero, which needs escape
 * analysis to remove the lock future, the guard and the {@code Poll.Ready}.
 *
 * <ul>
 *   <li>{@code inTask}: a spawned task does 1,000 {@code lock().poll(cx)} / increment / close
 *       in a loop (the spawn and join amortised over them; the cooperative budget makes it
 *       yield every 128 locks, as it would in real code).
 *   <li>{@code pollByHand}: {@code lock().poll(cx)} / close on the benchmark thread.
 *   <li>{@code tryLock}: {@code tryLock()} / close.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx8g", "-XX:+UseParallelGC"})
public class MutexBenchmark {
    static final int LOCKS = 1_000;

    /** The mutex and a context for polling by hand. */
    @State(Scope.Thread)
    public static class Lock {
        final Mutex<long[]> mutex = new Mutex<>(new long[1]);
        final Context cx = Context.of(Waker.noop());
    }

    @Benchmark
    @OperationsPerInvocation(LOCKS)
    public long inTask(RuntimeState state, Lock lock) {
        return state.runtime.blockOn(state.runtime.spawn(new LockLoop(lock.mutex, LOCKS)));
    }

    @Benchmark
    public long pollByHand(Lock lock) {
        Poll<MutexGuard<long[]>> p = lock.mutex.lock().poll(lock.cx);
        if (!(p instanceof Poll.Ready<MutexGuard<long[]>> r)) {
            throw new IllegalStateException("uncontended lock pending");
        }
        try (MutexGuard<long[]> g = r.value()) {
            return ++g.get()[0];
        }
    }

    @Benchmark
    public long tryLock(Lock lock) {
        try (MutexGuard<long[]> g = lock.mutex.tryLock().orElseThrow()) {
            return ++g.get()[0];
        }
    }

    /** {@code n} times {@code try (var g = mutex.lock().await()) { g.get()[0]++; }} by hand. */
    static final class LockLoop implements Future<Long> {
        private final Mutex<long[]> mutex;
        private final int n;
        private int done;

        LockLoop(Mutex<long[]> mutex, int n) {
            this.mutex = mutex;
            this.n = n;
        }

        @Override
        public Poll<Long> poll(Context cx) {
            long last = 0;
            while (done < n) {
                Poll<MutexGuard<long[]>> p = mutex.lock().poll(cx);
                if (!(p instanceof Poll.Ready<MutexGuard<long[]>> r)) {
                    return Poll.pending(); // the budget ran out; the task was woken
                }
                try (MutexGuard<long[]> g = r.value()) {
                    last = ++g.get()[0];
                }
                done++;
            }
            return Poll.ready(last);
        }
    }
}
