package dev.spindle.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.Task;
import dev.spindle.time.Time;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.junit.platform.testkit.engine.Events;

/**
 * The spindle engine seen from the platform, through {@link EngineTestKit}: how outcomes are
 * reported (the original exception, timeouts with the task dump, aborts, unusable methods),
 * display names and selectors. The fixture classes are nested, so that Surefire (which skips
 * classes with a {@code $}) does not run the deliberately failing ones on their own.
 */
class SpindleEngineTest {

    static final IllegalStateException UNCHECKED = new IllegalStateException("boom");
    static final IOException CHECKED = new IOException("checked boom");
    static final ArithmeticException LATER = new ArithmeticException("later boom");
    static final UnsupportedOperationException EARLY = new UnsupportedOperationException("early boom");
    static final IllegalArgumentException FROM_VOID = new IllegalArgumentException("void boom");

    static class FailingFixtures {
        @SpindleTest
        Future<Void> failsWithUncheckedException() {
            return Future.failed(UNCHECKED);
        }

        @SpindleTest
        Future<Void> failsWithCheckedException() {
            return Future.failed(CHECKED);
        }

        @SpindleTest
        Future<Void> failsAfterSuspending() {
            return Task.yieldNow().map(v -> {
                throw LATER;
            });
        }

        @SpindleTest
        Future<Void> throwsBeforeReturningAFuture() {
            throw EARLY;
        }

        @SpindleTest
        void voidMethodThrows() {
            throw FROM_VOID;
        }

        @SpindleTest(flavor = SpindleTest.Flavor.MULTI_THREAD)
        Future<Void> spawnedTaskFailsOnAWorker() {
            return Task.spawn(Future.<Void>failed(UNCHECKED));
        }
    }

    @Test
    void aFailingFutureFailsTheTestWithTheOriginalException() {
        Events tests = execute(selectClass(FailingFixtures.class));

        tests.assertStatistics(s -> s.started(6).succeeded(0).failed(6));
        assertSame(UNCHECKED, failureOf(tests, "failsWithUncheckedException"));
        assertSame(CHECKED, failureOf(tests, "failsWithCheckedException"), "a checked failure is not wrapped");
        assertSame(LATER, failureOf(tests, "failsAfterSuspending"));
        assertSame(EARLY, failureOf(tests, "throwsBeforeReturningAFuture"));
        assertSame(FROM_VOID, failureOf(tests, "voidMethodThrows"));
        // The body awaited a JoinHandle: its failure is the JoinException, caused by the task's.
        assertSame(UNCHECKED, failureOf(tests, "spawnedTaskFailsOnAWorker").getCause());
    }

    static class TimeoutFixtures {
        @SpindleTest(timeoutMillis = 200)
        Future<Void> neverCompletes() {
            Task.builder().name("stuck-child").spawn(Future.pending());
            return Future.pending();
        }

        @SpindleTest(timeoutMillis = 200, startPaused = true)
        Future<Void> pausedClockDoesNotStretchTheRealTimeLimit() {
            return Time.sleep(Duration.ofDays(1)).flatMap(v -> Future.pending());
        }

        @SpindleTest(timeoutMillis = 200, flavor = SpindleTest.Flavor.MULTI_THREAD)
        Future<Void> waitsForATaskThatNeverCompletes() {
            return Task.builder().name("stuck-on-a-worker").spawn(Future.pending());
        }

        @SpindleTest(timeoutMillis = 200)
        Future<Void> wakesItselfForever() {
            return Future.pollFn(cx -> {
                cx.waker().wake();
                return Poll.pending();
            });
        }
    }

    @Test
    void aNeverCompletingFutureFailsAtTheLimitWithTheTaskDump() {
        Events tests = execute(selectClass(TimeoutFixtures.class));

        tests.assertStatistics(s -> s.started(4).failed(4));
        Map<String, Throwable> failures = failures(tests);
        for (Throwable failure : failures.values()) {
            assertInstanceOf(TimeoutException.class, failure);
            assertTrue(failure.getMessage().contains("timed out after 200 ms of real time"), failure.getMessage());
            assertEquals(0, failure.getSuppressed().length, "the runtime shut down cleanly after the timeout");
        }
        String neverCompletes = failures.get("neverCompletes()").getMessage();
        assertTrue(neverCompletes.contains("Future.pending()"), neverCompletes);
        assertTrue(neverCompletes.contains("'stuck-child'"), neverCompletes);
        String onAWorker = failures.get("waitsForATaskThatNeverCompletes()").getMessage();
        assertTrue(onAWorker.contains("'stuck-on-a-worker'"), onAWorker);
        String paused = failures.get("pausedClockDoesNotStretchTheRealTimeLimit()").getMessage();
        assertTrue(paused.contains("(none)"), "no task was spawned: " + paused);
    }

    static class AbortingFixtures {
        @SpindleTest
        void assumptionFailsInTheBody() {
            Assumptions.assumeTrue(false, "not in the body");
        }

        @SpindleTest
        Future<Void> assumptionFailsInTheFuture() {
            return Task.yieldNow().map(v -> {
                Assumptions.assumeTrue(false, "not in the future");
                return null;
            });
        }
    }

    @Test
    void aFailedAssumptionAbortsTheTest() {
        Events tests = execute(selectClass(AbortingFixtures.class));

        tests.assertStatistics(s -> s.started(2).aborted(2).failed(0));
    }

