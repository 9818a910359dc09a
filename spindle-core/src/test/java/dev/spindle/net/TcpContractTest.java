package dev.spindle.net;

import static dev.spindle.net.NetTestSupport.bytes;
import static dev.spindle.net.NetTestSupport.loopback;
import static dev.spindle.net.NetTestSupport.string;
import static dev.spindle.support.TestFutures.until;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Future;
import dev.spindle.Futures;
import dev.spindle.io.AsyncIo;
import dev.spindle.io.Split;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinException;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.runtime.Task;
import dev.spindle.support.Loop;
import dev.spindle.support.RuntimePerTest;
import dev.spindle.time.ElapsedException;
import dev.spindle.time.Time;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * TCP on the runtime's driver, run against both runtimes (a subclass per flavour). Waits are on
 * joins, {@code until} conditions polled by the runtime and the paused clock; nothing sleeps.
 */
abstract class TcpContractTest extends RuntimePerTest {

    @Test
    void echoRoundTripAndServerSeesEndOfStream() {
        try (TcpListener l = TcpListener.bind(loopback())) {
            JoinHandle<Long> server = rt.spawn(l.accept().flatMap(s -> AsyncIo.copy(s, s).map(n -> {
                s.close();
                return n;
            })));
            TcpStream c = rt.blockOn(TcpStream.connect(l.localAddress()));
            c.setNoDelay(true);
            assertTrue(c.noDelay());
            ByteBuffer in = ByteBuffer.allocate(5);
            rt.blockOn(c.writeAll(bytes("hello")).flatMap(v -> c.readExact(in)));
            assertEquals("hello", string(in));
            rt.blockOn(c.shutdown());
            assertEquals(5L, rt.blockOn(server));
            ByteBuffer rest = ByteBuffer.allocate(1);
            assertEquals(-1, rt.blockOn(c.read(rest)), "the server closed after the echo");
            c.close();
        }
    }

    @Test
    void manySequentialRoundTripsKeepBytesInOrder() {
        try (TcpListener l = TcpListener.bind(loopback())) {
            rt.spawn(NetTestSupport.acceptLoop(l));
            TcpStream c = rt.blockOn(TcpStream.connect(l.localAddress()));
            int rounds = 500 * Integer.getInteger("spindle.stress", 1);
            ByteBuffer out = ByteBuffer.allocate(64);
            ByteBuffer in = ByteBuffer.allocate(64);
            rt.blockOn(Loop.repeat(rounds, i -> {
                out.clear();
                while (out.hasRemaining()) {
                    out.put((byte) (i + out.position()));
                }
                out.flip();
                in.clear();
                return c.writeAll(out).flatMap(v -> c.readExact(in)).map(n -> {
                    for (int k = 0; k < 64; k++) {
                        if (in.get(k) != (byte) (i + k)) {
                            throw new AssertionError("round " + i + " byte " + k);
                        }
                    }
                    return n;
                });
            }));
            c.close();
        }
    }

