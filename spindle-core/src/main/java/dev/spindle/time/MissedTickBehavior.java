package dev.spindle.time;

/**
 * What an {@link Interval} does when ticks were missed because the consumer was late (Tokio's
 * {@code MissedTickBehavior}). With a period of 10 ms, ticks due at 10, 20, 30 and a consumer that
 * only polls again at 35:
 */
public enum MissedTickBehavior {
    /** Fire the missed ticks at once, one per poll (20, 30 immediately), then keep the original schedule (40). The default. */
    BURST,
    /** Fire one tick now and schedule the next a full period after it (35, then 45, 55…). */
    DELAY,
    /** Fire one tick now and skip to the next tick on the original schedule (35, then 40, 50…). */
    SKIP
}
