package dev.spindle.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.support.PolledByHand;
import org.junit.jupiter.api.Test;

/** The broadcast channel's contract, polled by hand. */
class BroadcastTest {

    @Test
    void everyReceiverSeesEveryMessageInOrder() {
        Broadcast<Integer> ch = Broadcast.channel(4);
        BroadcastReceiver<Integer> a = ch.receiver();
        BroadcastReceiver<Integer> b = ch.sender().subscribe();
        PolledByHand<Integer> ra = PolledByHand.of(a.recv());
        PolledByHand<Integer> rb = PolledByHand.of(b.recv());
        ra.assertPending();
        rb.assertPending();
        assertEquals(2, ch.sender().send(1));
        assertTrue(ra.isWoken());
        assertTrue(rb.isWoken());
        assertEquals(1, ra.assertReady());
        assertEquals(1, rb.assertReady());
        ch.sender().send(2);
        assertEquals(2, a.tryRecv());
        assertEquals(2, b.tryRecv());
        assertNull(a.tryRecv());
    }

    @Test
    void aLaggingReceiverLearnsHowManyItMissedAndContinuesFromTheOldestRetained() {
        Broadcast<Integer> ch = Broadcast.channel(3);
        BroadcastReceiver<Integer> rx = ch.receiver();
        for (int i = 0; i < 10; i++) {
            ch.sender().send(i);
        }
        PolledByHand<Integer> r = PolledByHand.of(rx.recv());
        LaggedException e = assertThrows(LaggedException.class, r::poll);
        assertEquals(7, e.missed());
        assertEquals(3, rx.len());
        assertEquals(7, PolledByHand.of(rx.recv()).assertReady());
        assertEquals(8, rx.tryRecv());
        assertEquals(9, rx.tryRecv());
        assertNull(rx.tryRecv());
    }

    @Test
    void aNewSubscriberSeesOnlyLaterMessages() {
        Broadcast<String> ch = Broadcast.channel(8);
        ch.sender().send("before");
        BroadcastReceiver<String> late = ch.receiver().resubscribe();
        ch.sender().send("after");
        assertEquals("after", late.tryRecv());
        assertEquals("before", ch.receiver().tryRecv());
    }

    @Test
    void receiversDrainAfterTheLastSenderClosesThenGetNull() {
        Broadcast<Integer> ch = Broadcast.channel(4);
        BroadcastSender<Integer> tx2 = ch.sender().copy();
        ch.sender().send(1);
        ch.sender().close();
        PolledByHand<Integer> r = PolledByHand.of(ch.receiver().recv());
        assertEquals(1, r.assertReady());
        PolledByHand<Integer> waiting = PolledByHand.of(ch.receiver().recv());
        waiting.assertPending();
        tx2.close();
        assertTrue(waiting.isWoken());
        assertNull(waiting.assertReady());
        assertThrows(ChannelClosedException.class, ch.receiver()::tryRecv);
    }

    @Test
    void sendingWithNoReceiverHandsTheValueBack() {
        Broadcast<String> ch = Broadcast.channel(2);
        ch.receiver().close();
        assertEquals(0, ch.sender().receiverCount());
        assertEquals("v", assertThrows(SendException.class, () -> ch.sender().send("v")).value());
    }

    @Test
    void aCancelledRecvLeavesTheWaiterListAndLosesNothing() {
        Broadcast<Integer> ch = Broadcast.channel(2);
        PolledByHand<Integer> r = PolledByHand.of(ch.receiver().recv());
        r.assertPending();
        r.cancel();
        ch.sender().send(5);
        assertFalse(r.isWoken());
        assertEquals(5, PolledByHand.of(ch.receiver().recv()).assertReady());
    }

    @Test
    void badInputAndUseAfterClose() {
        assertThrows(IllegalArgumentException.class, () -> Broadcast.channel(0));
        Broadcast<String> ch = Broadcast.channel(2);
        assertThrows(NullPointerException.class, () -> ch.sender().send(null));
        BroadcastSender<String> tx = ch.sender();
        BroadcastSender<String> other = tx.copy();
        tx.close();
        assertThrows(ChannelClosedException.class, () -> tx.send("x"));
        assertThrows(ChannelClosedException.class, tx::copy);
        other.send("ok");
        BroadcastReceiver<String> rx = ch.receiver();
        rx.close();
        assertThrows(ChannelClosedException.class, rx::tryRecv);
        assertThrows(ChannelClosedException.class, () -> PolledByHand.of(rx.recv()).poll());
    }
}
