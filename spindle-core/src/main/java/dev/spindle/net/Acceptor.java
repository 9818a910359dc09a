package dev.spindle.net;

import dev.spindle.Context;
import dev.spindle.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The accepting side that {@link TcpListener} and {@link UnixListener} share: a bound,
 * non-blocking {@link ServerSocketChannel} and its {@link LazyRegistration}.
 */
final class Acceptor {
    private final ServerSocketChannel ch;
    private final LazyRegistration reg;

    Acceptor(ServerSocketChannel ch) {
        this.ch = ch;
        this.reg = new LazyRegistration(ch);
    }

    /** Closes the listening channel once {@code owner} is unreachable. */
    void closeWhenUnreachable(Object owner) {
        reg.closeWhenUnreachable(owner);
    }

    ServerSocketChannel channel() {
        return ch;
    }

    /** @return an accepted channel, configured non-blocking, or pending */
    Poll<SocketChannel> pollAccept(Context cx) {
        return reg.poll(cx, SelectionKey.OP_ACCEPT, () -> {
            SocketChannel s = ch.accept();
            if (s != null) {
                try {
                    s.configureBlocking(false);
                } catch (IOException e) {
                    LazyRegistration.closeQuietly(s);
                    throw e;
                }
            }
            return s;
        });
    }

    void cancelAccept() {
        reg.dropInterest(SelectionKey.OP_ACCEPT);
    }

    SocketAddress localAddress() {
        try {
            return ch.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void close() {
        reg.close();
    }
}
