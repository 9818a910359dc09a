package dev.spindle.channel.internal;

/**
 * The message store of an mpsc channel: many producers push, one consumer pops, and the consumer
 * can <em>seal</em> the queue once it is empty with no push in flight, after which every push
 * fails. Sealing is how "the receiver drains everything sent before the channel closed" is made
 * exact: a push either lands before the seal (and is drained) or fails (and the sender gets its
 * value back).
 *
 * @param <T> the element type
 */
public interface MessageQueue<T> {

    /**
     * Appends {@code value} (any thread). Never waits for the consumer.
     *
     * @param value not {@code null}
     * @return {@code false} if the queue is sealed and the value was not stored
     */
    boolean push(T value);

    /**
     * Takes the oldest published element (the consumer only).
     *
     * @return the element, or {@code null} if none is published yet
     */
    T pop();

    /**
     * Seals the queue if it is empty and no push is in flight (the consumer only).
     *
     * @return whether the queue is sealed now (also when it already was)
     */
    boolean seal();
}
