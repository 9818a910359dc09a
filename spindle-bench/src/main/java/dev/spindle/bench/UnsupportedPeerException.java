package dev.spindle.bench;

/**
 * A workload that does not run on a peer (the stream peers run only the stream workloads; the
 * stream workloads have no hand-written Spindle variant). {@link BenchMain} exits with
 * {@value #EXIT_STATUS} for it and {@code run.sh} skips the pair instead of counting a failure.
 */
public final class UnsupportedPeerException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The exit status of {@code spindle-bench.jar WORKLOAD PEER} for an unsupported pair. */
    public static final int EXIT_STATUS = 4;

    /**
     * @param workload the workload's name
     * @param peer the peer's id
     */
    public UnsupportedPeerException(String workload, String peer) {
        super(workload + " does not run on peer " + peer);
    }
}
