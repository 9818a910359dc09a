package dev.spindle.channel;

/**
 * A channel for sending exactly one value between tasks (Tokio's {@code sync::oneshot}).
 *
 * <pre>{@code
 * Oneshot<String> ch = Oneshot.channel();
 * OneshotSender<String> tx = ch.sender();
 * OneshotReceiver<String> rx = ch.receiver();   // rx is itself a Future<String>
 * Task.spawn(Future.lazy(() -> { tx.send("done"); return Future.ready(null); }));
 * String v = rx.await();
 * }</pre>
 *
 * <p><b>Closing.</b> A sender that is {@linkplain OneshotSender#close() closed} without sending
 * makes the receiver fail with {@link ChannelClosedException}. A receiver that is closed (or,
 * being a future, cancelled) makes a later {@link OneshotSender#send send} throw
 * {@link SendException} with the value, and completes {@link OneshotSender#closed()}.
 * Values may not be {@code null}.
 *
 * @param <T> the value type
 */
public final class Oneshot<T> {

    /*
     * Implementation notes.
     *
     * The receiver is the shared state, the sender points at it, and this object only hands
     * the two out: once a program has taken the halves it can drop the Oneshot, and an idle
     * channel is two small objects (a suspended task awaiting a oneshot is the idle_memory
     * workload; three objects cost 80 bytes there, two cost 48). Every state field is guarded
     * by the receiver's monitor (short critical sections, no waits); wakers are woken after the
     * monitor is released. State: `value` (non-null once sent and not yet taken), `sent`,
     * `txClosed` (sender closed, with or without sending), `rxClosed`, `taken`, `rxWaker` (the
     * task awaiting the receiver), `txWaker` (the task awaiting sender.closed()). Each flag only
     * ever goes false -> true, so the terminal states are stable and a poll that sees one can
     * report it without re-checking.
     */

    private final OneshotReceiver<T> receiver = new OneshotReceiver<>();
    private final OneshotSender<T> sender = new OneshotSender<>(receiver);

    private Oneshot() {
    }

    /**
     * Creates a oneshot channel.
     *
     * @param <T> the value type
     * @return the channel; take its {@link #sender()} and {@link #receiver()}
     */
    public static <T> Oneshot<T> channel() {
        return new Oneshot<>();
    }

    /** @return the sending half */
    public OneshotSender<T> sender() {
        return sender;
    }

    /** @return the receiving half, which is a {@code Future<T>} */
    public OneshotReceiver<T> receiver() {
        return receiver;
    }
}
