package dev.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.support.PolledByHand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mutex driven by hand: guards, FIFO hand-off, cancellation, mapped guards, misuse. */
class MutexTest {

    @Test
    void lockGivesTheValueAndUnlockLetsTheNextIn() {
        Mutex<Integer> m = new Mutex<>(1);
        MutexGuard<Integer> g = PolledByHand.of(m.lock()).assertReady();
        assertTrue(m.isLocked());
        assertEquals(1, g.get());
        g.set(2);
        PolledByHand<MutexGuard<Integer>> next = PolledByHand.of(m.lock());
        next.assertPending();
        assertTrue(m.tryLock().isEmpty());
        g.close();
        assertEquals(1, next.wakeCount());
        try (MutexGuard<Integer> g2 = next.assertReady()) {
            assertEquals(2, g2.get());
        }
        assertFalse(m.isLocked());
    }

    @Test
    void waitersGetTheLockInFifoOrder() {
        Mutex<List<Integer>> m = new Mutex<>(new ArrayList<>());
        MutexGuard<List<Integer>> first = m.tryLock().orElseThrow();
        List<PolledByHand<MutexGuard<List<Integer>>>> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            PolledByHand<MutexGuard<List<Integer>>> w = PolledByHand.of(m.lock());
            w.assertPending();
            waiters.add(w);
        }
        first.close();
        for (int i = 0; i < 5; i++) {
            for (int j = i + 1; j < 5; j++) {
                assertFalse(waiters.get(j).isWoken(), "waiter " + j + " woken before " + i);
            }
            MutexGuard<List<Integer>> g = waiters.get(i).assertReady();
            g.get().add(i);
            g.close();
        }
        assertEquals(List.of(0, 1, 2, 3, 4), m.tryLock().orElseThrow().get());
    }

    @Test
    void tryLockDoesNotBargePastAWaiter() {
        Mutex<String> m = new Mutex<>("x");
        MutexGuard<String> g = m.tryLock().orElseThrow();
        PolledByHand<MutexGuard<String>> w = PolledByHand.of(m.lock());
        w.assertPending();
        g.close();
        assertTrue(m.tryLock().isEmpty(), "the lock was handed to the waiter");
        w.assertReady().close();
        assertTrue(m.tryLock().isPresent());
    }

    @Test
    void cancelledWaiterThatWasHandedTheLockPassesItOn() {
        Mutex<String> m = new Mutex<>("x");
        MutexGuard<String> g = m.tryLock().orElseThrow();
        PolledByHand<MutexGuard<String>> a = PolledByHand.of(m.lock());
        PolledByHand<MutexGuard<String>> b = PolledByHand.of(m.lock());
        a.assertPending();
        b.assertPending();
        g.close(); // handed to a
        a.cancel(); // a never saw it: passed to b
        assertTrue(b.isWoken());
        b.assertReady().close();
        assertFalse(m.isLocked());
    }

    @Test
    void mappedGuardHoldsTheLockUntilClosed() {
        Mutex<List<String>> m = new Mutex<>(new ArrayList<>(List.of("a")));
        MutexGuard<List<String>> g = m.tryLock().orElseThrow();
        MappedMutexGuard<String> first = g.map(l -> l.get(0));
        assertThrows(GuardReleasedException.class, g::get);
        assertThrows(GuardReleasedException.class, g::close);
        assertTrue(m.isLocked());
        assertEquals("a", first.get());
        first.close();
        assertFalse(m.isLocked());
        assertThrows(GuardReleasedException.class, first::close);
        assertThrows(GuardReleasedException.class, first::get);
    }

    @Test
    void mapThatThrowsLeavesTheGuardHoldingTheLock() {
        Mutex<String> m = new Mutex<>("x");
        MutexGuard<String> g = m.tryLock().orElseThrow();
        assertThrows(ArithmeticException.class, () -> g.map(s -> 1 / 0));
        assertEquals("x", g.get());
        g.close();
        assertFalse(m.isLocked());
    }

    @Test
    void guardClosedTwiceThrowsAndDoesNotUnlockSomeoneElse() {
        Mutex<String> m = new Mutex<>("x");
        MutexGuard<String> g = m.tryLock().orElseThrow();
        g.close();
        MutexGuard<String> other = m.tryLock().orElseThrow();
        assertThrows(GuardReleasedException.class, g::close);
        assertThrows(GuardReleasedException.class, g::get);
        assertThrows(GuardReleasedException.class, () -> g.set("y"));
        assertTrue(m.isLocked(), "the second close must not unlock the new holder's lock");
        other.close();
    }
}
