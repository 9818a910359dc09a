package dev.spindle.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.Waker;
import dev.spindle.async.AsyncBacktrace;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinException;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.TaskDump;
import dev.spindle.time.ElapsedException;
import dev.spindle.time.Time;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cancellation (finally blocks run once, async cleanup completes, nested awaits unwind in order),
 * async backtraces, stack traces, and the shape of a suspended machine.
 */
class MachineBehaviourTest {
    private final TransformingLoader loader = new TransformingLoader(TransformingLoader.Mode.ASYNC);
    private static final Context CX = Context.of(Waker.noop());

    private Object probe() throws Exception {
        return Class.forName(TransformingLoader.CORPUS + "Probe", true, loader).getConstructor().newInstance();
    }

    private static int cancels(Object probe) throws Exception {
        return ((java.util.concurrent.atomic.AtomicInteger) probe.getClass().getField("cancels").get(probe)).get();
    }

    private static CountDownLatch polled(Object probe) throws Exception {
        return (CountDownLatch) probe.getClass().getField("polled").get(probe);
    }

    private static void complete(Object probe, Object value) throws Exception {
        probe.getClass().getMethod("complete", Object.class).invoke(probe, value);
    }

    private Future<?> call(String cls, String method, Object... args) throws Throwable {
        return (Future<?>) loader.call(cls, method, args);
    }

    @Test
    void cancelRunsTheFinallyBlockOnceAndCancelsTheAwaitedFuture() throws Throwable {
        Object p = probe();
        List<String> log = new ArrayList<>();
        Future<?> f = call("Cancel", "finallyOnce", p, log);
        assertFalse(f.poll(CX).isReady());
        assertEquals(List.of(), log);
        f.cancel();
        assertEquals(List.of("finally"), log);
        assertEquals(1, cancels(p));
        f.cancel();
        assertEquals(List.of("finally"), log, "a second cancel does nothing");
        assertEquals(1, cancels(p));
    }

    @Test
    void cancelBeforeTheFirstPollRunsNothing() throws Throwable {
        Object p = probe();
        List<String> log = new ArrayList<>();
        Future<?> f = call("Cancel", "finallyOnce", p, log);
        f.cancel();
        assertEquals(List.of(), log);
        assertEquals(0, cancels(p));
    }

    @Test
    void nestedAwaitsUnwindInnermostFirst() throws Throwable {
        Object p = probe();
        List<String> log = new ArrayList<>();
        Future<?> f = call("Cancel", "outer", p, log);
        assertFalse(f.poll(CX).isReady());
        f.cancel();
        assertEquals(List.of("inner", "middle", "outer"), log);
        assertEquals(1, cancels(p));
    }

    @Test
    void theCancelledAwaitThrowsCancelledExceptionIntoCatchBlocks() throws Throwable {
        Object p = probe();
        List<String> log = new ArrayList<>();
        Future<?> f = call("Cancel", "catchCancelled", p, log);
        assertFalse(f.poll(CX).isReady());
        f.cancel();
        assertEquals(List.of("caught CancelledException"), log);
    }

