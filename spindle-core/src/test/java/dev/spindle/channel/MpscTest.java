package dev.spindle.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.support.PolledByHand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mpsc channel's contract, each step polled by hand. */
class MpscTest {

    @Test
    void messagesArriveInOrderAndRecvWaitsWhenEmpty() {
        Mpsc<Integer> ch = Mpsc.bounded(4);
        PolledByHand<Integer> r = PolledByHand.of(ch.receiver().recv());
        r.assertPending();
        assertTrue(ch.sender().trySend(1));
        assertTrue(r.isWoken());
        assertEquals(1, r.assertReady());
        assertTrue(ch.sender().trySend(2));
        assertTrue(ch.sender().trySend(3));
        assertEquals(2, PolledByHand.of(ch.receiver().recv()).assertReady());
        assertEquals(3, ch.receiver().tryRecv());
        assertNull(ch.receiver().tryRecv());
    }

    @Test
    void aFullChannelMakesSendWaitUntilTheReceiverTakesOne() {
        Mpsc<String> ch = Mpsc.bounded(1);
        MpscSender<String> tx = ch.sender();
        assertTrue(tx.trySend("a"));
        assertFalse(tx.trySend("b"));
        PolledByHand<Void> s = PolledByHand.of(tx.send("b"));
        s.assertPending();
        assertFalse(s.isWoken());
        assertEquals("a", ch.receiver().tryRecv());
        assertTrue(s.isWoken());
        s.assertReady();
        assertEquals("b", ch.receiver().tryRecv());
        assertEquals(1, tx.capacity());
    }

    @Test
    void waitingSendersAreServedInFifoOrder() {
        Mpsc<Integer> ch = Mpsc.bounded(1);
        MpscSender<Integer> a = ch.sender();
        MpscSender<Integer> b = a.copy();
        assertTrue(a.trySend(0));
        PolledByHand<Void> s1 = PolledByHand.of(a.send(1));
        PolledByHand<Void> s2 = PolledByHand.of(b.send(2));
        s1.assertPending();
        s2.assertPending();
        assertFalse(b.trySend(9), "trySend must not overtake waiting senders");
        assertEquals(0, ch.receiver().tryRecv());
        assertTrue(s1.isWoken());
        assertFalse(s2.isWoken());
        s1.assertReady();
        s2.assertPending();
        assertEquals(1, ch.receiver().tryRecv());
        s2.assertReady();
        assertEquals(2, ch.receiver().tryRecv());
    }

    @Test
    void aCancelledWaitingSendPassesItsPermitOnAndLeavesNoMessage() {
        Mpsc<Integer> ch = Mpsc.bounded(1);
        MpscSender<Integer> tx = ch.sender();
        assertTrue(tx.trySend(0));
        PolledByHand<Void> s1 = PolledByHand.of(tx.send(1));
        PolledByHand<Void> s2 = PolledByHand.of(tx.copy().send(2));
        s1.assertPending();
        s2.assertPending();
        assertEquals(0, ch.receiver().tryRecv()); // the permit goes to s1 ...
        s1.cancel();                                // ... which passes it on
        assertTrue(s2.isWoken());
        s2.assertReady();
        assertEquals(2, ch.receiver().tryRecv());
        assertNull(ch.receiver().tryRecv());
        assertEquals(1, tx.capacity(), "every permit is back: none leaked by the cancel");
    }

    @Test
    void reserveHoldsRoomAndThePermitSendsWithoutWaiting() {
        Mpsc<Integer> ch = Mpsc.bounded(1);
        MpscSender<Integer> tx = ch.sender();
        MpscPermit<Integer> p = PolledByHand.of(tx.reserve()).assertReady();
        assertFalse(tx.trySend(1), "the permit holds the only room");
        assertNull(tx.tryReserve());
        p.send(7);
        assertThrows(IllegalStateException.class, () -> p.send(8));
        assertEquals(7, ch.receiver().tryRecv());
        MpscPermit<Integer> q = tx.tryReserve();
        q.close();
        assertTrue(tx.trySend(2));
    }

