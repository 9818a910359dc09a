package dev.spindle.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.Handle;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import dev.spindle.time.Deadline;
import dev.spindle.time.Time;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code @SpindleTest} methods run by the spindle engine under Surefire, next to the Jupiter
 * tests of this module. Each asserts something that would fail if the engine ran it wrongly
 * (outside the runtime, on the wrong flavor, with a shared instance, without the paused clock).
 */
class SpindleTestMethodsTest {
    private static final Duration AN_HOUR = Duration.ofHours(1);

    /** Captured by the field initialiser, which runs inside the runtime as the constructor does. */
    private final boolean constructedInsideRuntime = inRuntime();
    private int calls;

    private static boolean inRuntime() {
        try {
            Task.spawn(Future.ready(null)); // throws outside a runtime
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @SpindleTest
    Future<Void> futureValueIsAsserted() {
        return Future.ready(20).map(n -> n + 1).map(n -> {
            assertEquals(21, n);
            return null;
        });
    }

    @SpindleTest
    Future<List<Integer>> joinsSpawnedTasks() {
        JoinHandle<Integer> a = Task.spawn(Future.ready(1));
        JoinHandle<Integer> b = Task.spawn(Future.lazy(() -> Future.ready(2)));
        return Futures.joinAll(List.of(a, b)).inspect(values -> assertEquals(List.of(1, 2), values));
    }

    @SpindleTest(startPaused = true)
    Future<Void> pausedClockSleepsAnHourWithoutWaiting() {
        assertTrue(Time.isPaused());
        Deadline start = Deadline.now();
        return Time.sleep(AN_HOUR).map(v -> {
            // Only auto-advance can make an hour pass within the real-time limit (10 s).
            assertTrue(start.elapsed().compareTo(AN_HOUR) >= 0, "elapsed " + start.elapsed());
            return null;
        });
    }

    @SpindleTest
    Future<Void> clockCanBePausedInTheBody() {
        assertFalse(Time.isPaused());
        Time.pause();
        Deadline start = Deadline.now();
        return Time.sleep(AN_HOUR).flatMap(v -> Time.advance(Duration.ofMinutes(1))).map(v -> {
            assertEquals(AN_HOUR.plusMinutes(1), start.elapsed().truncatedTo(ChronoUnit.MINUTES));
            return null;
        });
    }

    @SpindleTest
    Future<Void> currentThreadFlavorRunsTasksOnTheTestThread() {
        Thread testThread = Thread.currentThread();
        return Task.spawn(Future.lazy(() -> Future.ready(Thread.currentThread()))).map(taskThread -> {
            assertSame(testThread, taskThread);
            return null;
        });
    }

    @SpindleTest(flavor = SpindleTest.Flavor.MULTI_THREAD, workerThreads = 3)
    Future<Void> multiThreadFlavorRunsTasksOnWorkers(AsyncRuntime runtime) {
        assertEquals(3, runtime.metrics().numWorkers());
        Thread testThread = Thread.currentThread();
        return Task.spawn(Future.lazy(() -> Future.ready(Thread.currentThread()))).map(taskThread -> {
            assertNotSame(testThread, taskThread);
            return null;
        });
    }

    @SpindleTest
    Future<String> runtimeParameterIsTheTestsRuntime(AsyncRuntime runtime) {
        assertEquals(1, runtime.metrics().numWorkers());
        assertFalse(runtime.isClosed());
        long spawnedBefore = runtime.metrics().spawnedTasksCount();
        Task.spawn(Future.ready(null)); // spawned through the thread's runtime ...
        assertEquals(spawnedBefore + 1, runtime.metrics().spawnedTasksCount()); // ... counted by the parameter's
        return runtime.spawn(Future.ready("spawned")).inspect(s -> assertEquals("spawned", s));
    }

    @SpindleTest
    Future<Integer> handleParameterSpawnsOntoTheTestsRuntime(Handle handle) {
        assertEquals(Handle.current(), handle);
        return handle.spawn(Future.ready(7)).inspect(n -> assertEquals(7, n));
    }

    @SpindleTest
    void voidMethodRunsInsideTheRuntime() {
        assertTrue(constructedInsideRuntime);
        assertTrue(inRuntime());
    }

    @SpindleTest
    void eachMethodGetsAFreshInstanceA() {
        assertEquals(0, calls++);
    }

    @SpindleTest
    void eachMethodGetsAFreshInstanceB() {
        assertEquals(0, calls++);
    }

    @SpindleTest
    static Future<Void> staticMethodsRunToo() {
        return Task.yieldNow();
    }

    @SpindleTest(startPaused = true)
    Future<Void> testTaskPollsInsideTheBodysRuntime() {
        TestTask<Void> sleep = TestTask.spawn(Time.sleep(Duration.ofSeconds(30)));
        sleep.assertPending();
        assertFalse(sleep.isWoken());
        // One millisecond more, as the timer wheel rounds a deadline up to its next millisecond.
        return Time.advance(Duration.ofSeconds(30).plusMillis(1)).map(v -> {
            assertTrue(sleep.isWoken());
            sleep.assertReady();
            return null;
        });
    }

    @SpindleTest(startPaused = true, flavor = SpindleTest.Flavor.MULTI_THREAD)
    Future<Integer> pausedClockAutoAdvancesOnTheMultiThreadRuntimeToo() {
        Deadline start = Deadline.now();
        return Task.spawn(Time.sleep(AN_HOUR).map(v -> 1)).inspect(n -> {
            assertEquals(1, n);
            assertTrue(start.elapsed().compareTo(AN_HOUR) >= 0, "elapsed " + start.elapsed());
        });
    }
}
