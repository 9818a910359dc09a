package dev.spindle.bench.support;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.channel.MpscReceiver;
import dev.spindle.channel.MpscSender;
import java.util.function.IntFunction;

/**
 * The hand-written producer and consumer loops over Spindle's {@code Mpsc} that the
 * {@code -hand} peers of the channel workloads and the JMH benchmarks share (the {@code @Async}
 * peers write the same loops as {@code @Async} methods).
 */
public final class MpscLoops {
    private MpscLoops() {
    }

    /** {@code for i in 0..n { tx.send(value(i)).await; } tx.close();} by hand. */
    public static final class SendAll implements Future<Void> {
        private final MpscSender<Long> tx;
        private final int n;
        private final IntFunction<Long> value;
        private int i;
        private Future<Void> sending;

        /**
         * @param tx the sender, closed at the end
         * @param n how many messages
         * @param value the i-th message
         */
        public SendAll(MpscSender<Long> tx, int n, IntFunction<Long> value) {
            this.tx = tx;
            this.n = n;
            this.value = value;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (sending != null) {
                    if (!sending.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    sending = null;
                }
                if (i == n) {
                    tx.close();
                    return Poll.ready(null);
                }
                sending = tx.send(value.apply(i++));
            }
        }
    }

    /** {@code while let Some(v) = rx.recv().await { sum += v; count += 1; }} by hand. */
    public static final class SumAll implements Future<Void> {
        private final Future<Long> recv;
        private long sum;
        private long count;

        /** @param rx the receiver, read to the end of the stream */
        public SumAll(MpscReceiver<Long> rx) {
            this.recv = rx.recv();
        }

        /** @return the sum of the messages received */
        public long sum() {
            return sum;
        }

        /** @return how many messages were received */
        public long count() {
            return count;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (!(recv.poll(cx) instanceof Poll.Ready<Long> r)) {
                    return Poll.pending();
                }
                Long v = r.value();
                if (v == null) {
                    return Poll.ready(null);
                }
                sum += v;
                count++;
            }
        }
    }
}
