package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.stream.AsyncStream;
import dev.spindle.support.PolledByHand;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The codecs and {@link Framed}, hand-polled over an in-memory stream: bad input is an exception, never a hang or a huge buffer. */
class CodecTest {

    private static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesSplitAtNewlineAndDropCarriageReturn() {
        LinesCodec c = new LinesCodec();
        ByteBuffer b = buf("one\r\ntwo\nthr");
        assertEquals("one", c.decode(b));
        assertEquals("two", c.decode(b));
        assertNull(c.decode(b));
        assertEquals("thr", c.decodeEof(b), "a last line without newline still counts at EOF");
        assertEquals(0, b.remaining());
    }

    @Test
    void aLineOverTheLimitFailsBeforeItsNewlineArrives() {
        LinesCodec c = new LinesCodec(8);
        assertEquals("12345678", c.decode(buf("12345678\r\n")));
        assertThrows(CodecException.class, () -> c.decode(buf("123456789\n")));
        // No newline at all: fails as soon as more than the limit (+ "\r\n") is buffered.
        LinesCodec d = new LinesCodec(8);
        assertNull(d.decode(buf("123456789")));
        assertThrows(CodecException.class, () -> d.decode(buf("1234567890")));
    }

    @Test
    void invalidUtf8IsACodecError() {
        ByteBuffer b = ByteBuffer.wrap(new byte[] {(byte) 0xC3, (byte) 0x28, '\n'});
        assertThrows(CodecException.class, () -> new LinesCodec().decode(b));
    }

    @Test
    void encodingAppendsNewlineAndRefusesLongLines() {
        LinesCodec c = new LinesCodec(3);
        assertEquals("ab\n", StandardCharsets.UTF_8.decode(c.encode("ab")).toString());
        assertThrows(CodecException.class, () -> c.encode("abcd"));
    }

    @Test
    void lengthDelimitedRoundTripsAcrossPartialInput() {
        LengthDelimitedCodec c = new LengthDelimitedCodec(16);
        ByteBuffer enc = c.encode(buf("hello"));
        assertEquals(9, enc.remaining());
        ByteBuffer partial = enc.duplicate().limit(6);
        assertNull(c.decode(partial), "half a frame decodes to nothing");
        assertEquals(0, partial.position(), "and consumes nothing");
        ByteBuffer frame = c.decode(enc);
        assertEquals("hello", StandardCharsets.UTF_8.decode(frame).toString());
        assertEquals(0, enc.remaining());
    }

    @Test
    void anOversizedLengthFailsFromTheHeaderAlone() {
        LengthDelimitedCodec c = new LengthDelimitedCodec(16);
        ByteBuffer header = ByteBuffer.allocate(4).putInt(17).flip();
        assertThrows(CodecException.class, () -> c.decode(header));
        ByteBuffer huge = ByteBuffer.allocate(4).putInt(0xFFFF_FFFF).flip(); // 4 GiB - 1, unsigned
        assertThrows(CodecException.class, () -> c.decode(huge));
        assertThrows(CodecException.class, () -> c.encode(ByteBuffer.allocate(17)));
    }

    @Test
    void truncatedFrameAtEndOfStreamIsACodecError() {
        LengthDelimitedCodec c = new LengthDelimitedCodec();
        ByteBuffer b = ByteBuffer.allocate(6).putInt(10).put((byte) 1).put((byte) 2).flip();
        assertThrows(CodecException.class, () -> c.decodeEof(b));
    }

    @Test
    void framedYieldsLinesAsTheyArriveThenEnds() {
        MemoryPipe pipe = new MemoryPipe(1 << 20);
        Framed<String> f = Framed.of(pipe, new LinesCodec());
        PolledByHand<String> first = PolledByHand.of(f.next());
        first.assertPending();
        pipe.feed("hel");
        assertTrue(first.isWoken());
        first.assertPending();
        pipe.feed("lo\nwor");
        assertEquals("hello", first.assertReady());
        PolledByHand<String> second = PolledByHand.of(f.next());
        second.assertPending();
        pipe.feed("ld\n").finish();
        assertEquals("world", second.assertReady());
        assertNull(PolledByHand.of(f.next()).assertReady(), "end of stream");
    }

    @Test
    void framedFailsOnAnOversizedFrameWithoutBufferingIt() {
        MemoryPipe pipe = new MemoryPipe(1 << 20);
        Framed<ByteBuffer> f = Framed.of(pipe, new LengthDelimitedCodec(1024));
        pipe.feed(ByteBuffer.allocate(4).putInt(512 * 1024 * 1024).array());
        PolledByHand<ByteBuffer> next = PolledByHand.of(f.next());
        assertThrows(CodecException.class, next::poll);
        assertTrue(f.readBuffer().capacity() <= 64 * 1024, "nothing near the announced size was allocated");
    }

    @Test
    void framedSinkEncodesBuffersAndFlushes() {
        MemoryPipe pipe = new MemoryPipe(3); // a writer that takes 3 bytes per call
        Framed<String> f = Framed.of(pipe, new LinesCodec());
        PolledByHand.of(f.feed("a")).assertReady();
        PolledByHand.of(f.feed("bc")).assertReady();
        assertEquals(0, pipe.written().length, "feed only buffers");
        PolledByHand.of(f.send("def")).assertReady();
        assertEquals("a\nbc\ndef\n", new String(pipe.written(), StandardCharsets.UTF_8));
        assertTrue(pipe.flushes > 0);
        PolledByHand.of(f.shutdown()).assertReady();
        assertTrue(pipe.isShutdown());
    }

    @Test
    void framedIsAnAsyncStreamThatCombinatorsCanUse() {
        MemoryPipe pipe = new MemoryPipe(1 << 20);
        pipe.feed("1\n2\n3\n").finish();
        AsyncStream<Integer> nums = Framed.of(pipe, new LinesCodec()).map(Integer::parseInt);
        assertEquals(6, PolledByHand.of(nums.fold(0, Integer::sum)).assertReady());
    }

    @Test
    void readToEndRespectsItsLimit() {
        MemoryPipe ok = new MemoryPipe(1).feed("abcdef").finish();
        assertArrayEquals("abcdef".getBytes(StandardCharsets.UTF_8), PolledByHand.of(ok.readToEnd(6)).assertReady());
        MemoryPipe tooLong = new MemoryPipe(1).feed("abcdefg").finish();
        assertThrows(CodecException.class, PolledByHand.of(tooLong.readToEnd(6))::poll);
    }
}
