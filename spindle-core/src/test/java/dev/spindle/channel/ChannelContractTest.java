package dev.spindle.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.Poll;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.sync.Notify;
import dev.spindle.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The channels (and Notify) between real tasks, run against both runtime flavours by a subclass
 * each, on the paused clock so that timers are deterministic and instant. Its centrepiece is the
 * cancel-safety proof of design §3.3: a {@code select} loop over {@code recv} and a timer, under
 * random cancellation, loses and duplicates no message.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class ChannelContractTest {
    static final int STRESS = Math.max(1, Integer.getInteger("spindle.stress", 1));

    /** @return a builder of the flavour under test */
    protected abstract AsyncRuntime.Builder builder();

    protected AsyncRuntime rt;

    @BeforeEach
    void start() {
        rt = builder().startPaused(true).build();
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    // ------------------------------------------------------------ the cancel-safety proof

    @Test
    void selectLoopOverRecvAndATimerLosesAndDuplicatesNoMessageBounded() {
        for (long seed = 1; seed <= 3; seed++) {
            runSelectLoop(seed, 4, 25_000 * STRESS, true);
        }
    }

    @Test
    void selectLoopOverRecvAndATimerLosesAndDuplicatesNoMessageUnbounded() {
        for (long seed = 11; seed <= 12; seed++) {
            runSelectLoop(seed, 4, 25_000 * STRESS, false);
        }
    }

    /**
     * Producers send {@code (producer, sequence)} pairs — bounded: half with {@code reserve} in a
     * select with a timer (cancelled when the timer wins) then {@code permit.send}, half with plain
     * {@code send} — and sleep at random. The consumer receives in a select with a random timer,
     * so that its {@code recv} is cancelled whenever the timer wins. Every producer's sequence
     * must arrive complete, in order, exactly once; then the channel ends with {@code null} and
     * every permit is back.
     */
    private void runSelectLoop(long seed, int producers, int perProducer, boolean bounded) {
        SplittableRandom root = new SplittableRandom(seed);
        MpscReceiver<Long> rx;
        List<Future<Void>> tasks = new ArrayList<>();
        MpscSender<Long> boundedTx = null;
        if (bounded) {
            Mpsc<Long> ch = Mpsc.bounded(1 + root.nextInt(16));
            rx = ch.receiver();
            boundedTx = ch.sender();
            for (int p = 0; p < producers; p++) {
                MpscSender<Long> tx = p == producers - 1 ? boundedTx : boundedTx.copy();
                tasks.add(new BoundedProducer(p, perProducer, tx, p % 2 == 0, root.split()));
            }
        } else {
            UnboundedMpsc<Long> ch = Mpsc.unbounded();
            rx = ch.receiver();
            UnboundedSender<Long> first = ch.sender();
            for (int p = 0; p < producers; p++) {
                UnboundedSender<Long> tx = p == producers - 1 ? first : first.copy();
                tasks.add(new UnboundedProducer(p, perProducer, tx, root.split()));
            }
        }
        SelectLoopConsumer consumer = new SelectLoopConsumer(rx, producers, perProducer, root.split());
        JoinHandle<Void> c = rt.spawn(consumer);
        List<JoinHandle<Void>> hs = new ArrayList<>();
        for (Future<Void> t : tasks) {
            hs.add(rt.spawn(t));
        }
        rt.blockOn(Futures.joinAll(hs));
        rt.blockOn(c);
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, consumer.next[p], "messages of producer " + p);
        }
        assertTrue(consumer.timeouts > 0, "the timer never won: recv was never cancelled");
        if (boundedTx != null) {
            assertEquals(boundedTx.maxCapacity(), boundedTx.capacity(), "a permit leaked");
        }
    }

    static long encode(int producer, int seq) {
        return (long) producer << 32 | seq;
    }

    /** {@code loop { select! { v = rx.recv() => check(v), _ = sleep(random) => timeouts++ } }} */
    static final class SelectLoopConsumer implements Future<Void> {
        private final MpscReceiver<Long> rx;
        private final SplittableRandom rnd;
        private final int perProducer;
        final int[] next;
        int timeouts;
        private Future<Futures.Selected<Object>> current;

        SelectLoopConsumer(MpscReceiver<Long> rx, int producers, int perProducer, SplittableRandom rnd) {
            this.rx = rx;
            this.rnd = rnd;
            this.perProducer = perProducer;
            this.next = new int[producers];
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (current == null) {
                    current = Futures.select(rx.recv(), Time.sleep(Duration.ofNanos(rnd.nextLong(2_000_000))));
                }
                if (!(current.poll(cx) instanceof Poll.Ready<Futures.Selected<Object>> r)) {
                    return Poll.pending();
                }
                current = null;
                if (r.value().index() == 1) {
                    timeouts++;
                    continue;
                }
                Long v = (Long) r.value().value();
                if (v == null) {
                    for (int p = 0; p < next.length; p++) {
                        if (next[p] != perProducer) {
                            throw new AssertionError("channel ended with producer " + p + " at " + next[p]);
                        }
                    }
                    return Poll.ready(null);
                }
                int p = (int) (v >>> 32);
                int seq = (int) (long) v;
                if (seq != next[p]) {
                    throw new AssertionError("producer " + p + ": expected " + next[p] + " but got " + seq
                            + (seq < next[p] ? " (duplicate)" : " (lost messages)"));
                }
                next[p]++;
            }
        }

        @Override
        public void cancel() {
            if (current != null) {
                current.cancel();
            }
        }
    }

    /** Sends its sequence through reserve-in-a-select (cancel-safe) or plain send, sleeping at random. */
    static final class BoundedProducer implements Future<Void> {
        private final int id;
        private final int n;
        private final MpscSender<Long> tx;
        private final boolean viaReserve;
        private final SplittableRandom rnd;
        private int seq;
        private Future<Futures.Selected<Object>> reserving;
        private Future<Void> sending;
        private Future<Void> sleeping;

        BoundedProducer(int id, int n, MpscSender<Long> tx, boolean viaReserve, SplittableRandom rnd) {
            this.id = id;
            this.n = n;
            this.tx = tx;
            this.viaReserve = viaReserve;
            this.rnd = rnd;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (sleeping != null) {
                    if (!sleeping.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    sleeping = null;
                }
                if (seq == n) {
                    tx.close();
                    return Poll.ready(null);
                }
                if (viaReserve) {
                    if (reserving == null) {
                        reserving = Futures.select(tx.reserve(), Time.sleep(Duration.ofNanos(rnd.nextLong(500_000))));
                    }
                    if (!(reserving.poll(cx) instanceof Poll.Ready<Futures.Selected<Object>> r)) {
                        return Poll.pending();
                    }
                    reserving = null;
                    if (r.value().index() != 0) {
                        continue; // the timer won: the reserve was cancelled
                    }
                    ((MpscPermit<Long>) r.value().value()).send(encode(id, seq));
                } else {
                    if (sending == null) {
                        sending = tx.send(encode(id, seq));
                    }
                    if (!sending.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    sending = null;
                }
                seq++;
                if (rnd.nextInt(32) == 0) {
                    sleeping = Time.sleep(Duration.ofNanos(rnd.nextLong(3_000_000)));
                }
            }
        }
    }

    /** Sends its sequence on an unbounded channel, sleeping at random. */
    static final class UnboundedProducer implements Future<Void> {
        private final int id;
        private final int n;
        private final UnboundedSender<Long> tx;
        private final SplittableRandom rnd;
        private int seq;
        private Future<Void> sleeping;

        UnboundedProducer(int id, int n, UnboundedSender<Long> tx, SplittableRandom rnd) {
            this.id = id;
            this.n = n;
            this.tx = tx;
            this.rnd = rnd;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (sleeping != null) {
                    if (!sleeping.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    sleeping = null;
                }
                if (seq == n) {
                    tx.close();
                    return Poll.ready(null);
                }
                tx.send(encode(id, seq++));
                if (rnd.nextInt(16) == 0) {
                    sleeping = Time.sleep(Duration.ofNanos(rnd.nextLong(3_000_000)));
                }
            }
        }
    }

    // ------------------------------------------------------------ between tasks

    @Test
    void manyProducerTasksAndOneConsumerTaskOverACapacityOneChannel() {
        Mpsc<Integer> ch = Mpsc.bounded(1);
        int producers = 8;
        int each = 2_000;
        List<JoinHandle<Void>> hs = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            MpscSender<Integer> tx = ch.sender().copy();
            hs.add(rt.spawn(sendAll(tx, each)));
        }
        ch.sender().close();
        JoinHandle<Long> sum = rt.spawn(new Future<>() {
            long total;
            final Future<Integer> recv = ch.receiver().recv();

            @Override
            public Poll<Long> poll(Context cx) {
                for (;;) {
                    if (!(recv.poll(cx) instanceof Poll.Ready<Integer> r)) {
                        return Poll.pending();
                    }
                    if (r.value() == null) {
                        return Poll.ready(total);
                    }
                    total += r.value();
                }
            }
        });
        rt.blockOn(Futures.joinAll(hs));
        assertEquals((long) producers * each * (each - 1) / 2, rt.blockOn(sum));
    }

    private static Future<Void> sendAll(MpscSender<Integer> tx, int n) {
        return new Future<>() {
            int i;
            Future<Void> sending;

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
                    sending = tx.send(i++);
                }
            }
        };
    }

    @Test
    void receivingManyReadyMessagesYieldsWhenTheBudgetIsSpent() {
        UnboundedMpsc<Integer> ch = Mpsc.unbounded();
        int total = 1_000;
        for (int i = 0; i < total; i++) {
            ch.sender().send(i);
        }
        ch.sender().close();
        AtomicInteger longestRun = new AtomicInteger();
        int received = rt.blockOn(rt.spawn(new Future<Integer>() {
            int count;
            final Future<Integer> recv = ch.receiver().recv();

            @Override
            public Poll<Integer> poll(Context cx) {
                int run = 0;
                for (;;) {
                    if (!(recv.poll(cx) instanceof Poll.Ready<Integer> r)) {
                        longestRun.accumulateAndGet(run, Math::max);
                        return Poll.pending();
                    }
                    if (r.value() == null) {
                        return Poll.ready(count);
                    }
                    count++;
                    run++;
                }
            }
        }));
        assertEquals(total, received);
        assertTrue(longestRun.get() <= Coop.BUDGET, "ran " + longestRun.get() + " receives in one poll");
        assertTrue(longestRun.get() > 0);
    }

    @Test
    void aOneshotCarriesAValueFromATaskToAnother() {
        Oneshot<String> ch = Oneshot.channel();
        JoinHandle<String> rx = rt.spawn(ch.receiver());
        rt.spawn(Future.lazy(() -> {
            ch.sender().send("hello");
            return Future.ready(null);
        }));
        assertEquals("hello", rt.blockOn(rx));
    }

    @Test
    void aBroadcastReachesEveryReceiverTask() {
        Broadcast<Integer> ch = Broadcast.channel(1_024);
        List<JoinHandle<Integer>> sums = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BroadcastReceiver<Integer> rx = ch.sender().subscribe();
            sums.add(rt.spawn(new Future<Integer>() {
                int sum;

                @Override
                public Poll<Integer> poll(Context cx) {
                    for (;;) {
                        if (!(rx.recv().poll(cx) instanceof Poll.Ready<Integer> r)) {
                            return Poll.pending();
                        }
                        if (r.value() == null) {
                            return Poll.ready(sum);
                        }
                        sum += r.value();
                    }
                }
            }));
        }
        ch.receiver().close();
        for (int i = 1; i <= 1_000; i++) {
            ch.sender().send(i);
        }
        ch.sender().close();
        for (JoinHandle<Integer> h : sums) {
            assertEquals(500_500, rt.blockOn(h));
        }
    }

    @Test
    void watchWaitForSeesTheValueSetByAnotherTaskAfterASleep() {
        Watch<Integer> ch = Watch.channel(0);
        WatchReceiver<Integer> rx = ch.receiver();
        JoinHandle<Integer> w = rt.spawn(rx.waitFor(v -> v >= 3));
        rt.spawn(Time.sleep(Duration.ofSeconds(5)).map(v -> {
            for (int i = 1; i <= 3; i++) {
                ch.sender().send(i);
            }
            return null;
        }));
        assertEquals(3, rt.blockOn(w));
    }

    @Test
    void notifyOneFromAnotherThreadWakesAWaitingTask() throws Exception {
        Notify n = new Notify();
        JoinHandle<Void> waiter = rt.spawn(n.notified());
        Thread t = new Thread(n::notifyOne);
        t.start();
        t.join();
        assertNull(rt.blockOn(waiter));
    }
}
