package dev.spindle.runtime.internal;

/** Placeholder until the queue helper's version lands. */
public final class InjectQueue<N extends Linkable<N>> {
    private N head, tail;
    private int len;
    private volatile int vlen;
    private boolean closed;

    public synchronized boolean push(N t) {
        if (closed) return false;
        t.setQueueNext(null);
        if (tail == null) head = t; else tail.setQueueNext(t);
        tail = t;
        vlen = ++len;
        return true;
    }

    public synchronized boolean pushBatch(N first, N last, int count) {
        if (closed) return false;
        last.setQueueNext(null);
        if (tail == null) head = first; else tail.setQueueNext(first);
        tail = last;
        len += count;
        vlen = len;
        return true;
    }

    public synchronized N pop() {
        N h = head;
        if (h == null) return null;
        head = h.queueNext();
        if (head == null) tail = null;
        h.setQueueNext(null);
        vlen = --len;
        return h;
    }

    public synchronized int popInto(LocalQueue<N> dst, int max) {
        int n = 0;
        while (n < max && head != null && dst.remainingSlots() > 0) {
            N t = pop();
            dst.pushBack(t, this);
            n++;
        }
        return n;
    }

    public int len() { return vlen; }

    public boolean isEmpty() { return vlen == 0; }

    public synchronized void close() { closed = true; }

    public synchronized boolean isClosed() { return closed; }

    public synchronized N drainAll() {
        N h = head;
        head = tail = null;
        len = 0;
        vlen = 0;
        return h;
    }
}
