package dev.spindle.channel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The mpsc message queues on real threads: several producers push numbered messages while one
 * consumer pops, so the consumer keeps meeting claimed-but-unwritten positions; every producer's
 * messages must arrive complete, in order, once. The bounded ring is driven through a
 * {@link Semaphore} of its capacity, as the channel drives it. Then the queue seals only once
 * empty, and a push after the seal fails. Sizes scale with {@code -Dspindle.stress}.
 */
@Timeout(60)
class MessageQueueStressTest {
    private static final int STRESS = Math.max(1, Integer.getInteger("spindle.stress", 1));
    private static final int PRODUCERS = 3;
    private static final int PER_PRODUCER = 100_000 * STRESS;

    @Test
    void ringQueueDeliversEveryProducersMessagesInOrderOnce() throws Exception {
        Semaphore room = new Semaphore(8);
        run(() -> new RingQueue<Long>(8), room);
    }

    @Test
    void linkedQueueDeliversEveryProducersMessagesInOrderOnce() throws Exception {
        run(LinkedQueue::new, null);
    }

    @Test
    void sealSucceedsOnlyWhenEmptyAndRefusesLaterPushes() {
        for (MessageQueue<Long> q : java.util.List.<MessageQueue<Long>>of(new RingQueue<>(2), new LinkedQueue<>())) {
            assertTrue(q.push(1L));
            assertFalse(q.seal(), "sealed with a message in it");
            assertEquals(1L, q.pop());
            assertTrue(q.seal());
            assertTrue(q.seal(), "sealing is idempotent");
            assertFalse(q.push(2L));
            assertNull(q.pop());
        }
    }

    private static void run(Supplier<MessageQueue<Long>> factory, Semaphore room) throws Exception {
        MessageQueue<Long> q = factory.get();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            long id = p;
            producers[p] = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        if (room != null) {
                            room.acquire();
                        }
                        if (!q.push(id << 32 | i)) {
                            throw new AssertionError("push refused before the seal");
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            producers[p].start();
        }
        int[] next = new int[PRODUCERS];
        long total = (long) PRODUCERS * PER_PRODUCER;
        start.countDown();
        for (long got = 0; got < total && failure.get() == null; ) {
            Long v = q.pop();
            if (v == null) {
                Thread.onSpinWait();
                continue;
            }
            if (room != null) {
                room.release();
            }
            int p = (int) (v >>> 32);
            int seq = (int) (long) v;
            assertEquals(next[p], seq, "producer " + p);
            next[p]++;
            got++;
        }
        for (Thread t : producers) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertNull(q.pop());
        assertTrue(q.seal());
        assertFalse(q.push(0L));
    }
}
