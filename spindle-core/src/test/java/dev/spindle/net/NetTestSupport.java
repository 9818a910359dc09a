package dev.spindle.net;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.io.AsyncIo;
import dev.spindle.runtime.Task;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Echo servers and byte helpers shared by the socket tests. */
final class NetTestSupport {
    private NetTestSupport() {
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    /** Accepts until the listener fails (is closed); each connection is echoed by a task of its own. */
    static Future<Void> acceptLoop(TcpListener l) {
        return new Future<>() {
            private Future<TcpStream> accept;

            @Override
            public Poll<Void> poll(Context cx) {
                while (true) {
                    if (accept == null) {
                        accept = l.accept();
                    }
                    if (!(accept.poll(cx) instanceof Poll.Ready<TcpStream> r)) {
                        return Poll.pending();
                    }
                    accept = null;
                    TcpStream s = r.value();
                    Task.spawn(AsyncIo.copy(s, s).map(n -> {
                        s.close();
                        return n;
                    }));
                }
            }

            @Override
            public void cancel() {
                if (accept != null) {
                    accept.cancel();
                }
            }
        };
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static String string(ByteBuffer b) {
        b.flip();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    /**
     * Asserts that connecting to {@code address} is refused — that nothing holds the port's
     * listening descriptor any more. A refusal on loopback is immediate; a connect that succeeds
     * (the descriptor is still open) or is reset (the listener went away while it was queued) is
     * closed and tried again, up to a bounded number of
     * attempts and a deadline, so that a deregistration the driver's owner does just after the
     * close is not reported as a leak.
     */
    static void assertConnectRefused(java.net.SocketAddress address) {
        int attempts = 200;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; i < attempts && System.nanoTime() < deadline; i++) {
            try (java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open(
                    address instanceof java.net.UnixDomainSocketAddress
                            ? java.net.StandardProtocolFamily.UNIX : java.net.StandardProtocolFamily.INET)) {
                c.connect(address);
            } catch (java.net.ConnectException e) {
                return; // refused: the descriptor is released
            } catch (java.net.SocketException e) {
                // reset: the connection was queued on the listener as it was released; try again
            } catch (java.io.IOException e) {
                throw new AssertionError("unexpected failure connecting to " + address, e);
            }
        }
        throw new AssertionError("a closed listener at " + address + " still accepts connections");
    }
}
