package dev.spindle.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.platform.commons.annotation.Testable;

/**
 * Marks a test method that runs inside a fresh Spindle runtime — Tokio's {@code #[tokio::test]}.
 *
 * <pre>{@code
 * class TimeoutTest {
 *     @SpindleTest(startPaused = true)
 *     Future<Void> anHourPassesInstantly() {
 *         Deadline start = Deadline.now();
 *         return Time.sleep(Duration.ofHours(1)).map(v -> {
 *             assertEquals(1, start.elapsed().toHours()); // no real hour passed
 *             return null;
 *         });
 *     }
 * }
 * }</pre>
 *
 * <p><b>What a test method looks like.</b> It returns a {@link dev.spindle.Future Future} (the
 * common case: the test passes when the future completes, and fails with the future's own
 * exception when it fails) or {@code void} (the test is the method body). It may declare
 * parameters of type {@link dev.spindle.runtime.AsyncRuntime AsyncRuntime} or
 * {@link dev.spindle.runtime.Handle Handle}, which receive the test's runtime; no other parameter
 * type is supported. It may be static; it must not be private or abstract. A method that breaks
 * these rules is still reported, as a failed test that says what is wrong.
 *
 * <p><b>How it runs.</b> For each method: a new runtime is built from this annotation's
 * attributes; a new instance of the test class is made with its no-arg constructor and the
 * method is invoked, both <em>inside</em> the runtime (so field initialisers and the method body
 * may call {@code Time.sleep}, {@code Deadline.now}, {@code Task.spawn}, {@code Time.pause});
 * the returned future is driven by {@link dev.spindle.runtime.AsyncRuntime#blockOn blockOn} on
 * the test thread, as {@code #[tokio::test]} does with {@code block_on}; finally the runtime is
 * closed. The test fails if the future fails, if it is still pending after
 * {@link #timeoutMillis()} of real time (the failure message holds the runtime's task dump),
 * or if the runtime does not shut down cleanly (a task or a runtime thread outlives
 * {@code close()}).
 *
 * <p><b>Who runs it.</b> JUnit Jupiter only runs {@code @Test} methods that return
 * {@code void}, so {@code @SpindleTest} is not a Jupiter extension: it is served by Spindle's own
 * JUnit Platform test engine (engine id {@code spindle}), which {@code spindle-test} registers
 * with the platform. Any JUnit Platform launcher — Maven Surefire, Gradle, IDEs — finds it on the
 * test class path and runs {@code @SpindleTest} methods next to Jupiter's {@code @Test} methods,
 * in the same classes if you like. (Surefire then reports such a class once per engine: the
 * build's totals and the XML report's test cases are complete, but the class's {@code .txt}
 * report and the XML header count only the engine that ran last. Keep the two kinds in separate
 * classes where per-class report counts matter.)
 *
 * <p><b>What the engine does not do.</b> It knows nothing of Jupiter's programming model:
 * {@code @BeforeEach}, {@code @AfterEach}, {@code @BeforeAll}, {@code @AfterAll},
 * {@code @Nested}, {@code @Disabled}, {@code @DisplayName}, {@code @Tag}, {@code @ExtendWith},
 * parameter resolvers and parallel execution are not honoured for {@code @SpindleTest} methods.
 * Put set-up in the constructor, in field initialisers or at the top of the method body, and
 * clean-up in the returned future (for example with {@link dev.spindle.Future#then then}). Jupiter
 * assertions and assumptions work as usual: a failed assumption reports the test as aborted,
 * which is also the way to skip one ({@code Assumptions.abort("why")}). Methods run one at a time,
 * ordered by name. Do not put {@code @Test} on the same method: Jupiter would run a {@code void}
 * one a second time, outside any runtime.
 *
 * <p>On the module path, open the test package to {@code org.junit.platform.commons} (as for
 * Jupiter), so that the engine can call package-private constructors and methods.
 *
 * @see TestTask
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Testable
public @interface SpindleTest {

    /**
     * Which runtime the test runs on. The default is the current-thread runtime, as for
     * {@code #[tokio::test]}: every task runs on the test thread, which keeps tests deterministic.
     *
     * @return the runtime flavor
     */
    Flavor flavor() default Flavor.CURRENT_THREAD;

    /**
     * The number of worker threads of a {@link Flavor#MULTI_THREAD} runtime; ignored by the
     * current-thread runtime.
     *
     * @return at least 1
     */
    int workerThreads() default 2;

    /**
     * Whether the runtime's clock starts paused. A paused clock moves only by
     * {@code Time.advance} and by auto-advance (when every task is idle, it jumps to the next
     * timer), so a test of an hour-long timeout finishes at once and the same way every time.
     *
     * @return whether to start paused
     */
    boolean startPaused() default false;

    /**
     * The real-time limit, in milliseconds, for the returned future; zero or negative means no
     * limit. The limit is measured on the wall clock, not the runtime's (possibly paused) clock.
     * When it expires the future is cancelled and the test fails with a
     * {@link java.util.concurrent.TimeoutException} whose message shows what the test future was
     * waiting on and the runtime's {@link dev.spindle.runtime.AsyncRuntime#dumpTasks() task dump}.
     *
     * <p>The limit is checked between polls: a poll that never returns (a busy loop, a blocking
     * call inside a future) cannot be stopped, as no thread is ever killed.
     *
     * @return the limit in milliseconds
     */
    long timeoutMillis() default 10_000;

    /**
     * The name to show in reports instead of the method's name; empty for the default,
     * {@code methodName(ParameterTypes)} as Jupiter shows.
     *
     * @return the display name, or empty
     */
    String displayName() default "";

    /** The runtime flavor a {@link SpindleTest} runs on. */
    enum Flavor {
        /** {@code AsyncRuntime.builder().currentThread()}: all tasks run on the test thread. */
        CURRENT_THREAD,
        /**
         * {@code AsyncRuntime.builder().multiThread()} with {@link SpindleTest#workerThreads()}
         * workers; the test future itself is still polled on the test thread.
         */
        MULTI_THREAD
    }
}
