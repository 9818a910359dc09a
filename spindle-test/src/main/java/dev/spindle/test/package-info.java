/**
 * Testing async code with Spindle, after tokio-test and {@code #[tokio::test]}.
 *
 * <ul>
 *   <li>{@link dev.spindle.test.SpindleTest @SpindleTest} marks a test method that returns a
 *       future (or nothing) and runs inside a fresh runtime: current-thread or multi-thread,
 *       optionally with a paused clock, under a real-time limit that reports the task dump.
 *   <li>{@link dev.spindle.test.TestTask} polls one future by hand with a waker that records
 *       wakes, to prove a future's pending / woken / ready transitions step by step.
 * </ul>
 *
 * <p>Paused-clock control is core API and not repeated here: {@code Time.pause()},
 * {@code Time.advance(d)} (a future: it fires the due timers and lets woken tasks run),
 * {@code Time.resume()}, {@code Time.isPaused()}, and auto-advance when every task is idle.
 *
 * <pre>{@code
 * class RetryTest {
 *     @SpindleTest(startPaused = true)
 *     Future<Void> backsOffBetweenAttempts() {
 *         TestTask<String> call = TestTask.spawn(client.callWithRetry());
 *         call.assertPending();                        // first attempt failed, now sleeping
 *         return Time.advance(Duration.ofSeconds(1)).map(v -> {
 *             assertTrue(call.isWoken());
 *             assertEquals("ok", call.assertReady());
 *             return null;
 *         });
 *     }
 * }
 * }</pre>
 *
 * <p><b>Build set-up.</b> Add {@code dev.spindle:spindle-test} with test scope next to
 * {@code junit-jupiter}. Maven Surefire 3 (and Gradle's {@code useJUnitPlatform()}) run every
 * JUnit Platform engine on the test class path, so {@code @SpindleTest} methods run in the same
 * {@code mvn test} as Jupiter tests; Surefire's usual test-class name patterns
 * ({@code *Test}, {@code *Tests}, {@code Test*}, {@code *TestCase}) apply to both.
 */
package dev.spindle.test;
