package dev.spindle.bench.jmh;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.Poll;
import dev.spindle.bench.support.MpscLoops.SendAll;
import dev.spindle.bench.support.MpscLoops.SumAll;
import dev.spindle.channel.Mpsc;
import dev.spindle.channel.MpscReceiver;
import dev.spindle.channel.MpscSender;
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
 * The bounded mpsc channel's send and recv futures. One op = one message sent and received.
 * The messages are preallocated {@code Long}s, so {@code -prof gc}'s {@code gc.alloc.rate.norm}
 * shows what the channel itself allocates per message (the target is zero on the steady state),
 * plus the task spawn and join amortised over {@value #MESSAGES} messages.
 *
 * <ul>
 *   <li>{@code sendThenRecv}: one task sends and receives alternately on a channel of capacity
 *       1,024 — the uncontended path: send's lock-free permit and ring slot, recv's pop.
 *   <li>{@code twoTasks}: a producer task and a consumer task on a channel of capacity 64 —
 *       with waits on both sides (receiver waker, senders queued for room).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx8g", "-XX:+UseParallelGC"})
public class MpscBenchmark {
    static final int MESSAGES = 10_000;
    static final Long[] VALUES = new Long[MESSAGES];

    static {
        for (int i = 0; i < MESSAGES; i++) {
            VALUES[i] = (long) i;
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long sendThenRecv(RuntimeState state) {
        Mpsc<Long> ch = Mpsc.bounded(1_024);
        return state.runtime.blockOn(state.runtime.spawn(new SendThenRecv(ch.sender(), ch.receiver())));
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public Object twoTasks(RuntimeState state) {
        Mpsc<Long> ch = Mpsc.bounded(64);
        SumAll consumer = new SumAll(ch.receiver());
        state.runtime.blockOn(Futures.join(
                state.runtime.spawn(new SendAll(ch.sender(), MESSAGES, i -> VALUES[i])),
                state.runtime.spawn(consumer)));
        return consumer.sum();
    }

    /** {@code for v in VALUES { tx.send(v).await; sum += rx.recv().await; }} by hand. */
    static final class SendThenRecv implements Future<Long> {
        private final MpscSender<Long> tx;
        private final Future<Long> recv;
        private int i;
        private long sum;
        private Future<Void> sending;
        private boolean receiving;

        SendThenRecv(MpscSender<Long> tx, MpscReceiver<Long> rx) {
            this.tx = tx;
            this.recv = rx.recv();
        }

        @Override
        public Poll<Long> poll(Context cx) {
            for (;;) {
                if (sending != null) {
                    if (!sending.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    sending = null;
                    receiving = true;
                }
                if (receiving) {
                    if (!(recv.poll(cx) instanceof Poll.Ready<Long> r)) {
                        return Poll.pending();
                    }
                    receiving = false;
                    sum += r.value();
                }
                if (i == MESSAGES) {
                    return Poll.ready(sum);
                }
                sending = tx.send(VALUES[i++]);
            }
        }
    }
}
