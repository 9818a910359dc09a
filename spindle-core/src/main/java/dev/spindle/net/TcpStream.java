package dev.spindle.net;

import dev.spindle.Future;
import dev.spindle.time.Time;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * A TCP connection on the runtime's I/O driver (Tokio's {@code TcpStream}): a non-blocking
 * {@link SocketChannel} whose reads and writes suspend the task instead of blocking a thread.
 *
 * <p>Obtained from {@link #connect(SocketAddress)} or {@link TcpListener#accept()}. The stream
 * registers with the driver of the runtime that first polls one of its operations. One read and
 * one write may be pending at a time; they may come from different tasks through
 * {@link #split()}.
 *
 * <p><b>Failures.</b> I/O errors are thrown as {@link UncheckedIOException}. {@link #close()}
 * wakes a pending read or write, which then fails with an {@code UncheckedIOException} whose cause
 * is {@link java.nio.channels.AsynchronousCloseException}; an operation started after the close
 * fails with {@link java.nio.channels.ClosedChannelException}. A peer that disconnects makes a
 * pending read return {@code -1} (end of stream), or fail if it reset the connection.
 *
 * <pre>{@code
 * try (TcpStream s = rt.blockOn(TcpStream.connect(new InetSocketAddress("127.0.0.1", port)))) {
 *     rt.blockOn(s.writeAll(ByteBuffer.wrap("ping".getBytes())));
 * }
 * }</pre>
 */
public final class TcpStream extends SocketStream {

    TcpStream(SocketIo io) {
        super(io);
    }

    /**
     * Connects to {@code address}.
     *
     * @param address the peer (an {@link InetSocketAddress})
     * @return a future of the connected stream; it fails with {@link UncheckedIOException} if the
     *     connection is refused or fails
     * @implNote Cancel safety: cancel-safe in the sense that cancelling closes the half-open socket;
     *     no connection leaks.
     */
    public static Future<TcpStream> connect(SocketAddress address) {
        Objects.requireNonNull(address, "address");
        return new Connect<>(address, () -> SocketChannel.open(), ch -> new TcpStream(ch));
    }

    /**
     * Connects to {@code address}, failing with {@link dev.spindle.time.ElapsedException} if the
     * connection is not established within {@code timeout} on the runtime's clock.
     *
     * @param address the peer
     * @param timeout the time limit
     * @return a future of the connected stream
     * @implNote Cancel safety: as {@link #connect(SocketAddress)}; a timed-out attempt closes its socket.
     */
    public static Future<TcpStream> connect(SocketAddress address, Duration timeout) {
        return Time.timeout(timeout, connect(address));
    }

    /** @return the local address */
    public SocketAddress localAddress() {
        try {
            return io.channel().getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the peer's address */
    public SocketAddress peerAddress() {
        try {
            return io.channel().getRemoteAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sets {@code TCP_NODELAY} (disables Nagle's algorithm).
     *
     * @param on whether to disable coalescing of small writes
     * @return this stream
     */
    public TcpStream setNoDelay(boolean on) {
        try {
            io.channel().setOption(StandardSocketOptions.TCP_NODELAY, on);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** @return whether {@code TCP_NODELAY} is set */
    public boolean noDelay() {
        try {
            return io.channel().getOption(StandardSocketOptions.TCP_NODELAY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        SocketChannel ch = io.channel();
        return "TcpStream[" + (ch.isOpen() ? ch.socket().getLocalSocketAddress() + " -> "
                + ch.socket().getRemoteSocketAddress() : "closed") + "]";
    }
}
