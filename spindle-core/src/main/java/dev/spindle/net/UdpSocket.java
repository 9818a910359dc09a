package dev.spindle.net;

import dev.spindle.Context;
import dev.spindle.Future;
import dev.spindle.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/**
 * A UDP socket on the runtime's I/O driver (Tokio's {@code UdpSocket}).
 *
 * <pre>{@code
 * try (UdpSocket s = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0))) {
 *     rt.blockOn(s.sendTo(ByteBuffer.wrap(data), peer));
 *     SocketAddress from = rt.blockOn(s.recvFrom(buf));
 * }
 * }</pre>
 *
 * <p>One receive and one send may be pending at a time (they may be in different tasks). A
 * datagram larger than the receive buffer's remaining space is truncated, as the system call
 * does. Closing the socket wakes pending operations, which fail with
 * {@link java.nio.channels.AsynchronousCloseException} (wrapped in {@link UncheckedIOException}).
 */
public final class UdpSocket implements AutoCloseable {
    private final DatagramChannel ch;
    private final LazyRegistration reg;

    private UdpSocket(DatagramChannel ch) {
        this.ch = ch;
        this.reg = new LazyRegistration(ch);
        reg.closeWhenUnreachable(this);
    }

    /**
     * Binds a socket.
     *
     * @param address the local address (port {@code 0} picks a free port)
     * @return the socket
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static UdpSocket bind(SocketAddress address) {
        Objects.requireNonNull(address, "address");
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open();
            ch.bind(address);
            ch.configureBlocking(false);
            return new UdpSocket(ch);
        } catch (IOException e) {
            if (ch != null) {
                LazyRegistration.closeQuietly(ch);
            }
            throw new UncheckedIOException("cannot bind " + address + ": " + e.getMessage(), e);
        }
    }

    /** @return the bound address */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) ch.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the channel, for socket options this class does not cover */
    public DatagramChannel channel() {
        return ch;
    }

    /**
     * Sets the default peer: {@link #send} goes to it and {@link #recv} accepts only its
     * datagrams. Immediate (UDP has no handshake).
     *
     * @param peer the peer's address
     * @return this socket
     */
    public UdpSocket connect(SocketAddress peer) {
        try {
            ch.connect(peer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Sends the buffer's remaining bytes as one datagram to {@code target}.
     *
     * @param src the datagram
     * @param target where to
     * @return a future of the bytes sent
     * @implNote Cancel safety: cancel-safe; a cancelled send sent nothing.
     */
    public Future<Integer> sendTo(ByteBuffer src, SocketAddress target) {
        return writeOp(() -> {
            int n = ch.send(src, target);
            return n == 0 && src.hasRemaining() ? null : n;
        });
    }

    /**
     * Receives one datagram into {@code dst}.
     *
     * @param dst where to (its position moves past the datagram)
     * @return a future of the sender's address
     * @implNote Cancel safety: cancel-safe; a cancelled receive took no datagram.
     */
    public Future<SocketAddress> recvFrom(ByteBuffer dst) {
        return readOp(() -> ch.receive(dst));
    }

    /**
     * Sends one datagram to the {@link #connect connected} peer.
     *
     * @param src the datagram
     * @return a future of the bytes sent
     * @implNote Cancel safety: cancel-safe; a cancelled send sent nothing.
     */
    public Future<Integer> send(ByteBuffer src) {
        return writeOp(() -> {
            int n = ch.write(src);
            return n == 0 && src.hasRemaining() ? null : n;
        });
    }

    /**
     * Receives one datagram from the {@link #connect connected} peer.
     *
     * @param dst where to
     * @return a future of the datagram's length (as far as it fitted)
     * @implNote Cancel safety: cancel-safe; a cancelled receive took no datagram.
     */
    public Future<Integer> recv(ByteBuffer dst) {
        return readOp(() -> {
            int before = dst.position();
            SocketAddress from = ch.receive(dst);
            return from == null ? null : dst.position() - before;
        });
    }

    private <R> Future<R> readOp(LazyRegistration.Attempt<R> attempt) {
        return op(SelectionKey.OP_READ, attempt);
    }

    private <R> Future<R> writeOp(LazyRegistration.Attempt<R> attempt) {
        return op(SelectionKey.OP_WRITE, attempt);
    }

    private <R> Future<R> op(int side, LazyRegistration.Attempt<R> attempt) {
        return new Future<>() {
            @Override
            public Poll<R> poll(Context cx) {
                return reg.poll(cx, side, attempt);
            }

            @Override
            public void cancel() {
                reg.dropInterest(side);
            }
        };
    }

    /** @return the driver registration, or {@code null} before the first operation (for tests) */
    dev.spindle.runtime.internal.IoRegistration registration() {
        return reg.orNull();
    }

    /** Closes the socket; wakes pending operations with a close failure. Idempotent. */
    @Override
    public void close() {
        reg.close();
    }
}
