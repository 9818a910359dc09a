package dev.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.support.PolledByHand;
import org.junit.jupiter.api.Test;

/** The semaphore driven by hand: permits, their split/merge/forget, close, bad input. */
class SemaphoreTest {

    @Test
    void permitsComeAndGo() {
        Semaphore s = new Semaphore(3);
        SemaphorePermit p = PolledByHand.of(s.acquire(2)).assertReady();
        assertEquals(2, p.permits());
        assertSame(s, p.semaphore());
        assertEquals(1, s.availablePermits());
        PolledByHand<SemaphorePermit> w = PolledByHand.of(s.acquire(2));
        w.assertPending();
        p.close();
        assertTrue(w.isWoken());
        w.assertReady().close();
        assertEquals(3, s.availablePermits());
    }

    @Test
    void splitMergeAndForget() {
        Semaphore s = new Semaphore(4);
        SemaphorePermit p = s.tryAcquire(4).orElseThrow();
        SemaphorePermit q = p.split(1);
        assertEquals(3, p.permits());
        q.close();
        assertEquals(1, s.availablePermits());
        SemaphorePermit r = s.tryAcquire().orElseThrow();
        p.merge(r);
        assertEquals(4, p.permits());
        assertThrows(GuardReleasedException.class, r::close);
        SemaphorePermit lost = p.split(2);
        lost.forget();
        p.close();
        assertEquals(2, s.availablePermits());
        assertThrows(IllegalArgumentException.class, () -> s.tryAcquire(2).orElseThrow().split(3));
        assertThrows(IllegalArgumentException.class, () -> {
            SemaphorePermit a = new Semaphore(1).tryAcquire().orElseThrow();
            a.merge(new Semaphore(1).tryAcquire().orElseThrow());
        });
    }

    @Test
    void addAndForgetPermits() {
        Semaphore s = new Semaphore(0);
        PolledByHand<SemaphorePermit> w = PolledByHand.of(s.acquire(2));
        w.assertPending();
        s.addPermits(1);
        assertFalse(w.isWoken());
        s.addPermits(3);
        w.assertReady();
        assertEquals(2, s.availablePermits());
        assertEquals(2, s.forgetPermits(7));
        assertEquals(0, s.availablePermits());
    }

    @Test
    void closeFailsWaitersAndLaterAcquiresButHeldPermitsStillRelease() {
        Semaphore s = new Semaphore(1);
        SemaphorePermit held = s.tryAcquire().orElseThrow();
        PolledByHand<SemaphorePermit> w = PolledByHand.of(s.acquire());
        w.assertPending();
        s.close();
        assertTrue(w.isWoken());
        assertThrows(SemaphoreClosedException.class, w::poll);
        assertThrows(SemaphoreClosedException.class, () -> PolledByHand.of(s.acquire()).poll());
        assertThrows(SemaphoreClosedException.class, s::tryAcquire);
        held.close();
        assertEquals(1, s.availablePermits());
        assertTrue(s.isClosed());
    }

    @Test
    void badInputIsRejectedWithSpecificExceptions() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(Semaphore.MAX_PERMITS + 1));
        Semaphore s = new Semaphore(Semaphore.MAX_PERMITS);
        assertThrows(IllegalArgumentException.class, () -> s.acquire(-1));
        assertThrows(IllegalArgumentException.class, () -> s.acquire(Semaphore.MAX_PERMITS + 1));
        assertThrows(IllegalArgumentException.class, () -> s.tryAcquire(-1));
        assertThrows(IllegalArgumentException.class, () -> s.addPermits(-1));
        assertThrows(IllegalArgumentException.class, () -> s.addPermits(1));
        assertThrows(IllegalArgumentException.class, () -> s.forgetPermits(-1));
        SemaphorePermit p = s.tryAcquire().orElseThrow();
        p.close();
        assertThrows(GuardReleasedException.class, p::close);
        assertThrows(GuardReleasedException.class, p::permits);
        assertEquals(Semaphore.MAX_PERMITS, s.availablePermits());
    }
}