    @Test
    void aCancelledReserveThatWasGrantedGivesTheRoomBack() {
        Mpsc<Integer> ch = Mpsc.bounded(1);
        MpscSender<Integer> tx = ch.sender();
        assertTrue(tx.trySend(0));
        PolledByHand<MpscPermit<Integer>> r = PolledByHand.of(tx.reserve());
        r.assertPending();
        assertEquals(0, ch.receiver().tryRecv());
        assertTrue(r.isWoken());
        r.cancel();
        assertEquals(1, tx.capacity());
    }

    @Test
    void theReceiverDrainsWhatWasSentBeforeTheLastSenderClosedThenGetsNull() {
        Mpsc<Integer> ch = Mpsc.bounded(8);
        MpscSender<Integer> a = ch.sender();
        MpscSender<Integer> b = a.copy();
        a.trySend(1);
        b.trySend(2);
        a.close();
        PolledByHand<Integer> r0 = PolledByHand.of(ch.receiver().recv());
        assertEquals(1, r0.assertReady());
        b.close();
        assertEquals(2, PolledByHand.of(ch.receiver().recv()).assertReady());
        assertNull(PolledByHand.of(ch.receiver().recv()).assertReady());
        assertThrows(ChannelClosedException.class, () -> ch.receiver().tryRecv());
    }

    @Test
    void closingTheLastSenderWakesAWaitingReceiver() {
        Mpsc<Integer> ch = Mpsc.bounded(2);
        PolledByHand<Integer> r = PolledByHand.of(ch.receiver().recv());
        r.assertPending();
        ch.sender().close();
        assertTrue(r.isWoken());
        assertNull(r.assertReady());
    }

    @Test
    void anOutstandingPermitKeepsTheChannelOpenAfterTheSendersClose() {
        Mpsc<Integer> ch = Mpsc.bounded(2);
        MpscPermit<Integer> p = ch.sender().tryReserve();
        ch.sender().close();
        PolledByHand<Integer> r = PolledByHand.of(ch.receiver().recv());
        r.assertPending();
        p.send(5);
        assertTrue(r.isWoken());
        assertEquals(5, r.assertReady());
        assertNull(PolledByHand.of(ch.receiver().recv()).assertReady());
    }

    @Test
    void afterTheReceiverClosesSendsHandTheValueBackAndBufferedMessagesStillArrive() {
        Mpsc<String> ch = Mpsc.bounded(1);
        MpscSender<String> tx = ch.sender();
        tx.trySend("kept");
        PolledByHand<Void> waiting = PolledByHand.of(tx.send("waiting"));
        waiting.assertPending();
        PolledByHand<Void> closed = PolledByHand.of(tx.closed());
        closed.assertPending();
        ch.receiver().close();
        assertTrue(waiting.isWoken());
        SendException e = assertThrows(SendException.class, waiting::poll);
        assertEquals("waiting", e.value());
        SendException e2 = assertThrows(SendException.class, () -> tx.trySend("late"));
        assertEquals("late", e2.<String>value());
        PolledByHand<Void> late = PolledByHand.of(tx.send("later"));
        assertEquals("later", assertThrows(SendException.class, late::poll).value());
        assertThrows(ChannelClosedException.class, () -> PolledByHand.of(tx.reserve()).poll());
        assertTrue(closed.isWoken());
        closed.assertReady();
        assertTrue(tx.isClosed());
        assertEquals("kept", PolledByHand.of(ch.receiver().recv()).assertReady());
        assertNull(PolledByHand.of(ch.receiver().recv()).assertReady());
    }

    @Test
    void aPermitGrantedBeforeTheReceiverClosedCanStillSend() {
        Mpsc<String> ch = Mpsc.bounded(1);
        MpscPermit<String> p = ch.sender().tryReserve();
        ch.receiver().close();
        PolledByHand<String> r = PolledByHand.of(ch.receiver().recv());
        r.assertPending();
        p.send("via permit");
        assertEquals("via permit", r.assertReady());
        assertNull(PolledByHand.of(ch.receiver().recv()).assertReady());
    }