    @Test
    void splitHalvesWorkFromDifferentTasks() {
        try (TcpListener l = TcpListener.bind(loopback())) {
            rt.spawn(NetTestSupport.acceptLoop(l));
            TcpStream c = rt.blockOn(TcpStream.connect(l.localAddress()));
            Split halves = c.split();
            int chunks = 200;
            byte[] expected = new byte[chunks * 100];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (byte) (i * 31);
            }
            JoinHandle<Void> writer = rt.spawn(Loop.repeat(chunks,
                    i -> halves.writer().writeAll(ByteBuffer.wrap(expected, i * 100, 100)))
                    .map(v -> {
                        halves.writer().close(); // FIN: the echo server ends, so the reader sees EOF
                        return null;
                    }));
            JoinHandle<byte[]> reader = rt.spawn(halves.reader().readToEnd(1 << 20));
            byte[] got = rt.blockOn(reader);
            rt.blockOn(writer);
            assertArrayEquals(expected, got);
            halves.reader().close();
            assertTrue(c.channel().isOpen() == false, "closing both halves closes the stream");
        }
    }

    @Test
    void connectToAClosedPortFails() {
        InetSocketAddress addr;
        try (TcpListener l = TcpListener.bind(loopback())) {
            addr = l.localAddress();
        }
        JoinHandle<TcpStream> h = rt.spawn(TcpStream.connect(addr));
        JoinException e = assertThrows(JoinException.class, () -> rt.blockOn(h));
        assertInstanceOf(UncheckedIOException.class, rootOf(e));
    }

    @Test
    void connectTimesOutOnThePausedClockWhenTheBacklogIsFull() {
        try (AsyncRuntime paused = builder().startPaused(true).build();
                TcpListener l = TcpListener.bind(loopback(), 1)) {
            // Never accepting: once the kernel's accept queue is full, further SYNs are dropped,
            // so a connect hangs; the paused clock then jumps to its deadline.
            List<TcpStream> open = new ArrayList<>();
            boolean timedOut = false;
            for (int i = 0; i < 64 && !timedOut; i++) {
                JoinHandle<TcpStream> h = paused.spawn(TcpStream.connect(l.localAddress(), Duration.ofSeconds(30)));
                try {
                    open.add(paused.blockOn(h));
                } catch (JoinException e) {
                    assertInstanceOf(ElapsedException.class, rootOf(e));
                    timedOut = true;
                }
            }
            assertTrue(timedOut, "a connect to a full backlog must time out");
            open.forEach(TcpStream::close);
        }
    }

    @Test
    void bytesWaitingBeforeAWriteAreStillReadAfterIt() {
        try (TcpListener l = TcpListener.bind(loopback())) {
            JoinHandle<TcpStream> accepted = rt.spawn(l.accept());
            TcpStream c = rt.blockOn(TcpStream.connect(l.localAddress()));
            TcpStream s = rt.blockOn(accepted);
            rt.blockOn(s.writeAll(bytes("first---second--"))); // on loopback, in c's kernel buffer on return
            ByteBuffer first = ByteBuffer.allocate(8);
            rt.blockOn(rt.spawn(c.readExact(first))); // fills its buffer exactly: no hint, 8 bytes still wait
            assertEquals("first---", string(first));
            rt.blockOn(c.writeAll(bytes("x")));
            if ((c.registration().interest() & SelectionKey.OP_READ) == 0) {
                // The read never waited, so no selection can have marked the side since the write.
                assertFalse(c.registration().isReady(SelectionKey.OP_READ),
                        "a write clears the read side: the answer to it cannot be there yet");
            }
            ByteBuffer second = ByteBuffer.allocate(8);
            rt.blockOn(rt.spawn(c.readExact(second)));
            assertEquals("second--", string(second), "the bytes that waited from before the write are found");
            ByteBuffer x = ByteBuffer.allocate(1);
            rt.blockOn(rt.spawn(s.readExact(x)));
            assertEquals("x", string(x));
            c.close();
            s.close();
        }
    }

    @Test
    void aShortReadIsFollowedByAReadThatWaitsForTheDriverAndGetsTheNextBytes() {
        try (TcpListener l = TcpListener.bind(loopback())) {
            JoinHandle<TcpStream> accepted = rt.spawn(l.accept());
            TcpStream c = rt.blockOn(TcpStream.connect(l.localAddress()));
            TcpStream s = rt.blockOn(accepted);
            int rounds = 200;
            ByteBuffer big = ByteBuffer.allocate(64);
            for (int i = 0; i < rounds; i++) {
                String msg = "m" + i;
                rt.blockOn(s.writeAll(bytes(msg)));
                big.clear();
                while (big.position() < msg.length()) {
                    int n = rt.blockOn(rt.spawn(c.read(big))); // fewer bytes than asked: the side is cleared
                    assertTrue(n > 0);
                }
                assertEquals(msg, string(big));
            }
            c.close();
            s.close();
        }
    }

    @Test
    void cancelledReadReleasesItsInterestAndALaterReadWorks() {
        try (TcpListener l = TcpListener.bind(loopback())) {
            JoinHandle<TcpStream> accepted = rt.spawn(l.accept());
            TcpStream c = rt.blockOn(TcpStream.connect(l.localAddress()));
            TcpStream s = rt.blockOn(accepted);
            ByteBuffer buf = ByteBuffer.allocate(8);
            // The read is pending (nobody writes) until the timeout cancels it.
            JoinHandle<Integer> h = rt.spawn(Time.timeout(Duration.ofMillis(20), c.read(buf)));
            JoinException e = assertThrows(JoinException.class, () -> rt.blockOn(h));
            assertInstanceOf(ElapsedException.class, rootOf(e));
            assertFalse(c.registration().hasWaiter(SelectionKey.OP_READ), "the cancelled read's waker is gone");
            assertEquals(0, c.registration().interest() & SelectionKey.OP_READ, "read interest disarmed");
            assertEquals(0, buf.position());
            rt.blockOn(s.writeAll(bytes("later")));
            ByteBuffer in = ByteBuffer.allocate(5);
            rt.blockOn(rt.spawn(c.readExact(in)));
            assertEquals("later", string(in));
            c.close();
            s.close();
        }
    }

    @Test
    void closingWakesAPendingReadWithAnAsyncCloseFailure() {
        try (TcpListener l = TcpListener.bind(loopback())) {
            JoinHandle<TcpStream> accepted = rt.spawn(l.accept());
            TcpStream c = rt.blockOn(TcpStream.connect(l.localAddress()));
            TcpStream s = rt.blockOn(accepted);
            JoinHandle<Integer> h = rt.spawn(c.read(ByteBuffer.allocate(8)));
            rt.blockOn(until(() -> c.registration() != null && c.registration().hasWaiter(SelectionKey.OP_READ)));
            c.close();
            JoinException e = assertThrows(JoinException.class, () -> rt.blockOn(h));
            Throwable t = rootOf(e);
            assertInstanceOf(UncheckedIOException.class, t);
            assertInstanceOf(AsynchronousCloseException.class, t.getCause());
            JoinHandle<Integer> after = rt.spawn(c.read(ByteBuffer.allocate(8)));
            Throwable t2 = rootOf(assertThrows(JoinException.class, () -> rt.blockOn(after)));
            assertInstanceOf(ClosedChannelException.class, t2.getCause());
            // The peer sees the close as end of stream.
            assertEquals(-1, rt.blockOn(rt.spawn(s.read(ByteBuffer.allocate(8)))));
            s.close();
        }
    }

    @Test
    void closingWakesAPendingAccept() {
        TcpListener l = TcpListener.bind(loopback());
        JoinHandle<TcpStream> h = rt.spawn(l.accept());
        rt.blockOn(Task.yieldNow().flatMap(v -> Task.yieldNow()));
        l.close();
        Throwable t = rootOf(assertThrows(JoinException.class, () -> rt.blockOn(h)));
        assertInstanceOf(UncheckedIOException.class, t);
    }

    @Test
    void closingAfterACancelledAcceptReleasesThePort() {
        int rounds = 20 * Integer.getInteger("spindle.stress", 1);
        for (int i = 0; i < rounds; i++) {
            TcpListener l = TcpListener.bind(loopback());
            InetSocketAddress address = l.localAddress();
            Futures.Selected<Object> won = rt.blockOn(Futures.<Object>select(l.accept(), Time.sleep(Duration.ofMillis(5))));
            assertEquals(1, won.index(), "nobody connected, so the sleep wins and the accept is cancelled");
            l.close();
            NetTestSupport.assertConnectRefused(address);
        }
    }

    @Test
    void closingAStreamAfterACancelledReadSendsEndOfStreamToThePeer() throws java.io.IOException {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            TcpStream c = rt.blockOn(TcpStream.connect(server.getLocalSocketAddress()));
            try (java.net.Socket peer = server.accept()) {
                Futures.Selected<Object> won = rt.blockOn(
                        Futures.<Object>select(c.read(ByteBuffer.allocate(1)), Time.sleep(Duration.ofMillis(5))));
                assertEquals(1, won.index(), "the peer sent nothing, so the sleep wins and the read is cancelled");
                c.close();
                peer.setSoTimeout(10_000); // a bound on a hang, not a wait: the FIN is sent by close itself
                assertEquals(-1, peer.getInputStream().read(), "the peer sees the close as end of stream");
            }
        }
    }

    @Test
    void peerDisconnectMidReadGivesEndOfStream() {
        try (TcpListener l = TcpListener.bind(loopback())) {
            JoinHandle<Void> server = rt.spawn(l.accept().flatMap(s -> s.writeAll(bytes("abc")).map(v -> {
                s.close();
                return null;
            })));
            TcpStream c = rt.blockOn(TcpStream.connect(l.localAddress()));
            ByteBuffer in = ByteBuffer.allocate(10);
            JoinHandle<Integer> exact = rt.spawn(c.readExact(in));
            Throwable t = rootOf(assertThrows(JoinException.class, () -> rt.blockOn(exact)));
            assertInstanceOf(java.io.EOFException.class, t.getCause());
            assertEquals("abc", string(in));
            rt.blockOn(server);
            c.close();
        }
    }

    @Test
    void aThousandConcurrentConnectionsEachEchoTheirOwnBytes() {
        int n = 1000 * Integer.getInteger("spindle.stress", 1);
        try (TcpListener l = TcpListener.bind(loopback(), 4096)) {
            rt.spawn(NetTestSupport.acceptLoop(l));
            AtomicInteger ok = new AtomicInteger();
            List<Future<Void>> clients = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                clients.add(rt.spawn(TcpStream.connect(l.localAddress())
                        .flatMap(c -> {
                            ByteBuffer out = ByteBuffer.allocate(8).putInt(id).putInt(~id).flip();
                            ByteBuffer in = ByteBuffer.allocate(8);
                            return c.writeAll(out).flatMap(v -> c.readExact(in)).map(x -> {
                                c.close();
                                if (in.getInt(0) == id && in.getInt(4) == ~id) {
                                    ok.incrementAndGet();
                                }
                                return null;
                            });
                        })));
            }
            rt.blockOn(Futures.joinAll(clients));
            assertEquals(n, ok.get());
        }
    }

    @Test
    void anUnregisteredStreamPolledOutsideARuntimeFailsClearly() {
        try (TcpListener l = TcpListener.bind(loopback())) {
            assertTrue(l.localAddress().getPort() > 0);
            JoinHandle<TcpStream> accepted = rt.spawn(l.accept());
            TcpStream c = rt.blockOn(TcpStream.connect(l.localAddress()));
            TcpStream s = rt.blockOn(accepted); // accepted, not yet registered with any driver
            Future<Integer> read = s.read(ByteBuffer.allocate(1));
            assertThrows(IllegalStateException.class,
                    () -> read.poll(dev.spindle.Context.of(dev.spindle.Waker.noop())));
            c.close();
            s.close();
        }
    }

    @Test
    void aStreamDroppedWithoutCloseIsClosedOnceUnreachable() {
        try (TcpListener l = TcpListener.bind(loopback())) {
            java.util.concurrent.atomic.AtomicReference<java.nio.channels.SocketChannel> channel =
                    new java.util.concurrent.atomic.AtomicReference<>();
            // The accepted stream is dropped inside the task: only its channel is kept.
            JoinHandle<Void> accepted = rt.spawn(l.accept().map(s -> {
                channel.set(s.channel());
                return null;
            }));
            TcpStream c = rt.blockOn(TcpStream.connect(l.localAddress()));
            rt.blockOn(accepted);
            dev.spindle.support.TestFutures.awaitTrue(() -> {
                System.gc();
                return !channel.get().isOpen();
            }, "the dropped stream's cleaner closing its channel");
            assertEquals(-1, rt.blockOn(rt.spawn(c.read(ByteBuffer.allocate(1)))), "the peer sees end of stream");
            c.close();
        }
    }

    @Test
    void framedLinesOverTcpWithALineServerInAnotherTask() {
        try (TcpListener l = TcpListener.bind(loopback())) {
            // The server upper-cases each line until the client's end of stream.
            JoinHandle<Void> server = rt.spawn(l.accept().flatMap(s -> {
                dev.spindle.io.Framed<String> f = dev.spindle.io.Framed.of(s, new dev.spindle.io.LinesCodec(64));
                return f.then(line -> f.send(line.toUpperCase(java.util.Locale.ROOT)).map(v -> line)).forEach(line -> { })
                        .flatMap(v -> f.shutdown()).map(v -> {
                            s.close();
                            return null;
                        });
            }));
            TcpStream c = rt.blockOn(TcpStream.connect(l.localAddress()));
            dev.spindle.io.Framed<String> f = dev.spindle.io.Framed.of(c, new dev.spindle.io.LinesCodec(64));
            List<String> replies = new ArrayList<>();
            rt.blockOn(rt.spawn(Loop.repeat(50, i -> f.send("line " + i).flatMap(v -> f.next()).map(replies::add))
                    .flatMap(v -> f.shutdown())));
            assertEquals(50, replies.size());
            assertEquals("LINE 49", replies.get(49));
            rt.blockOn(server);
            assertEquals(null, rt.blockOn(rt.spawn(f.next())), "the server closed: end of the frame stream");
            c.close();
        }
    }

    @Test
    void aLineOverTheLimitFromThePeerFailsTheFrameStream() {
        try (TcpListener l = TcpListener.bind(loopback())) {
            JoinHandle<TcpStream> accepted = rt.spawn(l.accept());
            TcpStream c = rt.blockOn(TcpStream.connect(l.localAddress()));
            TcpStream s = rt.blockOn(accepted);
            JoinHandle<Void> flood = rt.spawn(c.writeAll(ByteBuffer.wrap(new byte[256 * 1024]))); // no newline at all
            dev.spindle.io.Framed<String> f = dev.spindle.io.Framed.of(s, new dev.spindle.io.LinesCodec(1024));
            JoinHandle<String> next = rt.spawn(f.next());
            assertInstanceOf(dev.spindle.io.CodecException.class, rootOf(assertThrows(JoinException.class, () -> rt.blockOn(next))));
            assertTrue(f.readBuffer().capacity() <= 64 * 1024, "the reader did not buffer the flood");
            s.close();
            Throwable t = null;
            try {
                rt.blockOn(flood);
            } catch (JoinException e) {
                t = rootOf(e); // the writer may see the reset; finishing is fine too
            }
            assertTrue(t == null || t instanceof UncheckedIOException);
            c.close();
        }
    }

    @Test
    void copyBidirectionalProxiesBetweenAClientAndAnEchoServer() {
        try (TcpListener echo = TcpListener.bind(loopback()); TcpListener proxy = TcpListener.bind(loopback())) {
            rt.spawn(NetTestSupport.acceptLoop(echo));
            JoinHandle<long[]> proxied = rt.spawn(proxy.accept().flatMap(in -> TcpStream.connect(echo.localAddress())
                    .flatMap(out -> AsyncIo.copyBidirectional(in, out).map(n -> {
                        in.close();
                        out.close();
                        return n;
                    }))));
            TcpStream c = rt.blockOn(TcpStream.connect(proxy.localAddress()));
            byte[] data = new byte[100_000];
            new java.util.Random(7).nextBytes(data);
            JoinHandle<Void> w = rt.spawn(c.writeAll(ByteBuffer.wrap(data)).flatMap(v -> c.shutdown()));
            byte[] back = rt.blockOn(rt.spawn(c.readToEnd(1 << 20)));
            rt.blockOn(w);
            assertArrayEquals(data, back);
            long[] n = rt.blockOn(proxied);
            assertEquals(100_000L, n[0]);
            assertEquals(100_000L, n[1]);
            c.close();
        }
    }

    @Test
    void incomingStreamsAcceptedConnections() {
        try (TcpListener l = TcpListener.bind(loopback())) {
            JoinHandle<List<TcpStream>> three = rt.spawn(l.incoming().take(3).collect(java.util.stream.Collectors.toList()));
            List<TcpStream> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(rt.blockOn(TcpStream.connect(l.localAddress())));
            }
            List<TcpStream> accepted = rt.blockOn(three);
            assertEquals(3, accepted.size());
            accepted.forEach(TcpStream::close);
            clients.forEach(TcpStream::close);
        }
    }
}
