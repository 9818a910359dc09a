package dev.spindle.runtime.internal;

import static dev.spindle.runtime.internal.LocalQueue.CAPACITY;
import static dev.spindle.runtime.internal.TestTask.chain;
import static dev.spindle.runtime.internal.TestTask.chainIds;
import static dev.spindle.runtime.internal.TestTask.drain;
import static dev.spindle.runtime.internal.TestTask.ids;
import static dev.spindle.runtime.internal.TestTask.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Single-threaded behaviour of {@link InjectQueue}. */
class InjectQueueTest {

    private final InjectQueue<TestTask> q = new InjectQueue<>();

    @Test
    void popReturnsTasksInPushOrder() {
        for (int i = 0; i < 10; i++) {
            assertTrue(q.push(new TestTask(i)));
        }
        assertEquals(10, q.len());
        assertEquals(ids(0, 10), drain(q));
        assertTrue(q.isEmpty());
    }

    @Test
    void emptyQueuePopsNull() {
        assertNull(q.pop());
        assertTrue(q.isEmpty());
        assertEquals(0, q.len());
        q.push(new TestTask(1));
        q.pop();
        assertNull(q.pop());
        assertTrue(q.isEmpty());
    }

    @Test
    void poppedTaskHasItsLinkCleared() {
        q.push(new TestTask(1));
        q.push(new TestTask(2));
        TestTask first = q.pop();
        assertEquals(1, first.id);
        assertNull(first.queueNext());
    }

    @Test
    void pushOverwritesAStaleLink() {
        TestTask stale = new TestTask(99);
        TestTask task = new TestTask(1);
        task.setQueueNext(stale);
        q.push(task);
        assertEquals(1, q.len());
        assertEquals(List.of(1), drain(q));
    }

    @Test
    void pushBatchAppendsTheChainInOrderBetweenSinglePushes() {
        q.push(new TestTask(-1));
        List<TestTask> batch = range(0, 5);
        assertTrue(q.pushBatch(chain(batch), batch.get(4), 5));
        q.push(new TestTask(5));

        assertEquals(7, q.len());
        List<Integer> expected = new ArrayList<>(List.of(-1));
        expected.addAll(ids(0, 6));
        assertEquals(expected, drain(q));
    }

    @Test
    void pushBatchOfOneTask() {
        TestTask only = new TestTask(7);
        assertTrue(q.pushBatch(only, only, 1));
        assertEquals(1, q.len());
        assertEquals(List.of(7), drain(q));
    }

    @Test
    void pushBatchIgnoresWhateverFollowsTheLastTask() {
        List<TestTask> tasks = range(0, 6);
        TestTask first = chain(tasks);
        assertTrue(q.pushBatch(first, tasks.get(2), 3));
        assertEquals(3, q.len());
        assertEquals(ids(0, 3), drain(q));
    }

    @Test
    void pushBatchRejectsACountBelowOne() {
        TestTask t = new TestTask(1);
        assertThrows(IllegalArgumentException.class, () -> q.pushBatch(t, t, 0));
        assertTrue(q.isEmpty());
    }

    @Test
    void pushBatchWithAWrongCountFailsTheAssertion() {
        List<TestTask> tasks = range(0, 3);
        TestTask first = chain(tasks);
        assertThrows(AssertionError.class, () -> q.pushBatch(first, tasks.get(2), 2));
    }

    @Test
    void closeRefusesPushesButKeepsQueuedTasks() {
        q.push(new TestTask(1));
        List<TestTask> batch = range(2, 4);
        q.pushBatch(chain(batch), batch.get(1), 2);

        assertTrue(q.close());

        assertTrue(q.isClosed());
        assertFalse(q.push(new TestTask(10)));
        List<TestTask> refused = range(20, 23);
        TestTask refusedFirst = chain(refused);
        assertFalse(q.pushBatch(refusedFirst, refused.get(2), 3));
        assertEquals(ids(20, 23), chainIds(refusedFirst), "a refused chain is left intact");
        assertEquals(3, q.len());
        assertEquals(List.of(1, 2, 3), drain(q));
    }

    @Test
    void closeReportsWhetherThisCallClosedTheQueue() {
        assertFalse(q.isClosed());
        assertTrue(q.close());
        assertFalse(q.close());
        assertTrue(q.isClosed());
    }

