package dev.spindle.sync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.sync.SemaphoreClosedException;
import dev.spindle.support.PolledByHand;
import org.junit.jupiter.api.Test;

/**
 * The batch semaphore's queue, driven by hand: FIFO hand-off (partial for the head), no barging,
 * exactly-once wakeups, O(1) cancellation that passes on handed permits, close, bad input.
 */
class BatchSemaphoreTest {

    private static PolledByHand<Void> waiting(BatchSemaphore sem, int n) {
        PolledByHand<Void> w = PolledByHand.of(sem.acquire(n));
        w.assertPending();
        return w;
    }

    @Test
    void acquireTakesAvailablePermitsWithoutQueueing() {
        BatchSemaphore sem = new BatchSemaphore(3);
        PolledByHand.of(sem.acquire(2)).assertReady();
        assertEquals(1, sem.availablePermits());
        assertEquals(BatchSemaphore.TryAcquire.NO_PERMITS, sem.tryAcquire(2));
        assertEquals(BatchSemaphore.TryAcquire.ACQUIRED, sem.tryAcquire(1));
        assertEquals(0, sem.availablePermits());
        sem.checkInvariants();
    }

    @Test
    void releaseServesWaitersInFifoOrderAndWakesEachOnce() {
        BatchSemaphore sem = new BatchSemaphore(0);
        PolledByHand<Void> a = waiting(sem, 1);
        PolledByHand<Void> b = waiting(sem, 1);
        sem.release(1);
        assertTrue(a.isWoken());
        assertFalse(b.isWoken());
        a.assertReady();
        sem.release(1);
        assertEquals(1, b.wakeCount());
        b.assertReady();
        assertEquals(1, a.wakeCount());
        sem.checkInvariants();
    }

    @Test
    void largeRequestAtTheHeadBlocksSmallerLaterOnes() {
        BatchSemaphore sem = new BatchSemaphore(1);
        PolledByHand<Void> big = waiting(sem, 3); // takes the 1, owes 2
        assertEquals(0, sem.availablePermits());
        PolledByHand<Void> small = waiting(sem, 1);
        assertEquals(BatchSemaphore.TryAcquire.NO_PERMITS, sem.tryAcquire(1));
        sem.release(1); // to big, still owes 1
        assertFalse(big.isWoken());
        assertFalse(small.isWoken());
        sem.release(2); // big served, the remaining 1 to small
        big.assertReady();
        small.assertReady();
        assertEquals(0, sem.availablePermits());
        sem.checkInvariants();
    }

    @Test
    void releaseBeyondTheQueueGoesToTheCounter() {
        BatchSemaphore sem = new BatchSemaphore(0);
        PolledByHand<Void> a = waiting(sem, 2);
        sem.release(5);
        a.assertReady();
        assertEquals(3, sem.availablePermits());
        sem.checkInvariants();
    }

    @Test
    void cancellingAQueuedWaiterPassesItsPartialPermitsOn() {
        BatchSemaphore sem = new BatchSemaphore(2);
        PolledByHand<Void> big = waiting(sem, 4); // holds 2 of 4
        PolledByHand<Void> next = waiting(sem, 2);
        big.cancel();
        assertTrue(next.isWoken());
        next.assertReady();
        assertEquals(0, sem.availablePermits());
        sem.checkInvariants();
    }

    @Test
    void cancellingTheOnlyWaiterReturnsItsPermitsToTheCounter() {
        BatchSemaphore sem = new BatchSemaphore(2);
        PolledByHand<Void> big = waiting(sem, 4);
        big.cancel();
        assertEquals(2, sem.availablePermits());
        sem.checkInvariants();
    }

    @Test
    void cancellingAWaiterInTheMiddleLeavesTheOthersInOrder() {
        BatchSemaphore sem = new BatchSemaphore(0);
        PolledByHand<Void> a = waiting(sem, 1);
        PolledByHand<Void> b = waiting(sem, 1);
        PolledByHand<Void> c = waiting(sem, 1);
        b.cancel();
        sem.release(2);
        a.assertReady();
        c.assertReady();
        assertFalse(b.isWoken());
        sem.checkInvariants();
    }

    @Test
    void cancellingAServedWaiterBeforeItSawThePermitsReleasesThemAll() {
        BatchSemaphore sem = new BatchSemaphore(0);
        PolledByHand<Void> a = waiting(sem, 2);
        PolledByHand<Void> b = waiting(sem, 1);
        sem.release(2); // a served, not yet polled
        a.cancel();
        assertTrue(b.isWoken());
        b.assertReady();
        assertEquals(1, sem.availablePermits());
        sem.checkInvariants();
    }

