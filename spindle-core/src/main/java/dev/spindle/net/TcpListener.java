package dev.spindle.net;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import dev.spindle.stream.AsyncStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A TCP server socket on the runtime's I/O driver (Tokio's {@code TcpListener}).
 *
 * <pre>{@code
 * try (TcpListener l = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0))) {
 *     TcpStream s = rt.blockOn(l.accept());
 * }
 * }</pre>
 *
 * <p>Binding is immediate and needs no runtime; the listener registers with the driver of the
 * runtime that first polls {@link #accept()}. Closing it wakes a pending accept, which fails with
 * {@link java.nio.channels.AsynchronousCloseException} (wrapped in
 * {@link UncheckedIOException}).
 */
public final class TcpListener implements AutoCloseable {
    /** The backlog {@link #bind(SocketAddress)} asks for, as Tokio's default. */
    public static final int DEFAULT_BACKLOG = 1024;

    private final Acceptor acceptor;

    private TcpListener(Acceptor acceptor) {
        this.acceptor = acceptor;
        acceptor.closeWhenUnreachable(this);
    }

    /**
     * Binds a listener with {@link #DEFAULT_BACKLOG} and {@code SO_REUSEADDR}.
     *
     * @param address the local address (port {@code 0} picks a free port)
     * @return the listener
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static TcpListener bind(SocketAddress address) {
        return bind(address, DEFAULT_BACKLOG);
    }

    /**
     * Binds a listener.
     *
     * @param address the local address (port {@code 0} picks a free port)
     * @param backlog the most pending connections the kernel queues (the kernel may cap it)
     * @return the listener
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static TcpListener bind(SocketAddress address, int backlog) {
        Objects.requireNonNull(address, "address");
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open();
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(address, backlog);
            ch.configureBlocking(false);
            return new TcpListener(new Acceptor(ch));
        } catch (IOException e) {
            if (ch != null) {
                LazyRegistration.closeQuietly(ch);
            }
            throw new UncheckedIOException("cannot bind " + address + ": " + e.getMessage(), e);
        }
    }

    /** @return the bound address (with the chosen port) */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) acceptor.localAddress();
    }

    /**
     * Accepts the next connection.
     *
     * @return a future of the connection
     * @implNote Cancel safety: cancel-safe. A cancelled accept took no connection from the
     *     backlog; it stays there for the next accept.
     */
    public Future<TcpStream> accept() {
        return new Future<>() {
            @Override
            public Poll<TcpStream> poll(Context cx) {
                return pollAccept(cx);
            }

            @Override
            public void cancel() {
                acceptor.cancelAccept();
            }
        };
    }

    /**
     * The accepted connections as a stream (Tokio's {@code TcpListenerStream}): each
     * {@code pollNext} accepts one. It never ends by itself; closing the listener makes it fail.
     *
     * @return the stream of connections
     * @implNote Cancel safety: {@code next()} on it is cancel-safe, as {@link #accept()} is.
     */
    public AsyncStream<TcpStream> incoming() {
        return new AsyncStream<>() {
            @Override
            public Poll<TcpStream> pollNext(Context cx) {
                return pollAccept(cx);
            }

            @Override
            public void cancel() {
                acceptor.cancelAccept();
            }
        };
    }

    private Poll<TcpStream> pollAccept(Context cx) {
        Poll<SocketChannel> p = acceptor.pollAccept(cx);
        if (p instanceof Poll.Ready<SocketChannel> r) {
            return Poll.ready(new TcpStream(new SocketIo(r.value())));
        }
        return Poll.pending();
    }

    /** @return the listening channel, for socket options this class does not cover */
    public ServerSocketChannel channel() {
        return acceptor.channel();
    }

    /** Stops listening; wakes a pending accept with a close failure. Idempotent. */
    @Override
    public void close() {
        acceptor.close();
    }

    @Override
    public String toString() {
        return "TcpListener[" + (acceptor.channel().isOpen() ? acceptor.localAddress() : "closed") + "]";
    }
}
