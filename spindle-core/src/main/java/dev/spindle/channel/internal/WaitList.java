package dev.spindle.channel.internal;

/**
 * An intrusive, doubly linked FIFO of waiters: the wait queue of {@code Notify},
 * {@code CancellationToken}, the broadcast and mpsc channels. The nodes are the waiting futures
 * themselves (they extend {@link Node}), so queueing allocates nothing and a cancelled waiter
 * leaves in O(1).
 *
 * <p>Not thread-safe: every method must be called under the owning primitive's lock, which is
 * also what publishes a node's fields between the waiter and the thread that wakes it.
 *
 * @param <N> the node type
 */
public final class WaitList<N extends WaitList.Node> {

    /*
     * Implementation notes.
     *
     * Invariants (under the owner's lock): `linked` is true exactly when the node is between
     * `head` and `tail`; an unlinked node has null `prev` and `next`. `remove` of an unlinked
     * node is a no-op, so a cancelled waiter that a notifier already popped does not corrupt
     * the list — that is the race "notified and cancelled at once", resolved by whoever takes
     * the lock first: the notifier pops it (and the waiter, seeing it popped with a
     * notification, passes the notification on), or the waiter unlinks itself first (and the
     * notifier never sees it).
     */

    /** A node of the list; a waiting future extends it. */
    public abstract static class Node {
        Node prev;
        Node next;
        boolean linked;

        /** @return whether the node is in a list (read under the owner's lock) */
        public final boolean isLinked() {
            return linked;
        }
    }

    private Node head;
    private Node tail;
    private int size;

    /** @return whether no node is queued */
    public boolean isEmpty() {
        return head == null;
    }

    /** @return the number of queued nodes */
    public int size() {
        return size;
    }

    /**
     * Appends {@code n}.
     *
     * @param n an unlinked node
     * @throws IllegalStateException if {@code n} is already in a list
     */
    public void addLast(N n) {
        if (n.linked) {
            throw new IllegalStateException("waiter is already queued");
        }
        n.linked = true;
        n.prev = tail;
        n.next = null;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
        size++;
    }

    /** @return the first node without removing it, or {@code null} */
    @SuppressWarnings("unchecked")
    public N peekFirst() {
        return (N) head;
    }

    /** @return the first node, now unlinked, or {@code null} when empty */
    @SuppressWarnings("unchecked")
    public N pollFirst() {
        Node n = head;
        if (n != null) {
            unlink(n);
        }
        return (N) n;
    }

    /**
     * Removes {@code n} if it is queued, in O(1).
     *
     * @param n the node
     * @return whether it was queued
     */
    public boolean remove(N n) {
        if (!n.linked) {
            return false;
        }
        unlink(n);
        return true;
    }

    private void unlink(Node n) {
        Node p = n.prev;
        Node x = n.next;
        if (p == null) {
            head = x;
        } else {
            p.next = x;
        }
        if (x == null) {
            tail = p;
        } else {
            x.prev = p;
        }
        n.prev = null;
        n.next = null;
        n.linked = false;
        size--;
    }
}
