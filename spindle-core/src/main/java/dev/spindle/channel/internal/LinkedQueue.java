package dev.spindle.channel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The unbounded store of an unbounded mpsc channel: an intrusive linked list with a stub node
 * (D. Vyukov's non-intrusive MPSC queue), producers appending with a CAS on the tail. One node
 * per element.
 *
 * @param <T> the element type
 */
public final class LinkedQueue<T> implements MessageQueue<T> {

    /*
     * Implementation notes.
     *
     * `head` is the consumer's current node (the stub, or the last node popped; its value is
     * already taken); the next element is head.next. `tail` is the last node appended.
     * push: CAS tail from t to the new node n (linearization point), then t.next = n (release).
     * Between the two a consumer may see head.next == null although tail != head: the push is in
     * flight (a few instructions from done): pop spins for the link rather than report "empty"
     * while an earlier push is in flight and a later one may already be complete (see
     * RingQueue's notes).
     * seal: CAS tail from head to the SEALED sentinel: it succeeds only when nothing was pushed
     * past head, and every later push sees SEALED and fails. A CAS loop (not getAndSet) on the
     * tail is what lets the seal and the pushes be ordered on one word.
     */

    private static final class Node {
        Object value;
        volatile Node next;

        Node(Object value) {
            this.value = value;
        }
    }

    private static final Node SEALED_NODE = new Node(null);

    private volatile Node tail;
    private Node head;

    /** Creates an empty queue. */
    public LinkedQueue() {
        Node stub = new Node(null);
        head = stub;
        tail = stub;
    }

    @Override
    public boolean push(T value) {
        Node n = new Node(value);
        for (;;) {
            Node t = tail;
            if (t == SEALED_NODE) {
                return false;
            }
            if (TAIL.compareAndSet(this, t, n)) {
                t.next = n;
                return true;
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T pop() {
        Node h = head;
        Node n = h.next;
        if (n == null) {
            Node t = tail;
            if (t == h || t == SEALED_NODE) {
                return null;
            }
            // A push swung the tail past head and has not linked its node yet: wait for it.
            for (int spins = 0; (n = h.next) == null; spins++) {
                InFlight.spin(spins);
            }
        }
        Object v = n.value;
        n.value = null;
        head = n;
        return (T) v;
    }

    @Override
    public boolean seal() {
        Node t = tail;
        return t == SEALED_NODE || (t == head && TAIL.compareAndSet(this, t, SEALED_NODE));
    }

    // VarHandle mechanics
    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(LinkedQueue.class, "tail", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
