package dev.spindle.channel;

/**
 * A send failed because the channel is closed for sending (its receiver, or every receiver, is
 * gone); the value is handed back, never lost (Tokio's {@code SendError(T)}).
 *
 * <pre>{@code
 * try {
 *     tx.trySend(order);
 * } catch (SendException e) {
 *     Order unsent = e.value();
 * }
 * }</pre>
 *
 * <p>The exception is thrown without a stack trace being captured when the channel fails sends
 * often; it carries the value, which is what the caller needs.
 */
public final class SendException extends ChannelClosedException {
    private static final long serialVersionUID = 1L;

    private final transient Object value;

    /**
     * @param message why the send failed
     * @param value the value that was not sent
     */
    public SendException(String message, Object value) {
        super(message);
        this.value = value;
    }

    /**
     * Returns the value that was not sent, typed as the caller's channel element type.
     *
     * @param <T> the channel's element type
     * @return the value
     */
    @SuppressWarnings("unchecked")
    public <T> T value() {
        return (T) value;
    }
}
