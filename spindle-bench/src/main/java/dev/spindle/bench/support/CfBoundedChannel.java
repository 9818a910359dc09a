package dev.spindle.bench.support;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A bounded multi-producer, single-consumer channel for the {@code cf} peer of
 * {@code mpsc_throughput}, in {@code CompletableFuture} style (the counterpart of
 * {@link CfChannel} with a capacity and many senders). Nothing blocks: {@link #send} and
 * {@link #recv} return stages, already complete when the operation could happen at once.
 *
 * <p>The critical sections under the monitor move a few references; stages are completed after
 * it is released, so a dependent that runs inline never runs under it. Waiting senders are
 * served in FIFO order.
 */
public final class CfBoundedChannel<T> {
    private static final CompletableFuture<Void> SENT = CompletableFuture.completedFuture(null);

    private final int capacity;
    private final ArrayDeque<T> items;
    private final ArrayDeque<T> waitingItems = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Void>> waitingSenders = new ArrayDeque<>();
    private CompletableFuture<T> waitingReceiver;

    /** @param capacity how many items the channel buffers */
    public CfBoundedChannel(int capacity) {
        this.capacity = capacity;
        this.items = new ArrayDeque<>(capacity);
    }

    /**
     * @param value the item, not {@code null}
     * @return a stage that completes once the item is in the channel
     */
    public CompletableFuture<Void> send(T value) {
        Objects.requireNonNull(value, "value");
        CompletableFuture<T> receiver;
        synchronized (this) {
            if (waitingReceiver == null) {
                if (items.size() < capacity) {
                    items.add(value);
                    return SENT;
                }
                CompletableFuture<Void> wait = new CompletableFuture<>();
                waitingItems.add(value);
                waitingSenders.add(wait);
                return wait;
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
        CompletableFuture<Void> sender = null;
        synchronized (this) {
            item = items.poll();
            if (item == null) {
                return waitingReceiver = new CompletableFuture<>();
            }
            if (!waitingSenders.isEmpty()) {
                items.add(waitingItems.poll());
                sender = waitingSenders.poll();
            }
        }
        if (sender != null) {
            sender.complete(null);
        }
        return CompletableFuture.completedFuture(item);
    }
}
