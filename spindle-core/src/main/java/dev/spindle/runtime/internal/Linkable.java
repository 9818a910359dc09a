package dev.spindle.runtime.internal;

/** Placeholder until the queue helper's version lands. */
public interface Linkable<N extends Linkable<N>> {
    N queueNext();

    void setQueueNext(N next);
}
