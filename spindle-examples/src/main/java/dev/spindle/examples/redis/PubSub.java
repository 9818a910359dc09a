package dev.spindle.examples.redis;

import dev.spindle.channel.Broadcast;
import dev.spindle.channel.BroadcastReceiver;
import dev.spindle.channel.BroadcastSender;
import dev.spindle.channel.ChannelClosedException;
import java.util.HashMap;
import java.util.Map;

/**
 * Pub/sub channels: one {@link Broadcast} per channel that has subscribers, created by the first
 * SUBSCRIBE and dropped with the last UNSUBSCRIBE, so a channel nobody listens to costs nothing.
 *
 * <p>A subscriber that falls more than {@code capacity} messages behind lags: the connection
 * closes it, as Redis disconnects a subscriber that exceeds its output-buffer limit.
 *
 * <p>Thread-safe.
 */
final class PubSub {

    /*
     * Implementation notes.
     *
     * `channels` maps a channel name to the sender of its Broadcast, guarded by `this` for
     * subscribe/unsubscribe (short critical sections: map operations and the Broadcast's own
     * short monitor; no waits). publish reads the map under the same monitor and sends outside
     * it. Race: a publish that took the sender just before the last unsubscribe closed it gets
     * ChannelClosedException or SendException (no receiver), which is "0 subscribers" — correct,
     * as the unsubscribe happened before the send took effect. A subscribe after that creates a
     * fresh Broadcast, so no subscriber ever holds a closed channel.
     */

    private final int capacity;
    private final Map<Key, BroadcastSender<byte[]>> channels = new HashMap<>();

    /** @param capacity how many messages a subscriber may fall behind before it lags */
    PubSub(int capacity) {
        this.capacity = capacity;
    }

    /**
     * @param channel the channel name
     * @return a receiver of every message published to {@code channel} from now on; give it
     *     back with {@link #unsubscribe}
     */
    synchronized BroadcastReceiver<byte[]> subscribe(Key channel) {
        BroadcastSender<byte[]> sender = channels.get(channel);
        if (sender != null) {
            return sender.subscribe();
        }
        Broadcast<byte[]> b = Broadcast.channel(capacity);
        channels.put(channel, b.sender());
        return b.receiver();
    }

    /**
     * Closes {@code receiver}, and drops the channel if it was the last.
     *
     * @param channel the channel name it was subscribed with
     * @param receiver the receiver {@link #subscribe} returned
     */
    synchronized void unsubscribe(Key channel, BroadcastReceiver<byte[]> receiver) {
        receiver.close();
        BroadcastSender<byte[]> sender = channels.get(channel);
        if (sender != null && sender.receiverCount() == 0) {
            channels.remove(channel);
            sender.close();
        }
    }

    /**
     * PUBLISH.
     *
     * @param channel the channel name
     * @param message the message
     * @return how many subscribers will receive it
     */
    int publish(Key channel, byte[] message) {
        BroadcastSender<byte[]> sender;
        synchronized (this) {
            sender = channels.get(channel);
        }
        if (sender == null) {
            return 0;
        }
        try {
            return sender.send(message);
        } catch (ChannelClosedException e) { // SendException too: no receiver left
            return 0;
        }
    }

    /** @return the number of channels with subscribers */
    synchronized int channelCount() {
        return channels.size();
    }
}
