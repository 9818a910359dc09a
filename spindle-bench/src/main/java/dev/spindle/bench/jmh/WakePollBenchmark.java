package dev.spindle.bench.jmh;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.bench.support.JoinAll;
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
 * The wake → poll round trip between two tasks, with no channel in between: two tasks pass a
 * turn back and forth through a shared counter, each waking the other's stored waker and going
 * pending. One op = one round trip (two wakes, two polls). On the multi-thread runtime the two
 * tasks may be on the same worker or on different ones, as the scheduler decides.
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} is the runtime's allocation per round trip
 * (the target is zero).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx8g", "-XX:+UseParallelGC"})
public class WakePollBenchmark {
    static final int ROUND_TRIPS = 1_000;

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public Object wakePollRoundTrip(RuntimeState state) {
        return state.runtime.blockOn(state.runtime.spawn(new Root(ROUND_TRIPS)));
    }

    /** Spawns the two players and awaits both. */
    static final class Root implements Future<Void> {
        private final int roundTrips;
        private JoinAll players;

        Root(int roundTrips) {
            this.roundTrips = roundTrips;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (players == null) {
                Baton baton = new Baton(2L * roundTrips);
                players = new JoinAll(new Future<?>[] {
                    Task.spawn(new Player(baton, 0)), Task.spawn(new Player(baton, 1))});
            }
            return players.poll(cx);
        }
    }

    /**
     * The shared turn. Player {@code p} moves when {@code moves % 2 == p}. No lost wakeup: a
     * player stores its waker before reading {@code moves}; the mover writes {@code moves} before
     * reading the other's waker (volatiles: one of the two sees the other).
     */
    static final class Baton {
        final long totalMoves;
        volatile long moves;
        volatile Waker waker0;
        volatile Waker waker1;

        Baton(long totalMoves) {
            this.totalMoves = totalMoves;
        }
    }

    static final class Player implements Future<Void> {
        private final Baton baton;
        private final int me;

        Player(Baton baton, int me) {
            this.baton = baton;
            this.me = me;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (me == 0) {
                baton.waker0 = cx.waker();
            } else {
                baton.waker1 = cx.waker();
            }
            long m = baton.moves;
            if (m < baton.totalMoves && (m & 1) == me) {
                baton.moves = ++m;
                Waker other = me == 0 ? baton.waker1 : baton.waker0;
                if (other != null) {
                    other.wake();
                }
            }
            return m >= baton.totalMoves ? Poll.ready(null) : Poll.pending();
        }
    }
}
