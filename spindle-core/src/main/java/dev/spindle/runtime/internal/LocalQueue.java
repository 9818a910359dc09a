package dev.spindle.runtime.internal;

import java.util.ArrayDeque;

/** Placeholder until the queue helper's version lands. */
public final class LocalQueue<N extends Linkable<N>> {
    public static final int CAPACITY = 256;
    private final ArrayDeque<N> q = new ArrayDeque<>();

    public synchronized boolean pushBack(N t, InjectQueue<N> overflow) {
        if (q.size() >= CAPACITY) return overflow.push(t);
        q.addLast(t);
        return true;
    }

    public synchronized N pop() { return q.pollFirst(); }

    public N stealInto(LocalQueue<N> dst) {
        java.util.List<N> taken = new java.util.ArrayList<>();
        synchronized (this) {
            int n = q.size() - q.size() / 2;
            for (int i = 0; i < n; i++) taken.add(q.pollFirst());
        }
        if (taken.isEmpty()) return null;
        for (int i = 1; i < taken.size(); i++) dst.pushBack(taken.get(i), null);
        return taken.get(0);
    }

    public synchronized int len() { return q.size(); }

    public synchronized boolean isEmpty() { return q.isEmpty(); }

    public synchronized boolean hasStealableTasks() { return !q.isEmpty(); }

    public synchronized int remainingSlots() { return CAPACITY - q.size(); }
}