    @Test
    void cancellingBeforeTheFirstPollHoldsNothing() {
        BatchSemaphore sem = new BatchSemaphore(1);
        sem.acquire(1).cancel();
        assertEquals(1, sem.availablePermits());
    }

    @Test
    void repollingWithAnotherWakerWakesTheLatest() {
        BatchSemaphore sem = new BatchSemaphore(0);
        BatchSemaphore.Acquire f = sem.acquire(1);
        PolledByHand<Void> first = PolledByHand.of(f);
        first.assertPending();
        PolledByHand<Void> second = PolledByHand.of(f);
        second.assertPending();
        sem.release(1);
        assertTrue(second.isWoken());
        assertFalse(first.isWoken());
        second.assertReady();
    }

    @Test
    void closeFailsWaitersAndLaterAcquiresAndReturnsPartialPermits() {
        BatchSemaphore sem = new BatchSemaphore(1);
        PolledByHand<Void> big = waiting(sem, 3);
        PolledByHand<Void> small = waiting(sem, 1);
        sem.close();
        assertTrue(big.isWoken());
        assertTrue(small.isWoken());
        assertThrows(SemaphoreClosedException.class, big::poll);
        assertThrows(SemaphoreClosedException.class, small::poll);
        assertThrows(SemaphoreClosedException.class, () -> PolledByHand.of(sem.acquire(1)).poll());
        assertEquals(BatchSemaphore.TryAcquire.CLOSED, sem.tryAcquire(1));
        assertEquals(1, sem.availablePermits());
        assertTrue(sem.isClosed());
        sem.release(2); // releases still count after close
        assertEquals(3, sem.availablePermits());
        sem.close();
        sem.checkInvariants();
    }

    @Test
    void forgetPermitsRemovesAtMostTheAvailableOnes() {
        BatchSemaphore sem = new BatchSemaphore(3);
        assertEquals(2, sem.forgetPermits(2));
        assertEquals(1, sem.forgetPermits(5));
        assertEquals(0, sem.availablePermits());
        assertEquals(0, sem.forgetPermits(1));
        assertThrows(IllegalArgumentException.class, () -> sem.forgetPermits(-1));
    }

    @Test
    void badCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BatchSemaphore(-1));
        assertThrows(IllegalArgumentException.class, () -> new BatchSemaphore(BatchSemaphore.MAX_PERMITS + 1));
        BatchSemaphore sem = new BatchSemaphore(BatchSemaphore.MAX_PERMITS);
        assertThrows(IllegalArgumentException.class, () -> sem.acquire(-1));
        assertThrows(IllegalArgumentException.class, () -> sem.acquire(BatchSemaphore.MAX_PERMITS + 1));
        assertThrows(IllegalArgumentException.class, () -> sem.tryAcquire(-1));
        assertThrows(IllegalArgumentException.class, () -> sem.release(-1));
        IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class, () -> sem.release(1));
        assertTrue(overflow.getMessage().contains("maximum"), overflow.getMessage());
        assertEquals(BatchSemaphore.MAX_PERMITS, sem.availablePermits());
    }

    @Test
    void aThrowingWakerDoesNotStopTheOtherWaitersFromBeingWoken() {
        BatchSemaphore sem = new BatchSemaphore(0);
        BatchSemaphore.Acquire bad = sem.acquire(1);
        dev.spindle.Context badCx = dev.spindle.Context.of(() -> {
            throw new IllegalStateException("bad waker");
        });
        assertFalse(bad.poll(badCx).isReady());
        PolledByHand<Void> good = waiting(sem, 1);
        assertThrows(IllegalStateException.class, () -> sem.release(2));
        assertTrue(good.isWoken());
        good.assertReady();
        assertTrue(bad.poll(badCx).isReady(), "the permits were handed over before the wake");
        sem.checkInvariants();
    }

    @Test
    void pollingAfterCompletionIsRefused() {
        BatchSemaphore sem = new BatchSemaphore(1);
        BatchSemaphore.Acquire f = sem.acquire(1);
        PolledByHand.of(f).assertReady();
        assertThrows(IllegalStateException.class, () -> PolledByHand.of(f).poll());
    }
}
