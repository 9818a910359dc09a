package dev.spindle.runtime.internal;

/**
 * An element that carries its own link for the scheduler's intrusive queues.
 *
 * <p>The task type the scheduler runs implements this interface so that the global
 * {@link InjectQueue} can chain tasks without allocating a node per push. A task is in
 * at most one intrusive chain at a time: the scheduler only queues a task that has been
 * notified and not yet queued, so one link field suffices.
 *
 * <p>The link is a plain field. Implementations must not add synchronization: the queue
 * that owns the chain provides the ordering, either because it reads and writes links
 * only while holding its lock ({@link InjectQueue}), or because the chain is built by one
 * thread and then published as a whole through a lock release or a release store.
 *
 * @param <N> the concrete element type, so that links are typed without casts
 */
public interface Linkable<N extends Linkable<N>> {

    /**
     * Returns the next element of the chain this element is in.
     *
     * @return the next element, or {@code null} if this element ends its chain or is in
     *     no chain
     */
    N queueNext();

    /**
     * Sets the next element of the chain this element is in.
     *
     * @param next the element that follows this one, or {@code null} to end the chain
     */
    void setQueueNext(N next);
}