    @Test
    void tryWithResourcesAwaitsTheCloseOfAnAsyncCloseableOnCancel() throws Throwable {
        Object p = probe();
        List<String> log = new CopyOnWriteArrayList<>();
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            // the resource's close is pending once: the cleanup continues as a detached task
            rt.blockOn(Future.lazy(() -> {
                try {
                    Future<?> f = call("Cancel", "resourceClosedOnCancel", p, log);
                    assertFalse(f.poll(CX).isReady());
                    f.cancel();
                } catch (Throwable t) {
                    throw new AssertionError(t);
                }
                return Future.ready(null);
            }));
            assertEquals(List.of("open res"), log, "the close is still pending");
            rt.blockOn(Task_yieldMany());
        }
        assertEquals(List.of("open res", "closed res"), log);
    }

    /** A few yields, so the current-thread runtime runs its other tasks. */
    private static Future<Void> Task_yieldMany() {
        int[] left = {20};
        return Future.pollFn(cx -> {
            if (left[0]-- == 0) {
                return Poll.ready(null);
            }
            cx.waker().wake();
            return Poll.pending();
        });
    }

    @Test
    void asyncCleanupOfAnAbortedTaskCompletesAsADetachedTask() throws Throwable {
        Object work = probe();
        Object cleanup = probe();
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workerThreads(2).build()) {
            JoinHandle<?> h = rt.spawn(call("Cancel", "asyncCleanup", work, cleanup, log, done));
            assertTrue(polled(work).await(10, TimeUnit.SECONDS));
            h.abort();
            JoinException e = assertThrows(JoinException.class, () -> rt.blockOn(h));
            assertTrue(e.isCancelled());
            assertTrue(polled(cleanup).await(10, TimeUnit.SECONDS));
            assertEquals(List.of("cleanup start"), log);
            complete(cleanup, "cleaned");
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(List.of("cleanup start", "cleaned", "cleanup done"), log);
            assertEquals(1, cancels(work));
            assertEquals(0, cancels(cleanup));
        }
    }

    @Test
    void withoutARuntimePendingCleanupIsUnwoundSynchronously() throws Throwable {
        Object work = probe();
        Object cleanup = probe();
        List<String> log = new ArrayList<>();
        Future<?> f = call("Cancel", "asyncCleanup", work, cleanup, log, new CountDownLatch(1));
        assertFalse(f.poll(CX).isReady());
        f.cancel();
        assertEquals(List.of("cleanup start"), log, "the cleanup's own await was cancelled in turn");
        assertEquals(1, cancels(work));
        assertEquals(1, cancels(cleanup));
    }

    @Test
    void aFailureOfTheCleanupItselfIsThrownByCancel() throws Throwable {
        Object p = probe();
        Future<?> f = call("Cancel", "failingCleanup", p);
        assertFalse(f.poll(CX).isReady());
        IllegalStateException e = assertThrows(IllegalStateException.class, f::cancel);
        assertEquals("cleanup failed", e.getMessage());
        assertEquals(1, cancels(p));
    }

    @Test
    void runtimeShutdownCancelsADetachedCleanupStillPending() throws Throwable {
        Object work = probe();
        Object cleanup = probe();
        List<String> log = new CopyOnWriteArrayList<>();
        AsyncRuntime rt = AsyncRuntime.builder().multiThread().workerThreads(2).build();
        JoinHandle<?> h = rt.spawn(call("Cancel", "asyncCleanup", work, cleanup, log, new CountDownLatch(1)));
        assertTrue(polled(work).await(10, TimeUnit.SECONDS));
        h.abort();
        assertTrue(polled(cleanup).await(10, TimeUnit.SECONDS));
        rt.close();
        assertEquals(List.of("cleanup start"), log, "the cleanup's await was cancelled by the shutdown");
        assertEquals(1, cancels(cleanup));
    }

    @Test
    void aTimeoutCancelsTheMachineAndItsFinallyRuns() throws Throwable {
        Object p = probe();
        List<String> log = new CopyOnWriteArrayList<>();
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().startPaused(true).build()) {
            @SuppressWarnings("unchecked")
            Future<String> f = (Future<String>) call("Cancel", "finallyOnce", p, log);
            assertThrows(ElapsedException.class, () -> rt.blockOn(Time.timeout(Duration.ofSeconds(5), f)));
        }
        assertEquals(List.of("finally"), log);
        assertEquals(1, cancels(p));
    }

    @Test
    void aSuspendedChainGivesItsAsyncBacktrace() throws Throwable {
        Object p = probe();
        int[] lines = new int[3];
        Future<?> f = call("Cancel", "a", p, lines);
        assertFalse(f.poll(CX).isReady());
        List<StackTraceElement> bt = AsyncBacktrace.of(f);
        assertEquals(3, bt.size(), bt.toString());
        String[] names = {"a", "b", "c"};
        for (int i = 0; i < 3; i++) {
            assertEquals(TransformingLoader.CORPUS + "Cancel", bt.get(i).getClassName());
            assertEquals(names[i], bt.get(i).getMethodName());
            assertEquals("Cancel.java", bt.get(i).getFileName());
            assertEquals(lines[i], bt.get(i).getLineNumber(), "line of the await in " + names[i]);
        }
        complete(p, "!");
        assertEquals(Poll.ready("b!"), f.poll(CX));
        assertEquals(List.of(), AsyncBacktrace.of(f), "a completed machine waits on nothing");
    }

    @Test
    void taskDumpsShowTheAsyncBacktrace() throws Throwable {
        Object p = probe();
        int[] lines = new int[3];
        // current-thread: once blockOn returns, the task's poll is over and it is suspended
        try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().build()) {
            JoinHandle<?> h = rt.spawn(call("Cancel", "a", p, lines));
            CountDownLatch polled = polled(p);
            rt.blockOn(Future.pollFn(cx -> {
                if (polled.getCount() == 0) {
                    return Poll.ready(null);
                }
                cx.waker().wake();
                return Poll.pending();
            }));
            TaskDump dump = null;
            for (TaskDump d : rt.dumpTasks()) {
                if (!d.backtrace().isEmpty() && d.backtrace().get(0).contains(".a(")) {
                    dump = d;
                }
            }
            assertTrue(dump != null, rt.dumpTasks().toString());
            assertEquals(4, dump.backtrace().size(), dump.toString());
            assertTrue(dump.backtrace().get(2).endsWith(".c(Cancel.java:" + lines[2] + ")"), dump.toString());
            assertEquals("awaiting " + p, dump.backtrace().get(3), "the last line names what c's await waits on");
            complete(p, "x");
            assertEquals("bx", rt.blockOn(h));
        }
    }

    @Test
    void exceptionsKeepTheMethodNameAndLine() throws Throwable {
        Future<?> f = call("Exceptions", "cThrowAfterAwait");
        IllegalStateException e = null;
        for (int i = 0; i < 3 && e == null; i++) {
            try {
                f.poll(CX);
            } catch (IllegalStateException thrown) {
                e = thrown;
            }
        }
        StackTraceElement top = e.getStackTrace()[0];
        assertEquals(TransformingLoader.CORPUS + "Exceptions", top.getClassName());
        assertEquals("cThrowAfterAwait", top.getMethodName());
        assertEquals("Exceptions.java", top.getFileName());
        int expected = -1;
        try {
            SyncAwait.await(CorpusTest.invoke(new TransformingLoader(TransformingLoader.Mode.SYNC), "Exceptions", "cThrowAfterAwait"));
        } catch (IllegalStateException sync) {
            expected = sync.getStackTrace()[0].getLineNumber();
        }
        assertTrue(expected > 0);
        assertEquals(expected, top.getLineNumber());
    }

    @Test
    void awaitsOnReadyFuturesDoNotSuspend() throws Throwable {
        Future<?> f = call("Basics", "cReadyAwaits");
        assertEquals(Poll.ready(123), f.poll(CX));
    }

    @Test
    void eachPendingAwaitSuspendsOnce() throws Throwable {
        Future<?> f = call("Basics", "cStraightLine");
        assertFalse(f.poll(CX).isReady());
        assertFalse(f.poll(CX).isReady());
        assertEquals(Poll.ready(3), f.poll(CX));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.poll(CX));
        assertTrue(e.getMessage().contains("after it completed"), e.getMessage());
    }

    private static List<Field> instanceFields(Class<?> c) {
        List<Field> out = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void aMachineAwaitingOneFutureHoldsOnlyItsStateAndThatFuture() throws Throwable {
        Object p = probe();
        Future<?> f = call("Cancel", "idle", p);
        List<Field> fields = instanceFields(f.getClass());
        assertEquals(1, fields.size(), "only the argument's field: " + fields);
        assertFalse(f.poll(CX).isReady());
        fields.get(0).setAccessible(true);
        assertNull(fields.get(0).get(f), "the argument is not live across the await");
        int inherited = 0;
        for (Class<?> c = f.getClass().getSuperclass(); c != Object.class; c = c.getSuperclass()) {
            inherited += instanceFields(c).size();
        }
        assertEquals(2, inherited, "state and awaited");
    }

    @Test
    void onlyLiveValuesAreKeptAcrossAnAwait() throws Throwable {
        Object p = probe();
        Future<?> f = call("Cancel", "keepsTwo", p, "k", 7L);
        assertFalse(f.poll(CX).isReady());
        int nonNull = 0;
        for (Field field : instanceFields(f.getClass())) {
            field.setAccessible(true);
            Object v = field.get(f);
            if (v != null && !(v instanceof Long l && l == 0L)) {
                nonNull++;
            }
        }
        assertEquals(2, nonNull, "kept and n, not rx");
        complete(p, "-");
        assertEquals(Poll.ready("k-7"), f.poll(CX));
        assertInstanceOf(Future.class, f);
    }
}
