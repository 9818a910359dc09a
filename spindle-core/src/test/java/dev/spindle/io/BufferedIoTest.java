package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.support.PolledByHand;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** BufReader, BufWriter, readExact, writeAll and copy, hand-polled over in-memory streams. */
class BufferedIoTest {

    @Test
    void bufReaderServesSmallReadsFromOneInnerRead() {
        MemoryPipe pipe = new MemoryPipe(1).feed("abcdefgh").finish();
        BufReader r = new BufReader(pipe, 16);
        ByteBuffer two = ByteBuffer.allocate(2);
        assertEquals(2, PolledByHand.of(r.read(two)).assertReady());
        int innerReads = pipe.readPolls;
        assertEquals(6, r.buffered());
        two.clear();
        assertEquals(2, PolledByHand.of(r.read(two)).assertReady());
        assertEquals(innerReads, pipe.readPolls, "served from the buffer");
    }

    @Test
    void readLineHandlesSplitLinesEndingsAndEof() {
        MemoryPipe pipe = new MemoryPipe(1);
        BufReader r = new BufReader(pipe, 4);
        PolledByHand<String> l1 = PolledByHand.of(r.readLine(100));
        l1.assertPending();
        pipe.feed("first li");
        l1.assertPending();
        pipe.feed("ne\r\nsecond");
        assertEquals("first line", l1.assertReady());
        PolledByHand<String> l2 = PolledByHand.of(r.readLine(100));
        l2.assertPending();
        pipe.finish();
        assertEquals("second", l2.assertReady());
        assertNull(PolledByHand.of(r.readLine(100)).assertReady());
    }

    @Test
    void readLineRefusesALineOverTheLimit() {
        MemoryPipe pipe = new MemoryPipe(1).feed("x".repeat(50));
        BufReader r = new BufReader(pipe, 8);
        assertThrows(CodecException.class, PolledByHand.of(r.readLine(10))::poll);
    }

    @Test
    void bufWriterGathersUntilFlush() {
        MemoryPipe pipe = new MemoryPipe(1 << 20);
        BufWriter w = new BufWriter(pipe, 8);
        PolledByHand.of(w.writeAll(ByteBuffer.wrap("abc".getBytes()))).assertReady();
        PolledByHand.of(w.writeAll(ByteBuffer.wrap("de".getBytes()))).assertReady();
        assertEquals(0, pipe.written().length);
        assertEquals(5, w.buffered());
        PolledByHand.of(w.writeAll(ByteBuffer.wrap("fghij".getBytes()))).assertReady();
        assertTrue(pipe.written().length >= 5, "a write that does not fit pushes the buffer out");
        PolledByHand.of(w.flush()).assertReady();
        assertEquals("abcdefghij", new String(pipe.written(), StandardCharsets.UTF_8));
        PolledByHand.of(w.writeAll(ByteBuffer.allocate(32))).assertReady();
        assertEquals(42, pipe.written().length, "a large write with an empty buffer goes straight through");
        PolledByHand.of(w.shutdown()).assertReady();
        assertTrue(pipe.isShutdown());
    }

    @Test
    void readExactFailsWithEofWhenTheStreamEndsEarly() {
        MemoryPipe pipe = new MemoryPipe(1).feed("abc").finish();
        ByteBuffer dst = ByteBuffer.allocate(5);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, PolledByHand.of(pipe.readExact(dst))::poll);
        assertInstanceOf(EOFException.class, e.getCause());
        assertEquals(3, dst.position(), "the bytes read stay in the buffer (not cancel-safe: not reported)");
    }

    @Test
    void cancellingAPendingReadForgetsTheWaker() {
        MemoryPipe pipe = new MemoryPipe(1);
        PolledByHand<Integer> read = PolledByHand.of(pipe.read(ByteBuffer.allocate(4)));
        read.assertPending();
        assertTrue(pipe.readerWaiting());
        read.cancel();
        assertFalse(pipe.readerWaiting());
    }

    @Test
    void copyMovesEverythingAndFlushes() {
        MemoryPipe from = new MemoryPipe(1);
        MemoryPipe to = new MemoryPipe(3);
        PolledByHand<Long> copy = PolledByHand.of(AsyncIo.copy(from, to));
        copy.assertPending();
        byte[] big = new byte[20_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        from.feed(big);
        copy.assertPending();
        assertTrue(to.flushes > 0, "flushed while waiting for the reader");
        from.feed("tail").finish();
        assertEquals(20_004L, copy.assertReady());
        assertEquals(20_004, to.written().length);
        assertEquals((byte) 19_999, to.written()[19_999]);
    }

    @Test
    void copyBidirectionalShutsEachSideDownAfterTheOthersEof() {
        MemoryPipe a = new MemoryPipe(7).feed("from a").finish();
        MemoryPipe b = new MemoryPipe(7).feed("from b, longer").finish();
        long[] n = PolledByHand.of(AsyncIo.copyBidirectional(a, b)).assertReady();
        assertEquals(6, n[0]);
        assertEquals(14, n[1]);
        assertEquals("from a", new String(b.written(), StandardCharsets.UTF_8));
        assertEquals("from b, longer", new String(a.written(), StandardCharsets.UTF_8));
        assertTrue(a.isShutdown() && b.isShutdown());
    }
}