    static class VoidFixtures {
        static int runs;

        @SpindleTest
        void voidMethodPasses() {
            Task.spawn(Future.ready(null));
            runs++;
        }
    }

    @Test
    void aVoidMethodRunsAndPasses() {
        VoidFixtures.runs = 0;

        Events tests = execute(selectClass(VoidFixtures.class));

        tests.assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(1, VoidFixtures.runs);
    }

    static class UnusableFixtures {
        @SpindleTest
        String returnsAString() {
            return "not a future";
        }

        @SpindleTest
        private void isPrivate() {
        }

        @SpindleTest
        Future<Void> takesAString(String s) {
            return Future.ready(null);
        }

        @SpindleTest
        Future<Void> returnsNull() {
            return null;
        }

        @SpindleTest(flavor = SpindleTest.Flavor.MULTI_THREAD, workerThreads = 0)
        Future<Void> hasNoWorkers() {
            return Future.ready(null);
        }
    }

    @Test
    void anUnusableMethodFailsSayingWhy() {
        Events tests = execute(selectClass(UnusableFixtures.class));

        tests.assertStatistics(s -> s.started(5).failed(5));
        Map<String, Throwable> failures = failures(tests);
        assertMessageContains(failures.get("returnsAString()"), "must return void or a dev.spindle.Future");
        assertMessageContains(failures.get("isPrivate()"), "must not be private");
        assertMessageContains(failures.get("takesAString(String)"), "parameter type java.lang.String is not supported");
        assertMessageContains(failures.get("returnsNull()"), "returned null instead of a Future");
        assertMessageContains(failures.get("hasNoWorkers()"), "workerThreads must be at least 1");
    }

    static class NamingFixtures {
        @SpindleTest
        Future<Void> plain() {
            return Future.ready(null);
        }

        @SpindleTest
        Future<Void> withRuntime(AsyncRuntime runtime) {
            return Future.ready(null);
        }

        @SpindleTest(displayName = "a custom name")
        void custom() {
        }
    }

    @Test
    void displayNamesFollowJupitersOrTheAttribute() {
        TestDescriptor engine = EngineTestKit.engine("spindle").selectors(selectClass(NamingFixtures.class))
                .discover().getEngineDescriptor();

        TestDescriptor testClass = engine.getChildren().iterator().next();
        assertEquals("NamingFixtures", testClass.getDisplayName());
        assertEquals(List.of("a custom name", "plain()", "withRuntime(AsyncRuntime)"),
                testClass.getChildren().stream().map(TestDescriptor::getDisplayName).sorted().toList());
    }

    @Test
    void aMethodSelectorSelectsThatMethodAlone() {
        Events tests = execute(selectMethod(NamingFixtures.class, "withRuntime", AsyncRuntime.class.getName()));

        tests.assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals("withRuntime(AsyncRuntime)", tests.started().list().get(0).getTestDescriptor().getDisplayName());
    }

    @Test
    void uniqueIdsSelectWhatTheyName() {
        TestDescriptor engine = EngineTestKit.engine("spindle").selectors(selectClass(NamingFixtures.class))
                .discover().getEngineDescriptor();
        TestDescriptor testClass = engine.getChildren().iterator().next();
        UniqueId methodId = testClass.getChildren().stream()
                .filter(d -> d.getDisplayName().equals("withRuntime(AsyncRuntime)")).findFirst().orElseThrow()
                .getUniqueId();

        Events oneMethod = execute(selectUniqueId(methodId));
        Events wholeClass = execute(selectUniqueId(testClass.getUniqueId()));

        assertEquals(List.of(methodId), oneMethod.started().map(e -> e.getTestDescriptor().getUniqueId()).toList());
        assertEquals("spindle", methodId.getEngineId().orElseThrow());
        wholeClass.assertStatistics(s -> s.started(3).succeeded(3));
    }

    @Test
    void aClassWithoutSpindleTestsIsNotDiscovered() {
        TestDescriptor engine = EngineTestKit.engine("spindle").selectors(selectClass(SpindleEngineTest.class))
                .discover().getEngineDescriptor();

        assertTrue(engine.getChildren().isEmpty());
    }

    private static Events execute(DiscoverySelector selector) {
        return EngineTestKit.engine("spindle").selectors(selector).execute().testEvents();
    }

    private static Throwable failureOf(Events tests, String methodName) {
        Throwable t = failures(tests).get(methodName + "()");
        if (t == null) {
            throw new AssertionError("no failure reported for " + methodName + " in " + failures(tests).keySet());
        }
        return t;
    }

    /** Failures of finished tests, by display name. */
    private static Map<String, Throwable> failures(Events tests) {
        return tests.finished().stream()
                .filter(e -> e.getType() == EventType.FINISHED)
                .filter(e -> result(e).getStatus() == TestExecutionResult.Status.FAILED)
                .collect(Collectors.toMap(e -> e.getTestDescriptor().getDisplayName(),
                        e -> result(e).getThrowable().orElseThrow()));
    }

    private static TestExecutionResult result(Event e) {
        return e.getPayload(TestExecutionResult.class).orElseThrow();
    }

    private static void assertMessageContains(Throwable t, String expected) {
        assertTrue(t != null && String.valueOf(t.getMessage()).contains(expected),
                () -> "expected a failure containing '" + expected + "' but got " + t);
    }
}
