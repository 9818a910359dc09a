package dev.spindle.examples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that misbehave: each gets an error reply or a clean close, and the server goes on
 * serving everyone else with bounded memory. The waits here are for events the server causes
 * (a reply, a close); the timeouts are safety nets, never the thing asserted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadClientsTest {

    /** Waits until the server has closed every connection (its own count). */
    private static void awaitNoConnections(ServerFixture fx) {
        while (fx.server.connectionCount() != 0) {
            Thread.onSpinWait();
        }
    }

    @Test
    void malformedRequestsGetAProtocolErrorAndACloseAndOthersAreUnaffected() {
        String[] bad = {"*1\r\n:1\r\n", "*abc\r\n", "*2\r\n$3\r\nGET\r\n$x\r\n", "*1\r\n$3\r\nGETXX\r\n", "SET \"k\r\n"};
        try (ServerFixture fx = new ServerFixture(); RespClient good = fx.client()) {
            for (String b : bad) {
                try (RespClient c = fx.client()) {
                    c.send(b);
                    Object reply = c.read();
                    assertTrue(reply instanceof RespClient.Err e && e.message().startsWith("ERR Protocol error: "), b + " -> " + reply);
                    assertTrue(c.closedByServer(), b);
                }
                assertEquals("PONG", good.call("PING"));
            }
        }
    }

    @Test
    void aBulkLengthBeyondTheConfiguredLimitIsRefusedBeforeAnyOfItArrives() {
        MiniRedisConfig cfg = MiniRedisConfig.defaults().withMaxBulkLength(1000);
        try (ServerFixture fx = new ServerFixture(cfg); RespClient c = fx.client()) {
            assertEquals("OK", c.call("SET", "k", "x".repeat(1000)));
            c.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1001\r\n");
            assertEquals(new RespClient.Err("ERR Protocol error: invalid bulk length"), c.read());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aHugeClaimedBulkLengthAllocatesOnlyWhatArrives() {
        // Default limit, 512 MiB: a client claims it all and sends 100 KB. The server's buffers
        // hold about what arrived, not the claim.
        try (ServerFixture fx = new ServerFixture(); RespClient c = fx.client(); RespClient other = fx.client()) {
            c.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\n");
            c.send(new byte[100_000]);
            // The partial bulk stays buffered until it is complete: wait until the server holds all
            // 100 KB (its buffer grew to take them), then check that it holds little more.
            while (fx.server.bufferedBytes() < 100_000) {
                Thread.onSpinWait();
            }
            assertEquals("PONG", other.call("PING"));
            long buffered = fx.server.bufferedBytes();
            assertTrue(buffered < 1_000_000, "buffered " + buffered + " bytes for a 100 KB partial request");
        }
    }

    @Test
    void aClientStalledMidRequestDoesNotStallOthersAndIsDisconnectedAfterTheTimeout() {
        MiniRedisConfig cfg = MiniRedisConfig.defaults().withPartialRequestTimeout(Duration.ofMillis(300));
        try (ServerFixture fx = new ServerFixture(cfg); RespClient stalled = fx.client(); RespClient other = fx.client()) {
            stalled.send("*2\r\n$3\r\nGET\r\n$5\r\nab");
            for (int i = 0; i < 100; i++) {
                assertEquals("OK", other.call("SET", "k" + i, "v"));
            }
            assertTrue(stalled.closedByServer(), "the stalled client is disconnected (blocks until it is)");
            assertEquals("PONG", other.call("PING"), "the idle one is not: there is no idle timeout by default");
        }
    }

    @Test
    void aClientThatDisconnectsMidReplyIsCleanedUp() throws Exception {
        try (ServerFixture fx = new ServerFixture()) {
            try (RespClient c = fx.client()) {
                assertEquals("OK", c.call("SET", "big", "x".repeat(1 << 20)));
            }
            for (int round = 0; round < 5; round++) {
                RespClient c = fx.client();
                ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
                for (int i = 0; i < 50; i++) {
                    pipeline.writeBytes(RespClient.encode("GET", "big"));
                }
                c.send(pipeline.toByteArray()); // 50 MiB of replies owed
                c.read(); // the first arrives: the server is mid-reply
                c.socket.setSoLinger(true, 0);
                c.close(); // reset
            }
            awaitNoConnections(fx);
            assertEquals(0, fx.server.bufferedBytes(), "every buffer of the closed connections is given back");
            try (RespClient c = fx.client()) {
                assertEquals("PONG", c.call("PING"));
            }
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedWithAnError() {
        try (ServerFixture fx = new ServerFixture(MiniRedisConfig.defaults().withMaxClients(2));
                RespClient a = fx.client(); RespClient b = fx.client()) {
            assertEquals("PONG", a.call("PING"));
            assertEquals("PONG", b.call("PING"));
            try (RespClient c = fx.client()) {
                assertEquals(new RespClient.Err("ERR max number of clients reached"), c.read());
                assertTrue(c.closedByServer());
            }
            a.close();
            while (fx.server.connectionCount() != 1) {
                Thread.onSpinWait();
            }
            try (RespClient d = fx.client()) {
                assertEquals("PONG", d.call("PING"), "a freed permit admits the next client");
            }
            assertEquals(1, fx.server.refusedCount());
        }
    }

    @Test
    void shutdownFinishesTheRepliesOfWhatWasReadThenCloses() {
        int n = 20_000;
        ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            pipeline.writeBytes(RespClient.encode("INCR", "c"));
        }
        try (ServerFixture fx = new ServerFixture(); RespClient busy = fx.client(); RespClient idle = fx.client()) {
            int port = fx.port();
            assertEquals("PONG", idle.call("PING"));
            busy.send(pipeline.toByteArray());
            assertEquals(1L, busy.read()); // the server is answering the pipeline
            fx.server.shutdown();
            List<Long> rest = new ArrayList<>();
            while (true) {
                Object r;
                try {
                    r = busy.read();
                } catch (UncheckedIOException e) {
                    assertTrue(e.getMessage().contains("closed the connection"), e.getMessage());
                    break; // at a reply boundary: a truncated reply would say "mid-reply"
                }
                rest.add((Long) r);
            }
            for (int i = 0; i < rest.size(); i++) {
                assertEquals(i + 2L, rest.get(i), "replies in order, none lost in the middle");
            }
            assertTrue(idle.closedByServer());
            fx.runtime.blockOn(fx.serving);
            assertEquals(0, fx.server.connectionCount());
            // The listener is closed. (Connecting is not the test of it: the runtime closes a
            // listener's descriptor only at its selector's next select, so for a moment the
            // kernel may still complete connections to the port.)
            assertFalse(fx.server.isListening(), "no longer listening on " + port);
        }
    }

    @Test
    void aSubscriberThatDoesNotReadHoldsUpNeitherPublishersNorMemory() {
        MiniRedisConfig cfg = MiniRedisConfig.defaults().withPubSubCapacity(4);
        try (ServerFixture fx = new ServerFixture(cfg); RespClient stuck = fx.client(); RespClient pub = fx.client()) {
            stuck.call("SUBSCRIBE", "ch");
            byte[] message = new byte[16 * 1024];
            for (int i = 0; i < 2_000; i++) { // 32 MiB, far more than the socket buffers take
                long receivers = (Long) pub.call("PUBLISH", "ch", message);
                assertTrue(receivers == 0 || receivers == 1);
            }
            long buffered = fx.server.bufferedBytes();
            assertTrue(buffered < 1_000_000, buffered + " bytes buffered for a stuck subscriber");
        }
    }

    @Test
    void shutdownDoesNotWaitForeverForAClientThatReadsNothing() {
        MiniRedisConfig cfg = MiniRedisConfig.defaults().withShutdownGrace(Duration.ofMillis(200));
        try (ServerFixture fx = new ServerFixture(cfg); RespClient c = fx.client()) {
            assertEquals("OK", c.call("SET", "big", "x".repeat(1 << 20)));
            ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
            for (int i = 0; i < 50; i++) {
                pipeline.writeBytes(RespClient.encode("GET", "big"));
            }
            c.send(pipeline.toByteArray());
            c.read(); // the server is writing 50 MiB that the client will not read
            fx.shutdownAndWait(); // completes after the grace period
            assertEquals(1, fx.server.connectionCount(), "the stuck connection is left to the runtime's close");
        }
    }

    @Test
    void anIdleTimeoutClosesSilentClientsButNotSubscribers() {
        MiniRedisConfig cfg = MiniRedisConfig.defaults().withIdleTimeout(Duration.ofMillis(200));
        try (ServerFixture fx = new ServerFixture(cfg); RespClient idle = fx.client(); RespClient sub = fx.client();
                RespClient pub = fx.client()) {
            assertEquals("PONG", idle.call("PING"));
            sub.call("SUBSCRIBE", "ch");
            assertTrue(idle.closedByServer(), "the silent client is closed (blocks until it is)");
            // pub was silent as long as idle was: it is closed too, and a new client is not.
            assertTrue(pub.closedByServer());
            try (RespClient late = fx.client()) {
                assertEquals(1L, late.call("PUBLISH", "ch", "still here"));
            }
            assertEquals("message", RespClient.text(((java.util.List<?>) sub.read()).get(0)));
        }
    }
}
