package dev.spindle.channel;

import dev.spindle.sync.Notify;
import java.util.Objects;

/**
 * A single-value channel that keeps only the latest value (Tokio's {@code sync::watch}): the
 * sender replaces the value, and every receiver can read the current one or wait until it
 * changes. Intermediate values may be skipped; the last one is never missed.
 *
 * <pre>{@code
 * Watch<Config> w = Watch.channel(initial);
 * WatchReceiver<Config> rx = w.receiver();
 * // in a task: for (;;) { rx.changed().await; apply(rx.borrowAndUpdate()); }
 * w.sender().send(newConfig);
 * }</pre>
 *
 * <p><b>Versions.</b> Each send increments the channel's version; each receiver remembers the
 * version it last saw ({@link WatchReceiver#borrowAndUpdate()}, {@link WatchReceiver#changed()},
 * {@link WatchReceiver#waitFor}), which is what "changed" means. A new receiver has seen the
 * current value.
 *
 * <p><b>Closing.</b> When the sender is closed, {@code changed()} fails with
 * {@link ChannelClosedException} once the receiver has seen the last value; the value stays
 * readable. When every receiver is closed, {@link WatchSender#send} throws
 * {@link SendException} (use {@link WatchSender#sendReplace} to store regardless).
 *
 * @param <T> the value type; values are not {@code null}
 */
public final class Watch<T> {

    /*
     * Implementation notes.
     *
     * The Watch object is the shared state. `value`, `version`, `txClosed` and `receivers` are
     * guarded by `this` (short critical sections, no waits). Wakeups go through a Notify and
     * notifyWaiters: a waiting receiver creates and enables a Notified *before* it compares
     * versions under the lock, and a sender bumps the version under the lock *before* calling
     * notifyWaiters, so a change is either seen by the comparison or wakes the Notified (the
     * Notify captured notifyWaiters' count at creation). This is Tokio's watch design (a
     * version counter plus a BigNotify).
     */

    final Notify changed = new Notify();
    private final WatchSender<T> sender;
    private final WatchReceiver<T> receiver;
    T value;
    long version;
    boolean txClosed;
    int receivers;

    private Watch(T initial) {
        this.value = Objects.requireNonNull(initial, "initial");
        this.sender = new WatchSender<>(this);
        this.receivers = 1;
        this.receiver = new WatchReceiver<>(this, 0);
    }

    /**
     * Creates a watch channel holding {@code initial} (version 0).
     *
     * @param initial the first value, not {@code null}
     * @param <T> the value type
     * @return the channel; take its {@link #sender()} and {@link #receiver()}
     */
    public static <T> Watch<T> channel(T initial) {
        return new Watch<>(initial);
    }

    /** @return the sender */
    public WatchSender<T> sender() {
        return sender;
    }

    /** @return the first receiver; more come from {@link WatchSender#subscribe()} or {@link WatchReceiver#copy()} */
    public WatchReceiver<T> receiver() {
        return receiver;
    }
}
