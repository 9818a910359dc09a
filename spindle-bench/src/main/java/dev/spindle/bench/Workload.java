package dev.spindle.bench;

/**
 * One row of the table in {@code WORKLOADS.md}: a fixed amount of work, done the same way by
 * every {@link Peer}, that a {@link Trial} repeats and checks.
 */
public interface Workload {

    /** @return the name used on the command line and in the JSON line, e.g. {@code spawn_local} */
    String name();

    /** @return how many operations ("op" in WORKLOADS.md) one run performs; ns_per_op divides by it */
    long ops();

    /**
     * Sets the workload up on {@code peer} for this JVM: builds the runtime or pool that all
     * runs share. Not timed.
     *
     * @param peer the implementation to run on
     * @return the trial; the caller closes it
     */
    Trial open(Peer peer);
}
