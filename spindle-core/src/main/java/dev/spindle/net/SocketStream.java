package dev.spindle.net;

import dev.spindle.Context;
import dev.spindle.Poll;
import dev.spindle.io.AsyncRead;
import dev.spindle.io.AsyncWrite;
import dev.spindle.io.Split;
import dev.spindle.runtime.internal.IoRegistration;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * What {@link TcpStream} and {@link UnixStream} share: the byte-stream operations of a connected
 * {@link SocketChannel}, delegated to its {@link SocketIo}.
 */
abstract class SocketStream implements AsyncRead, AsyncWrite, AutoCloseable {
    final SocketIo io;

    SocketStream(SocketIo io) {
        this.io = io;
        io.lazyRegistration().closeWhenUnreachable(this);
    }

    /**
     * Returns the channel, for socket options these classes do not cover. It is closed when this
     * stream is closed — or garbage-collected, so keep the stream, not only the channel.
     *
     * @return the stream's channel
     */
    public SocketChannel channel() {
        return io.channel();
    }

    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
        return io.pollRead(cx, dst);
    }

    @Override
    public void cancelRead() {
        io.cancelRead();
    }

    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
        return io.pollWrite(cx, src);
    }

    @Override
    public void cancelWrite() {
        io.cancelWrite();
    }

    /** Shuts the output down (sends FIN): the peer reads end of stream; reading goes on. */
    @Override
    public Poll<Void> pollShutdown(Context cx) {
        return io.pollShutdown(cx);
    }

    /**
     * Splits the stream into a read half and a write half that different tasks may use at once.
     * The halves own the stream: it closes when both are closed.
     *
     * @return the halves
     */
    public Split split() {
        return Split.of(this);
    }

    /** Closes the connection; wakes pending operations with a close failure. Idempotent. */
    @Override
    public void close() {
        io.close();
    }

    /** @return the driver registration, or {@code null} before the first operation (for tests) */
    IoRegistration registration() {
        return io.registrationOrNull();
    }
}
