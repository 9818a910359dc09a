package dev.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.CancelledException;
import dev.spindle.Future;
import dev.spindle.support.PolledByHand;
import dev.spindle.support.Tracked;
import org.junit.jupiter.api.Test;

/** CancellationToken's contract, polled by hand. */
class CancellationTokenTest {

    @Test
    void cancelWakesPendingFuturesAndLaterOnesCompleteAtOnce() {
        CancellationToken t = new CancellationToken();
        PolledByHand<Void> f = PolledByHand.of(t.cancelled());
        f.assertPending();
        assertFalse(t.isCancelled());
        t.cancel();
        assertTrue(t.isCancelled());
        assertTrue(f.isWoken());
        f.assertReady();
        PolledByHand.of(t.cancelled()).assertReady();
        t.cancel(); // idempotent
    }

    @Test
    void childrenAreCancelledWithTheirParentButNotTheOtherWayRound() {
        CancellationToken root = new CancellationToken();
        CancellationToken a = root.childToken();
        CancellationToken b = root.childToken();
        CancellationToken grandchild = b.childToken();
        PolledByHand<Void> g = PolledByHand.of(grandchild.cancelled());
        g.assertPending();
        a.cancel();
        assertFalse(root.isCancelled());
        assertFalse(b.isCancelled());
        root.cancel();
        assertTrue(b.isCancelled());
        assertTrue(grandchild.isCancelled());
        assertTrue(g.isWoken());
        g.assertReady();
        assertTrue(root.childToken().isCancelled());
    }

    @Test
    void runUntilCancelledCompletesWithTheValueOrFailsAndCancelsTheWork() {
        CancellationToken t = new CancellationToken();
        assertEquals(3, PolledByHand.of(t.runUntilCancelled(Future.ready(3))).assertReady());
        Tracked<Integer> work = Tracked.pending();
        PolledByHand<Integer> f = PolledByHand.of(t.runUntilCancelled(work));
        f.assertPending();
        t.cancel();
        assertTrue(f.isWoken());
        assertThrows(CancelledException.class, f::poll);
        assertEquals(1, work.cancels());
    }

    @Test
    void closeIsADropGuardThatCancels() {
        CancellationToken root = new CancellationToken();
        CancellationToken child;
        try (CancellationToken c = root.childToken()) {
            child = c;
            assertFalse(c.isCancelled());
        }
        assertTrue(child.isCancelled());
        assertFalse(root.isCancelled());
    }

    @Test
    void aCancelledFutureLeavesTheWaiterList() {
        CancellationToken t = new CancellationToken();
        PolledByHand<Void> f = PolledByHand.of(t.cancelled());
        f.assertPending();
        f.cancel();
        t.cancel();
        assertFalse(f.isWoken());
    }
}
