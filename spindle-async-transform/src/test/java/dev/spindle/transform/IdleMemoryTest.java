package dev.spindle.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Future;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinHandle;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The idle_memory workload in small: many spawned {@code @Async} tasks suspended on a oneshot each,
 * and the heap they retain. Prints {@code heap_bytes_per_task} (machine + task + the oneshot);
 * asserts a regression bound above the 128-byte target, since heap figures after GC move by a few
 * bytes per task and RawTask is not this module's to keep small.
 */
class IdleMemoryTest {
    private static final int TASKS = 100_000 * Integer.getInteger("spindle.stress", 1);

    private static long usedAfterGc() {
        Runtime r = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, r.totalMemory() - r.freeMemory());
        }
        return used;
    }

    @Test
    void aSuspendedAsyncTaskRetainsLittleHeap() throws Exception {
        TransformingLoader loader = new TransformingLoader(TransformingLoader.Mode.ASYNC);
        Class<?> idle = Class.forName(TransformingLoader.CORPUS + "Idle", true, loader);
        Class<?> oneshot = Class.forName(TransformingLoader.CORPUS + "Idle$Oneshot", true, loader);
        Method task = idle.getMethod("task", oneshot);
        Method send = oneshot.getMethod("send", int.class);
        try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workerThreads(2).build()) {
            Object[] rxs = new Object[TASKS];
            @SuppressWarnings("unchecked")
            JoinHandle<Integer>[] handles = new JoinHandle[TASKS];
            rt.blockOn(Future.ready(null)); // warm the runtime up
            long before = usedAfterGc();
            for (int i = 0; i < TASKS; i++) {
                rxs[i] = oneshot.getConstructor().newInstance();
                handles[i] = rt.spawn((Future<Integer>) task.invoke(null, rxs[i]));
            }
            assertEquals(TASKS, rt.metrics().numAliveTasks());
            long during = usedAfterGc();
            double perTask = (double) (during - before) / TASKS;
            System.out.printf("heap_bytes_per_task (machine + task + oneshot, %d tasks): %.1f%n", TASKS, perTask);
            for (int i = 0; i < TASKS; i++) {
                send.invoke(rxs[i], i);
            }
            List<Integer> some = new ArrayList<>();
            for (int i = 0; i < TASKS; i += TASKS / 10) {
                some.add(rt.blockOn(handles[i]));
            }
            assertEquals(i0(TASKS), some);
            assertTrue(perTask < 160, "retained " + perTask + " bytes per suspended task");
        }
    }

    private static List<Integer> i0(int tasks) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < tasks; i += tasks / 10) {
            out.add(i + 1);
        }
        return out;
    }
}
