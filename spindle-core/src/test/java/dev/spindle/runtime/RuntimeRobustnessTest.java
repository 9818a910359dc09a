package dev.spindle.runtime;

import static dev.spindle.support.TestFutures.await;
import static dev.spindle.support.TestFutures.awaitTrue;
import static dev.spindle.support.TestFutures.call;
import static dev.spindle.support.TestFutures.failAfterPolls;
import static dev.spindle.support.TestFutures.readyAfterPolls;
import static dev.spindle.support.TestFutures.run;
import static dev.spindle.support.TestFutures.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.Poll;
import dev.spindle.support.Gate;
import dev.spindle.support.Tracked;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad input and hostile tasks (design §3.4, §3.6, §3.7) and the builder's options, each proven by
 * an observable effect. Blocking tasks wait on latches that the test releases; nothing sleeps.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeRobustnessTest {

    /** The two runtime flavours, for the tests that hold for both. */
    enum Flavour {
        MULTI_THREAD(() -> AsyncRuntime.builder().multiThread().workerThreads(2)),
        CURRENT_THREAD(() -> AsyncRuntime.builder().currentThread());

        private final Supplier<AsyncRuntime.Builder> builder;

        Flavour(Supplier<AsyncRuntime.Builder> builder) {
            this.builder = builder;
        }

        AsyncRuntime.Builder builder() {
            return builder.get();
        }
    }

    private static AsyncRuntime.Builder multiThread(int workers) {
        return AsyncRuntime.builder().multiThread().workerThreads(workers);
    }

    /** Blocks the calling worker until {@code release}: the method the long-poll report must show. */
    static String blockWorker(CountDownLatch entered, CountDownLatch release) {
        entered.countDown();
        await(release, "the test to release the blocked worker");
        return "released";
    }

    // ------------------------------------------------------------------ long polls

    @Test
    void longPollIsReportedWithTheTaskAndTheWorkerStackWhileOtherTasksComplete() {
        LinkedBlockingQueue<LongPoll> reports = new LinkedBlockingQueue<>();
        CountDownLatch reported = new CountDownLatch(1);
        try (AsyncRuntime rt = multiThread(2).longPollThreshold(Duration.ofMillis(50))
                .onLongPoll(r -> {
                    reports.add(r);
                    reported.countDown();
                }).build()) {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            JoinHandle<String> stuck = Task.builder().on(rt.handle()).name("stuck-task")
                    .spawn(call(() -> blockWorker(entered, release)));
            await(entered, "the task to block its worker");

            List<JoinHandle<Integer>> others = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                others.add(rt.spawn(readyAfterPolls(3, i)));
            }
            assertEquals(IntStream.range(0, 100).boxed().toList(), rt.blockOn(Futures.joinAll(others)),
                    "the other worker keeps running tasks while one is blocked");
            assertFalse(stuck.isFinished());

            await(reported, "the long-poll report");
            release.countDown();
            assertEquals("released", rt.blockOn(stuck));

            LongPoll r = reports.peek();
            assertNotNull(r);
            assertEquals(stuck.id(), r.taskId());
            assertEquals("stuck-task", r.taskName());
            assertTrue(r.workerName().startsWith("spindle-worker-"), r.workerName());
            assertTrue(r.elapsed().compareTo(Duration.ofMillis(50)) >= 0, r.elapsed().toString());
            assertFalse(r.workerStack().isEmpty());
            assertTrue(r.workerStack().stream().anyMatch(e -> e.getMethodName().equals("blockWorker")
                    && e.getClassName().equals(RuntimeRobustnessTest.class.getName())), r.toString());
            assertTrue(r.toString().contains("stuck-task"));
            assertEquals(1, reports.size(), "one report per long poll");
            assertEquals(1, rt.metrics().longPollCount());
        }
    }

    @Test
    void nullLongPollThresholdTurnsReportsOff() {
        AtomicInteger offReports = new AtomicInteger();
        CountDownLatch onReported = new CountDownLatch(1);
        Set<Thread> before = RuntimeContractTest.spindleThreads();
        try (AsyncRuntime off = multiThread(2).longPollThreshold(null).onLongPoll(r -> offReports.incrementAndGet()).build();
             AsyncRuntime on = multiThread(2).longPollThreshold(Duration.ofMillis(50))
                     .onLongPoll(r -> onReported.countDown()).build()) {
            Set<String> started = RuntimeContractTest.spindleThreads().stream()
                    .filter(t -> !before.contains(t)).map(Thread::getName).collect(Collectors.toSet());
            assertEquals(1, started.stream().filter("spindle-watchdog"::equals).count(),
                    "only the runtime with a threshold starts a watchdog: " + started);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch offEntered = new CountDownLatch(1);
            CountDownLatch onEntered = new CountDownLatch(1);
            JoinHandle<String> offTask = off.spawn(call(() -> blockWorker(offEntered, release)));
            await(offEntered, "the task on the runtime without a threshold to block");
            JoinHandle<String> onTask = on.spawn(call(() -> blockWorker(onEntered, release)));
            // The poll on `off` started first, so it has run at least as long as the one reported.
            await(onReported, "the report of the runtime with a threshold");
            release.countDown();
            assertEquals("released", off.blockOn(offTask));
            assertEquals("released", on.blockOn(onTask));
            assertEquals(0, offReports.get());
            assertEquals(0, off.metrics().longPollCount());
        }
    }

    // ------------------------------------------------------------------ stuck tasks and shutdown

    @Test
    void closeWithATaskStuckInAPollReturnsAndTheTaskIsCancelledOnceItsPollReturns() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicInteger cancels = new AtomicInteger();
        Future<String> stuckOnce = new Future<>() {
            @Override
            public Poll<String> poll(Context cx) {
                worker.set(Thread.currentThread());
                blockWorker(entered, release);
                return Poll.pending(); // the poll finally returns, long after the deadline
            }

            @Override
            public void cancel() {
                cancels.incrementAndGet();
            }
        };
        AsyncRuntime rt = multiThread(2).shutdownTimeout(Duration.ofMillis(200)).build();
        JoinHandle<String> h = rt.spawn(stuckOnce);
        Tracked<String> idle = Tracked.pending();
        rt.spawn(idle);
        await(entered, "the task to block its worker");
        rt.close(); // must return although one worker cannot stop
        assertTrue(rt.isClosed());
        assertEquals(1, idle.cancels(), "the other tasks were cancelled");
        assertFalse(h.isFinished());
        release.countDown();
        worker.get().join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(worker.get().isAlive(), "the worker exits once the stuck poll returns");
        assertEquals(1, cancels.get(), "the stuck task is cancelled once its poll returns");
        assertTrue(h.isFinished());
    }

    // ------------------------------------------------------------------ unhandled failures

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void logAndIgnoreCountOnlyFailuresThatNobodyObserves(Flavour flavour) {
        for (UnhandledExceptionPolicy policy : List.of(UnhandledExceptionPolicy.LOG, UnhandledExceptionPolicy.IGNORE)) {
            try (AsyncRuntime rt = flavour.builder().onUnhandledException(policy).build()) {
                IllegalStateException boom = new IllegalStateException("detached failure (expected by the test)");
                // Detached: the handle is dropped unread. The runtime learns that from the
                // collector, so the wait runs collections and lets the runtime take a turn.
                JoinHandle<Object> detached = rt.spawn(failAfterPolls(2, boom));
                rt.blockOn(until(detached::isFinished)); // drives the current-thread runtime
                detached = null; // dropped unread
                awaitTrue(() -> collectAndTakeATurn(rt) && rt.metrics().unhandledFailureCount() == 1,
                        "the detached failure to be counted");

                // failed while nobody awaited, but read later through the handle: observed
                JoinHandle<Object> readLate = rt.spawn(failAfterPolls(2, boom));
                rt.blockOn(until(readLate::isFinished));
                assertThrows(JoinException.class, () -> rt.blockOn(readLate));
                collectAndTakeATurn(rt);

                // awaited before it fails: observed
                Gate go = new Gate();
                JoinHandle<Object> joined = rt.spawn(go.future().flatMap(v -> Future.failed(boom)));
                assertThrows(JoinException.class, () -> rt.blockOn(Futures.join(joined, run(go::open))));
                // a JoinSet member: always observed
                try (JoinSet<Object> set = new JoinSet<>(rt.handle())) {
                    set.spawn(failAfterPolls(2, boom));
                    assertThrows(JoinException.class, () -> rt.blockOn(set.joinNext()));
                }
                assertEquals(1, rt.metrics().unhandledFailureCount(), policy.toString());
                assertEquals(7, rt.blockOn(rt.spawn(Future.ready(7))), "the runtime keeps running");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void shutdownRuntimePolicyClosesTheRuntimeAndCancelsTheOtherTasks(Flavour flavour) {
        try (AsyncRuntime rt = flavour.builder().onUnhandledException(UnhandledExceptionPolicy.SHUTDOWN_RUNTIME).build()) {
            Tracked<String> bystander = Tracked.pending();
            JoinHandle<String> b = rt.spawn(bystander);
            rt.blockOn(bystander.polled.future());
            JoinHandle<Object> fatal = rt.spawn(failAfterPolls(2, new IllegalStateException("fatal background failure (expected by the test)")));
            rt.blockOn(until(fatal::isFinished)); // drives the current-thread runtime
            fatal = null;
            // The handle is dropped unread: the failure is reported once the collector notices.
            awaitTrue(() -> rt.isClosed() || (collectAndTakeATurn(rt) && rt.isClosed()), "the policy to close the runtime");
            awaitTrue(b::isFinished, "the other task to be cancelled");
            assertEquals(1, bystander.cancels());
            assertThrows(RuntimeClosedException.class, () -> rt.spawn(Future.ready(1)));
        }
    }

    /**
     * Runs a collection and gives the runtime a turn (a tiny task), so that a failure whose
     * handle was dropped is noticed and reported. Returns {@code true} for use in conditions.
     */
    private static boolean collectAndTakeATurn(AsyncRuntime rt) {
        System.gc();
        try {
            rt.blockOn(rt.spawn(Future.ready(0)));
        } catch (RuntimeClosedException | JoinException closedMeanwhile) {
            // the SHUTDOWN_RUNTIME policy acted (refusing the spawn, or aborting the task during
            // its shutdown): that is what the caller waits for
        }
        return true;
    }

    @Test
    void closeDuringAShutdownInProgressReturnsOnlyOnceThatShutdownHasFinished() throws Exception {
        AtomicReference<Thread> blockingThread = new AtomicReference<>();
        CountDownLatch blockingStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (AsyncRuntime rt = multiThread(2).onUnhandledException(UnhandledExceptionPolicy.SHUTDOWN_RUNTIME)
                .shutdownTimeout(Duration.ofMinutes(1)).build()) {
            rt.spawnBlocking(() -> {
                blockingThread.set(Thread.currentThread());
                blockingStarted.countDown();
                release.await();
                return null;
            });
            await(blockingStarted, "the blocking task to start");
            // The policy's shutdown waits for the blocking task, which waits for `release`.
            rt.spawn(failAfterPolls(1, new IllegalStateException("fatal background failure (expected by the test)")));
            // the failing task's handle is dropped unread: reported once the collector notices
            awaitTrue(() -> rt.isClosed() || (collectAndTakeATurn(rt) && rt.isClosed()),
                    "the policy to start closing the runtime");

            AtomicReference<Boolean> blockingAliveAfterClose = new AtomicReference<>();
            Thread closer = new Thread(() -> {
                rt.close();
                blockingAliveAfterClose.set(blockingThread.get().isAlive());
            }, "second-closer");
            closer.start();
            // Release the blocking work only once the second close() waits (or has already returned).
            awaitTrue(() -> closer.getState() == Thread.State.WAITING || closer.getState() == Thread.State.TIMED_WAITING
                    || closer.getState() == Thread.State.TERMINATED, "the second close() to wait or return");
            release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(closer.isAlive());
            assertEquals(Boolean.FALSE, blockingAliveAfterClose.get(),
                    "close() returned while the shutdown it joined was still waiting for blocking work");
        } finally {
            release.countDown();
        }
    }

    // ------------------------------------------------------------------ builder options

    @Test
    void threadNameNamesEveryRuntimeThread() {
        List<String> names = new CopyOnWriteArrayList<>();
        try (AsyncRuntime rt = multiThread(2).threadName("custom").onThreadStart(
                () -> names.add(Thread.currentThread().getName())).build()) {
            assertEquals("custom", rt.blockOn(rt.spawnBlocking(() -> Thread.currentThread().getName())));
            assertEquals("custom", rt.blockOn(rt.spawn(call(() -> Thread.currentThread().getName()))));
        }
        assertEquals(List.of("custom", "custom", "custom"), names);
    }

    @Test
    void threadNameSupplierIsCalledOncePerThread() {
        AtomicInteger n = new AtomicInteger();
        Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (AsyncRuntime rt = multiThread(3).threadName(() -> "pool-" + n.getAndIncrement())
                .onThreadStart(() -> names.add(Thread.currentThread().getName())).build()) {
            rt.blockOn(rt.spawnBlocking(() -> 1));
        }
        assertEquals(Set.of("pool-0", "pool-1", "pool-2", "pool-3"), names);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void onThreadStartAndStopRunOncePerRuntimeThread(Flavour flavour) {
        AtomicInteger starts = new AtomicInteger();
        AtomicInteger stops = new AtomicInteger();
        try (AsyncRuntime rt = flavour.builder().onThreadStart(starts::incrementAndGet)
                .onThreadStop(stops::incrementAndGet).build()) {
            rt.blockOn(rt.spawnBlocking(() -> 1));
        }
        int expected = flavour == Flavour.MULTI_THREAD ? 3 : 1; // two workers (or none) and one blocking thread
        assertEquals(expected, starts.get());
        assertEquals(expected, stops.get());
    }

    @Test
    void workerThreadsSetsTheNumberOfWorkers() {
        try (AsyncRuntime three = multiThread(3).build();
             AsyncRuntime current = AsyncRuntime.builder().currentThread().build()) {
            assertEquals(3, three.metrics().numWorkers());
            assertEquals(1, current.metrics().numWorkers());
            Set<String> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
            three.blockOn(three.spawn(call(() -> workers.add(Thread.currentThread().getName()))));
            assertTrue(workers.iterator().next().startsWith("spindle-worker-"));
        }
    }

    @Test
    void maxBlockingThreadsOfOneRunsBlockingTasksOneAfterTheOther() {
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (AsyncRuntime rt = multiThread(2).maxBlockingThreads(1).build()) {
            JoinHandle<Void> a = rt.spawnBlocking(() -> {
                log.add("a-start");
                firstStarted.countDown();
                await(release, "the test to release the first blocking task");
                log.add("a-end");
                return null;
            });
            JoinHandle<Void> b = rt.spawnBlocking(() -> {
                log.add("b-start");
                log.add("b-end");
                return null;
            });
            assertEquals(1, rt.metrics().blockingThreads(), "the second task waits instead of starting a thread");
            await(firstStarted, "the first blocking task to start");
            assertEquals(List.of("a-start"), log);
            release.countDown();
            rt.blockOn(Futures.join(a, b));
            assertEquals(List.of("a-start", "a-end", "b-start", "b-end"), log);
            assertEquals(1, rt.metrics().blockingThreads());
        }
    }

    /**
     * On one worker: a task waiting on a gate, then a task that spawns "first" and "second" and
     * then opens the gate. Returns the order in which the three ran.
     */
    private static List<String> runOrder(boolean lifo) {
        AsyncRuntime.Builder b = multiThread(1);
        if (!lifo) {
            b.disableLifoSlot();
        }
        List<String> log = new CopyOnWriteArrayList<>();
        try (AsyncRuntime rt = b.build()) {
            Gate gate = new Gate();
            Tracked<Void> waiting = Tracked.of(gate.future().inspect(v -> log.add("woken")));
            JoinHandle<Void> w = rt.spawn(waiting);
            rt.blockOn(waiting.polled.future());
            JoinHandle<Void> parent = rt.spawn(run(() -> {
                Task.spawn(run(() -> log.add("first")));
                Task.spawn(run(() -> log.add("second")));
                gate.open();
            }));
            rt.blockOn(Futures.join(parent, w));
            rt.blockOn(until(() -> log.size() == 3));
        }
        return log;
    }

    @Test
    void lifoSlotRunsTheLastWokenTaskFirst() {
        assertEquals(List.of("woken", "first", "second"), runOrder(true));
    }

    @Test
    void disableLifoSlotRunsWokenTasksInFifoOrder() {
        assertEquals(List.of("first", "second", "woken"), runOrder(false));
    }

    @Test
    void invalidBuilderArgumentsAreRejected() {
        AsyncRuntime.Builder b = AsyncRuntime.builder();
        assertThrows(IllegalArgumentException.class, () -> b.workerThreads(0));
        assertThrows(IllegalArgumentException.class, () -> b.workerThreads(-1));
        assertThrows(IllegalArgumentException.class, () -> b.workerThreads(40_000));
        assertThrows(IllegalArgumentException.class, () -> b.maxBlockingThreads(0));
        assertThrows(IllegalArgumentException.class, () -> b.eventInterval(0));
        assertThrows(IllegalArgumentException.class, () -> b.globalQueueInterval(0));
        assertThrows(IllegalArgumentException.class, () -> b.longPollThreshold(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.longPollThreshold(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.shutdownTimeout(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.blockingKeepAlive(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> b.threadName((String) null));
        assertThrows(NullPointerException.class, () -> b.onUnhandledException(null));
        try (AsyncRuntime ok = b.workerThreads(1).shutdownTimeout(Duration.ZERO).build()) {
            assertEquals(1, ok.metrics().numWorkers(), "rejected calls leave the builder usable");
        }
    }

    @Test
    void distinctNamesOfTasksAppearInTaskDumps() {
        try (AsyncRuntime rt = multiThread(2).build()) {
            Tracked<String> f = Tracked.pending();
            JoinHandle<String> h = Task.builder().on(rt.handle()).name("dumped").spawn(f);
            rt.blockOn(f.polled.future());
            rt.blockOn(until(() -> rt.dumpTasks().stream().anyMatch(d -> d.id() == h.id() && d.state().equals("IDLE"))));
            TaskDump d = rt.dumpTasks().stream().filter(x -> x.id() == h.id()).findFirst().orElseThrow();
            assertEquals("dumped", d.name());
            assertEquals(1, d.polls());
            Set<Long> ids = new HashSet<>();
            rt.dumpTasks().forEach(x -> assertTrue(ids.add(x.id())));
        }
    }
}
