package dev.spindle.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Context;
import java.nio.channels.SelectionKey;
import org.junit.jupiter.api.Test;

/**
 * The readiness protocol of {@link IoRegistration} driven by hand: the test plays the driver
 * ({@code onReady}) and the operation ({@code pollReady}/{@code clearReady}) and checks the
 * interest the selector would be given.
 */
class IoRegistrationTest {
    private static final int READ = SelectionKey.OP_READ;
    private static final int WRITE = SelectionKey.OP_WRITE;

    private final IoRegistration reg = new IoRegistration();
    private final CountingWaker waker = new CountingWaker();
    private final Context cx = Context.of(waker);

    /** Makes the read side wait: cleared (would block), then asked again, so interest is armed. */
    private void waitForRead() {
        reg.clearReady(READ);
        assertFalse(reg.pollReady(READ, cx));
        assertEquals(READ, reg.interest() & READ);
    }

    @Test
    void aReportThatWakesAWaiterKeepsTheReadInterestArmed() {
        waitForRead();
        reg.onReady(READ);
        assertEquals(1, waker.wakes());
        assertTrue(reg.isReady(READ));
        assertEquals(READ, reg.interest() & READ, "the woken read will wait again at once: no epoll_ctl");
    }

    @Test
    void aStaleReportWhileTheWokenTaskIsQueuedDoesNotDisarm() {
        waitForRead();
        reg.onReady(READ); // wakes the task, which is not yet polled...
        reg.onReady(READ); // ...when another selection reports the unread bytes again
        assertEquals(READ, reg.interest() & READ, "one unclaimed report does not disarm");
        assertEquals(1, waker.wakes());
    }

    @Test
    void reportsNobodyClaimsDisarmTheReadInterestAfterABoundedNumber() {
        waitForRead();
        reg.onReady(READ);
        for (int i = 0; i < IoRegistration.MAX_UNCLAIMED_READ_REPORTS; i++) {
            assertEquals(READ, reg.interest() & READ, "still armed after " + i + " unclaimed reports");
            reg.onReady(READ);
        }
        assertEquals(0, reg.interest() & READ, "a socket nobody reads stops being reported");
        assertTrue(reg.isReady(READ), "the readiness is kept for the next read");
    }

    @Test
    void aWouldBlockBetweenReportsRestartsTheCount() {
        waitForRead();
        reg.onReady(READ);
        for (int round = 0; round < 5; round++) {
            reg.onReady(READ); // one stale report each round...
            waitForRead(); // ...then the task runs, drains and waits again
            reg.onReady(READ);
        }
        assertEquals(READ, reg.interest() & READ, "a socket in a request/response loop stays armed");
    }

    @Test
    void clearReadyTakesAMaskOfBothSides() {
        assertTrue(reg.isReady(READ));
        assertTrue(reg.isReady(WRITE));
        reg.clearReady(WRITE);
        assertTrue(reg.isReady(READ), "clearing the write side leaves the read side");
        assertFalse(reg.isReady(WRITE));
        reg.clearReady(READ | WRITE);
        assertFalse(reg.isReady(READ));
        assertFalse(reg.pollReady(READ, cx));
        assertFalse(reg.pollReady(WRITE, cx));
        assertEquals(READ | WRITE, reg.interest());
    }

    @Test
    void aHintedClearOfAReadySideIsRepairedByTheNextReport() {
        // The side was ready (bytes wait), a write cleared it as a hint: the read waits, and
        // the level-triggered selector, seeing interest armed and bytes there, reports it.
        reg.clearReady(READ);
        assertFalse(reg.pollReady(READ, cx));
        reg.onReady(READ);
        assertEquals(1, waker.wakes());
        assertTrue(reg.pollReady(READ, cx));
    }
}