    @Test
    void drainAllReturnsTheWholeChainAndEmptiesTheQueue() {
        for (int i = 0; i < 5; i++) {
            q.push(new TestTask(i));
        }

        TestTask first = q.drainAll();

        assertEquals(ids(0, 5), chainIds(first));
        assertTrue(q.isEmpty());
        assertEquals(0, q.len());
        assertNull(q.pop());
        q.push(new TestTask(9));
        assertEquals(List.of(9), drain(q));
    }

    @Test
    void drainAllOfAnEmptyQueueReturnsNull() {
        assertNull(q.drainAll());
    }

    @Test
    void popIntoMovesAtMostMaxTasksInOrder() {
        for (int i = 0; i < 10; i++) {
            q.push(new TestTask(i));
        }
        LocalQueue<TestTask> dst = new LocalQueue<>();

        assertEquals(4, q.popInto(dst, 4));

        assertEquals(6, q.len());
        assertEquals(4, dst.len());
        assertEquals(ids(0, 4), drain(dst));
        assertEquals(ids(4, 10), drain(q));
    }

    @Test
    void popIntoMovesEverythingWhenMaxIsLarger() {
        for (int i = 0; i < 3; i++) {
            q.push(new TestTask(i));
        }
        LocalQueue<TestTask> dst = new LocalQueue<>();

        assertEquals(3, q.popInto(dst, 100));

        assertTrue(q.isEmpty());
        assertNull(q.pop());
        assertEquals(ids(0, 3), drain(dst));
        q.push(new TestTask(7));
        assertEquals(List.of(7), drain(q), "the emptied list accepts pushes again");
    }

    @Test
    void popIntoNeverExceedsTheDestinationsFreeSlots() {
        InjectQueue<TestTask> overflow = new InjectQueue<>();
        LocalQueue<TestTask> dst = new LocalQueue<>(Integer.MAX_VALUE - 3);
        for (int i = 0; i < CAPACITY - 6; i++) {
            dst.pushBack(new TestTask(1000 + i), overflow);
        }
        for (int i = 0; i < 20; i++) {
            q.push(new TestTask(i));
        }

        assertEquals(6, q.popInto(dst, 20));

        assertEquals(0, dst.remainingSlots());
        assertEquals(14, q.len());
        assertTrue(overflow.isEmpty(), "dst must not have overflowed");
        List<Integer> local = drain(dst);
        assertEquals(ids(0, 6), local.subList(CAPACITY - 6, CAPACITY));
        assertEquals(0, q.popInto(new LocalQueue<>(), 0));
    }

    @Test
    void popIntoAFullDestinationMovesNothing() {
        InjectQueue<TestTask> overflow = new InjectQueue<>();
        LocalQueue<TestTask> dst = new LocalQueue<>();
        for (int i = 0; i < CAPACITY; i++) {
            dst.pushBack(new TestTask(i), overflow);
        }
        q.push(new TestTask(-1));

        assertEquals(0, q.popInto(dst, 10));
        assertEquals(1, q.len());
    }

    @Test
    void popIntoFromAnEmptyQueueMovesNothing() {
        LocalQueue<TestTask> dst = new LocalQueue<>();
        assertEquals(0, q.popInto(dst, 10));
        assertTrue(dst.isEmpty());
    }

    @Test
    void popIntoRejectsANegativeMax() {
        assertThrows(IllegalArgumentException.class, () -> q.popInto(new LocalQueue<>(), -1));
    }

    @Test
    void popIntoClearsTheLinksOfMovedTasks() {
        List<TestTask> tasks = range(0, 4);
        q.pushBatch(chain(tasks), tasks.get(3), 4);
        q.popInto(new LocalQueue<>(), 3);
        for (int i = 0; i < 3; i++) {
            assertNull(tasks.get(i).queueNext(), "link of " + tasks.get(i));
        }
    }

    @Test
    void popsAfterCloseDrainWhatWasQueued() {
        for (int i = 0; i < 4; i++) {
            q.push(new TestTask(i));
        }
        q.close();
        LocalQueue<TestTask> dst = new LocalQueue<>();
        assertEquals(2, q.popInto(dst, 2));
        assertEquals(2, q.pop().id);
        assertEquals(3, q.drainAll().id);
        assertTrue(q.isEmpty());
    }
}
