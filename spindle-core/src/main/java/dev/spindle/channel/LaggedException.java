package dev.spindle.channel;

/**
 * A {@link BroadcastReceiver} fell behind by more than the channel's capacity: the oldest
 * messages it had not received were overwritten (Tokio's {@code RecvError::Lagged(n)}). The
 * receiver has been moved to the oldest message still retained, so the next {@code recv}
 * continues from there; {@link #missed()} tells how many messages it will never see.
 */
public final class LaggedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long missed;

    /**
     * @param missed how many messages were skipped, at least 1
     */
    public LaggedException(long missed) {
        super("broadcast receiver lagged behind and missed " + missed + " messages", null, false, false);
        this.missed = missed;
    }

    /** @return how many messages the receiver skipped */
    public long missed() {
        return missed;
    }
}
