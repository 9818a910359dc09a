package dev.spindle.bench;

import java.util.Locale;

/**
 * The implementations a workload is run on, side by side (see {@code WORKLOADS.md}).
 *
 * <p>The Spindle peers are written as hand-written {@code Future} state machines until the
 * {@code @Async} transformer exists, so — as WORKLOADS.md asks — they report themselves as
 * {@code spindle-mt-hand} / {@code spindle-ct-hand}. The command line also accepts the short
 * names {@code spindle-mt} / {@code spindle-ct} for them; once {@code @Async} versions exist,
 * the short names should move to those and the {@code -hand} peers stay as they are.
 */
public enum Peer {
    /** Spindle's multi-thread runtime with 2 workers, hand-written futures. */
    SPINDLE_MT("spindle-mt-hand", "spindle-mt"),
    /** Spindle's current-thread runtime, hand-written futures. */
    SPINDLE_CT("spindle-ct-hand", "spindle-ct"),
    /** Virtual threads on the default scheduler, blocking {@code java.util.concurrent} primitives. */
    VT("vt", "vt"),
    /** {@code CompletableFuture} chains on {@code new ForkJoinPool(2, defaultFactory, null, true)}. */
    CF("cf", "cf"),
    /** Project Reactor's {@code Flux} (stream workloads only). */
    REACTOR("reactor", "reactor"),
    /** {@code java.util.concurrent.SubmissionPublisher} with hand-written subscribers (stream workloads only). */
    SUBMISSION_PUBLISHER("submission-publisher", "submission-publisher"),
    /** Netty 4.2's NIO transport with 2 event-loop threads (tcp_echo only). */
    NETTY("netty", "netty");

    private final String id;
    private final String alias;

    Peer(String id, String alias) {
        this.id = id;
        this.alias = alias;
    }

    /** @return the name written in the {@code peer} field of the JSON line */
    public String id() {
        return id;
    }

    /**
     * The failure for a workload that does not run on this peer (the stream peers run only the
     * stream workloads, and the stream workloads only on Spindle and the stream peers).
     *
     * @param workload the workload's name
     * @return the exception to throw
     */
    public IllegalArgumentException unsupportedBy(String workload) {
        return new IllegalArgumentException(workload + " does not run on peer " + id);
    }

    /** @return whether this peer runs on Spindle (the ratio column compares against the others) */
    public boolean isSpindle() {
        return this == SPINDLE_MT || this == SPINDLE_CT;
    }

    /**
     * Looks a peer up by its id or alias.
     *
     * @param name {@code spindle-mt}, {@code spindle-mt-hand}, {@code spindle-ct},
     *     {@code spindle-ct-hand}, {@code vt}, {@code cf}, {@code reactor}, {@code submission-publisher} or {@code netty}
     * @return the peer
     * @throws IllegalArgumentException for an unknown name
     */
    public static Peer byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Peer p : values()) {
            if (p.id.equals(n) || p.alias.equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown peer '" + name
                + "' (expected spindle-mt, spindle-ct, vt, cf, reactor, submission-publisher or netty)");
    }
}
