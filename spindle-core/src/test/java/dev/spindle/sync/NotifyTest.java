package dev.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.support.PolledByHand;
import org.junit.jupiter.api.Test;

/** Notify's contract, polled by hand. */
class NotifyTest {

    @Test
    void notifyOneWithoutWaitersStoresOnePermit() {
        Notify n = new Notify();
        n.notifyOne();
        n.notifyOne();
        PolledByHand.of(n.notified()).assertReady();
        PolledByHand.of(n.notified()).assertPending();
    }

    @Test
    void notifyOneWakesTheLongestWaiterOnly() {
        Notify n = new Notify();
        PolledByHand<Void> a = PolledByHand.of(n.notified());
        PolledByHand<Void> b = PolledByHand.of(n.notified());
        a.assertPending();
        b.assertPending();
        n.notifyOne();
        assertTrue(a.isWoken());
        assertFalse(b.isWoken());
        a.assertReady();
        b.assertPending();
        n.notifyOne();
        b.assertReady();
    }

    @Test
    void notifyWaitersReachesFuturesCreatedBeforeItEvenIfNotYetPolled() {
        Notify n = new Notify();
        PolledByHand<Void> polled = PolledByHand.of(n.notified());
        polled.assertPending();
        Notified unpolled = n.notified();
        n.notifyWaiters();
        assertTrue(polled.isWoken());
        polled.assertReady();
        PolledByHand.of(unpolled).assertReady();
        PolledByHand.of(n.notified()).assertPending(); // no permit stored
    }

    @Test
    void enableThenCheckThenAwaitLosesNoNotifyOne() {
        Notify n = new Notify();
        Notified f = n.notified();
        assertFalse(f.enable());
        n.notifyOne(); // between the check and the await
        assertTrue(f.enable());
        PolledByHand.of(f).assertReady();
    }

    @Test
    void aCancelledWaiterThatWasHandedNotifyOnePassesItOn() {
        Notify n = new Notify();
        PolledByHand<Void> a = PolledByHand.of(n.notified());
        PolledByHand<Void> b = PolledByHand.of(n.notified());
        a.assertPending();
        b.assertPending();
        n.notifyOne();
        a.cancel();
        assertTrue(b.isWoken());
        b.assertReady();
    }

    @Test
    void aCancelledWaiterThatConsumedThePermitStoresItAgain() {
        Notify n = new Notify();
        n.notifyOne();
        Notified f = n.notified();
        assertTrue(f.enable());
        f.cancel();
        PolledByHand.of(n.notified()).assertReady();
    }

    @Test
    void aCancelledWaiterIsNotNotified() {
        Notify n = new Notify();
        PolledByHand<Void> a = PolledByHand.of(n.notified());
        a.assertPending();
        a.cancel();
        n.notifyOne();
        assertFalse(a.isWoken());
        PolledByHand.of(n.notified()).assertReady(); // the notification was stored, not lost
    }
}
