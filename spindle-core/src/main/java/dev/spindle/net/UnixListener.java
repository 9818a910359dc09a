package dev.spindle.net;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A Unix-domain server socket on the runtime's I/O driver (Tokio's {@code UnixListener}).
 *
 * <p>Binding creates the socket file, which must not exist yet; as with Tokio, closing the
 * listener does not delete it (the caller owns the path). A pending accept is woken by
 * {@link #close()} and fails with {@link java.nio.channels.AsynchronousCloseException} (wrapped
 * in {@link UncheckedIOException}).
 */
public final class UnixListener implements AutoCloseable {
    private final Acceptor acceptor;
    private final Path path;

    private UnixListener(Acceptor acceptor, Path path) {
        this.acceptor = acceptor;
        acceptor.closeWhenUnreachable(this);
        this.path = path;
    }

    /**
     * Binds a listener at {@code path}.
     *
     * @param path where to create the socket file
     * @return the listener
     * @throws UncheckedIOException if the path exists or cannot be bound
     */
    public static UnixListener bind(Path path) {
        Objects.requireNonNull(path, "path");
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(path), TcpListener.DEFAULT_BACKLOG);
            ch.configureBlocking(false);
            return new UnixListener(new Acceptor(ch), path);
        } catch (IOException e) {
            if (ch != null) {
                LazyRegistration.closeQuietly(ch);
            }
            throw new UncheckedIOException("cannot bind " + path + ": " + e.getMessage(), e);
        }
    }

    /** @return the socket file's path */
    public Path path() {
        return path;
    }

    /**
     * Accepts the next connection.
     *
     * @return a future of the connection
     * @implNote Cancel safety: cancel-safe; a cancelled accept took no connection.
     */
    public Future<UnixStream> accept() {
        return new Future<>() {
            @Override
            public Poll<UnixStream> poll(Context cx) {
                Poll<SocketChannel> p = acceptor.pollAccept(cx);
                if (p instanceof Poll.Ready<SocketChannel> r) {
                    return Poll.ready(new UnixStream(new SocketIo(r.value())));
                }
                return Poll.pending();
            }

            @Override
            public void cancel() {
                acceptor.cancelAccept();
            }
        };
    }

    /** Stops listening (the socket file stays); wakes a pending accept. Idempotent. */
    @Override
    public void close() {
        acceptor.close();
    }
}
