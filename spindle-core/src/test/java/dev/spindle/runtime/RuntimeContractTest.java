package dev.spindle.runtime;

import static dev.spindle.support.TestFutures.await;
import static dev.spindle.support.TestFutures.call;
import static dev.spindle.support.TestFutures.failAfterPolls;
import static dev.spindle.support.TestFutures.readyAfterPolls;
import static dev.spindle.support.TestFutures.run;
import static dev.spindle.support.TestFutures.until;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.CancelledException;
import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.runtime.internal.ThreadContext;
import dev.spindle.support.Gate;
import dev.spindle.support.Tracked;
import dev.spindle.time.ElapsedException;
import dev.spindle.time.Time;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime contract (design §2–§3), run against every runtime flavour by a subclass per
 * flavour (as JCTools' {@code QueueSanityTest}). Every wait is on a latch, a {@link Gate}, a join or
 * the paused clock; nothing sleeps and nothing measures speed.
 *
 * <p>Tasks of the current-thread runtime run only inside {@code blockOn}, so the tests wait for
 * tasks with {@code rt.blockOn(...)} rather than with latches on the test thread.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class RuntimeContractTest {

    /** @return a builder of the flavour under test with the suite's default options */
    protected abstract AsyncRuntime.Builder builder();

    /**
     * Restricts the flavour to a single thread of execution (one worker for the multi-thread
     * runtime), for tests whose ordering is only defined on one thread.
     *
     * @param b the builder
     * @return {@code b}
     */
    protected abstract AsyncRuntime.Builder singleThreaded(AsyncRuntime.Builder b);

    protected AsyncRuntime rt;
    private final List<AsyncRuntime> others = new ArrayList<>();

    @BeforeEach
    void start() {
        rt = builder().build();
    }

    @AfterEach
    void stop() {
        for (AsyncRuntime r : others) {
            r.close();
        }
        rt.close();
    }

    /** Builds a further runtime of the flavour, closed after the test. */
    protected AsyncRuntime runtime(AsyncRuntime.Builder b) {
        AsyncRuntime r = b.build();
        others.add(r);
        return r;
    }

    // ------------------------------------------------------------------ spawn and join

    @Test
    void spawnedTaskCompletesWithItsValue() {
        assertEquals(42, rt.blockOn(rt.spawn(Future.ready(42))));
    }

    @Test
    void taskMayCompleteWithNull() {
        JoinHandle<String> h = rt.spawn(readyAfterPolls(2, null));
        assertNull(rt.blockOn(h));
        assertTrue(h.isFinished());
    }

    @Test
    void manyTasksAllCompleteWithTheirOwnValues() {
        List<JoinHandle<Integer>> hs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            hs.add(rt.spawn(readyAfterPolls(1 + i % 4, i)));
        }
        List<Integer> values = rt.blockOn(Futures.joinAll(hs));
        assertEquals(IntStream.range(0, 1000).boxed().toList(), values);
    }

    @Test
    void taskSpawnedFromInsideATaskIsJoinedThere() {
        JoinHandle<Integer> h = rt.spawn(Future.lazy(() -> Task.spawn(readyAfterPolls(3, 7)).map(v -> v + 1)));
        assertEquals(8, rt.blockOn(h));
    }

    @Test
    void nestedSpawnsFiftyLevelsDeepComplete() {
        assertEquals(50, rt.blockOn(rt.spawn(nest(50))));
    }

    private static Future<Integer> nest(int depth) {
        if (depth == 0) {
            return Future.ready(0);
        }
        return Future.lazy(() -> Task.spawn(nest(depth - 1)).map(v -> v + 1));
    }

    @Test
    void handleSpawnsOntoItsRuntime() {
        Handle handle = rt.handle();
        assertEquals("h", rt.blockOn(handle.spawn(Future.ready("h"))));
        assertEquals(handle, rt.blockOn(call(Handle::current)));
    }

    @Test
    void finishedHandleGivesTheSameOutcomeEveryTimeItIsPolled() {
        JoinHandle<String> ok = rt.spawn(Future.ready("v"));
        assertEquals("v", rt.blockOn(ok));
        assertEquals("v", rt.blockOn(ok));
        IllegalStateException boom = new IllegalStateException("boom");
        JoinHandle<String> bad = rt.spawn(Future.failed(boom));
        assertSame(boom, assertThrows(JoinException.class, () -> rt.blockOn(bad)).getCause());
        assertSame(boom, assertThrows(JoinException.class, () -> rt.blockOn(bad)).getCause());
    }

    @Test
    void taskSpawnOutsideAnyRuntimeThrowsIllegalState() {
        assertThrows(IllegalStateException.class, () -> Task.spawn(Future.ready(1)));
        assertThrows(IllegalStateException.class, () -> Task.spawnBlocking(() -> 1));
        assertThrows(IllegalStateException.class, Handle::current);
    }

    @Test
    void taskIdsAreDistinct() {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            assertTrue(ids.add(rt.spawn(Future.ready(i)).id()));
        }
    }

    // ------------------------------------------------------------------ abort

    @Test
    void abortOfPendingTaskCancelsItsFutureExactlyOnceAndJoinReportsCancelled() {
        Tracked<String> f = Tracked.pending();
        JoinHandle<String> h = rt.spawn(f);
        rt.blockOn(f.polled.future());
        h.abort();
        JoinException e = assertThrows(JoinException.class, () -> rt.blockOn(h));
        assertTrue(e.isCancelled());
        assertFalse(e.isFailed());
        assertInstanceOf(CancelledException.class, e.getCause());
        assertEquals(h.id(), e.taskId());
        assertTrue(h.isFinished());
        assertEquals(1, f.cancels());
        h.abort();
        assertTrue(assertThrows(JoinException.class, () -> rt.blockOn(h)).isCancelled());
        assertEquals(1, f.cancels(), "a second abort must not cancel again");
        assertEquals(1, f.polls(), "an aborted task is cancelled instead of polled");
    }

    @Test
    void abortRightAfterSpawnCancelsTheTask() {
        Tracked<String> f = Tracked.pending();
        JoinHandle<String> h = rt.spawn(f);
        h.abort();
        assertTrue(assertThrows(JoinException.class, () -> rt.blockOn(h)).isCancelled());
        assertEquals(1, f.cancels());
    }

    @Test
    void abortOfFinishedTaskIsANoOpAndKeepsItsValue() {
        Tracked<String> f = Tracked.of(Future.ready("kept"));
        JoinHandle<String> h = rt.spawn(f);
        assertEquals("kept", rt.blockOn(h));
        h.abort();
        h.abortHandle().abort();
        assertTrue(h.isFinished());
        assertEquals("kept", rt.blockOn(h));
        assertEquals(0, f.cancels());
    }

    @Test
    void abortHandleAbortsTheTaskItWasTakenFrom() {
        Tracked<String> f = Tracked.pending();
        JoinHandle<String> h = rt.spawn(f);
        AbortHandle ah = h.abortHandle();
        assertEquals(h.id(), ah.id());
        assertFalse(ah.isFinished());
        ah.abort();
        assertTrue(assertThrows(JoinException.class, () -> rt.blockOn(h)).isCancelled());
        assertTrue(ah.isFinished());
        assertEquals(1, f.cancels());
    }

    @Test
    void droppingAJoinHandleDetachesTheTaskWhichKeepsRunning() {
        Gate gate = new Gate();
        Tracked<String> f = Tracked.of(gate.thenReady("still ran"));
        JoinHandle<String> h = rt.spawn(f);
        Futures.Selected<String> s = rt.blockOn(Futures.selectBiased(h, Future.ready("other")));
        assertEquals(1, s.index()); // the handle lost the select and was cancelled (dropped)
        gate.open();
        assertEquals("still ran", rt.blockOn(h));
        assertEquals(0, f.cancels());
    }

    // ------------------------------------------------------------------ exceptions

    @Test
    void taskThatThrowsFailsWithTheOriginalCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        JoinHandle<Object> h = rt.spawn(cx -> {
            throw boom;
        });
        JoinException e = assertThrows(JoinException.class, () -> rt.blockOn(h));
        assertTrue(e.isFailed());
        assertFalse(e.isCancelled());
        assertSame(boom, e.getCause());
        assertEquals(h.id(), e.taskId());
    }

    @Test
    void checkedExceptionOfAFailedFutureIsTheJoinCause() {
        IOException io = new IOException("disk");
        JoinHandle<String> h = rt.spawn(readyAfterPolls(2, "x").flatMap(v -> Future.failed(io)));
        JoinException e = assertThrows(JoinException.class, () -> rt.blockOn(h));
        assertTrue(e.isFailed());
        assertSame(io, e.getCause());
    }

    @Test
    void errorThrownByATaskIsCapturedLikeAnException() {
        AssertionError err = new AssertionError("bad");
        JoinHandle<Object> h = rt.spawn(failAfterPolls(2, err));
        assertSame(err, assertThrows(JoinException.class, () -> rt.blockOn(h)).getCause());
        assertEquals(1, rt.blockOn(rt.spawn(Future.ready(1))));
    }

    @Test
    void workersSurviveFailingTasksAndLaterTasksStillRun() {
        AsyncRuntime r = runtime(builder().onUnhandledException(UnhandledExceptionPolicy.IGNORE));
        Set<Thread> ranFailing = Collections.synchronizedSet(new HashSet<>());
        List<JoinHandle<Object>> failing = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            failing.add(r.spawn(cx -> {
                ranFailing.add(Thread.currentThread());
                throw new IllegalStateException("task failure");
            }));
        }
        for (JoinHandle<Object> h : failing) {
            assertTrue(assertThrows(JoinException.class, () -> r.blockOn(h)).isFailed());
        }
        Set<Thread> ranLater = Collections.synchronizedSet(new HashSet<>());
        List<JoinHandle<Integer>> later = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int v = i;
            later.add(r.spawn(readyAfterPolls(2, v).inspect(x -> ranLater.add(Thread.currentThread()))));
        }
        assertEquals(IntStream.range(0, 200).boxed().toList(), r.blockOn(Futures.joinAll(later)));
        for (Thread t : ranFailing) {
            assertTrue(t.isAlive(), t + " ran a failing task and died");
        }
        assertTrue(ranLater.stream().allMatch(Thread::isAlive));
    }

    @Test
    void blockOnRethrowsUncheckedFailuresAsTheyAre() {
        IllegalArgumentException iae = new IllegalArgumentException("as is");
        assertSame(iae, assertThrows(IllegalArgumentException.class, () -> rt.blockOn(Future.failed(iae))));
        StackOverflowError soe = new StackOverflowError();
        assertSame(soe, assertThrows(StackOverflowError.class, () -> rt.blockOn(failAfterPolls(2, soe))));
    }

    @Test
    void blockOnWrapsCheckedFailuresInCompletionException() {
        IOException io = new IOException("checked");
        CompletionException e = assertThrows(CompletionException.class, () -> rt.blockOn(Future.failed(io)));
        assertSame(io, e.getCause());
    }

    @Test
    void blockOnOfAFailedTasksHandleThrowsItsJoinException() {
        IOException io = new IOException("checked");
        JoinHandle<Object> h = rt.spawn(Future.failed(io));
        JoinException e = assertThrows(JoinException.class, () -> rt.blockOn(h));
        assertSame(io, e.getCause());
    }

    // ------------------------------------------------------------------ JoinSet

    @Test
    void joinSetYieldsOutcomesInCompletionOrder() {
        Gate g0 = new Gate();
        Gate g1 = new Gate();
        Gate g2 = new Gate();
        try (JoinSet<String> set = new JoinSet<>(rt.handle())) {
            set.spawn(g0.thenReady("0"));
            set.spawn(g1.thenReady("1"));
            set.spawn(g2.thenReady("2"));
            g2.open();
            assertEquals("2", rt.blockOn(set.joinNext()));
            g0.open();
            assertEquals("0", rt.blockOn(set.joinNext()));
            g1.open();
            assertEquals("1", rt.blockOn(set.joinNext()));
            assertTrue(set.isEmpty());
        }
    }

    @Test
    void joinSetAbortAllCancelsEveryMember() {
        List<Tracked<String>> fs = List.of(Tracked.pending(), Tracked.pending(), Tracked.pending());
        try (JoinSet<String> set = new JoinSet<>(rt.handle())) {
            for (Tracked<String> f : fs) {
                set.spawn(f);
            }
            rt.blockOn(Futures.joinAll(fs.stream().map(f -> f.polled.future()).toList()));
            set.abortAll();
            assertEquals(3, set.size(), "aborted tasks stay in the set until joined");
            for (int i = 0; i < 3; i++) {
                assertTrue(assertThrows(JoinException.class, () -> rt.blockOn(set.joinNext())).isCancelled());
            }
            assertEquals(0, set.size());
        }
        for (Tracked<String> f : fs) {
            assertEquals(1, f.cancels());
        }
    }

    @Test
    void closingAJoinSetAbortsTheTasksLeftInIt() {
        Tracked<String> a = Tracked.pending();
        Tracked<String> b = Tracked.pending();
        AbortHandle ha;
        AbortHandle hb;
        JoinSet<String> set = new JoinSet<>(rt.handle());
        ha = set.spawn(a);
        hb = set.spawn(b);
        rt.blockOn(Futures.join(a.polled.future(), b.polled.future()));
        set.close();
        assertEquals(0, set.size());
        rt.blockOn(Futures.join(a.cancelled.future(), b.cancelled.future()));
        rt.blockOn(until(() -> ha.isFinished() && hb.isFinished()));
        assertEquals(1, a.cancels());
        assertEquals(1, b.cancels());
    }

    @Test
    void joinNextOnAnEmptySetFailsWithNoSuchElement() {
        JoinSet<String> set = new JoinSet<>(rt.handle());
        assertThrows(NoSuchElementException.class, () -> rt.blockOn(set.joinNext()));
        set.spawn(Future.ready("only"));
        assertEquals("only", rt.blockOn(set.joinNext()));
        assertThrows(NoSuchElementException.class, () -> rt.blockOn(set.joinNext()));
    }

    @Test
    void joinSetSizeCountsTasksNotYetJoined() {
        Gate gate = new Gate();
        JoinSet<Integer> set = new JoinSet<>(rt.handle());
        assertTrue(set.isEmpty());
        set.spawn(Future.ready(1));
        set.spawn(gate.thenReady(2));
        set.spawn(gate.thenReady(3));
        assertEquals(3, set.size());
        assertEquals(1, rt.blockOn(set.joinNext()));
        assertEquals(2, set.size());
        gate.open();
        Set<Integer> rest = new HashSet<>(List.of(rt.blockOn(set.joinNext()), rt.blockOn(set.joinNext())));
        assertEquals(Set.of(2, 3), rest);
        assertEquals(0, set.size());
    }

    @Test
    void joinSetReturnsEveryTaskExactlyOnceEvenWhenTasksFinishDuringSpawn() {
        int n = 5000;
        Set<Integer> seen = rt.blockOn(Future.lazy(() -> {
            JoinSet<Integer> set = new JoinSet<>();
            for (int i = 0; i < n; i++) {
                set.spawn(Future.ready(i));
            }
            Set<Integer> out = new HashSet<>();
            return drain(set, out);
        }));
        assertEquals(IntStream.range(0, n).boxed().collect(Collectors.toSet()), seen);
    }

    /** Joins every member of {@code set}, failing on a duplicate, then checks joinNext reports empty. */
    private static Future<Set<Integer>> drain(JoinSet<Integer> set, Set<Integer> out) {
        return new Future<>() {
            Future<Integer> next;

            @Override
            public Poll<Set<Integer>> poll(Context cx) {
                while (!set.isEmpty()) {
                    if (next == null) {
                        next = set.joinNext();
                    }
                    Poll<Integer> p = next.poll(cx);
                    if (!(p instanceof Poll.Ready<Integer> r)) {
                        return Poll.pending();
                    }
                    next = null;
                    if (!out.add(r.value())) {
                        throw new AssertionError("joinNext returned task value " + r.value() + " twice");
                    }
                }
                try {
                    set.joinNext().poll(cx);
                    throw new AssertionError("joinNext on an empty set did not fail");
                } catch (NoSuchElementException expected) {
                    return Poll.ready(out);
                }
            }
        };
    }

    // ------------------------------------------------------------------ TaskScope

    @Test
    void scopedCompletesWithTheBodyValueOnlyAfterEveryChildFinished() {
        AtomicReference<JoinHandle<String>> child = new AtomicReference<>();
        Future<String> scoped = TaskScope.scoped(scope -> {
            child.set(scope.spawn(readyAfterPolls(20, "child")));
            return Future.ready("body");
        });
        String v = rt.blockOn(scoped.map(s -> s + ":" + child.get().isFinished()));
        assertEquals("body:true", v);
    }

    @Test
    void scopedBodyMayJoinTheHandlesOfItsChildren() {
        Future<String> report = TaskScope.scoped(scope -> {
            JoinHandle<String> user = scope.spawn(readyAfterPolls(5, "user"));
            JoinHandle<String> orders = scope.spawn(readyAfterPolls(3, "orders"));
            return Futures.join(user, orders).map(j -> j.first() + "+" + j.second());
        });
        assertEquals("user+orders", rt.blockOn(rt.spawn(report)));
    }

    @Test
    void firstChildFailureCancelsTheSiblingsAndIsThrown() {
        Tracked<String> sibling = Tracked.pending();
        IllegalStateException boom = new IllegalStateException("child failed");
        Future<String> scoped = TaskScope.scoped(scope -> {
            scope.spawn(sibling);
            scope.spawn(sibling.polled.future().flatMap(v -> Future.<String>failed(boom)));
            return Future.pending();
        });
        JoinException e = assertThrows(JoinException.class, () -> rt.blockOn(scoped));
        assertTrue(e.isFailed());
        assertSame(boom, e.getCause());
        assertEquals(1, sibling.cancels(), "the sibling's cancel() must have run");
    }

    @Test
    void bodyFailureCancelsTheChildrenAndIsThrown() {
        Tracked<String> child = Tracked.pending();
        IllegalStateException boom = new IllegalStateException("body failed");
        Future<String> scoped = TaskScope.scoped(scope -> {
            scope.spawn(child);
            return child.polled.future().flatMap(v -> Future.failed(boom));
        });
        assertSame(boom, assertThrows(IllegalStateException.class, () -> rt.blockOn(scoped)));
        assertEquals(1, child.cancels());
    }

    @Test
    void continuePolicyLetsSiblingsFinishAndJoinReportsTheFirstFailure() {
        Gate siblingGate = new Gate();
        Tracked<String> sibling = Tracked.of(siblingGate.thenReady("done"));
        IllegalStateException boom = new IllegalStateException("child failed");
        AtomicReference<TaskScope> scopeRef = new AtomicReference<>();
        JoinHandle<Void> h = rt.spawn(Future.lazy(() -> {
            TaskScope scope = TaskScope.open(TaskScope.FailurePolicy.CONTINUE);
            scopeRef.set(scope);
            scope.spawn(sibling);
            scope.spawn(sibling.polled.future().flatMap(v -> Future.<String>failed(boom)));
            return scope.join();
        }));
        rt.blockOn(until(() -> scopeRef.get() != null && scopeRef.get().runningCount() == 1));
        assertEquals(0, sibling.cancels(), "CONTINUE must not cancel the sibling");
        siblingGate.open();
        JoinException e = assertThrows(JoinException.class, () -> rt.blockOn(h));
        // scope.join() fails with the child's JoinException; the task wraps it in its own
        JoinException childFailure = assertInstanceOf(JoinException.class, e.getCause());
        assertSame(boom, childFailure.getCause());
        assertTrue(sibling.completed());
        assertEquals(0, sibling.cancels());
    }

    @Test
    void cancellingAScopedFutureAbortsItsChildren() {
        Tracked<String> child = Tracked.pending();
        JoinHandle<String> h = rt.spawn(TaskScope.scoped(scope -> {
            scope.spawn(child);
            return Future.pending();
        }));
        rt.blockOn(child.polled.future());
        h.abort();
        assertTrue(assertThrows(JoinException.class, () -> rt.blockOn(h)).isCancelled());
        rt.blockOn(child.cancelled.future());
        assertEquals(1, child.cancels());
    }

    @Test
    void spawnIntoACancelledScopeThrowsIllegalState() {
        IllegalStateException e = rt.blockOn(call(() -> {
            TaskScope scope = TaskScope.open();
            scope.cancel();
            return assertThrows(IllegalStateException.class, () -> scope.spawn(Future.ready(1)));
        }));
        assertNotNull(e);
    }

    // ------------------------------------------------------------------ select and race

    @Test
    void selectReturnsTheFirstReadyFutureAndCancelsEachLoserOnce() {
        Tracked<Integer> a = Tracked.pending();
        Tracked<Integer> c = Tracked.pending();
        Futures.Selected<Integer> s = rt.blockOn(Futures.select(a, readyAfterPolls(3, 2), c));
        assertEquals(1, s.index());
        assertEquals(2, s.value());
        assertEquals(1, a.cancels());
        assertEquals(1, c.cancels());
    }

    @Test
    void selectWinnerMayBecomeReadyLater() {
        Gate gate = new Gate();
        Tracked<String> loser = Tracked.pending();
        JoinHandle<Futures.Selected<String>> h = rt.spawn(Futures.select(loser, gate.thenReady("late")));
        rt.blockOn(loser.polled.future());
        gate.open();
        Futures.Selected<String> s = rt.blockOn(h);
        assertEquals(1, s.index());
        assertEquals("late", s.value());
        assertEquals(1, loser.cancels());
    }

    @Test
    void selectFailsWithAFailingBranchAndCancelsTheOthers() {
        Tracked<String> other = Tracked.pending();
        IllegalStateException boom = new IllegalStateException("branch");
        assertSame(boom, assertThrows(IllegalStateException.class,
                () -> rt.blockOn(Futures.select(other, failAfterPolls(2, boom)))));
        assertEquals(1, other.cancels());
    }

    @Test
    void selectBiasedPollsInArgumentOrderSoEarlierBranchesWinTies() {
        for (int i = 0; i < 100; i++) {
            Tracked<Integer> second = Tracked.of(Future.ready(1));
            Futures.Selected<Integer> s = rt.blockOn(Futures.selectBiased(Future.ready(0), second, Future.ready(2)));
            assertEquals(0, s.index());
            assertEquals(0, second.polls(), "a biased select must not poll past the winner");
        }
    }

    @Test
    void unbiasedSelectDoesNotAlwaysPickTheSameOfSeveralReadyBranches() {
        Set<Integer> winners = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            winners.add(rt.blockOn(Futures.select(Future.ready(0), Future.ready(1))).index());
        }
        assertEquals(Set.of(0, 1), winners);
    }

    @Test
    void cancellingASelectCancelsEveryBranch() {
        Tracked<String> a = Tracked.pending();
        Tracked<String> b = Tracked.pending();
        Future<Futures.Selected<String>> sel = Futures.select(a, b);
        assertFalse(sel.poll(Context.of(Waker.noop())).isReady());
        sel.cancel();
        assertEquals(1, a.cancels());
        assertEquals(1, b.cancels());
    }

    @Test
    void raceReturnsTheFirstSuccessIgnoringFailures() {
        Tracked<String> loser = Tracked.pending();
        String v = rt.blockOn(Futures.race(Future.failed(new IllegalStateException("ignored")),
                readyAfterPolls(2, "ok"), loser));
        assertEquals("ok", v);
        assertEquals(1, loser.cancels());
    }

    @Test
    void raceOfOnlyFailuresThrowsTheFirstFailureWithTheOthersSuppressed() {
        RuntimeException e1 = new RuntimeException("third to fail");
        RuntimeException e2 = new RuntimeException("first to fail");
        RuntimeException e3 = new RuntimeException("second to fail");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> rt.blockOn(
                Futures.race(failAfterPolls(3, e1), failAfterPolls(1, e2), failAfterPolls(2, e3))));
        assertSame(e2, thrown);
        assertArrayEquals(new Throwable[] {e3, e1}, thrown.getSuppressed());
    }

    // ------------------------------------------------------------------ join, joinAll, tryJoinAll

    @Test
    void joinCombinesTheValuesOfTwoAndThreeFutures() {
        Futures.Joined2<String, Integer> two = rt.blockOn(Futures.join(readyAfterPolls(3, "a"), Future.ready(1)));
        assertEquals(new Futures.Joined2<>("a", 1), two);
        Futures.Joined3<String, Integer, Boolean> three = rt.blockOn(
                Futures.join(Future.ready("a"), readyAfterPolls(4, 2), readyAfterPolls(2, true)));
        assertEquals(new Futures.Joined3<>("a", 2, true), three);
    }

    @Test
    void joinAllReturnsValuesInInputOrderWhateverTheCompletionOrder() {
        List<Future<String>> fs = List.of(readyAfterPolls(5, "a"), readyAfterPolls(1, "b"), readyAfterPolls(3, "c"),
                readyAfterPolls(2, null));
        assertEquals(java.util.Arrays.asList("a", "b", "c", null), rt.blockOn(Futures.joinAll(fs)));
        assertEquals(List.of(), rt.blockOn(Futures.joinAll(List.<Future<String>>of())));
    }

    @Test
    void joinAllWaitsForEveryFutureThenThrowsTheFirstFailureWithLaterOnesSuppressed() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException later = new RuntimeException("later");
        Tracked<String> slow = Tracked.of(readyAfterPolls(6, "x"));
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> rt.blockOn(Futures.joinAll(
                List.of(failAfterPolls(1, first), slow, failAfterPolls(3, later)))));
        assertSame(first, thrown);
        assertArrayEquals(new Throwable[] {later}, thrown.getSuppressed());
        assertTrue(slow.completed(), "joinAll must wait for every future");
        assertEquals(0, slow.cancels());
    }

    @Test
    void joinOfTwoAlsoWaitsForBothBeforeFailing() {
        RuntimeException boom = new RuntimeException("boom");
        Tracked<String> slow = Tracked.of(readyAfterPolls(4, "x"));
        assertSame(boom, assertThrows(RuntimeException.class,
                () -> rt.blockOn(Futures.join(Future.failed(boom), slow))));
        assertTrue(slow.completed());
    }

    @Test
    void tryJoinAllFailsFastAndCancelsTheRest() {
        Tracked<String> a = Tracked.pending();
        Tracked<String> b = Tracked.pending();
        RuntimeException boom = new RuntimeException("boom");
        assertSame(boom, assertThrows(RuntimeException.class,
                () -> rt.blockOn(Futures.tryJoinAll(List.of(a, failAfterPolls(2, boom), b)))));
        assertEquals(1, a.cancels());
        assertEquals(1, b.cancels());
    }

    @Test
    void tryJoinAllReturnsValuesInOrderWhenAllSucceed() {
        assertEquals(List.of(1, 2, 3), rt.blockOn(Futures.tryJoinAll(
                List.of(readyAfterPolls(3, 1), readyAfterPolls(1, 2), readyAfterPolls(2, 3)))));
    }

    @Test
    void joinAllOfTenThousandJoinHandlesCompletesFromBlockOn() {
        List<JoinHandle<Integer>> hs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            hs.add(rt.spawn(readyAfterPolls(1 + i % 2, i)));
        }
        List<Integer> out = rt.blockOn(Futures.joinAll(hs));
        assertEquals(IntStream.range(0, 10_000).boxed().toList(), out);
    }

    @Test
    void joinAllOfTenThousandJoinHandlesCompletesInsideATask() {
        JoinHandle<List<Integer>> h = rt.spawn(Future.lazy(() -> {
            List<JoinHandle<Integer>> hs = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                hs.add(Task.spawn(readyAfterPolls(1 + i % 2, i)));
            }
            return Futures.joinAll(hs);
        }));
        assertEquals(IntStream.range(0, 10_000).boxed().toList(), rt.blockOn(h));
    }

    // ------------------------------------------------------------------ timeout

    @Test
    void timeoutFailsWithElapsedAndCancelsTheInnerFuture() {
        AsyncRuntime paused = runtime(builder().startPaused(true));
        Tracked<String> inner = Tracked.pending();
        ElapsedException e = assertThrows(ElapsedException.class,
                () -> paused.blockOn(Future.lazy(() -> Time.timeout(Duration.ofSeconds(30), inner))));
        assertEquals(Duration.ofSeconds(30), e.timeout());
        assertEquals(1, inner.cancels());
        assertEquals(0, paused.metrics().activeTimers());
    }

    @Test
    void innerFutureReadyBeforeTheLimitWinsAndReleasesTheTimer() {
        AsyncRuntime paused = runtime(builder().startPaused(true));
        String v = paused.blockOn(Future.lazy(() -> readyAfterPolls(3, "in time").orTimeout(Duration.ofHours(1))));
        assertEquals("in time", v);
        assertEquals(0, paused.metrics().activeTimers());
    }

    @Test
    void sleepOfZeroCompletesAtItsFirstPollOnTheRunningClock() {
        for (int i = 0; i < 20; i++) {
            assertTrue(rt.blockOn(Future.lazy(() -> {
                var s = Time.sleep(Duration.ZERO);
                return call(() -> s.poll(Context.of(Waker.noop())).isReady());
            })), "iteration " + i);
        }
    }

    @Test
    void firstIntervalTickCompletesAtOnceOnTheRunningClock() {
        for (int i = 0; i < 20; i++) {
            assertTrue(rt.blockOn(Future.lazy(() -> {
                var interval = Time.interval(Duration.ofHours(1));
                return call(() -> interval.pollTick(Context.of(Waker.noop())).isReady());
            })), "iteration " + i);
        }
    }

    // ------------------------------------------------------------------ yieldNow

    @Test
    void yieldNowLetsAnotherTaskRunInBetween() {
        AsyncRuntime one = runtime(singleThreaded(builder()));
        List<String> log = new CopyOnWriteArrayList<>();
        JoinHandle<Void> a = one.spawn(Future.lazy(() -> {
            Task.spawn(run(() -> log.add("b")));
            log.add("a1");
            return Task.yieldNow().inspect(v -> log.add("a2"));
        }));
        one.blockOn(a);
        one.blockOn(until(() -> log.size() == 3));
        assertEquals(List.of("a1", "b", "a2"), log);
    }

    @Test
    void yieldNowCompletesAtItsSecondPoll() {
        Future<Void> y = Task.yieldNow();
        AtomicInteger wakes = new AtomicInteger();
        Context cx = Context.of(wakes::incrementAndGet);
        assertFalse(y.poll(cx).isReady());
        assertEquals(1, wakes.get(), "a yield wakes its task before returning pending");
        assertTrue(y.poll(cx).isReady());
    }

    @Test
    void aTaskThatYieldsOnceIsPolledExactlyTwice() {
        AtomicInteger polls = new AtomicInteger();
        Future<Void> y = Task.yieldNow();
        Future<Void> once = cx -> {
            polls.incrementAndGet();
            return y.poll(cx);
        };
        rt.blockOn(rt.spawn(once));
        assertEquals(2, polls.get(), "the yield's wake (deferred to the end of the poll) gives one more poll");
    }

    @Test
    void aYieldPolledThroughAnotherWakerWakesThatWaker() {
        // A combinator polling its children with a waker of its own must learn which child is
        // ready again: the yield may not skip that waker for the task's own.
        AtomicInteger innerWakes = new AtomicInteger();
        Future<Void> y = Task.yieldNow();
        Future<Void> viaOwnWaker = cx -> {
            Waker outer = cx.waker();
            Context inner = Context.of(() -> {
                innerWakes.incrementAndGet();
                outer.wake();
            });
            return y.poll(inner);
        };
        rt.blockOn(rt.spawn(viaOwnWaker));
        assertEquals(1, innerWakes.get());
    }

    // ------------------------------------------------------------------ Task.current

    @Test
    void taskCurrentNamesTheTaskBeingPolled() {
        JoinHandle<TaskInfo> h = rt.blockOn(call(() ->
                Task.builder().name("x").spawn(readyAfterPolls(2, null).map(v -> Task.current()))));
        TaskInfo info = rt.blockOn(h);
        assertEquals(new TaskInfo(h.id(), "x"), info);
        JoinHandle<TaskInfo> anon = rt.spawn(call(Task::current));
        assertEquals(new TaskInfo(anon.id(), null), rt.blockOn(anon));
    }

    @Test
    void taskCurrentIsNullWhenNoTaskIsPolled() {
        assertNull(Task.current());
        assertNull(rt.blockOn(call(Task::current)), "the future of blockOn is not a task");
    }

    @Test
    void namedTaskFailureNamesTheTask() {
        JoinHandle<Object> h = Task.builder().on(rt.handle()).name("payments").spawn(Future.failed(new IOException("x")));
        JoinException e = assertThrows(JoinException.class, () -> rt.blockOn(h));
        assertTrue(e.getMessage().contains("payments"), e.getMessage());
    }

    // ------------------------------------------------------------------ TaskLocal

    private static final TaskLocal<String> REQUEST = TaskLocal.named("request");

    @Test
    void taskLocalIsVisibleInNestedFutures() {
        Future<String> nested = readyAfterPolls(2, "x")
                .flatMap(v -> Futures.join(call(REQUEST::get), readyAfterPolls(3, 0).map(i -> REQUEST.get())))
                .map(j -> j.first() + "/" + j.second() + "/" + REQUEST.get());
        assertEquals("r-1/r-1/r-1", rt.blockOn(rt.spawn(REQUEST.scope("r-1", nested))));
        assertFalse(REQUEST.isSet());
        assertEquals("none", REQUEST.orElse("none"));
    }

    @Test
    void taskLocalIsNotInheritedBySpawnedChildren() {
        Future<Boolean> parent = REQUEST.scope("r-2", Future.lazy(() -> {
            assertEquals("r-2", REQUEST.get());
            return Task.spawn(call(REQUEST::isSet));
        }));
        assertFalse(rt.blockOn(rt.spawn(parent)));
    }

    @Test
    void taskLocalFollowsTheTaskAcrossPollsAndThreads() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Future<Void> body = new Future<>() {
            int step;
            Future<String> blocking;

            @Override
            public Poll<Void> poll(Context cx) {
                seen.add(REQUEST.get());
                if (step < 20) {
                    step++;
                    cx.waker().wake();
                    return Poll.pending();
                }
                if (blocking == null) {
                    blocking = Task.spawnBlocking(() -> "hop");
                }
                return blocking.poll(cx).isReady() ? Poll.ready(null) : Poll.pending();
            }
        };
        rt.blockOn(rt.spawn(REQUEST.scope("r-3", body)));
        assertTrue(seen.size() >= 21);
        assertTrue(seen.stream().allMatch("r-3"::equals), seen.toString());
    }

    @Test
    void taskLocalIsSetWhileTheScopedFutureIsCancelled() {
        AtomicReference<String> atCancel = new AtomicReference<>();
        Tracked<String> inner = Tracked.pending();
        Future<String> observed = new Future<>() {
            @Override
            public Poll<String> poll(Context cx) {
                return inner.poll(cx);
            }

            @Override
            public void cancel() {
                atCancel.set(REQUEST.orElse("unset"));
            }
        };
        JoinHandle<String> h = rt.spawn(REQUEST.scope("r-4", observed));
        rt.blockOn(inner.polled.future());
        h.abort();
        assertThrows(JoinException.class, () -> rt.blockOn(h));
        assertEquals("r-4", atCancel.get());
    }

    @Test
    void taskLocalGetOutsideAScopeThrowsNoSuchElement() {
        assertThrows(NoSuchElementException.class, REQUEST::get);
        JoinException e = assertThrows(JoinException.class, () -> rt.blockOn(rt.spawn(call(REQUEST::get))));
        assertInstanceOf(NoSuchElementException.class, e.getCause());
    }

    // ------------------------------------------------------------------ Future combinators

    @Test
    void mapFlatMapAndInspectTransformTheValue() {
        List<Integer> inspected = new CopyOnWriteArrayList<>();
        Future<String> f = readyAfterPolls(2, 20)
                .map(v -> v + 1)
                .inspect(inspected::add)
                .flatMap(v -> readyAfterPolls(2, "v=" + v));
        assertEquals("v=21", rt.blockOn(f));
        assertEquals(List.of(21), inspected);
    }

    @Test
    void thenSeesTheValueOrTheFailureAndCanRecover() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertEquals("value:5", rt.blockOn(readyAfterPolls(2, 5)
                .then((v, t) -> Future.ready(t == null ? "value:" + v : "failure"))));
        assertEquals("recovered from boom", rt.blockOn(Future.<Integer>failed(boom)
                .then((v, t) -> Future.ready(v == null && t == boom ? "recovered from boom" : "wrong"))));
    }

    @Test
    void lazyDefersTheSupplierUntilTheFirstPoll() {
        AtomicInteger calls = new AtomicInteger();
        Future<Integer> f = Future.lazy(() -> {
            calls.incrementAndGet();
            return readyAfterPolls(2, 9);
        });
        assertEquals(0, calls.get());
        assertEquals(9, rt.blockOn(f));
        assertEquals(1, calls.get());
    }

    @Test
    void pollFnIsPolledUntilReady() {
        AtomicInteger polls = new AtomicInteger();
        Future<String> f = Future.pollFn(cx -> {
            if (polls.incrementAndGet() < 3) {
                cx.waker().wake();
                return Poll.pending();
            }
            return Poll.ready("third");
        });
        assertEquals("third", rt.blockOn(rt.spawn(f)));
        assertEquals(3, polls.get());
    }

    @Test
    void cancelOfACombinatorCancelsTheFutureItWaitsOn() {
        Tracked<Integer> src = Tracked.pending();
        JoinHandle<Integer> h = rt.spawn(src.map(v -> v + 1).flatMap(Future::ready));
        rt.blockOn(src.polled.future());
        h.abort();
        assertThrows(JoinException.class, () -> rt.blockOn(h));
        assertEquals(1, src.cancels());
    }

    @Test
    void fromCompletionStageFollowsAStageCompletedLater() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Tracked<String> f = Tracked.of(Future.fromCompletionStage(cf));
        JoinHandle<String> h = rt.spawn(f);
        rt.blockOn(f.polled.future());
        cf.complete("later");
        assertEquals("later", rt.blockOn(h));
        assertNull(rt.blockOn(Future.fromCompletionStage(CompletableFuture.completedFuture(null))));
    }

    @Test
    void fromCompletionStageUnwrapsCompletionException() {
        IOException io = new IOException("io");
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<String> dependent = source.thenApply(s -> s); // fails with CompletionException(io)
        source.completeExceptionally(io);
        Throwable seen = rt.blockOn(Future.fromCompletionStage(dependent).then((v, t) -> Future.ready(t)));
        assertSame(io, seen);
        IllegalStateException ise = new IllegalStateException("unchecked");
        assertSame(ise, assertThrows(IllegalStateException.class,
                () -> rt.blockOn(Future.fromCompletionStage(CompletableFuture.failedFuture(ise).thenApply(x -> x)))));
    }

    // ------------------------------------------------------------------ toCompletableFuture

    @Test
    void toCompletableFutureCompletesWithTheValue() throws Exception {
        CompletableFuture<String> cf = Futures.toCompletableFuture(readyAfterPolls(3, "cf"), rt);
        assertEquals("cf", rt.blockOn(Future.fromCompletionStage(cf)));
        assertEquals("cf", cf.get(0, TimeUnit.SECONDS));
    }

    @Test
    void toCompletableFutureFailsWithTheTasksOwnException() {
        IOException io = new IOException("own");
        CompletableFuture<String> cf = Futures.toCompletableFuture(failAfterPolls(2, io), rt);
        rt.blockOn(Future.fromCompletionStage(cf).then((v, t) -> Future.ready(t)));
        assertTrue(cf.isCompletedExceptionally());
        assertSame(io, cf.exceptionNow());
    }

    @Test
    void cancellingTheCompletableFutureAbortsTheTask() {
        Tracked<String> f = Tracked.pending();
        CompletableFuture<String> cf = Futures.toCompletableFuture(f, rt);
        rt.blockOn(f.polled.future());
        assertTrue(cf.cancel(true));
        rt.blockOn(f.cancelled.future());
        assertEquals(1, f.cancels());
    }

    @Test
    void toCompletableFutureFailureIsObservedNotReportedAsUnhandled() {
        AsyncRuntime r = runtime(builder().onUnhandledException(UnhandledExceptionPolicy.IGNORE));
        CompletableFuture<String> cf = Futures.toCompletableFuture(failAfterPolls(2, new IllegalStateException("x")), r);
        r.blockOn(Future.fromCompletionStage(cf).then((v, t) -> Future.ready(t)));
        r.blockOn(until(() -> r.metrics().numAliveTasks() == 0));
        assertEquals(0, r.metrics().unhandledFailureCount(),
                "the CompletableFuture observes the failure; it must not count as unhandled");
    }

    // ------------------------------------------------------------------ spawnBlocking

    @Test
    void spawnBlockingRunsOnABlockingPoolThreadAndReturnsTheValue() {
        String name = rt.blockOn(rt.spawnBlocking(() -> Thread.currentThread().getName()));
        assertTrue(name.startsWith("spindle-blocking-"), name);
        String fromTask = rt.blockOn(rt.spawn(Future.lazy(() -> Task.spawnBlocking(() -> Thread.currentThread().getName()))));
        assertTrue(fromTask.startsWith("spindle-blocking-"), fromTask);
    }

    @Test
    void spawnBlockingFailureIsTheJoinCause() {
        IOException io = new IOException("blocking");
        JoinHandle<String> h = rt.spawnBlocking(() -> {
            throw io;
        });
        JoinException e = assertThrows(JoinException.class, () -> rt.blockOn(h));
        assertTrue(e.isFailed());
        assertSame(io, e.getCause());
    }

    // ------------------------------------------------------------------ blockOn misuse

    @Test
    void blockOnFromInsideATaskThrowsIllegalState() {
        AtomicReference<AsyncRuntime> self = new AtomicReference<>(rt);
        JoinHandle<Throwable> h = rt.spawn(call(() -> {
            try {
                self.get().blockOn(Future.ready(1));
                return null;
            } catch (Throwable t) {
                return t;
            }
        }));
        assertInstanceOf(IllegalStateException.class, rt.blockOn(h));
    }

    @Test
    void closeFromInsideATaskThrowsIllegalState() {
        JoinHandle<Throwable> h = rt.spawn(call(() -> {
            try {
                rt.close();
                return null;
            } catch (Throwable t) {
                return t;
            }
        }));
        assertInstanceOf(IllegalStateException.class, rt.blockOn(h));
        assertFalse(rt.isClosed());
    }

    @Test
    void interruptedBlockOnThrowsCancelledAndCancelsItsFuture() throws Exception {
        Tracked<String> f = Tracked.pending();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                rt.blockOn(f);
                outcome.complete(null);
            } catch (Throwable e) {
                stillInterrupted.set(Thread.currentThread().isInterrupted());
                outcome.complete(e);
            }
        }, "interrupted-blockOn");
        t.setDaemon(true);
        t.start();
        Throwable e = outcome.get(10, TimeUnit.SECONDS);
        assertInstanceOf(CancelledException.class, e);
        assertTrue(stillInterrupted.get(), "the interrupt flag is restored");
        assertEquals(1, f.cancels());
    }

    @Test
    void blockOnInterruptedWhileWaitingThrowsCancelled() throws Exception {
        Tracked<String> f = Tracked.pending();
        CountDownLatch polled = new CountDownLatch(1);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                rt.blockOn(Future.lazy(() -> {
                    polled.countDown();
                    return f;
                }));
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        }, "blockOn-waiter");
        t.setDaemon(true);
        t.start();
        await(polled, "the blockOn future's first poll");
        t.interrupt();
        assertInstanceOf(CancelledException.class, outcome.get(10, TimeUnit.SECONDS));
        assertEquals(1, f.cancels());
    }

    // ------------------------------------------------------------------ shutdown

    @Test
    void closeCancelsPendingTasksAndRunsTheirCancel() {
        Tracked<String> started = Tracked.pending();
        Tracked<String> queued = Tracked.pending();
        JoinHandle<String> h1 = rt.spawn(started);
        rt.blockOn(started.polled.future());
        JoinHandle<String> h2 = rt.spawn(queued);
        rt.close();
        assertTrue(rt.isClosed());
        assertEquals(1, started.cancels());
        assertEquals(1, queued.cancels());
        for (JoinHandle<String> h : List.of(h1, h2)) {
            assertTrue(h.isFinished());
            JoinException e = assertThrows(JoinException.class, () -> h.poll(Context.of(Waker.noop())));
            assertTrue(e.isCancelled());
        }
    }

    @Test
    void closeLeavesNoRuntimeThreadAlive() {
        Set<Thread> before = spindleThreads();
        AsyncRuntime r = builder().build();
        assertEquals(1, r.blockOn(r.spawnBlocking(() -> 1)));
        assertEquals(2, r.blockOn(r.spawn(readyAfterPolls(3, 2))));
        r.spawn(Tracked.pending());
        r.close();
        Set<Thread> left = spindleThreads();
        left.removeAll(before);
        assertEquals(Set.of(), left.stream().map(Thread::getName).collect(Collectors.toSet()));
    }

    static Set<Thread> spindleThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("spindle-"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void closeIsIdempotent() {
        rt.blockOn(rt.spawn(Future.ready(1)));
        rt.close();
        rt.close();
        rt.shutdownTimeout(Duration.ofSeconds(1));
        assertTrue(rt.isClosed());
    }

    @Test
    void blockOnAfterCloseThrowsRuntimeClosed() {
        rt.close();
        assertThrows(RuntimeClosedException.class, () -> rt.blockOn(Future.ready(1)));
    }

    @Test
    void spawnFromOutsideAfterCloseThrowsRuntimeClosed() {
        Handle handle = rt.handle();
        rt.close();
        assertThrows(RuntimeClosedException.class, () -> rt.spawn(Future.ready(1)));
        assertThrows(RuntimeClosedException.class, () -> rt.spawnBlocking(() -> 1));
        assertThrows(RuntimeClosedException.class, () -> handle.spawn(Future.ready(1)));
        assertThrows(RuntimeClosedException.class, () -> Task.builder().on(handle).spawn(Future.ready(1)));
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void blockOnWaitingInAnotherThreadGetsRuntimeClosedWhenTheRuntimeCloses() throws Exception {
        // A shutdown timeout far beyond the test's: close must not wait for it when nothing is stuck.
        AsyncRuntime r = runtime(builder().shutdownTimeout(Duration.ofMinutes(5)));
        Tracked<String> f = Tracked.pending();
        CountDownLatch polled = new CountDownLatch(1);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                r.blockOn(Future.lazy(() -> {
                    polled.countDown();
                    return f;
                }));
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        }, "blockOn-waiter");
        t.setDaemon(true);
        t.start();
        await(polled, "the blockOn future's first poll");
        r.close();
        assertInstanceOf(RuntimeClosedException.class, outcome.get(10, TimeUnit.SECONDS));
        assertEquals(1, f.cancels());
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(t.isAlive());
    }

    @Test
    void taskSpawnedByCleanupDuringShutdownIsBornCancelled() {
        AtomicReference<JoinHandle<String>> spawnedInCleanup = new AtomicReference<>();
        Tracked<String> inner = Tracked.pending();
        Future<String> withCleanup = new Future<>() {
            @Override
            public Poll<String> poll(Context cx) {
                return inner.poll(cx);
            }

            @Override
            public void cancel() {
                spawnedInCleanup.set(Task.spawn(Future.ready("too late")));
            }
        };
        rt.spawn(withCleanup);
        rt.blockOn(inner.polled.future());
        rt.close();
        JoinHandle<String> late = spawnedInCleanup.get();
        assertNotNull(late, "cleanup ran during close");
        assertTrue(late.isFinished());
        assertTrue(assertThrows(JoinException.class, () -> late.poll(Context.of(Waker.noop()))).isCancelled());
    }

    // ------------------------------------------------------------------ cooperative budget

    @Test
    void budgetForcesATaskToYieldAfter128OperationsAndLetsAnotherTaskRun() {
        AsyncRuntime one = runtime(singleThreaded(builder()));
        JoinHandle<Integer> finished = one.spawn(Future.ready(1));
        one.blockOn(finished);
        List<String> log = new CopyOnWriteArrayList<>();
        List<Integer> opsPerPoll = new CopyOnWriteArrayList<>();
        Future<Integer> hog = new Future<>() {
            int total;
            boolean spawned;

            @Override
            public Poll<Integer> poll(Context cx) {
                if (!spawned) {
                    spawned = true;
                    Task.spawn(run(() -> log.add("other")));
                }
                log.add("hog");
                int ops = 0;
                while (total < 1000) {
                    // a JoinHandle of a finished task is always ready, but each poll spends budget
                    if (!finished.poll(cx).isReady()) {
                        opsPerPoll.add(ops);
                        return Poll.pending();
                    }
                    ops++;
                    total++;
                }
                opsPerPoll.add(ops);
                return Poll.ready(total);
            }
        };
        long forcedBefore = one.metrics().budgetForcedYieldCount();
        assertEquals(1000, one.blockOn(one.spawn(hog)));
        assertEquals(128, opsPerPoll.get(0), "the first poll runs exactly the budget");
        assertTrue(opsPerPoll.stream().allMatch(n -> n <= 128), opsPerPoll.toString());
        assertEquals(8, opsPerPoll.size(), opsPerPoll.toString());
        assertTrue(one.metrics().budgetForcedYieldCount() - forcedBefore >= 7);
        assertEquals("hog", log.get(0));
        assertEquals("other", log.get(1), "the other task runs as soon as the hog is forced to yield: " + log);
    }

    // ------------------------------------------------------------------ scheduling options

    @Test
    void taskSpawnedFromOutsideIsPolledWhileALocalTaskKeepsYielding() throws Exception {
        AsyncRuntime one = runtime(singleThreaded(builder()).globalQueueInterval(4));
        AtomicBoolean outsideRan = new AtomicBoolean();
        AtomicBoolean outsideSpawned = new AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(1);
        Future<Integer> spinner = new Future<>() {
            int polls;
            int pollsSinceSpawn = -1;

            @Override
            public Poll<Integer> poll(Context cx) {
                spinning.countDown();
                polls++;
                if (outsideRan.get()) {
                    return Poll.ready(pollsSinceSpawn);
                }
                if (pollsSinceSpawn >= 0) {
                    pollsSinceSpawn++;
                } else if (outsideSpawned.get()) {
                    pollsSinceSpawn = 0;
                }
                if (pollsSinceSpawn > 100_000) {
                    return Poll.ready(pollsSinceSpawn); // starved: the assertion below fails
                }
                cx.waker().wake();
                return Poll.pending();
            }
        };
        JoinHandle<Integer> h = one.spawn(spinner);
        Thread spawner = new Thread(() -> {
            await(spinning, "the spinner to run");
            one.spawn(run(() -> outsideRan.set(true)));
            outsideSpawned.set(true);
        }, "outside-spawner");
        spawner.start();
        int pollsAfterSpawn = one.blockOn(h);
        spawner.join();
        assertTrue(outsideRan.get(), "the task spawned from outside starved behind a yielding task ("
                + pollsAfterSpawn + " polls)");
    }

    @Test
    void driverRunsEveryEventIntervalTicksSoTimersFireWhileTasksKeepYielding() {
        AsyncRuntime one = runtime(singleThreaded(builder()).eventInterval(4).startPaused(true));
        Future<Boolean> spinner = new Future<>() {
            JoinHandle<Void> sleeper;
            int pollsAfterAdvance = -1;

            @Override
            public Poll<Boolean> poll(Context cx) {
                if (sleeper == null) {
                    sleeper = Task.spawn(Time.sleep(Duration.ofMillis(10)));
                } else if (pollsAfterAdvance < 0) {
                    // Move the clock without firing anything: only the driver can now fire the timer.
                    ThreadContext.currentRuntime().driver.clock().advance(Duration.ofMillis(10));
                    pollsAfterAdvance = 0;
                } else if (sleeper.isFinished()) {
                    return Poll.ready(true);
                } else if (++pollsAfterAdvance > 10_000) {
                    return Poll.ready(false);
                }
                cx.waker().wake();
                return Poll.pending();
            }
        };
        assertTrue(one.blockOn(one.spawn(spinner)), "the timer did not fire while a task kept yielding");
    }

    @Test
    void sameRngSeedGivesTheSameSelectWinners() {
        List<Integer> first = selectWinners(42);
        List<Integer> second = selectWinners(42);
        assertEquals(first, second);
        assertTrue(new HashSet<>(first).size() > 1, "winners must vary within a run: " + first);
        assertNotEquals(first, selectWinners(43), "another seed gives another sequence");
    }

    private List<Integer> selectWinners(long seed) {
        try (AsyncRuntime r = singleThreaded(builder()).rngSeed(seed).build()) {
            return r.blockOn(r.spawn(cx -> {
                List<Integer> winners = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    Poll<Futures.Selected<Integer>> p =
                            Futures.select(Future.ready(0), Future.ready(1), Future.ready(2), Future.ready(3)).poll(cx);
                    winners.add(((Poll.Ready<Futures.Selected<Integer>>) p).value().index());
                }
                return Poll.ready(winners);
            }));
        }
    }
}
