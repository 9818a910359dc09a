package dev.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Future;
import dev.spindle.support.PolledByHand;
import dev.spindle.support.Tracked;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The once-cell driven by hand: one initialiser, waiters, cancellation and failure hand-over. */
class OnceCellTest {

    @Test
    void oneInitialiserRunsAndWaitersGetItsValue() {
        OnceCell<String> cell = new OnceCell<>();
        AtomicInteger runs = new AtomicInteger();
        Tracked<String> init = Tracked.pending();
        PolledByHand<String> first = PolledByHand.of(cell.getOrInit(() -> {
            runs.incrementAndGet();
            return init;
        }));
        first.assertPending();
        PolledByHand<String> second = PolledByHand.of(cell.getOrInit(() -> {
            runs.incrementAndGet();
            return Future.ready("second");
        }));
        second.assertPending();
        assertTrue(cell.get().isEmpty());
        first.cancel(); // the initialiser's task goes away: its future is cancelled, second takes over
        assertEquals(1, init.cancels());
        assertTrue(second.isWoken());
        assertEquals("second", second.assertReady());
        assertEquals(2, runs.get());
        assertEquals(Optional.of("second"), cell.get());
        assertEquals("second", PolledByHand.of(cell.getOrInit(() -> Future.ready("third"))).assertReady());
        assertFalse(cell.set("late"));
    }

    @Test
    void setWhileAnInitialiserRunsWinsAndTheInitialisersResultIsDropped() {
        OnceCell<String> cell = new OnceCell<>();
        PolledByHand<String> runner = PolledByHand.of(cell.getOrInit(() -> dev.spindle.support.TestFutures.readyAfterPolls(2, "init")));
        runner.assertPending();
        PolledByHand<String> waiter = PolledByHand.of(cell.getOrInit(() -> Future.ready("never")));
        waiter.assertPending();
        assertTrue(cell.set("set"));
        assertTrue(waiter.isWoken());
        assertEquals("set", waiter.assertReady());
        assertEquals("set", runner.assertReady());
        assertEquals(Optional.of("set"), cell.get());
    }

    @Test
    void aFailingInitialiserLeavesTheCellEmptyForTheNextWaiter() {
        OnceCell<String> cell = new OnceCell<>();
        PolledByHand<String> failing = PolledByHand.of(cell.getOrInit(() -> Future.failed(new IllegalStateException("boom"))));
        assertThrows(IllegalStateException.class, failing::poll);
        assertFalse(cell.isInitialized());
        assertEquals("ok", PolledByHand.of(cell.getOrInit(() -> Future.ready("ok"))).assertReady());
    }

    @Test
    void waitersAreWokenWhenTheValueIsSet() {
        OnceCell<String> cell = new OnceCell<>();
        Tracked<String> init = Tracked.pending();
        PolledByHand<String> runner = PolledByHand.of(cell.getOrInit(() -> init));
        runner.assertPending();
        PolledByHand<String> waiter = PolledByHand.of(cell.getOrInit(() -> Future.ready("never")));
        waiter.assertPending();
        runner.cancel();
        // waiter now runs its own initialiser, which completes at once
        assertEquals("never", waiter.assertReady());
    }

    @Test
    void setWinsWhenNothingRuns() {
        OnceCell<String> cell = new OnceCell<>();
        assertTrue(cell.set("a"));
        assertFalse(cell.set("b"));
        assertEquals("a", PolledByHand.of(cell.getOrInit(() -> Future.ready("c"))).assertReady());
        assertEquals(Optional.of("x"), new OnceCell<>("x").get());
        assertThrows(NullPointerException.class, () -> cell.set(null));
    }

    @Test
    void getOrTryInitMayDecline() {
        OnceCell<String> cell = new OnceCell<>();
        assertEquals(Optional.empty(), PolledByHand.of(cell.getOrTryInit(() -> Future.ready(Optional.empty()))).assertReady());
        assertFalse(cell.isInitialized());
        assertEquals(Optional.of("y"), PolledByHand.of(cell.getOrTryInit(() -> Future.ready(Optional.of("y")))).assertReady());
        assertTrue(cell.isInitialized());
    }

    @Test
    void anInitialiserCompletingWithNullIsRejectedAndTheCellStaysEmpty() {
        OnceCell<String> cell = new OnceCell<>();
        assertThrows(NullPointerException.class, () -> PolledByHand.of(cell.getOrInit(() -> Future.ready(null))).poll());
        assertEquals("ok", PolledByHand.of(cell.getOrInit(() -> Future.ready("ok"))).assertReady());
    }
}
