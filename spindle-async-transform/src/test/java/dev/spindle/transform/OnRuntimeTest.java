package dev.spindle.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Waker;
import dev.spindle.runtime.AsyncRuntime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Machines driven by both runtime flavours: awaiting join handles, yields, timers, select. */
class OnRuntimeTest {
    private final TransformingLoader loader = new TransformingLoader(TransformingLoader.Mode.ASYNC);

    private Object call(String method, Object... args) throws Throwable {
        return loader.call("OnRuntime", method, args);
    }

    private Object probe() throws Exception {
        return Class.forName(TransformingLoader.CORPUS + "Probe", true, loader).getConstructor().newInstance();
    }

    private static AsyncRuntime runtime(boolean multi) {
        AsyncRuntime.Builder b = AsyncRuntime.builder().startPaused(true);
        return (multi ? b.multiThread().workerThreads(2) : b.currentThread()).build();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void awaitsJoinHandlesOfSpawnedMachines(boolean multi) throws Throwable {
        try (AsyncRuntime rt = runtime(multi)) {
            assertEquals(385, rt.blockOn((Future<?>) call("joinHandles")));
            assertEquals(385, rt.blockOn(rt.spawn((Future<?>) call("joinHandles"))));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void awaitsTimersOnThePausedClock(boolean multi) throws Throwable {
        try (AsyncRuntime rt = runtime(multi)) {
            assertEquals(6L, rt.blockOn((Future<?>) call("sleeps")));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void selectCancelsTheLosingMachineWhichRunsItsFinally(boolean multi) throws Throwable {
        List<String> log = new CopyOnWriteArrayList<>();
        try (AsyncRuntime rt = runtime(multi)) {
            assertEquals("1:9:[finally]", rt.blockOn((Future<?>) call("selectCancelsTheLosingMachine", probe(), log)));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void recursionThroughSpawnedTasks(boolean multi) throws Throwable {
        try (AsyncRuntime rt = runtime(multi)) {
            assertEquals(55, rt.blockOn((Future<?>) call("spawnedRecursion", 10)));
        }
    }

    @Test
    void manyMachinesMovingBetweenWorkersKeepTheirLocals() throws Throwable {
        int tasks = 200 * Integer.getInteger("spindle.stress", 1);
        int yields = 100;
        try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workerThreads(2).build()) {
            List<dev.spindle.runtime.JoinHandle<?>> hs = new java.util.ArrayList<>();
            for (int id = 0; id < tasks; id++) {
                hs.add(rt.spawn((Future<?>) call("busy", id, yields)));
            }
            for (int id = 0; id < tasks; id++) {
                long expected = id + (long) yields * (yields - 1) / 2 + (long) (id * 0.5 + yields * 0.5) + ("t" + id).length();
                assertEquals(expected, rt.blockOn(hs.get(id)), "task " + id);
            }
        }
    }

    @Test
    void cancellingAMachineWaitingOnTheFutureItReturnedCancelsThatFuture() throws Throwable {
        Object p = probe();
        Future<?> f = (Future<?>) call("returnsPending", p);
        Context cx = Context.of(Waker.noop());
        assertFalse(f.poll(cx).isReady()); // the yield
        assertFalse(f.poll(cx).isReady()); // the returned probe
        f.cancel();
        assertEquals(1, ((java.util.concurrent.atomic.AtomicInteger) p.getClass().getField("cancels").get(p)).get());
    }
}
