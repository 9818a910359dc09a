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
}
