package dev.spindle.bench;

import java.util.Map;

/**
 * What one run measured.
 *
 * @param nanos the timed part of the run
 * @param extras workload-specific figures (for idle_memory, bytes per task); {@link Protocol}
 *     reports the median over the counted runs, except for keys ending in {@code _first_run},
 *     which come from the first run in the JVM (the warm-up run)
 */
public record RunResult(long nanos, Map<String, Double> extras) {

    /** The suffix of extras that are taken from the first run only. */
    public static final String FIRST_RUN_SUFFIX = "_first_run";

    public RunResult {
        extras = Map.copyOf(extras);
    }

    /**
     * @param nanos the timed part of the run
     * @return a result without extras
     */
    public static RunResult timed(long nanos) {
        return new RunResult(nanos, Map.of());
    }
}
