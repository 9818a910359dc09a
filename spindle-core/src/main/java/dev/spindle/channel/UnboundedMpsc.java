package dev.spindle.channel;

/**
 * An unbounded {@link Mpsc} channel, created by {@link Mpsc#unbounded()}: the pair of its first
 * {@link UnboundedSender} and its {@link MpscReceiver}. Semantics as {@link Mpsc}, except that
 * sending never waits.
 *
 * @param <T> the message type
 */
public final class UnboundedMpsc<T> {
    private final UnboundedSender<T> sender;
    private final MpscReceiver<T> receiver;

    UnboundedMpsc(MpscChan<T> chan) {
        this.sender = new UnboundedSender<>(chan);
        this.receiver = new MpscReceiver<>(chan);
    }

    /** @return the first sender; more come from {@link UnboundedSender#copy()} */
    public UnboundedSender<T> sender() {
        return sender;
    }

    /** @return the receiver */
    public MpscReceiver<T> receiver() {
        return receiver;
    }
}
