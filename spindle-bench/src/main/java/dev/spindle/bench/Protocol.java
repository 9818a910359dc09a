package dev.spindle.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The measuring protocol of WORKLOADS.md, for one (workload, peer) in one fresh JVM.
 *
 * <ul>
 *   <li>{@value #WARMUP_RUNS} warm-up run, then {@value #COUNTED_RUNS} counted runs, all on the
 *       same {@link Trial} (one runtime or pool per JVM, as a program would have);
 *   <li>{@link System#gc()} before each run, outside the timed part;
 *   <li>each run times itself with {@link System#nanoTime()} and checks its own result — a
 *       wrong result is a {@link BenchFailure} and no figure is printed.
 * </ul>
 *
 * <p>Extras are summarised as the median of the counted runs, except those whose key ends in
 * {@value RunResult#FIRST_RUN_SUFFIX}, which are the warm-up run's own value: a fresh JVM's first
 * run is the only one that touches its heap pages for the first time, so only it shows the
 * resident memory a program would need.
 */
public final class Protocol {
    /** Runs done before the counted ones. */
    public static final int WARMUP_RUNS = 1;
    /** Runs that make the figures. */
    public static final int COUNTED_RUNS = 5;

    private Protocol() {
    }

    /**
     * Runs {@code workload} on {@code peer} by the protocol.
     *
     * @param workload what to run
     * @param peer on what
     * @return the summary, ready to print as the JSON line
     * @throws Exception whatever a run threw, including {@link BenchFailure}
     */
    public static Summary measure(Workload workload, Peer peer) throws Exception {
        RunResult first = null;
        List<RunResult> counted = new ArrayList<>(COUNTED_RUNS);
        try (Trial trial = workload.open(peer)) {
            for (int i = 0; i < WARMUP_RUNS + COUNTED_RUNS; i++) {
                System.gc();
                RunResult r = trial.run();
                if (i == 0) {
                    first = r;
                }
                if (i >= WARMUP_RUNS) {
                    counted.add(r);
                }
            }
        }
        return Summary.of(workload, peer, first, counted);
    }
}
