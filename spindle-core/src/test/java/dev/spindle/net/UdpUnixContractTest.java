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

import dev.spindle.Futures;
import dev.spindle.io.AsyncIo;
import dev.spindle.io.Split;
import dev.spindle.runtime.AsyncRuntime;
import dev.spindle.runtime.JoinException;
import dev.spindle.runtime.JoinHandle;
import dev.spindle.support.Loop;
import dev.spindle.support.RuntimePerTest;
import dev.spindle.time.ElapsedException;
import dev.spindle.time.Time;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectionKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UDP and Unix-domain sockets on the runtime's driver, against both runtimes. */
abstract class UdpUnixContractTest extends RuntimePerTest {

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ UDP

    @Test
    void udpEchoWithSendToAndRecvFrom() {
        try (UdpSocket server = UdpSocket.bind(loopback()); UdpSocket client = UdpSocket.bind(loopback())) {
            int n = 100;
            ByteBuffer sbuf = ByteBuffer.allocate(1500);
            JoinHandle<Void> echo = rt.spawn(Loop.repeat(n, i -> {
                sbuf.clear();
                return server.recvFrom(sbuf).flatMap(from -> server.sendTo(sbuf.flip(), from));
            }));
            ByteBuffer in = ByteBuffer.allocate(1500);
            List<String> got = new ArrayList<>();
            rt.blockOn(rt.spawn(Loop.repeat(n, i -> client.sendTo(bytes("dgram " + i), server.localAddress())
                    .flatMap(sent -> {
                        in.clear();
                        return client.recvFrom(in);
                    })
                    .map(from -> {
                        got.add(string(in));
                        return from;
                    }))));
            rt.blockOn(echo);
            for (int i = 0; i < n; i++) {
                assertEquals("dgram " + i, got.get(i));
            }
        }
    }

    @Test
    void udpConnectedSendAndRecv() {
        try (UdpSocket a = UdpSocket.bind(loopback()); UdpSocket b = UdpSocket.bind(loopback())) {
            a.connect(b.localAddress());
            b.connect(a.localAddress());
            ByteBuffer in = ByteBuffer.allocate(16);
            JoinHandle<Integer> recv = rt.spawn(b.recv(in));
            assertEquals(4, rt.blockOn(a.send(bytes("ping"))));
            assertEquals(4, rt.blockOn(recv));
            assertEquals("ping", string(in));
        }
    }

    @Test
    void udpCancelledRecvTakesNoDatagramAndReleasesInterest() {
        try (UdpSocket a = UdpSocket.bind(loopback()); UdpSocket b = UdpSocket.bind(loopback())) {
            JoinHandle<SocketAddress> h = rt.spawn(Time.timeout(Duration.ofMillis(20), b.recvFrom(ByteBuffer.allocate(8))));
            assertInstanceOf(ElapsedException.class, rootOf(assertThrows(JoinException.class, () -> rt.blockOn(h))));
            assertFalse(b.registration().hasWaiter(SelectionKey.OP_READ), "the cancelled recv's waker is gone");
            rt.blockOn(a.sendTo(bytes("x"), b.localAddress()));
            ByteBuffer in = ByteBuffer.allocate(8);
            SocketAddress from = rt.blockOn(rt.spawn(b.recvFrom(in)));
            assertEquals(a.localAddress(), from);
            assertEquals("x", string(in));
        }
    }

    @Test
    void closingWakesAPendingUdpRecv() {
        UdpSocket s = UdpSocket.bind(loopback());
        JoinHandle<SocketAddress> h = rt.spawn(s.recvFrom(ByteBuffer.allocate(8)));
        rt.blockOn(until(() -> s.registration() != null && s.registration().hasWaiter(SelectionKey.OP_READ)));
        s.close();
        Throwable t = rootOf(assertThrows(JoinException.class, () -> rt.blockOn(h)));
        assertInstanceOf(UncheckedIOException.class, t);
        assertInstanceOf(AsynchronousCloseException.class, t.getCause());
    }

    // ------------------------------------------------------------------ Unix domain

    @Test
    void unixEchoAndEndOfStream() {
        Path path = dir.resolve("echo.sock");
        try (UnixListener l = UnixListener.bind(path)) {
            JoinHandle<Long> server = rt.spawn(l.accept().flatMap(s -> AsyncIo.copy(s, s).map(n -> {
                s.close();
                return n;
            })));
            UnixStream c = rt.blockOn(UnixStream.connect(path));
            ByteBuffer in = ByteBuffer.allocate(11);
            rt.blockOn(c.writeAll(bytes("hello, unix")).flatMap(v -> c.readExact(in)));
            assertEquals("hello, unix", string(in));
            rt.blockOn(c.shutdown());
            assertEquals(11L, rt.blockOn(server));
            assertEquals(-1, rt.blockOn(c.read(ByteBuffer.allocate(1))));
            c.close();
        }
        assertTrue(Files.exists(path), "the socket file stays, as with Tokio");
    }

    @Test
    void unixSplitHalvesInDifferentTasks() {
        Path path = dir.resolve("split.sock");
        try (UnixListener l = UnixListener.bind(path)) {
            JoinHandle<UnixStream> accepted = rt.spawn(l.accept());
            UnixStream c = rt.blockOn(UnixStream.connect(path));
            UnixStream s = rt.blockOn(accepted);
            Split halves = s.split();
            byte[] data = new byte[64 * 1024];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i % 251);
            }
            JoinHandle<Long> echo = rt.spawn(AsyncIo.copy(halves.reader(), halves.writer()));
            JoinHandle<Void> writer = rt.spawn(c.writeAll(ByteBuffer.wrap(data)).flatMap(v -> c.shutdown()));
            JoinHandle<byte[]> reader = rt.spawn(
                    Futures.join(echo, writer).flatMap(x -> {
                        halves.writer().close();
                        return c.readToEnd(1 << 20);
                    }));
            assertArrayEquals(data, rt.blockOn(reader));
            halves.reader().close();
            c.close();
        }
    }

    @Test
    void closingWakesAPendingUnixRead() {
        Path path = dir.resolve("close.sock");
        try (UnixListener l = UnixListener.bind(path)) {
            JoinHandle<UnixStream> accepted = rt.spawn(l.accept());
            UnixStream c = rt.blockOn(UnixStream.connect(path));
            UnixStream s = rt.blockOn(accepted);
            JoinHandle<Integer> h = rt.spawn(c.read(ByteBuffer.allocate(4)));
            rt.blockOn(until(() -> c.registration().hasWaiter(SelectionKey.OP_READ)));
            c.close();
            Throwable t = rootOf(assertThrows(JoinException.class, () -> rt.blockOn(h)));
            assertInstanceOf(AsynchronousCloseException.class, t.getCause());
            s.close();
        }
    }

    @Test
    void closingAUnixListenerAfterACancelledAcceptReleasesIt() {
        Path path = dir.resolve("cancelled.sock");
        UnixListener l = UnixListener.bind(path);
        Futures.Selected<Object> won = rt.blockOn(Futures.<Object>select(l.accept(), Time.sleep(Duration.ofMillis(5))));
        assertEquals(1, won.index(), "nobody connected, so the sleep wins and the accept is cancelled");
        l.close();
        NetTestSupport.assertConnectRefused(java.net.UnixDomainSocketAddress.of(path));
    }

    @Test
    void unixConnectToAMissingPathFails() {
        JoinHandle<UnixStream> h = rt.spawn(UnixStream.connect(dir.resolve("nobody.sock")));
        assertInstanceOf(UncheckedIOException.class, rootOf(assertThrows(JoinException.class, () -> rt.blockOn(h))));
    }
}
