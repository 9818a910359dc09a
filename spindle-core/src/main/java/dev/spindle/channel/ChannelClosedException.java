package dev.spindle.channel;

/**
 * Thrown when a channel operation cannot happen because the channel, or the handle used, is
 * closed: receiving from a {@link Oneshot} whose sender closed without sending, waiting for a
 * {@link Watch} change after the sender closed, or using a sender or receiver handle after its own
 * {@code close()}.
 *
 * <p>A send refused because nobody will receive fails with the subclass {@link SendException},
 * which hands the value back.
 */
public class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was closed
     */
    public ChannelClosedException(String message) {
        super(message);
    }
}
