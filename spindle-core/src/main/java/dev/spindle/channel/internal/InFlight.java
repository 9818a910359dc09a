package dev.spindle.channel.internal;

/**
 * The consumer's wait for a producer that has claimed a queue position and not yet written it:
 * a window of a few instructions, so the consumer spins; after a while it yields its thread in
 * case the producer was descheduled inside the window on the same core.
 */
final class InFlight {
    private static final int SPINS_BEFORE_YIELD = 64;

    private InFlight() {
    }

    /** One step of the wait; {@code spins} counts the steps so far. */
    static void spin(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
