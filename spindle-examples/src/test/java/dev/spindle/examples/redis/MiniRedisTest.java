package dev.spindle.examples.redis;

import static dev.spindle.examples.redis.RespClient.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The commands, pipelining and pub/sub over real sockets, with a raw RESP client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MiniRedisTest {
    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void answersTheStringCommandsAsRedisDoes() {
        try (RespClient c = fx.client()) {
            assertEquals("PONG", c.call("PING"));
            assertEquals("hi", text(c.call("PING", "hi")));
            assertEquals("x y", text(c.call("ECHO", "x y")));
            assertNull(c.call("GET", "k"));
            assertEquals("OK", c.call("SET", "k", "v"));
            assertEquals("v", text(c.call("GET", "k")));
            assertNull(c.call("SET", "k", "w", "NX"));
            assertEquals("OK", c.call("SET", "k", "w", "XX"));
            assertNull(c.call("SET", "absent", "w", "XX"));
            assertEquals(2L, c.call("EXISTS", "k", "k"));
            assertEquals(1L, c.call("INCR", "n"));
            assertEquals(2L, c.call("INCR", "n"));
            assertEquals(new RespClient.Err("ERR value is not an integer or out of range"), c.call("INCR", "k"));
            assertEquals(-1L, c.call("TTL", "k"));
            assertEquals(-2L, c.call("TTL", "absent"));
            assertEquals(1L, c.call("EXPIRE", "k", "100"));
            long ttl = (Long) c.call("TTL", "k");
            assertTrue(ttl == 100 || ttl == 99, "TTL " + ttl);
            assertEquals("OK", c.call("SET", "p", "v", "PX", "100000", "NX"));
            assertEquals(0L, c.call("EXPIRE", "absent", "10"));
            assertEquals(2L, c.call("DEL", "k", "n", "absent"));
            assertEquals(List.of(), c.call("CONFIG", "GET", "nothing"));
            List<?> cfg = (List<?>) c.call("CONFIG", "GET", "save");
            assertEquals("save", text(cfg.get(0)));
            assertEquals("", text(cfg.get(1)));
            assertEquals("no", text(((List<?>) c.call("CONFIG", "GET", "appendonly")).get(1)));
            assertEquals(4, ((List<?>) c.call("CONFIG", "GET", "*")).size());
        }
    }

    @Test
    void reportsWrongArgumentsAndUnknownCommandsAndKeepsServing() {
        try (RespClient c = fx.client()) {
            assertEquals(new RespClient.Err("ERR unknown command 'FLUSHALL', with args beginning with: 'a' 'b\\x0d\\x0a' "),
                    c.call("FLUSHALL", "a", "b\r\n"));
            assertEquals(new RespClient.Err("ERR wrong number of arguments for 'get' command"), c.call("GET"));
            assertEquals(new RespClient.Err("ERR syntax error"), c.call("SET", "k", "v", "NX", "XX"));
            assertEquals(new RespClient.Err("ERR syntax error"), c.call("SET", "k", "v", "EX"));
            assertEquals(new RespClient.Err("ERR invalid expire time in 'set' command"), c.call("SET", "k", "v", "EX", "0"));
            assertEquals(new RespClient.Err("ERR value is not an integer or out of range"), c.call("SET", "k", "v", "PX", "+5"));
            assertEquals("PONG", c.call("PING"));
        }
    }

    @Test
    void binaryValuesRoundTrip() {
        byte[] value = new byte[70_000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31);
        }
        value[5] = '\r';
        value[6] = '\n';
        try (RespClient c = fx.client()) {
            assertEquals("OK", c.call("SET", new byte[] {0, '\r', '\n', (byte) 0xff}, value));
            assertArrayEquals(value, (byte[]) c.call("GET", new byte[] {0, '\r', '\n', (byte) 0xff}));
        }
    }

    @Test
    void aPipelineIsAnsweredInOrder() {
        int n = 5_000;
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            req.writeBytes(RespClient.encode("INCR", "counter"));
            if (i % 100 == 0) {
                req.writeBytes(("PING\r\n").getBytes());
            }
        }
        try (RespClient c = fx.client()) {
            c.send(req.toByteArray()); // more than the flush threshold of replies: flushed in parts
            for (int i = 0; i < n; i++) {
                assertEquals((long) i + 1, c.read());
                if (i % 100 == 0) {
                    assertEquals("PONG", c.read());
                }
            }
        }
    }

    @Test
    void quitAnswersOkThenCloses() {
        try (RespClient c = fx.client()) {
            c.send("PING\r\nQUIT\r\nPING\r\n");
            assertEquals("PONG", c.read());
            assertEquals("OK", c.read());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void subscribersReceiveWhatIsPublished() {
        try (RespClient sub = fx.client(); RespClient sub2 = fx.client(); RespClient pub = fx.client()) {
            assertEquals(List.of(bulk("subscribe"), bulk("news"), 1L), texts(sub.call("SUBSCRIBE", "news")));
            sub.send(RespClient.encode("SUBSCRIBE", "other", "news"));
            assertEquals(List.of(bulk("subscribe"), bulk("other"), 2L), texts(sub.read()));
            assertEquals(List.of(bulk("subscribe"), bulk("news"), 2L), texts(sub.read()));
            assertEquals(List.of(bulk("subscribe"), bulk("news"), 1L), texts(sub2.call("SUBSCRIBE", "news")));
            assertEquals(2L, pub.call("PUBLISH", "news", "hello"));
            assertEquals(0L, pub.call("PUBLISH", "nobody", "x"));
            assertEquals(List.of(bulk("message"), bulk("news"), bulk("hello")), texts(sub.read()));
            assertEquals(List.of(bulk("message"), bulk("news"), bulk("hello")), texts(sub2.read()));
            assertEquals(1L, pub.call("PUBLISH", "other", "o"));
            assertEquals(List.of(bulk("message"), bulk("other"), bulk("o")), texts(sub.read()));
            assertEquals(List.of(bulk("pong"), bulk("")), texts(sub.call("PING")));
            assertInstanceOf(RespClient.Err.class, sub.call("GET", "k"));
            assertEquals(List.of(bulk("unsubscribe"), bulk("news"), 1L), texts(sub.call("UNSUBSCRIBE", "news")));
            assertEquals(1L, pub.call("PUBLISH", "news", "only sub2"));
            sub.send(RespClient.encode("UNSUBSCRIBE"));
            assertEquals(List.of(bulk("unsubscribe"), bulk("other"), 0L), texts(sub.read()));
            assertNull(sub.call("GET", "k"), "out of subscribe mode");
            sub2.close();
            // A closed subscriber's channel is dropped with it.
            while (fx.server.pubsub().channelCount() != 0) {
                Thread.onSpinWait();
            }
            assertEquals(0L, pub.call("PUBLISH", "news", "x"));
        }
    }

    private static String bulk(String s) {
        return s;
    }

    /** Bulk strings as text, integers as they are. */
    private static List<Object> texts(Object reply) {
        return ((List<?>) reply).stream().map(o -> o instanceof byte[] b ? (Object) text(b) : o).toList();
    }
}
