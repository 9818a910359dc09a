package dev.spindle.examples.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespParserTest {
    private final RespParser parser = new RespParser(1024, 4096);

    private static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String args(List<byte[]> a) {
        return a == null ? null : RespParser.toString(a);
    }

    @Test
    void parsesEveryCompleteRequestOfAPipeline() throws Exception {
        ByteBuffer b = buf("*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
        assertEquals("[PING]", args(parser.next(b)));
        assertEquals("[GET, k]", args(parser.next(b)));
        assertEquals("[SET, k, ]", args(parser.next(b)));
        assertNull(parser.next(b));
        assertFalse(b.hasRemaining());
    }

    @Test
    void parsesInlineRequestsAsRedisBenchmarkSendsThem() throws Exception {
        ByteBuffer b = buf("PING\r\nSET  k \"a b\\x41\\n\"\r\n\r\necho 'it\\'s'\n");
        assertEquals("[PING]", args(parser.next(b)));
        assertEquals("[SET, k, a bA\n]", args(parser.next(b)));
        assertEquals("[echo, it's]", args(parser.next(b)));
        assertNull(parser.next(b));
    }

    @Test
    void resumesARequestSplitAtEveryByte() throws Exception {
        byte[] whole = "*2\r\n$4\r\nECHO\r\n$5\r\nhe\r\no\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(whole.length);
        List<byte[]> got = null;
        for (int i = 0; i < whole.length; i++) {
            assertNull(got, "complete before the last byte");
            b.put(whole[i]);
            b.flip();
            got = parser.next(b);
            b.compact();
            if (got == null) {
                assertTrue(parser.inRequest() || i < 3, "after byte " + i);
            }
        }
        assertEquals("[ECHO, he\r\no]", args(got));
        assertFalse(parser.inRequest());
    }

    @Test
    void takesBinaryBulkStringsWhole() throws Exception {
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        List<byte[]> got = parser.next(ByteBuffer.wrap(RespClient.encode("SET", "k", value)));
        assertArrayEquals(value, got.get(2));
    }

    @Test
    void aClaimedBulkLengthIsNotAllocatedBeforeTheBytesArrive() throws Exception {
        RespParser big = new RespParser(512L * 1024 * 1024, 1024L * 1024 * 1024);
        ByteBuffer b = buf("*2\r\n$3\r\nGET\r\n$536870912\r\nabc");
        assertNull(big.next(b));
        assertTrue(big.inRequest());
        assertEquals(536870912L + 2, big.bytesWanted());
        assertEquals(3, b.remaining(), "the partial bulk stays in the caller's buffer");
    }

    @Test
    void aBulkLengthBeyondTheLimitIsAProtocolError() {
        RespProtocolException e = assertThrows(RespProtocolException.class,
                () -> parser.next(buf("*2\r\n$3\r\nGET\r\n$1025\r\n")));
        assertEquals("Protocol error: invalid bulk length", e.getMessage());
    }

    @Test
    void malformedInputIsAProtocolError() {
        String[][] cases = {
                {"*x\r\n", "Protocol error: invalid multibulk length"},
                {"*2\r\n:3\r\n", "Protocol error: expected '$', got ':'"},
                {"*1\r\n$-3\r\n", "Protocol error: invalid bulk length"},
                {"*1\r\n$3\r\nabcde\r\n", "Protocol error: bulk string not terminated by CRLF"},
                {"*1\n", "Protocol error: invalid multibulk length"},
                {"*99999999999\r\n", "Protocol error: invalid multibulk length"},
                {"SET \"k\r\n", "Protocol error: unbalanced quotes in request"},
        };
        for (String[] c : cases) {
            RespParser p = new RespParser(1024, 4096);
            RespProtocolException e = assertThrows(RespProtocolException.class, () -> p.next(buf(c[0])), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
    }

    @Test
    void requestsBeyondTheQueryLimitAreRefused() {
        RespParser p = new RespParser(1000, 1500);
        RespProtocolException e = assertThrows(RespProtocolException.class,
                () -> p.next(buf("*3\r\n$3\r\nSET\r\n$1000\r\n" + "x".repeat(1000) + "\r\n$1000\r\n")));
        assertTrue(e.getMessage().contains("query buffer limit"), e.getMessage());
    }

    @Test
    void anOverlongInlineLineOrHeaderIsRefused() {
        String line = "x".repeat(RespParser.MAX_INLINE + 10);
        RespProtocolException e = assertThrows(RespProtocolException.class, () -> parser.next(buf(line)));
        assertEquals("Protocol error: too big inline request", e.getMessage());
        RespParser p = new RespParser(1024, 4096);
        assertThrows(RespProtocolException.class, () -> p.next(buf("*" + "1".repeat(RespParser.MAX_INLINE + 10))));
    }

    @Test
    void emptyArraysAndBlankLinesAreSkipped() throws Exception {
        ByteBuffer b = buf("*0\r\n*-1\r\n\r\nPING\r\n");
        assertEquals("[PING]", args(parser.next(b)));
    }
}
