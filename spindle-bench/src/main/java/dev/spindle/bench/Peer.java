package dev.spindle.bench;

import java.util.Locale;

/**
 * The implementations a workload is run on, side by side (see {@code WORKLOADS.md}).
 *
 * <p>As WORKLOADS.md asks, the Spindle peers {@code spindle-mt} / {@code spindle-ct} run tasks
 * written the way a user writes them — {@code @Async} methods, compiled into state machines by
 * {@code spindle-maven-plugin} at {@code process-classes} — while {@code spindle-mt-hand} /
 * {@code spindle-ct-hand} run the same workload as hand-written {@code Future} state machines on
 * the same runtimes. The {@code -hand} rows show what the transformer costs (or saves).
 */
public enum Peer {
    /** Spindle's multi-thread runtime with 2 workers, tasks written as {@code @Async} methods. */
    SPINDLE_MT("spindle-mt"),
    /** Spindle's current-thread runtime, tasks written as {@code @Async} methods. */
    SPINDLE_CT("spindle-ct"),
    /** Spindle's multi-thread runtime with 2 workers, hand-written futures. */
    SPINDLE_MT_HAND("spindle-mt-hand"),
    /** Spindle's current-thread runtime, hand-written futures. */
    SPINDLE_CT_HAND("spindle-ct-hand"),
    /** Virtual threads on the default scheduler, blocking {@code java.util.concurrent} primitives. */
    VT("vt"),
    /** {@code CompletableFuture} chains on {@code new ForkJoinPool(2, defaultFactory, null, true)}. */
    CF("cf"),
    /** Project Reactor's {@code Flux} (stream workloads only). */
    REACTOR("reactor"),
    /** {@code java.util.concurrent.SubmissionPublisher} with hand-written subscribers (stream workloads only). */
    SUBMISSION_PUBLISHER("submission-publisher"),
    /** Netty 4.2's NIO transport with 2 event-loop threads (tcp_echo only). */
    NETTY("netty");

    private final String id;

    Peer(String id) {
        this.id = id;
    }

    /** @return the name used on the command line and written in the {@code peer} field of the JSON line */
    public String id() {
        return id;
    }

    /**
     * The failure for a workload that does not run on this peer (the stream peers run only the
     * stream workloads; the stream workloads have no hand-written Spindle variant).
     *
     * @param workload the workload's name
     * @return the exception to throw
     */
    public UnsupportedPeerException unsupportedBy(String workload) {
        return new UnsupportedPeerException(workload, id);
    }

    /** @return whether this peer runs on Spindle (the ratio column compares against the others) */
    public boolean isSpindle() {
        return this == SPINDLE_MT || this == SPINDLE_CT || this == SPINDLE_MT_HAND || this == SPINDLE_CT_HAND;
    }

    /** @return whether this is a Spindle peer on the multi-thread runtime */
    public boolean isMultiThreadSpindle() {
        return this == SPINDLE_MT || this == SPINDLE_MT_HAND;
    }

    /**
     * Looks a peer up by its id.
     *
     * @param name {@code spindle-mt}, {@code spindle-ct}, {@code spindle-mt-hand},
     *     {@code spindle-ct-hand}, {@code vt}, {@code cf}, {@code netty}, {@code reactor} or
     *     {@code submission-publisher}
     * @return the peer
     * @throws IllegalArgumentException for an unknown name
     */
    public static Peer byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Peer p : values()) {
            if (p.id.equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown peer '" + name + "' (expected spindle-mt, spindle-ct,"
                + " spindle-mt-hand, spindle-ct-hand, vt, cf, netty, reactor or submission-publisher)");
    }
}
