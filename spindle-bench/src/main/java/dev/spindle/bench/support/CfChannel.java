package dev.spindle.bench.support;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A single-producer, single-consumer channel of capacity 1 for the {@code cf} peer: the same
 * contract as {@link SpscChannel}, in {@code CompletableFuture} style. Nothing blocks:
 * {@link #send} and {@link #recv} return stages that complete when the operation happened.
 *
 * <p>The critical sections under the monitor are a few field moves; stages are completed
 * after the monitor is released, so a dependent that runs inline never runs under it.
 */
public final class CfChannel<T> {
    private static final CompletableFuture<Void> SENT = CompletableFuture.completedFuture(null);

    private T slot;
    private T waitingItem;
    private CompletableFuture<Void> waitingSender;
    private CompletableFuture<T> waitingReceiver;

    /**
     * @param value the item, not {@code null}
     * @return a stage that completes once the item is in the channel (or handed to the receiver)
     */
    public CompletableFuture<Void> send(T value) {
        Objects.requireNonNull(value, "value");
        CompletableFuture<T> receiver;
        synchronized (this) {
            if (waitingReceiver == null) {
                if (slot == null) {
                    slot = value;
                    return SENT;
                }
                waitingItem = value;
                return waitingSender = new CompletableFuture<>();
            }
            receiver = waitingReceiver;
            waitingReceiver = null;
        }
        receiver.complete(value);
        return SENT;
    }

    /** @return a stage that completes with the next item */
    public CompletableFuture<T> recv() {
        T item;
        CompletableFuture<Void> sender;
        synchronized (this) {
            if (slot == null) {
                return waitingReceiver = new CompletableFuture<>();
            }
            item = slot;
            slot = waitingItem;
            waitingItem = null;
            sender = waitingSender;
            waitingSender = null;
        }
        if (sender != null) {
            sender.complete(null);
        }
        return CompletableFuture.completedFuture(item);
    }
}
