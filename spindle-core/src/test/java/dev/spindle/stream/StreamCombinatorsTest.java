package dev.spindle.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.Poll;
import dev.spindle.support.Gate;
import dev.spindle.support.PolledByHand;
import dev.spindle.support.TestFutures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Contract tests of the sources and the one-at-a-time combinators, polled by hand. */
class StreamCombinatorsTest {

    // ------------------------------------------------------------------ the end signal, generators

    @Test
    void theEndSignalIsOneSharedReadyWhoseValueIsNoItem() {
        Poll<String> end = AsyncStream.end();
        assertTrue(end.isReady());
        assertTrue(AsyncStream.isEnd(end));
        assertSame(end, AsyncStream.<Integer>end());
        assertTrue(!AsyncStream.isEnd(Poll.ready(null)), "ready(null) is not the end");
        Object marker = ((Poll.Ready<String>) end).value();
        assertTrue(marker != null && !(marker instanceof String));
    }

    @Test
    void emitOutsideATransformedGeneratorThrowsNamingThePlugin() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AsyncStream.emit("x"));
        assertTrue(e.getMessage().contains("spindle-maven-plugin"), e.getMessage());
    }

    // ------------------------------------------------------------------ sources

    @Test
    void sourcesYieldTheirItemsInOrderThenEnd() {
        assertEquals(List.of(), StreamPoller.of(AsyncStream.empty()).drain());
        assertEquals(List.of(1, 2, 3), StreamPoller.of(AsyncStream.of(1, 2, 3)).drain());
        assertEquals(List.of("a", "b"), StreamPoller.of(AsyncStream.fromIterable(List.of("a", "b"))).drain());
        assertEquals(List.of(3, 4, 5), StreamPoller.of(AsyncStream.range(3, 6)).drain());
        assertEquals(List.of(), StreamPoller.of(AsyncStream.range(6, 3)).drain());
        assertEquals(List.of(1, 2, 4, 8), StreamPoller.of(AsyncStream.iterate(1, x -> x * 2).take(4)).drain());
    }

    @Test
    void builtStreamsAreFusedTheyKeepEndingWhenPolledAgain() {
        List<AsyncStream<Integer>> streams = List.of(AsyncStream.fromIterable(List.of(1)), AsyncStream.of(1),
                AsyncStream.range(1, 2), AsyncStream.unfold(1, n -> Future.ready(n == 1 ? Map.entry(1, 2) : null)),
                AsyncStream.of(1).map(x -> x).filter(x -> true).take(5).chunks(1).map(List::getFirst),
                AsyncStream.of(1).bufferUnordered(2, Future::ready), AsyncStream.of(1).zip(AsyncStream.of(2), (a, b) -> a));
        for (AsyncStream<Integer> s : streams) {
            StreamPoller<Integer> p = StreamPoller.of(s);
            p.assertItem(1);
            p.assertEnd();
            p.assertEnd();
        }
    }

    @Test
    void fromIterableTakesTheIteratorAtTheFirstPoll() {
        List<Integer> list = new ArrayList<>(List.of(1));
        AsyncStream<Integer> s = AsyncStream.fromIterable(list);
        list.add(2);
        assertEquals(List.of(1, 2), StreamPoller.of(s).drain());
    }

    @Test
    void unfoldRunsTheAsyncStepUntilItReturnsNull() {
        Gate gate = new Gate();
        AsyncStream<String> s = AsyncStream.unfold(0, n -> n == 1
                ? gate.future().map(v -> Map.entry("one", 2))
                : Future.ready(n < 3 ? Map.entry("n" + n, n + 1) : null));
        StreamPoller<String> p = StreamPoller.of(s);
        p.assertItem("n0");
        p.assertPending();
        gate.open();
        p.assertItem("one");
        p.assertItem("n2");
        p.assertEnd();
    }

    @Test
    void unfoldCancelCancelsTheStepInFlight() {
        Gate never = new Gate();
        AtomicInteger cancels = new AtomicInteger();
        AsyncStream<String> s = AsyncStream.unfold(0, n -> new Future<Map.Entry<String, Integer>>() {
            @Override
            public Poll<Map.Entry<String, Integer>> poll(dev.spindle.Context cx) {
                return never.future().poll(cx).isReady() ? Poll.ready(null) : Poll.pending();
            }

            @Override
            public void cancel() {
                cancels.incrementAndGet();
            }
        });
        StreamPoller<String> p = StreamPoller.of(s);
        p.assertPending();
        p.cancel();
        assertEquals(1, cancels.get());
    }

    @Test
    void errorThrowsItsFailureAtTheFirstPoll() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> StreamPoller.of(AsyncStream.error(boom)).poll()));
    }

    @Test
    void sourcesRejectNullItems() {
        assertThrows(NullPointerException.class, () -> AsyncStream.of("a", null));
        AsyncStream<String> s = AsyncStream.fromIterable(java.util.Arrays.asList("a", null));
        StreamPoller<String> p = StreamPoller.of(s);
        p.assertItem("a");
        assertThrows(NullPointerException.class, p::poll);
        assertThrows(NullPointerException.class, () -> AsyncStream.iterate(null, x -> x));
        StreamPoller<Integer> it = StreamPoller.of(AsyncStream.iterate(1, x -> null));
        it.assertItem(1);
        assertThrows(NullPointerException.class, it::poll);
    }

    // ------------------------------------------------------------------ map, filter, then, flatMap

    @Test
    void mapAndFilterTransformAndSelectInOrder() {
        var s = AsyncStream.range(0, 10).map(i -> i * 3).filter(x -> x % 2 == 0);
        assertEquals(List.of(0, 6, 12, 18, 24), StreamPoller.of(s).drain());
    }

    @Test
    void mapPassesPendingAndWakeupsThrough() {
        TestStream<Integer> src = new TestStream<>();
        StreamPoller<String> p = StreamPoller.of(src.map(i -> "#" + i));
        p.assertPending();
        src.push(7);
        assertTrue(p.isWoken());
        p.assertItem("#7");
        src.end();
        p.assertEnd();
    }

    @Test
    void aThrowingFunctionCancelsTheUpstreamAndFails() {
        TestStream<Integer> src = TestStream.of(1, 2);
        StreamPoller<Integer> p = StreamPoller.of(src.map(i -> {
            if (i == 2) {
                throw new IllegalArgumentException("two");
            }
            return i;
        }));
        p.assertItem(1);
        assertEquals("two", assertThrows(IllegalArgumentException.class, p::poll).getMessage());
        assertEquals(1, src.cancels());

        TestStream<Integer> src2 = TestStream.of(1);
        StreamPoller<Integer> f = StreamPoller.of(src2.filter(i -> {
            throw new IllegalStateException("pred");
        }));
        assertThrows(IllegalStateException.class, f::poll);
        assertEquals(1, src2.cancels());
    }

    @Test
    void aNullFromMapOrFromAHandWrittenStreamFailsWithNpeAndCancelsTheUpstream() {
        TestStream<Integer> src = TestStream.of(1);
        StreamPoller<Object> p = StreamPoller.of(src.map(i -> null));
        assertThrows(NullPointerException.class, p::poll);
        assertEquals(1, src.cancels());

        AsyncStream<String> nullish = cx -> Poll.ready(null);
        assertThrows(NullPointerException.class, () -> StreamPoller.of(nullish.map(String::length)).poll());
        assertThrows(NullPointerException.class, () -> PolledByHand.of(nullish.fold(0, (a, b) -> a)).poll());
    }

    @Test
    void anUpstreamThatThrowsOnPollFailsTheWholePipelineWithItsException() {
        AsyncStream<Integer> throwing = cx -> {
            throw new UnsupportedOperationException("poll failed");
        };
        var f = PolledByHand.of(throwing.map(i -> i + 1).filter(i -> true).take(5).fold(0, Integer::sum));
        assertEquals("poll failed", assertThrows(UnsupportedOperationException.class, f::poll).getMessage());
    }

    @Test
    void thenRunsOneFutureAtATimeInOrder() {
        Gate g1 = new Gate();
        TestStream<Integer> src = TestStream.of(1, 2);
        AtomicInteger built = new AtomicInteger();
        StreamPoller<Integer> p = StreamPoller.of(src.then(i -> {
            built.incrementAndGet();
            return i == 1 ? g1.thenReady(10) : Future.ready(20);
        }));
        p.assertPending();
        assertEquals(1, built.get(), "the second item is not pulled while the first future runs");
        g1.open();
        assertTrue(p.isWoken());
        p.assertItem(10);
        p.assertItem(20);
        src.end();
        p.assertEnd();
    }

    @Test
    void cancellingThenCancelsTheFutureInFlightAndTheUpstream() {
        dev.spindle.support.Tracked<Integer> inner = dev.spindle.support.Tracked.pending();
        TestStream<Integer> src = TestStream.of(1);
        StreamPoller<Integer> p = StreamPoller.of(src.then(i -> inner));
        p.assertPending();
        p.cancel();
        assertEquals(1, inner.cancels());
        assertEquals(1, src.cancels());
    }

    @Test
    void aFailingFutureOfThenCancelsTheUpstream() {
        TestStream<Integer> src = TestStream.of(1);
        StreamPoller<Integer> p = StreamPoller.of(src.then(i -> TestFutures.failAfterPolls(1, new IllegalStateException("f"))));
        assertThrows(IllegalStateException.class, p::poll);
        assertEquals(1, src.cancels());
    }

    @Test
    void flatMapDrainsEachInnerStreamBeforeTheNextItem() {
        var s = AsyncStream.of(1, 2, 3).flatMap(i -> AsyncStream.range(0, i).map(j -> i + ":" + j));
        assertEquals(List.of("1:0", "2:0", "2:1", "3:0", "3:1", "3:2"), StreamPoller.of(s).drain());
    }

    @Test
    void cancellingFlatMapCancelsTheInnerAndTheOuterStream() {
        TestStream<Integer> outer = TestStream.of(1);
        TestStream<String> inner = TestStream.of("a");
        StreamPoller<String> p = StreamPoller.of(outer.flatMap(i -> inner));
        p.assertItem("a");
        p.assertPending();
        p.cancel();
        assertEquals(1, inner.cancels());
        assertEquals(1, outer.cancels());
    }

    // ------------------------------------------------------------------ take, skip, takeWhile, chain

    @Test
    void takeStopsAfterNAndCancelsTheUpstreamWithoutPollingItAgain() {
        TestStream<Integer> src = TestStream.of(1, 2, 3);
        StreamPoller<Integer> p = StreamPoller.of(src.take(2));
        p.assertItem(1);
        p.assertItem(2);
        assertEquals(1, src.cancels(), "cancelled as soon as the last item passed");
        p.assertEnd();
        assertEquals(2, src.polls());
        p.cancel(); // a consumer that cancels after the end must not cancel the upstream twice
    }

    @Test
    void takeZeroNeverPollsAndNegativeTakeOrSkipIsRejected() {
        TestStream<Integer> src = TestStream.of(1);
        StreamPoller.of(src.take(0)).assertEnd();
        assertEquals(0, src.polls());
        assertEquals(1, src.cancels());
        assertThrows(IllegalArgumentException.class, () -> src.take(-1));
        assertThrows(IllegalArgumentException.class, () -> src.skip(-1));
    }

    @Test
    void skipAndTakeWhile() {
        assertEquals(List.of(3, 4), StreamPoller.of(AsyncStream.range(0, 5).skip(3)).drain());
        assertEquals(List.of(), StreamPoller.of(AsyncStream.range(0, 5).skip(9)).drain());
        TestStream<Integer> src = TestStream.of(1, 2, 5, 1);
        assertEquals(List.of(1, 2), StreamPoller.of(src.takeWhile(x -> x < 3)).drain());
        assertEquals(1, src.cancels());
    }

    @Test
    void chainPollsTheSecondOnlyAfterTheFirstEndsAndCancelsBoth() {
        TestStream<Integer> a = TestStream.of(1);
        TestStream<Integer> b = TestStream.of(2);
        StreamPoller<Integer> p = StreamPoller.of(a.chain(b));
        p.assertItem(1);
        p.assertPending();
        assertEquals(0, b.polls());
        a.end();
        p.assertItem(2);
        p.assertPending();
        p.cancel();
        assertEquals(0, a.cancels(), "a ended: not cancelled");
        assertEquals(1, b.cancels());

        TestStream<Integer> c = TestStream.of(1);
        TestStream<Integer> d = TestStream.of(2);
        StreamPoller<Integer> q = StreamPoller.of(c.chain(d));
        q.assertItem(1);
        q.cancel();
        assertEquals(1, c.cancels());
        assertEquals(1, d.cancels(), "the second stream is owned before it is polled");
    }

    // ------------------------------------------------------------------ zip, merge, chunks

    @Test
    void zipPairsInStepAndEndsWithTheShorterCancellingTheOther() {
        TestStream<String> letters = TestStream.of("a", "b", "c");
        TestStream<Integer> nums = TestStream.of(1, 2);
        StreamPoller<Futures.Joined2<Integer, String>> p = StreamPoller.of(nums.zip(letters));
        assertEquals(new Futures.Joined2<>(1, "a"), p.assertItem());
        assertEquals(new Futures.Joined2<>(2, "b"), p.assertItem());
        nums.end();
        p.assertEnd();
        assertEquals(1, letters.cancels());
    }

    @Test
    void zipWaitsForBothAndKeepsTheItemItAlreadyHas() {
        TestStream<Integer> a = TestStream.of(1);
        TestStream<Integer> b = new TestStream<>();
        StreamPoller<Integer> p = StreamPoller.of(a.zip(b, Integer::sum));
        p.assertPending();
        b.push(10);
        assertTrue(p.isWoken());
        p.assertItem(11);
        assertEquals(1, a.polls(), "a's item was held while b was pending, not pulled again");
    }

    @Test
    void zipFailureCancelsTheOtherSide() {
        TestStream<Integer> a = new TestStream<Integer>().fail(new IllegalStateException("a"));
        TestStream<Integer> b = TestStream.of(1);
        assertThrows(IllegalStateException.class, () -> StreamPoller.of(a.zip(b)).poll());
        assertEquals(1, b.cancels());
    }

    @Test
    void mergeIsFairBetweenTwoAlwaysReadyStreams() {
        var merged = AsyncStream.iterate(0, x -> x).merge(AsyncStream.iterate(1, x -> x)).take(10);
        List<Integer> out = StreamPoller.of(merged).drain();
        assertEquals(List.of(0, 1, 0, 1, 0, 1, 0, 1, 0, 1), out);
    }

    @Test
    void mergeEndsWhenAllEndAndYieldsWhicheverIsReady() {
        TestStream<String> a = new TestStream<>();
        TestStream<String> b = new TestStream<>();
        StreamPoller<String> p = StreamPoller.of(AsyncStream.merge(List.of(a, b)));
        p.assertPending();
        b.push("b1");
        p.assertItem("b1");
        a.push("a1").end();
        p.assertItem("a1");
        p.assertPending();
        b.end();
        p.assertEnd();
    }

    @Test
    void mergeFailureCancelsTheOthers() {
        TestStream<String> a = new TestStream<>();
        TestStream<String> b = new TestStream<String>().fail(new IllegalStateException("b"));
        assertThrows(IllegalStateException.class, () -> StreamPoller.of(a.merge(b)).poll());
        assertEquals(1, a.cancels());
    }

    @Test
    void chunksGroupsAndEmitsTheRestAtTheEnd() {
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6)),
                StreamPoller.of(AsyncStream.range(0, 7).chunks(3)).drain());
        assertEquals(List.of(List.of(0, 1)), StreamPoller.of(AsyncStream.range(0, 2).chunks(2)).drain());
        assertThrows(IllegalArgumentException.class, () -> AsyncStream.range(0, 2).chunks(0));
    }

    // ------------------------------------------------------------------ terminal futures

    @Test
    void terminalFutures() {
        assertEquals(45, PolledByHand.of(AsyncStream.range(0, 10).fold(0, Integer::sum)).assertReady());
        assertEquals("0,1,2", PolledByHand.of(AsyncStream.range(0, 3).map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","))).assertReady());
        assertEquals(List.of(1, 2), PolledByHand.of(AsyncStream.of(1, 2).toList()).assertReady());
        List<Integer> seen = new ArrayList<>();
        PolledByHand.of(AsyncStream.of(5, 6).forEach(seen::add)).assertReady();
        assertEquals(List.of(5, 6), seen);
    }

    @Test
    void forEachWhoseActionThrowsCancelsTheStream() {
        TestStream<Integer> src = TestStream.of(1, 2);
        var f = PolledByHand.of(src.forEach(i -> {
            throw new IllegalStateException("action");
        }));
        assertThrows(IllegalStateException.class, f::poll);
        assertEquals(1, src.cancels());
    }

    @Test
    void cancellingADrainingFutureCancelsItsStream() {
        TestStream<Integer> src = TestStream.of(1);
        var f = PolledByHand.of(src.fold(0, Integer::sum));
        f.assertPending();
        f.cancel();
        assertEquals(1, src.cancels());
    }

    @Test
    void nextIsCancelSafeAnItemIsTakenOnlyByThePollThatCompletes() {
        TestStream<Integer> src = new TestStream<>();
        var first = PolledByHand.of(src.next());
        first.assertPending();
        first.cancel(); // dropped while waiting: takes nothing, does not cancel the stream
        assertEquals(0, src.cancels());
        src.push(42);
        assertEquals(42, PolledByHand.of(src.next()).assertReady(), "the item is not lost");
        src.end();
        assertNull(PolledByHand.of(src.next()).assertReady(), "null means the end");
    }

    @Test
    void nextInASelectLoopLosesNoItem() {
        TestStream<Integer> src = new TestStream<>();
        Gate tick = new Gate();
        List<Integer> got = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            if (round % 2 == 0) {
                src.push(round);
            }
            var sel = PolledByHand.of(Futures.selectBiased(src.next(), tick.thenReady(-1)));
            if (round % 2 == 1) {
                sel.assertPending();
                tick.open();
                assertEquals(1, sel.assertReady().index());
                tick = new Gate();
            } else {
                got.add(sel.assertReady().value());
            }
        }
        assertEquals(List.of(0, 2), got);
    }

    // ------------------------------------------------------------------ built-in and hand-written stages mixed

    @Test
    void handWrittenAndBuiltInStagesInterleavePassingItemsPendingAndTheEnd() {
        // Built-in stages pull one another raw; a hand-written stream in between is seen through
        // its pollNext, and one that wraps a built-in stage gets the public Poll values from it.
        AsyncStream<Integer> builtIn = AsyncStream.range(0, 4).filter(i -> i % 2 == 1);
        AtomicInteger polls = new AtomicInteger();
        AsyncStream<Integer> handWritten = cx -> polls.getAndIncrement() % 2 == 0
                ? Poll.pending() // a spurious pending every other poll (we wake nobody: polled by hand)
                : builtIn.pollNext(cx);
        StreamPoller<Integer> p = StreamPoller.of(handWritten.map(i -> i * 10).chain(AsyncStream.of(99)));
        p.assertPending();
        p.assertItem(10);
        p.assertPending();
        p.assertItem(30);
        p.assertPending();
        p.assertItem(99); // the hand-written stream passed on the built-in end; chain moved on
        p.assertEnd();
        p.assertEnd();
    }
}
