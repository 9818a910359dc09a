package dev.spindle.channel;

import dev.spindle.Waker;
import dev.spindle.channel.internal.WaitList;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-producer, multi-consumer channel where every receiver sees every message (Tokio's
 * {@code sync::broadcast}).
 *
 * <p>The channel retains the last {@code capacity} messages. Sending never waits: a receiver
 * that falls more than {@code capacity} messages behind gets a {@link LaggedException} from its
 * next {@code recv} telling how many it missed, and then continues from the oldest message
 * still retained.
 *
 * <pre>{@code
 * Broadcast<Event> b = Broadcast.channel(64);
 * BroadcastSender<Event> tx = b.sender();
 * BroadcastReceiver<Event> rx1 = b.receiver(), rx2 = tx.subscribe();
 * tx.send(event);                        // both rx1 and rx2 will receive it
 * }</pre>
 *
 * <p><b>Closing.</b> When the last sender is closed, receivers drain what was sent and then
 * {@code recv} completes with {@code null}. When every receiver is closed, {@code send} throws
 * {@link SendException} with the value. A receiver subscribed later sees only messages sent
 * after it subscribed. Messages may not be {@code null}.
 *
 * @param <T> the message type
 */
public final class Broadcast<T> {

    /*
     * Implementation notes.
     *
     * The Broadcast object is the shared state, guarded by `this` (short critical sections, no
     * waits; wakers are woken after the monitor is released). `buffer` is a ring of `mask + 1`
     * slots (capacity rounded up to a power of two); message number `s` (from 0) lives in slot
     * `s & mask` while `s >= tail - capacity`. `tail` is the number of messages ever sent.
     * A receiver's position `next` is the number of the next message it will receive:
     *   next <  tail - capacity : it lagged; it is moved to tail - capacity and told the gap;
     *   next <  tail            : buffer[next & mask] is its message;
     *   next == tail            : nothing new; it waits in `waiters` (an intrusive list of
     *                             receivers' recv futures, O(1) removal on cancel).
     * A send appends and wakes every waiter. Retained messages are kept until overwritten (Tokio
     * drops them once every receiver has seen them; here a slot is only overwritten).
     */

    final Object[] buffer;
    final int capacity;
    final int mask;
    long tail;
    int senders = 1;
    int receivers = 1;
    final WaitList<BroadcastReceiver.Recv> waiters = new WaitList<>();
    private final BroadcastSender<T> sender;
    private final BroadcastReceiver<T> receiver;

    private Broadcast(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("broadcast capacity must be positive: " + capacity);
        }
        if (capacity > 1 << 30) {
            throw new IllegalArgumentException("broadcast capacity too large: " + capacity);
        }
        this.capacity = capacity;
        int size = Integer.highestOneBit(capacity - 1 | 1) << (capacity == 1 ? 0 : 1);
        this.buffer = new Object[size];
        this.mask = size - 1;
        this.sender = new BroadcastSender<>(this);
        this.receiver = new BroadcastReceiver<>(this, 0);
    }

    /**
     * Creates a broadcast channel retaining {@code capacity} messages.
     *
     * @param capacity how many messages a receiver may fall behind before it lags, at least 1
     * @param <T> the message type
     * @return the channel; take its {@link #sender()} and {@link #receiver()}
     * @throws IllegalArgumentException if {@code capacity} is not positive or above 2^30
     */
    public static <T> Broadcast<T> channel(int capacity) {
        return new Broadcast<>(capacity);
    }

    /** @return the first sender; more come from {@link BroadcastSender#copy()} */
    public BroadcastSender<T> sender() {
        return sender;
    }

    /** @return the first receiver; more come from {@link BroadcastSender#subscribe()} */
    public BroadcastReceiver<T> receiver() {
        return receiver;
    }

    /** Takes every waiter's waker; the caller holds the monitor and wakes them after. */
    List<Waker> takeWaitersLocked() {
        if (waiters.isEmpty()) {
            return List.of();
        }
        List<Waker> wake = new ArrayList<>(waiters.size());
        BroadcastReceiver.Recv r;
        while ((r = waiters.pollFirst()) != null) {
            if (r.waker != null) {
                wake.add(r.waker);
                r.waker = null;
            }
        }
        return wake;
    }

    static void wakeAll(List<Waker> wakers) {
        for (Waker w : wakers) {
            w.wake();
        }
    }
}