    @Test
    void recvManyTakesWhatIsThereUpToTheLimitAndZeroAtTheEnd() {
        Mpsc<Integer> ch = Mpsc.bounded(8);
        List<Integer> buf = new ArrayList<>();
        PolledByHand<Integer> first = PolledByHand.of(ch.receiver().recvMany(buf, 3));
        first.assertPending();
        for (int i = 0; i < 5; i++) {
            ch.sender().trySend(i);
        }
        assertTrue(first.isWoken());
        assertEquals(3, first.assertReady());
        assertEquals(2, PolledByHand.of(ch.receiver().recvMany(buf, 3)).assertReady());
        assertEquals(List.of(0, 1, 2, 3, 4), buf);
        ch.sender().close();
        assertEquals(0, PolledByHand.of(ch.receiver().recvMany(buf, 3)).assertReady());
        assertThrows(IllegalArgumentException.class, () -> ch.receiver().recvMany(buf, 0));
    }

    @Test
    void badInputAndUseAfterCloseFailWithSpecificExceptions() {
        assertThrows(IllegalArgumentException.class, () -> Mpsc.bounded(0));
        assertThrows(IllegalArgumentException.class, () -> Mpsc.bounded(-1));
        Mpsc<String> ch = Mpsc.bounded(2);
        MpscSender<String> tx = ch.sender();
        assertThrows(NullPointerException.class, () -> tx.send(null));
        assertThrows(NullPointerException.class, () -> tx.trySend(null));
        MpscSender<String> other = tx.copy();
        tx.close();
        tx.close();
        assertThrows(ChannelClosedException.class, () -> tx.send("x"));
        assertThrows(ChannelClosedException.class, () -> tx.trySend("x"));
        assertThrows(ChannelClosedException.class, tx::reserve);
        assertThrows(ChannelClosedException.class, tx::copy);
        assertTrue(other.trySend("still open"));
    }

    @Test
    void theSendFutureIsReusedOnceItCompleted() {
        Mpsc<Integer> ch = Mpsc.bounded(4);
        MpscSender<Integer> tx = ch.sender();
        var f1 = tx.send(1);
        PolledByHand.of(f1).assertReady();
        var f2 = tx.send(2);
        assertSame(f1, f2);
        PolledByHand.of(f2).assertReady();
        assertEquals(1, ch.receiver().tryRecv());
        assertEquals(2, ch.receiver().tryRecv());
        assertSame(ch.receiver().recv(), ch.receiver().recv());
    }

    @Test
    void unboundedSendsNeverWaitAndCloseAsBounded() {
        UnboundedMpsc<Integer> ch = Mpsc.unbounded();
        UnboundedSender<Integer> tx = ch.sender();
        PolledByHand<Integer> r = PolledByHand.of(ch.receiver().recv());
        r.assertPending();
        for (int i = 0; i < 10_000; i++) {
            tx.send(i);
        }
        assertTrue(r.isWoken());
        assertEquals(0, r.assertReady());
        UnboundedSender<Integer> tx2 = tx.copy();
        tx.close();
        assertThrows(ChannelClosedException.class, () -> tx.send(1));
        tx2.send(10_000);
        tx2.close();
        for (int i = 1; i <= 10_000; i++) {
            assertEquals(i, PolledByHand.of(ch.receiver().recv()).assertReady());
        }
        assertNull(PolledByHand.of(ch.receiver().recv()).assertReady());
    }

    @Test
    void unboundedSendAfterTheReceiverClosedHandsTheValueBack() {
        UnboundedMpsc<String> ch = Mpsc.unbounded();
        ch.sender().send("kept");
        PolledByHand<Void> closed = PolledByHand.of(ch.sender().closed());
        closed.assertPending();
        ch.receiver().close();
        closed.assertReady();
        assertEquals("v", assertThrows(SendException.class, () -> ch.sender().send("v")).value());
        assertEquals("kept", ch.receiver().tryRecv());
        assertNull(PolledByHand.of(ch.receiver().recv()).assertReady());
    }
}
