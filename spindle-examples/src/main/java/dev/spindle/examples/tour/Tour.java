package dev.spindle.examples.tour;

import java.io.PrintStream;
import java.util.List;

/**
 * A runnable walk through Spindle: each step is a small program that prints what happens as it
 * runs. Read a step's class next to its output.
 *
 * <p>The output is the same from run to run: the steps use the current-thread runtime (every
 * task on the caller's thread, in a fixed order) or joins that fix the order, and timers of
 * clearly different lengths.
 */
public final class Tour {
    private static final List<Step> STEPS = List.of(
            new Laziness(),
            new SpawnAndJoin(),
            new JoinConcurrently(),
            new SelectFirst(),
            new Timeouts(),
            new JoinSetOrder(),
            new BlockingWork(),
            new Cancellation(),
            new StructuredScope(),
            new TaskLocals(),
            new PausedClock());

    private final Narrator out;

    /**
     * Creates the tour.
     *
     * @param out where it prints
     */
    public Tour(PrintStream out) {
        this.out = new Narrator(out);
    }

    /**
     * Runs every step in order.
     *
     * @throws Exception if a step fails
     */
    public void run() throws Exception {
        out.plain("Spindle tour: Rust's async model on the JVM");
        out.plain("Futures are lazy and poll-based; a runtime polls them as tasks and wakes them");
        out.plain("when they can make progress. " + STEPS.size() + " short steps follow.");
        int n = 0;
        for (Step step : STEPS) {
            out.heading(++n, step.title());
            step.run(out);
        }
        out.plain("");
        out.plain("Tour complete: " + n + " steps.");
    }

    /** @return the titles of the steps, in order */
    public static List<String> stepTitles() {
        return STEPS.stream().map(Step::title).toList();
    }
}
