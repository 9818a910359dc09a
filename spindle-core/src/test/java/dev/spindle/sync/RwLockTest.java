package dev.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.support.PolledByHand;
import org.junit.jupiter.api.Test;

/** The reader-writer lock driven by hand: sharing, exclusion, write preference, downgrade. */
class RwLockTest {

    @Test
    void readersShareAndAWriterExcludes() {
        RwLock<String> l = new RwLock<>("a");
        RwLockReadGuard<String> r1 = PolledByHand.of(l.read()).assertReady();
        RwLockReadGuard<String> r2 = l.tryRead().orElseThrow();
        assertEquals("a", r1.get());
        assertTrue(l.tryWrite().isEmpty());
        PolledByHand<RwLockWriteGuard<String>> w = PolledByHand.of(l.write());
        w.assertPending();
        r1.close();
        assertFalse(w.isWoken());
        r2.close();
        assertTrue(w.isWoken());
        RwLockWriteGuard<String> wg = w.assertReady();
        wg.set("b");
        assertTrue(l.tryRead().isEmpty());
        wg.close();
        assertEquals("b", l.tryRead().orElseThrow().get());
    }

    @Test
    void aWaitingWriterStopsLaterReaders() {
        RwLock<String> l = new RwLock<>("a");
        RwLockReadGuard<String> r = l.tryRead().orElseThrow();
        PolledByHand<RwLockWriteGuard<String>> w = PolledByHand.of(l.write());
        w.assertPending();
        assertTrue(l.tryRead().isEmpty(), "write preference: no reader may pass the waiting writer");
        PolledByHand<RwLockReadGuard<String>> late = PolledByHand.of(l.read());
        late.assertPending();
        r.close();
        RwLockWriteGuard<String> wg = w.assertReady();
        assertFalse(late.isWoken());
        wg.close();
        late.assertReady().close();
    }

    @Test
    void cancelledWriterLetsTheReadersBehindItIn() {
        RwLock<String> l = new RwLock<>("a", 4);
        RwLockReadGuard<String> r = l.tryRead().orElseThrow();
        PolledByHand<RwLockWriteGuard<String>> w = PolledByHand.of(l.write());
        w.assertPending(); // holds 3 of 4 permits
        PolledByHand<RwLockReadGuard<String>> late = PolledByHand.of(l.read());
        late.assertPending();
        w.cancel();
        assertTrue(late.isWoken());
        late.assertReady().close();
        r.close();
        l.tryWrite().orElseThrow().close();
    }

    @Test
    void downgradeKeepsWritersOutAndLetsReadersIn() {
        RwLock<Integer> l = new RwLock<>(1, 3);
        RwLockWriteGuard<Integer> w = l.tryWrite().orElseThrow();
        PolledByHand<RwLockReadGuard<Integer>> reader = PolledByHand.of(l.read());
        reader.assertPending();
        w.set(2);
        RwLockReadGuard<Integer> mine = w.downgrade();
        assertThrows(GuardReleasedException.class, w::close);
        assertEquals(2, reader.assertReady().get());
        assertEquals(2, mine.get());
        assertTrue(l.tryWrite().isEmpty());
    }

    @Test
    void maxReadersIsEnforcedAndBadInputRejected() {
        RwLock<String> l = new RwLock<>("a", 2);
        l.tryRead().orElseThrow();
        RwLockReadGuard<String> second = l.tryRead().orElseThrow();
        assertTrue(l.tryRead().isEmpty());
        second.close();
        assertThrows(GuardReleasedException.class, second::close);
        assertThrows(GuardReleasedException.class, second::get);
        assertThrows(IllegalArgumentException.class, () -> new RwLock<>("a", 0));
        assertThrows(IllegalArgumentException.class, () -> new RwLock<>("a", RwLock.MAX_READERS + 1));
    }
}
