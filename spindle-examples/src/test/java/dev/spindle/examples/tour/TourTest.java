package dev.spindle.examples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.examples.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the tour in-process through {@link Main#run} (as {@code ./spindle tour} does) and checks
 * that each step shows what it claims to show, in the order it claims.
 */
class TourTest {
    private static int status;
    private static String output;
    private static String errors;

    @BeforeAll
    static void runTheTour() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        status = Main.run(new String[] {"tour"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        output = out.toString(StandardCharsets.UTF_8);
        errors = err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void completesWithStatusZeroAndNothingOnStderr() {
        assertEquals(Main.OK, status, errors);
        assertEquals("", errors);
        assertTrue(output.contains("Tour complete: 11 steps."), output);
    }

    @Test
    void printsEveryStepHeadingInOrder() {
        List<String> titles = Tour.stepTitles();
        assertEquals(11, titles.size());
        String[] headings = new String[titles.size()];
        for (int i = 0; i < titles.size(); i++) {
            headings[i] = (i + 1) + ". " + titles.get(i);
        }
        assertInOrder(headings);
    }

    @Test
    void aFutureRunsOnlyWhenPolled() {
        assertInOrder("nothing has run yet", "blockOn(future) polls it", "the future's body runs now",
                "value: \"hello, world\"");
        assertInOrder("poll 1: Pending", "poll 2: Pending", "poll 3: Ready", "after 3 polls");
        assertContains("poll(cx) = Ready[value=42]");
    }

    @Test
    void spawnedTaskIsJoinedThroughItsHandle() {
        assertContains("task 'answer' runs on spindle-worker-N");
        assertContains("rt.blockOn(handle) = 42");
        assertContains("isFailed() = true, cause: NumberFormatException");
    }

    @Test
    void joinWaitsForBothConcurrently() {
        assertInOrder("'fast' (10 ms) finished", "'slow' (30 ms) finished", "Futures.join(slow, fast) = (slow, fast)",
                "about 30 ms, not 10 + 30");
    }

    @Test
    void selectCancelsTheLoser() {
        assertInOrder("slow (1 hour): first poll", "slow (1 hour): cancel() called",
                "select(slow, fast) -> index 1, value \"fast\"", "timers still registered = 0");
    }

    @Test
    void timeoutFailsWithElapsedAndCancelsTheInnerFuture() {
        assertInOrder("slow call: first poll", "slow call: cancel() called",
                "Time.timeout(20 ms, slowCall) failed with ElapsedException");
        assertContains("quickCall.orTimeout(5 s) = \"quick response\"");
    }

    @Test
    void joinSetYieldsResultsInCompletionOrder() {
        assertInOrder("joinNext() -> a", "joinNext() -> b", "joinNext() -> c", "joinNext() gave [a, b, c]");
    }

    @Test
    void blockingWorkRunsOnABlockingPoolThread() {
        assertContains("the blocking call ran on thread 'spindle-blocking-");
    }

    @Test
    void abortedTaskReportsCancelledAndItsFutureIsCancelled() {
        assertInOrder("sleeper: first poll", "main: sleeper.abort()", "sleeper: cancel() called",
                "isCancelled() = true, isFailed() = false", "CancelledException", "timers registered = 0");
    }

    @Test
    void scopeFailureCancelsTheSibling() {
        assertInOrder("fetch-profile: first poll", "fetch-orders fails", "fetch-profile: cancel() called",
                "the scope failed with its first failure", "IllegalStateException: orders database unavailable",
                "live tasks = 0");
    }

    @Test
    void eachTaskSeesItsOwnTaskLocal() {
        assertInOrder("[req-1] start", "[req-2] start", "[req-1] resumed, still req-1", "[req-2] resumed, still req-2",
                "returned req-1 and req-2");
        assertContains("REQUEST_ID.orElse(\"none\") = none");
    }

    @Test
    void pausedClockSleepsAnHourWithoutWaiting() {
        assertContains("Time.isPaused() = true");
        assertContains("the runtime's clock moved 60 minutes");
    }

    private static void assertContains(String expected) {
        assertTrue(output.contains(expected), () -> "missing \"" + expected + "\" in:\n" + output);
    }

    /** Each string occurs after the previous one. */
    private static void assertInOrder(String... expected) {
        int from = 0;
        for (String e : expected) {
            int at = output.indexOf(e, from);
            if (at < 0) {
                fail("missing \"" + e + "\" after offset " + from + " in:\n" + output);
            }
            from = at + e.length();
        }
    }
}
