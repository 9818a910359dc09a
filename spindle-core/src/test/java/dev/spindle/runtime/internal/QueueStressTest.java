package dev.spindle.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads at once on the real queues: every task pushed must be taken exactly once,
 * whichever path it took (pop, steal, overflow to the injection queue, popInto).
 *
 * <p>Scaled by {@code -Dspindle.stress=N}; the default run takes a second or two.
 */
class QueueStressTest {

    private static final int STRESS = Math.max(1, Integer.getInteger("spindle.stress", 1));

    private static final int THIEVES = 3;

    /** Tasks the owner pushes at the end and leaves for the thieves alone. */
    private static final int LEFT_FOR_THIEVES = 100;

    /**
     * The owner pushes and pops in bursts around the ring's size, thieves take a few of
     * their stolen tasks at a time, so thieves' queues are victims too and steals often
     * find the destination too full.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void ownerAndThievesTakeEveryTaskExactlyOnce() throws Exception {
        for (int round = 0; round < 3 * STRESS; round++) {
            runOwnerAndThieves(150_000, 400, 1, 3);
        }
    }

    /**
     * The owner keeps its ring full and overflowing while thieves steal and drain at once:
     * the owner refills slots the moment a steal releases them, which is the race between
     * a thief's copy and the owner's next write.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void ownerRefillingAFullRingNeverOverwritesTasksBeingStolen() throws Exception {
        for (int round = 0; round < 5 * STRESS; round++) {
            runOwnerAndThieves(300_000, 2_000, 16, Integer.MAX_VALUE);
        }
    }

    /**
     * One owner and {@link #THIEVES} thieves. The owner pushes bursts of up to
     * {@code maxBurst} tasks, pops up to {@code burst / popDivisor} of them and sometimes
     * takes from the injection queue; each thief steals, then pops up to
     * {@code thiefPops} tasks from its own queue.
     */
    private static void runOwnerAndThieves(int total, int maxBurst, int popDivisor, int thiefPops)
            throws Exception {
        TestTask[] tasks = new TestTask[total];
        for (int i = 0; i < total; i++) {
            tasks[i] = new TestTask(i);
        }
        Ledger ledger = new Ledger(total);
        InjectQueue<TestTask> inject = new InjectQueue<>();
        // Start every queue close to a wrap of its position counters.
        LocalQueue<TestTask> owner = new LocalQueue<>(Integer.MAX_VALUE - 20_000);
        List<LocalQueue<TestTask>> thiefQueues = new ArrayList<>();
        for (int k = 0; k < THIEVES; k++) {
            thiefQueues.add(new LocalQueue<>(-1_000 * (k + 1)));
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger stolen = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(THIEVES + 1);
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < THIEVES; k++) {
            int self = k;
            threads.add(ledger.start("thief-" + k, () -> {
                LocalQueue<TestTask> mine = thiefQueues.get(self);
                SplittableRandom rnd = new SplittableRandom(self);
                start.await();
                while (!done.get()) {
                    // Mostly rob the owner; sometimes a fellow thief, whose queue is then a
                    // victim while its own owner pops from it.
                    int victim = rnd.nextInt(THIEVES + 2);
                    LocalQueue<TestTask> from =
                            victim < THIEVES && victim != self ? thiefQueues.get(victim) : owner;
                    TestTask t = from.stealInto(mine);
                    if (t != null) {
                        stolen.incrementAndGet();
                        ledger.take(t);
                    }
                    for (int i = 0; i < thiefPops && (t = mine.pop()) != null; i++) {
                        ledger.take(t);
                    }
                }
                // Only this thread adds to `mine`, and it has stopped stealing.
                for (TestTask t; (t = mine.pop()) != null; ) {
                    ledger.take(t);
                }
            }));
        }

        start.await();
        SplittableRandom rnd = new SplittableRandom(42);
        int next = 0;
        int phaseEnd = total - LEFT_FOR_THIEVES;
        while (next < phaseEnd) {
            // Bursts longer than the ring make it overflow, often while a steal runs.
            int burst = 1 + rnd.nextInt(maxBurst);
            for (int i = 0; i < burst && next < phaseEnd; i++) {
                assertTrue(owner.pushBack(tasks[next++], inject));
            }
            int pops = rnd.nextInt(burst / popDivisor + 1);
            for (int i = 0; i < pops; i++) {
                TestTask t = owner.pop();
                if (t == null) {
                    break;
                }
                ledger.take(t);
            }
            switch (rnd.nextInt(4)) {
                case 0 -> inject.popInto(owner, 1 + rnd.nextInt(64));
                case 1 -> {
                    for (TestTask t; (t = inject.pop()) != null; ) {
                        ledger.take(t);
                    }
                }
                default -> { }
            }
        }
        for (TestTask t; (t = owner.pop()) != null; ) {
            ledger.take(t);
        }
        for (TestTask t; (t = inject.pop()) != null; ) {
            ledger.take(t);
        }
        // Wait for a steal still copying out of the ring (a thief descheduled mid-steal keeps
        // its claimed slots occupied); then the ring is empty, these cannot overflow, and the
        // owner only watches.
        while (owner.remainingSlots() != LocalQueue.CAPACITY) {
            Thread.onSpinWait();
        }
        while (next < total) {
            assertTrue(owner.pushBack(tasks[next++], inject));
        }
        while (!owner.isEmpty()) {
            Thread.onSpinWait();
        }
        done.set(true);
        ledger.joinAll(threads);

        assertTrue(inject.isEmpty(), "nothing overflowed after the last drain");
        for (LocalQueue<TestTask> q : thiefQueues) {
            assertTrue(q.isEmpty());
        }
        ledger.assertEveryTaskTakenOnce();
        assertTrue(stolen.get() > 0, "the thieves stole the last " + LEFT_FOR_THIEVES + " tasks");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void injectQueueDeliversEveryTaskExactlyOnceToConcurrentConsumers() throws Exception {
        int producers = 2;
        int consumers = 2;
        int perProducer = 50_000 * STRESS;
        int total = producers * perProducer;
        Ledger ledger = new Ledger(total);
        InjectQueue<TestTask> inject = new InjectQueue<>();
        AtomicInteger producing = new AtomicInteger(producers);
        CyclicBarrier start = new CyclicBarrier(producers + consumers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            threads.add(ledger.start("producer-" + p, () -> {
                SplittableRandom rnd = new SplittableRandom(base);
                start.await();
                int i = 0;
                while (i < perProducer) {
                    if (rnd.nextBoolean()) {
                        assertTrue(inject.push(new TestTask(base + i++)));
                    } else {
                        int n = Math.min(1 + rnd.nextInt(8), perProducer - i);
                        TestTask first = new TestTask(base + i++);
                        TestTask last = first;
                        for (int j = 1; j < n; j++) {
                            TestTask t = new TestTask(base + i++);
                            last.setQueueNext(t);
                            last = t;
                        }
                        assertTrue(inject.pushBatch(first, last, n));
                    }
                }
                producing.decrementAndGet();
            }));
        }
        for (int c = 0; c < consumers; c++) {
            int self = c;
            threads.add(ledger.start("consumer-" + c, () -> {
                SplittableRandom rnd = new SplittableRandom(100 + self);
                LocalQueue<TestTask> mine = new LocalQueue<>();
                start.await();
                // Read `producing` before looking at the queue: if it was 0, every push
                // had completed, so an empty queue then means there is nothing left.
                while (true) {
                    boolean finished = producing.get() == 0;
                    int got = 0;
                    if (rnd.nextBoolean()) {
                        TestTask t = inject.pop();
                        if (t != null) {
                            ledger.take(t);
                            got = 1;
                        }
                    } else {
                        got = inject.popInto(mine, 1 + rnd.nextInt(32));
                        for (TestTask t; (t = mine.pop()) != null; ) {
                            ledger.take(t);
                        }
                    }
                    if (got == 0 && finished && inject.isEmpty()) {
                        break;
                    }
                }
            }));
        }
        ledger.joinAll(threads);

        assertEquals(0, inject.len());
        ledger.assertEveryTaskTakenOnce();
    }

    /** Counts how often each task id was taken, and collects failures of worker threads. */
    private static final class Ledger {
        private final AtomicIntegerArray taken;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Ledger(int total) {
            taken = new AtomicIntegerArray(total);
        }

        void take(TestTask t) {
            taken.incrementAndGet(t.id);
        }

        interface Body {
            void run() throws Exception;
        }

        Thread start(String name, Body body) {
            Thread thread = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, name);
            thread.start();
            return thread;
        }

        void joinAll(List<Thread> threads) throws Exception {
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new AssertionError("a worker thread failed", failure.get());
            }
        }

        void assertEveryTaskTakenOnce() {
            int lost = 0;
            int duplicated = 0;
            int firstBad = -1;
            for (int i = 0; i < taken.length(); i++) {
                int n = taken.get(i);
                if (n != 1) {
                    if (firstBad < 0) {
                        firstBad = i;
                    }
                    if (n == 0) {
                        lost++;
                    } else {
                        duplicated++;
                    }
                }
            }
            assertEquals(0, lost + duplicated, "lost " + lost + ", duplicated " + duplicated
                    + ", first bad id " + firstBad);
        }
    }
}
