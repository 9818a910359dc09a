package dev.spindle.channel;

/**
 * A multi-producer, single-consumer FIFO channel (Tokio's {@code sync::mpsc}), bounded or
 * unbounded.
 *
 * <pre>{@code
 * Mpsc<Job> ch = Mpsc.bounded(1024);
 * MpscSender<Job> tx = ch.sender();          // tx.copy() for each further producer
 * MpscReceiver<Job> rx = ch.receiver();
 * // producer task:  tx.send(job).await();            (waits while the channel is full)
 * // consumer task:  Job j; while ((j = rx.recv().await()) != null) { handle(j); }
 * }</pre>
 *
 * <p><b>Bounded</b> ({@link #bounded(int)}): at most {@code capacity} messages are buffered; a
 * {@link MpscSender#send send} waits for room (FIFO among waiting senders),
 * {@link MpscSender#trySend trySend} reports a full channel with {@code false}, and
 * {@link MpscSender#reserve reserve} waits for room and returns an {@link MpscPermit} whose
 * {@code send} cannot fail — the cancel-safe way to send from a {@code select}.
 * <b>Unbounded</b> ({@link #unbounded()}): sends never wait ({@link UnboundedSender}).
 *
 * <p><b>End of stream.</b> {@link MpscReceiver#recv() recv} completes with {@code null} (as
 * {@code Queue.poll} does) once every sender is closed and every message sent before is
 * received; messages are therefore never {@code null}. Closing the receiver refuses further
 * sends with {@link SendException}, which hands the value back; what was already sent can
 * still be received.
 *
 * <p><b>Ordering.</b> Messages from one sender arrive in the order sent; messages of
 * different senders interleave in the order their sends completed.
 *
 * @param <T> the message type
 */
public final class Mpsc<T> {
    private final MpscSender<T> sender;
    private final MpscReceiver<T> receiver;

    private Mpsc(MpscChan<T> chan) {
        this.sender = new MpscSender<>(chan);
        this.receiver = new MpscReceiver<>(chan);
    }

    /**
     * Creates a bounded channel.
     *
     * @param capacity the most messages buffered at once, 1 to 2^30 - 1
     * @param <T> the message type
     * @return the channel; take its {@link #sender()} and {@link #receiver()}
     * @throws IllegalArgumentException if {@code capacity} is out of range
     */
    public static <T> Mpsc<T> bounded(int capacity) {
        return new Mpsc<>(MpscChan.bounded(capacity));
    }

    /**
     * Creates an unbounded channel: sends never wait, so nothing limits memory but the
     * receiver's pace.
     *
     * @param <T> the message type
     * @return the channel; take its {@link UnboundedMpsc#sender()} and {@link UnboundedMpsc#receiver()}
     */
    public static <T> UnboundedMpsc<T> unbounded() {
        return new UnboundedMpsc<>(MpscChan.unbounded());
    }

    /** @return the first sender; more come from {@link MpscSender#copy()} */
    public MpscSender<T> sender() {
        return sender;
    }

    /** @return the receiver */
    public MpscReceiver<T> receiver() {
        return receiver;
    }
}
