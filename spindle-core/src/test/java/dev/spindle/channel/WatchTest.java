package dev.spindle.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.support.PolledByHand;
import org.junit.jupiter.api.Test;

/** The watch channel's contract, polled by hand. */
class WatchTest {

    @Test
    void changedCompletesOnANewVersionAndMarksItSeen() {
        Watch<String> ch = Watch.channel("a");
        WatchReceiver<String> rx = ch.receiver();
        assertFalse(rx.hasChanged());
        PolledByHand<Void> c = PolledByHand.of(rx.changed());
        c.assertPending();
        ch.sender().send("b");
        assertTrue(c.isWoken());
        c.assertReady();
        assertEquals("b", rx.borrow());
        assertFalse(rx.hasChanged());
        PolledByHand.of(rx.changed()).assertPending();
    }

    @Test
    void intermediateValuesMaySkipButTheLastIsSeen() {
        Watch<Integer> ch = Watch.channel(0);
        for (int i = 1; i <= 5; i++) {
            ch.sender().send(i);
        }
        WatchReceiver<Integer> rx = ch.receiver();
        assertTrue(rx.hasChanged());
        PolledByHand.of(rx.changed()).assertReady();
        assertEquals(5, rx.borrowAndUpdate());
    }

    @Test
    void eachReceiverTracksItsOwnVersion() {
        Watch<Integer> ch = Watch.channel(0);
        WatchReceiver<Integer> a = ch.receiver();
        WatchReceiver<Integer> b = ch.sender().subscribe();
        ch.sender().send(1);
        PolledByHand.of(a.changed()).assertReady();
        assertFalse(a.hasChanged());
        assertTrue(b.hasChanged());
        WatchReceiver<Integer> c = b.copy();
        assertTrue(c.hasChanged());
    }

    @Test
    void waitForChecksTheCurrentValueThenEachChange() {
        Watch<Integer> ch = Watch.channel(1);
        WatchReceiver<Integer> rx = ch.receiver();
        assertEquals(1, PolledByHand.of(rx.waitFor(v -> v == 1)).assertReady());
        PolledByHand<Integer> w = PolledByHand.of(rx.waitFor(v -> v >= 3));
        w.assertPending();
        ch.sender().send(2);
        assertTrue(w.isWoken());
        w.assertPending();
        ch.sender().send(3);
        assertEquals(3, w.assertReady());
    }

    @Test
    void closingTheSenderFailsChangedOnceTheLastValueWasSeen() {
        Watch<Integer> ch = Watch.channel(0);
        WatchReceiver<Integer> rx = ch.receiver();
        PolledByHand<Void> c = PolledByHand.of(rx.changed());
        c.assertPending();
        ch.sender().send(1);
        ch.sender().close();
        c.assertReady();
        assertThrows(ChannelClosedException.class, () -> PolledByHand.of(rx.changed()).poll());
        assertThrows(ChannelClosedException.class, () -> PolledByHand.of(rx.waitFor(v -> v == 9)).poll());
        assertEquals(1, PolledByHand.of(rx.waitFor(v -> v == 1)).assertReady());
        assertEquals(1, rx.borrow());
        assertThrows(ChannelClosedException.class, () -> ch.sender().send(2));
    }

    @Test
    void aCancelledChangedMarksNothingSeen() {
        Watch<Integer> ch = Watch.channel(0);
        WatchReceiver<Integer> rx = ch.receiver();
        PolledByHand<Void> c = PolledByHand.of(rx.changed());
        c.assertPending();
        c.cancel();
        ch.sender().send(1);
        assertTrue(rx.hasChanged());
        PolledByHand.of(rx.changed()).assertReady();
    }

    @Test
    void sendWithNoReceiverHandsTheValueBackButSendReplaceStores() {
        Watch<String> ch = Watch.channel("a");
        ch.receiver().close();
        assertEquals("b", assertThrows(SendException.class, () -> ch.sender().send("b")).value());
        assertEquals("a", ch.sender().sendReplace("c"));
        assertEquals("c", ch.sender().borrow());
        assertThrows(ChannelClosedException.class, ch.receiver()::borrowAndUpdate);
        assertThrows(NullPointerException.class, () -> Watch.channel(null));
    }
}
