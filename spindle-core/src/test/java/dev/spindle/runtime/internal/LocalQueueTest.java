package dev.spindle.runtime.internal;

import static dev.spindle.runtime.internal.LocalQueue.CAPACITY;
import static dev.spindle.runtime.internal.TestTask.drain;
import static dev.spindle.runtime.internal.TestTask.ids;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Single-threaded behaviour of {@link LocalQueue}. Most tests run at several start
 * positions, including just before {@link Integer#MAX_VALUE} and just before the 32-bit
 * wrap from -1 to 0, so that every operation crosses a wrap of the position counters.
 */
class LocalQueueTest {

    private static final int HALF = CAPACITY / 2;

    private final InjectQueue<TestTask> inject = new InjectQueue<>();

    @ParameterizedTest
    @ValueSource(ints = {0, Integer.MAX_VALUE - 100, -100, Integer.MIN_VALUE - 3})
    void popReturnsTasksInPushOrder(int start) {
        LocalQueue<TestTask> q = new LocalQueue<>(start);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 200; i++) {
                assertTrue(q.pushBack(new TestTask(round * 1000 + i), inject));
            }
            assertEquals(200, q.len());
            assertEquals(ids(round * 1000, round * 1000 + 200), drain(q));
        }
        assertTrue(inject.isEmpty());
    }

    @Test
    void emptyQueueReportsEmptyAndPopsNull() {
        LocalQueue<TestTask> q = new LocalQueue<>();
        assertNull(q.pop());
        assertTrue(q.isEmpty());
        assertFalse(q.hasStealableTasks());
        assertEquals(0, q.len());
        assertEquals(CAPACITY, q.remainingSlots());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, Integer.MAX_VALUE - 2})
    void lenAndRemainingSlotsTrackPushesAndPops(int start) {
        LocalQueue<TestTask> q = new LocalQueue<>(start);
        for (int i = 1; i <= 5; i++) {
            q.pushBack(new TestTask(i), inject);
            assertEquals(i, q.len());
            assertEquals(CAPACITY - i, q.remainingSlots());
        }
        assertTrue(q.hasStealableTasks());
        assertFalse(q.isEmpty());
        q.pop();
        assertEquals(4, q.len());
        assertEquals(CAPACITY - 4, q.remainingSlots());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, Integer.MAX_VALUE - 100, -7})
    void queueHoldsCapacityTasksWithoutOverflowing(int start) {
        LocalQueue<TestTask> q = new LocalQueue<>(start);
        for (int i = 0; i < CAPACITY; i++) {
            assertTrue(q.pushBack(new TestTask(i), inject));
        }
        assertEquals(CAPACITY, q.len());
        assertEquals(0, q.remainingSlots());
        assertTrue(inject.isEmpty());
        assertEquals(ids(0, CAPACITY), drain(q));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, Integer.MAX_VALUE - 100, -100, Integer.MAX_VALUE - 127})
    void pushIntoFullQueueMovesOldestHalfThenNewTaskToInjectQueue(int start) {
        LocalQueue<TestTask> q = new LocalQueue<>(start);
        for (int i = 0; i < CAPACITY; i++) {
            q.pushBack(new TestTask(i), inject);
        }

        assertTrue(q.pushBack(new TestTask(1000), inject));

        assertEquals(HALF + 1, inject.len());
        List<Integer> expectedInject = ids(0, HALF);
        expectedInject.add(1000);
        assertEquals(expectedInject, drain(inject));
        assertEquals(HALF, q.len());
        assertEquals(ids(HALF, CAPACITY), drain(q));
    }

    @Test
    void overflowFreesHalfSoFollowingPushesStayLocal() {
        LocalQueue<TestTask> q = new LocalQueue<>();
        for (int i = 0; i < CAPACITY + 1; i++) {
            q.pushBack(new TestTask(i), inject);
        }
        for (int i = 0; i < HALF; i++) {
            q.pushBack(new TestTask(2000 + i), inject);
        }
        assertEquals(HALF + 1, inject.len());
        assertEquals(0, q.remainingSlots());

        q.pushBack(new TestTask(3000), inject);
        assertEquals(2 * (HALF + 1), inject.len());
        List<Integer> expectedLocal = ids(2000, 2000 + HALF);
        drain(inject);
        assertEquals(expectedLocal, drain(q));
    }

    @Test
    void pushIntoFullQueueWithClosedOverflowIsRefusedAndKeepsEveryTask() {
        LocalQueue<TestTask> q = new LocalQueue<>(Integer.MAX_VALUE - 50);
        for (int i = 0; i < CAPACITY; i++) {
            q.pushBack(new TestTask(i), inject);
        }
        inject.close();
        TestTask refused = new TestTask(1000);

        assertFalse(q.pushBack(refused, inject));

        assertNull(refused.queueNext());
        assertTrue(inject.isEmpty());
        assertEquals(CAPACITY, q.len());
        List<Integer> left = drain(q);
        assertEquals(CAPACITY, left.size());
        assertEquals(new HashSet<>(ids(0, CAPACITY)), new HashSet<>(left));
        assertBufferCleared(q);
    }

    @Test
    void pushIntoQueueWithRoomSucceedsEvenIfOverflowIsClosed() {
        LocalQueue<TestTask> q = new LocalQueue<>();
        inject.close();
        assertTrue(q.pushBack(new TestTask(1), inject));
        assertEquals(List.of(1), drain(q));
    }

    @Test
    void pushIntoFullQueueDuringStealSendsOnlyNewTaskToInjectQueue() {
        LocalQueue<TestTask> q = new LocalQueue<>();
        for (int i = 0; i < CAPACITY; i++) {
            q.pushBack(new TestTask(i), inject);
        }
        // A thief has claimed positions 0 and 1 and is still copying them out.
        Internals.set(q, 0, 2);

        assertTrue(q.pushBack(new TestTask(1000), inject));

        assertEquals(List.of(1000), drain(inject));
        assertEquals(CAPACITY - 2, q.len());
        assertEquals(0, q.remainingSlots());

        // The thief finishes: its two slots become free for the owner.
        Internals.set(q, 2, 2);
        assertEquals(2, q.remainingSlots());
        assertTrue(q.pushBack(new TestTask(1001), inject));
        assertTrue(inject.isEmpty());
    }

    @Test
    void pushIntoFullQueueDuringStealWithClosedOverflowIsRefused() {
        LocalQueue<TestTask> q = new LocalQueue<>();
        for (int i = 0; i < CAPACITY; i++) {
            q.pushBack(new TestTask(i), inject);
        }
        Internals.set(q, 0, 2);
        inject.close();

        assertFalse(q.pushBack(new TestTask(1000), inject));
        assertEquals(CAPACITY - 2, q.len());
    }

    @Test
    void ownerPopsDuringStealWithoutDisturbingTheClaim() {
        LocalQueue<TestTask> q = new LocalQueue<>();
        for (int i = 0; i < 10; i++) {
            q.pushBack(new TestTask(i), inject);
        }
        Internals.set(q, 0, 5);

        assertEquals(5, q.pop().id);

        assertEquals(0, Internals.steal(q));
        assertEquals(6, Internals.real(q));
    }

    @Test
    void stealIsRefusedWhileAnotherStealIsInProgress() {
        LocalQueue<TestTask> q = new LocalQueue<>();
        for (int i = 0; i < 10; i++) {
            q.pushBack(new TestTask(i), inject);
        }
        Internals.set(q, 0, 5);
        LocalQueue<TestTask> dst = new LocalQueue<>();
        TestTask contended = new TestTask(-1);

        assertNull(q.stealInto(dst));
        assertSame(contended, q.stealInto(dst, contended));
        assertTrue(dst.isEmpty());
        assertEquals(5, q.len());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 100, CAPACITY - 1, CAPACITY})
    void stealTakesOldestHalfRoundedUp(int size) {
        LocalQueue<TestTask> victim = new LocalQueue<>(Integer.MAX_VALUE - 60);
        LocalQueue<TestTask> dst = new LocalQueue<>(-20);
        for (int i = 0; i < size; i++) {
            victim.pushBack(new TestTask(i), inject);
        }
        int taken = size - size / 2;

        TestTask returned = victim.stealInto(dst);

        assertEquals(taken - 1, returned.id, "the newest stolen task is returned");
        assertEquals(taken - 1, dst.len());
        assertEquals(ids(0, taken - 1), drain(dst));
        assertEquals(size - taken, victim.len());
        assertEquals(ids(taken, size), drain(victim));
        assertBufferCleared(victim);
    }

    @Test
    void stealFromEmptyQueueReturnsNull() {
        LocalQueue<TestTask> victim = new LocalQueue<>();
        LocalQueue<TestTask> dst = new LocalQueue<>();
        assertNull(victim.stealInto(dst));
        victim.pushBack(new TestTask(1), inject);
        victim.pop();
        assertNull(victim.stealInto(dst));
        assertTrue(dst.isEmpty());
    }

    @Test
    void stealIsRefusedWhenDestinationHasLessThanHalfItsCapacityFree() {
        LocalQueue<TestTask> victim = new LocalQueue<>();
        for (int i = 0; i < 10; i++) {
            victim.pushBack(new TestTask(i), inject);
        }
        LocalQueue<TestTask> dst = new LocalQueue<>();
        for (int i = 0; i < HALF + 1; i++) {
            dst.pushBack(new TestTask(100 + i), inject);
        }

        assertNull(victim.stealInto(dst));
        assertEquals(10, victim.len());
        assertEquals(HALF + 1, dst.len());

        dst.pop();
        assertEquals(HALF, dst.remainingSlots());
        assertEquals(4, victim.stealInto(dst).id, "exactly half free is enough");
        assertEquals(HALF + 4, dst.len());
    }

    @Test
    void stealCountsSlotsBeingStolenFromDestinationAsOccupied() {
        LocalQueue<TestTask> victim = new LocalQueue<>();
        victim.pushBack(new TestTask(1), inject);
        LocalQueue<TestTask> dst = new LocalQueue<>();
        for (int i = 0; i < HALF; i++) {
            dst.pushBack(new TestTask(100 + i), inject);
        }
        // A thief of dst is copying out 10 of its tasks: they still occupy their slots.
        Internals.set(dst, 0, 10);
        dst.pushBack(new TestTask(999), inject);

        assertNull(victim.stealInto(dst));
        assertEquals(1, victim.len());
    }

    @Test
    void stealIntoItselfIsRejected() {
        LocalQueue<TestTask> q = new LocalQueue<>();
        assertThrows(IllegalArgumentException.class, () -> q.stealInto(q));
    }

    @Test
    void stolenTasksCanBeStolenAgainFromTheDestination() {
        LocalQueue<TestTask> victim = new LocalQueue<>();
        for (int i = 0; i < 40; i++) {
            victim.pushBack(new TestTask(i), inject);
        }
        LocalQueue<TestTask> first = new LocalQueue<>();
        LocalQueue<TestTask> second = new LocalQueue<>();

        assertEquals(19, victim.stealInto(first).id);
        assertEquals(9, first.stealInto(second).id);

        assertEquals(ids(0, 9), drain(second));
        assertEquals(ids(10, 19), drain(first));
        assertEquals(ids(20, 40), drain(victim));
    }

    @Test
    void repeatedStealsAcrossTheWrapLoseNothing() {
        LocalQueue<TestTask> victim = new LocalQueue<>(Integer.MAX_VALUE - 1000);
        LocalQueue<TestTask> dst = new LocalQueue<>(-1000);
        List<Integer> seen = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < 90; i++) {
                victim.pushBack(new TestTask(next++), inject);
            }
            TestTask t = victim.stealInto(dst);
            seen.addAll(drain(dst));
            seen.add(t.id);
            seen.addAll(drain(victim));
        }
        assertTrue(inject.isEmpty());
        assertEquals(ids(0, next), seen);
    }

    @Test
    void takingTasksOutClearsTheirSlots() {
        LocalQueue<TestTask> q = new LocalQueue<>();
        LocalQueue<TestTask> dst = new LocalQueue<>();
        for (int i = 0; i < CAPACITY + 1; i++) {
            q.pushBack(new TestTask(i), inject);
        }
        q.stealInto(dst);
        q.pop();
        drain(q);
        drain(dst);

        assertBufferCleared(q);
        assertBufferCleared(dst);
    }

    @Test
    void packedHeadKeepsBothPositionsAcrossSignBits() {
        for (int steal : new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 12345}) {
            for (int real : new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 678}) {
                long head = LocalQueue.pack(steal, real);
                assertEquals(steal, LocalQueue.stealOf(head));
                assertEquals(real, LocalQueue.realOf(head));
            }
        }
    }

    private static void assertBufferCleared(LocalQueue<TestTask> q) {
        assertArrayEquals(new Object[CAPACITY], Internals.buffer(q), "slots still hold tasks");
    }

    /**
     * Reaches the private state of a queue to stage a steal that is "in progress", which no
     * single-threaded call sequence can produce. The stress and Lincheck tests cover the
     * same states under real concurrency.
     */
    private static final class Internals {
        private static final VarHandle HEAD;
        private static final VarHandle BUFFER;

        static {
            try {
                MethodHandles.Lookup lookup =
                        MethodHandles.privateLookupIn(LocalQueue.class, MethodHandles.lookup());
                HEAD = lookup.findVarHandle(LocalQueue.class, "head", long.class);
                BUFFER = lookup.findVarHandle(LocalQueue.class, "buffer", Object[].class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        static void set(LocalQueue<?> q, int steal, int real) {
            HEAD.setVolatile(q, LocalQueue.pack(steal, real));
        }

        static int steal(LocalQueue<?> q) {
            return LocalQueue.stealOf((long) HEAD.getVolatile(q));
        }

        static int real(LocalQueue<?> q) {
            return LocalQueue.realOf((long) HEAD.getVolatile(q));
        }

        static Object[] buffer(LocalQueue<?> q) {
            return ((Object[]) BUFFER.get(q)).clone();
        }
    }
}
