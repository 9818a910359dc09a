package dev.spindle.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.support.PolledByHand;
import org.junit.jupiter.api.Test;

/** The oneshot channel's contract, polled by hand. */
class OneshotTest {

    @Test
    void theReceiverIsAFutureOfTheValue() {
        Oneshot<String> ch = Oneshot.channel();
        PolledByHand<String> rx = PolledByHand.of(ch.receiver());
        rx.assertPending();
        ch.sender().send("v");
        assertTrue(rx.isWoken());
        assertEquals("v", rx.assertReady());
    }

    @Test
    void aValueSentBeforeThePollIsReadyAtOnce() {
        Oneshot<Integer> ch = Oneshot.channel();
        ch.sender().send(1);
        assertEquals(1, ch.receiver().tryRecv());
        assertThrows(ChannelClosedException.class, ch.receiver()::tryRecv);
    }

    @Test
    void closingTheSenderWithoutSendingFailsTheReceiver() {
        Oneshot<Integer> ch = Oneshot.channel();
        PolledByHand<Integer> rx = PolledByHand.of(ch.receiver());
        rx.assertPending();
        ch.sender().close();
        assertTrue(rx.isWoken());
        assertThrows(ChannelClosedException.class, rx::poll);
    }

    @Test
    void sendingToAClosedReceiverHandsTheValueBack() {
        Oneshot<String> ch = Oneshot.channel();
        PolledByHand<Void> closed = PolledByHand.of(ch.sender().closed());
        closed.assertPending();
        assertFalse(ch.sender().isClosed());
        ch.receiver().close();
        assertTrue(closed.isWoken());
        closed.assertReady();
        assertTrue(ch.sender().isClosed());
        SendException e = assertThrows(SendException.class, () -> ch.sender().send("lost?"));
        assertEquals("lost?", e.value());
    }

    @Test
    void cancellingTheReceiverClosesIt() {
        Oneshot<String> ch = Oneshot.channel();
        PolledByHand<String> rx = PolledByHand.of(ch.receiver());
        rx.assertPending();
        rx.cancel();
        assertThrows(SendException.class, () -> ch.sender().send("x"));
    }

    @Test
    void aValueSentBeforeTheReceiverClosedCanStillBeTaken() {
        Oneshot<String> ch = Oneshot.channel();
        ch.sender().send("early");
        ch.receiver().close();
        assertEquals("early", ch.receiver().tryRecv());
    }

    @Test
    void badInput() {
        Oneshot<String> ch = Oneshot.channel();
        assertThrows(NullPointerException.class, () -> ch.sender().send(null));
        assertNull(ch.receiver().tryRecv());
        ch.sender().send("a");
        assertThrows(IllegalStateException.class, () -> ch.sender().send("b"));
        Oneshot<String> ch2 = Oneshot.channel();
        ch2.sender().close();
        assertThrows(ChannelClosedException.class, () -> ch2.sender().send("c"));
    }
}
