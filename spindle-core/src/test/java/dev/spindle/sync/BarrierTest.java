package dev.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.support.PolledByHand;
import org.junit.jupiter.api.Test;

/** The barrier driven by hand: rounds, the leader, and reuse. */
class BarrierTest {

    @Test
    void theLastArrivalLeadsAndReleasesTheOthers() {
        Barrier b = new Barrier(3);
        for (int round = 0; round < 3; round++) {
            PolledByHand<Boolean> p1 = PolledByHand.of(b.waitFor());
            PolledByHand<Boolean> p2 = PolledByHand.of(b.waitFor());
            p1.assertPending();
            p2.assertPending();
            assertTrue(PolledByHand.of(b.waitFor()).assertReady());
            assertTrue(p1.isWoken());
            assertTrue(p2.isWoken());
            assertFalse(p1.assertReady());
            assertFalse(p2.assertReady());
        }
    }

    @Test
    void aPartyThatArrivedStillCountsAfterBeingCancelled() {
        Barrier b = new Barrier(2);
        PolledByHand<Boolean> p1 = PolledByHand.of(b.waitFor());
        p1.assertPending();
        p1.cancel();
        assertTrue(PolledByHand.of(b.waitFor()).assertReady());
        PolledByHand<Boolean> next = PolledByHand.of(b.waitFor());
        next.assertPending(); // a new round
    }

    @Test
    void aBarrierOfOneAlwaysLeadsAndBadSizesAreRejected() {
        assertTrue(PolledByHand.of(new Barrier(1).waitFor()).assertReady());
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertEquals(4, new Barrier(4).parties());
    }
}
