package dev.spindle.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.internal.Coop;
import dev.spindle.stream.AsyncStream;
import dev.spindle.support.PolledByHand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Channel receivers as {@link AsyncStream}s ({@code MpscReceiver}, {@code BroadcastReceiver},
 * {@code WatchReceiver} {@code .stream()}), run against both runtime flavours by a subclass each:
 * items in order, the end on close, cancel safety (a stream cancelled mid-way leaves the rest in
 * the channel), broadcast lag, watch's first value and changes.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class ChannelStreamTest {
    static final int N = 10_000 * Math.max(1, Integer.getInteger("spindle.stress", 1));

    /** @return a builder of the flavour under test */
    protected abstract AsyncRuntime.Builder builder();

    private AsyncRuntime rt;

    @BeforeEach
    void start() {
        rt = builder().build();
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    /** A task body that sends {@code 0..n-1} with the waiting {@code send}, then closes. */
    private static Future<Void> produce(MpscSender<Integer> tx, int n) {
        return new Future<>() {
            private int i;
            private Future<Void> cur;

            @Override
            public Poll<Void> poll(Context cx) {
                while (i < n) {
                    if (cur == null) {
                        cur = tx.send(i);
                    }
                    if (!cur.poll(cx).isReady()) {
                        return Poll.pending();
                    }
                    cur = null;
                    i++;
                }
                tx.close();
                return Poll.ready(null);
            }

            @Override
            public void cancel() {
                if (cur != null) {
                    cur.cancel();
                }
                tx.close();
            }
        };
    }

    private static List<Integer> upTo(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    @Test
    void mpscStreamCollectsEveryMessageInOrderFromAConcurrentSenderAndEndsOnClose() {
        Mpsc<Integer> ch = Mpsc.bounded(16);
        JoinHandle<Void> p = rt.spawn(produce(ch.sender(), N));
        List<Integer> got = rt.blockOn(ch.receiver().stream().collect(Collectors.toList()));
        assertEquals(upTo(N), got);
        rt.blockOn(p);
        assertNull(rt.blockOn(ch.receiver().recv()), "the channel is closed and drained");
    }

    @Test
    void unboundedStreamFoldsAndEndsOnceTheLastSenderClosesAndTheRestIsDrained() {
        UnboundedMpsc<Integer> ch = Mpsc.unbounded();
        UnboundedSender<Integer> a = ch.sender();
        UnboundedSender<Integer> b = a.copy();
        for (int i = 1; i <= 100; i++) {
            (i % 2 == 0 ? a : b).send(i);
        }
        a.close();
        PolledByHand<Long> sum = PolledByHand.of(ch.receiver().stream().fold(0L, (s, v) -> s + v));
        sum.assertPending();
        b.send(1000);
        b.close();
        assertTrue(sum.isWoken());
        assertEquals(5050L + 1000, sum.assertReady());
    }

    @Test
    void takeLeavesTheRestInTheChannelForALaterRecvOrStream() {
        Mpsc<Integer> ch = Mpsc.bounded(16);
        for (int i = 0; i < 10; i++) {
            assertTrue(ch.sender().trySend(i));
        }
        MpscReceiver<Integer> rx = ch.receiver();
        assertEquals(List.of(0, 1, 2), rt.blockOn(rx.stream().take(3).toList()));
        assertEquals(3, rt.blockOn(rx.recv()));
        ch.sender().close();
        assertEquals(List.of(4, 5, 6, 7, 8, 9), rt.blockOn(rx.stream().toList()));
    }

    @Test
    void aStreamCancelledMidWayLosesNoMessage() {
        Mpsc<Integer> ch = Mpsc.bounded(4);
        MpscReceiver<Integer> rx = ch.receiver();
        AsyncStream<Integer> s = rx.stream();
        assertTrue(ch.sender().trySend(0));
        assertEquals(0, PolledByHand.of(s.next()).assertReady());
        PolledByHand<Integer> waiting = PolledByHand.of(s.next());
        waiting.assertPending();
        waiting.cancel();
        s.cancel();
        assertTrue(ch.sender().trySend(1));
        assertTrue(ch.sender().trySend(2));
        assertEquals(1, rx.tryRecv(), "the message sent after the cancel is still in the channel");
        assertEquals(2, rt.blockOn(rx.recv()));
    }

    @Test
    void aReceiverClosedByHandEndsItsStreamAfterTheBufferedMessages() {
        Mpsc<Integer> ch = Mpsc.bounded(4);
        assertTrue(ch.sender().trySend(7));
        ch.receiver().close();
        assertEquals(List.of(7), rt.blockOn(ch.receiver().stream().toList()));
    }

    @Test
    void broadcastStreamsGiveEveryReceiverEveryMessage() {
        Broadcast<Integer> ch = Broadcast.channel(8);
        BroadcastReceiver<Integer> other = ch.sender().subscribe();
        for (int i = 0; i < 5; i++) {
            ch.sender().send(i);
        }
        ch.sender().close();
        assertEquals(upTo(5), rt.blockOn(ch.receiver().stream().toList()));
        assertEquals(List.of(0, 1, 2, 3, 4), rt.blockOn(other.stream().toList()));
    }

    @Test
    void broadcastLagFailsThePollAndTheReceiverGoesOnFromTheOldestRetained() {
        Broadcast<Integer> ch = Broadcast.channel(2);
        BroadcastReceiver<Integer> rx = ch.receiver();
        for (int i = 0; i < 5; i++) {
            ch.sender().send(i);
        }
        LaggedException e = assertThrows(LaggedException.class, () -> rt.blockOn(rx.stream().toList()));
        assertEquals(3, e.missed());
        ch.sender().close();
        assertEquals(List.of(3, 4), rt.blockOn(rx.stream().toList()));
    }

    @Test
    void broadcastStreamCancelledWhileWaitingLeavesTheNextMessageForRecv() {
        Broadcast<Integer> ch = Broadcast.channel(4);
        BroadcastReceiver<Integer> rx = ch.receiver();
        AsyncStream<Integer> s = rx.stream();
        PolledByHand<Integer> n = PolledByHand.of(s.next());
        n.assertPending();
        n.cancel();
        s.cancel();
        ch.sender().send(1);
        assertEquals(1, rt.blockOn(rx.recv()));
    }

    @Test
    void watchStreamYieldsTheCurrentValueThenEachChangeAndEndsWhenTheSenderCloses() {
        Watch<Integer> ch = Watch.channel(0);
        WatchReceiver<Integer> rx = ch.receiver();
        rx.borrowAndUpdate();
        AsyncStream<Integer> s = rx.stream();
        assertEquals(0, PolledByHand.of(s.next()).assertReady(), "the current value first, even if seen");
        PolledByHand<Integer> n = PolledByHand.of(s.next());
        n.assertPending();
        ch.sender().send(1);
        ch.sender().send(2);
        assertTrue(n.isWoken());
        assertEquals(2, n.assertReady(), "only the latest value of a burst");
        PolledByHand<Integer> m = PolledByHand.of(s.next());
        m.assertPending();
        ch.sender().send(3);
        ch.sender().close();
        assertEquals(3, m.assertReady(), "a change sent before the close is still delivered");
        assertNull(PolledByHand.of(s.next()).assertReady(), "then the stream ends");
    }

    @Test
    void watchStreamOnARuntimeCollectsUntilClose() {
        Watch<String> ch = Watch.channel("a");
        WatchReceiver<String> rx = ch.receiver();
        assertEquals(List.of("a"), rt.blockOn(rx.stream().take(1).toList()));
        ch.sender().send("b");
        ch.sender().close();
        assertEquals(List.of("b"), rt.blockOn(rx.stream().toList()), "a fresh stream starts at the current value");
    }

    @Test
    void aCancelledWatchStreamMarksNothingSeen() {
        Watch<Integer> ch = Watch.channel(0);
        WatchReceiver<Integer> rx = ch.receiver();
        AsyncStream<Integer> s = rx.stream();
        assertEquals(0, PolledByHand.of(s.next()).assertReady());
        PolledByHand<Integer> n = PolledByHand.of(s.next());
        n.assertPending();
        n.cancel();
        s.cancel();
        ch.sender().send(1);
        assertTrue(rx.hasChanged());
        assertEquals(1, rt.blockOn(rx.waitFor(v -> v == 1)));
    }

    @Test
    void aClosedWatchReceiverFailsItsStream() {
        Watch<Integer> ch = Watch.channel(0);
        WatchReceiver<Integer> rx = ch.sender().subscribe();
        rx.close();
        assertThrows(ChannelClosedException.class, () -> rt.blockOn(rx.stream().toList()));
    }

    /**
     * Drains {@code s} in a task that polls it in a loop for as long as it is ready, and returns
     * how many items it got; {@code longestRun} gets the most items one poll of the task took.
     */
    private int drainCountingRuns(AsyncStream<Integer> s, AtomicInteger longestRun) {
        return rt.blockOn(rt.spawn(new Future<Integer>() {
            int count;

            @Override
            public Poll<Integer> poll(Context cx) {
                int run = 0;
                for (;;) {
                    Poll<Integer> p = s.pollNext(cx);
                    if (AsyncStream.isEnd(p)) {
                        return Poll.ready(count);
                    }
                    if (!p.isReady()) {
                        longestRun.accumulateAndGet(run, Math::max);
                        return Poll.pending();
                    }
                    count++;
                    run++;
                }
            }
        }));
    }

    @Test
    void mpscAndBroadcastStreamsSpendTheCooperativeBudgetAsRecvDoes() {
        int total = 1_000;
        UnboundedMpsc<Integer> mpsc = Mpsc.unbounded();
        Broadcast<Integer> bc = Broadcast.channel(1024);
        for (int i = 0; i < total; i++) {
            mpsc.sender().send(i);
            bc.sender().send(i);
        }
        mpsc.sender().close();
        bc.sender().close();
        for (AsyncStream<Integer> s : List.of(mpsc.receiver().stream(), bc.receiver().stream())) {
            AtomicInteger longestRun = new AtomicInteger();
            assertEquals(total, drainCountingRuns(s, longestRun), s.toString());
            assertTrue(longestRun.get() <= Coop.BUDGET, s + " ran " + longestRun.get() + " items in one poll");
            assertTrue(longestRun.get() > 0, s.toString());
        }
    }
}
